"""The optional gender question (the funder, ESF+, counts participants by gender): on sign-up and the
profile, saying why it is asked, "prefer not to say" when left out."""

import pytest
from django.contrib.auth import get_user_model

from accounts.models import Gender

pytestmark = pytest.mark.django_db
User = get_user_model()
PASSWORD = "ett-langt-losenord-42"

WHY = {"sv": "ESF+", "en": "ESF+"}
LABEL = {"sv": "Kön", "en": "Gender"}
NOT_SAID = {"sv": "Jag vill inte uppge det", "en": "I prefer not to say"}


def signup(client, lang, email, **extra):
    return client.post(
        f"/{lang}/accounts/signup/",
        {
            "email": email,
            "password1": PASSWORD,
            "password2": PASSWORD,
            "first_name": "Lisa",
            "last_name": "Berg",
            "organisation": "municipality",
            "role": "caseworker",
            **extra,
        },
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sign_up_asks_for_gender_says_why_and_defaults_to_not_said(client, sv_home, lang):
    page = client.get(f"/{lang}/accounts/signup/").content.decode()
    assert LABEL[lang] in page and WHY[lang] in page and NOT_SAID[lang] in page
    assert 'value="not_said" selected' in page

    signup(client, lang, f"lisa.{lang}@example.org")
    assert User.objects.get(email=f"lisa.{lang}@example.org").gender == Gender.NOT_SAID
    client.logout()
    signup(client, lang, f"eva.{lang}@example.org", gender="woman")
    assert User.objects.get(email=f"eva.{lang}@example.org").gender == Gender.WOMAN


def test_profile_changes_gender_and_refuses_an_unknown_one(client, sv_home):
    user = User.objects.create_user("bo", "bo@example.org", PASSWORD, first_name="Bo")
    client.force_login(user)
    form = {"first_name": "Bo", "last_name": "Ek", "organisation": "other", "role": "other"}
    client.post("/sv/accounts/profile/", {**form, "gender": "man"})
    user.refresh_from_db()
    assert user.gender == Gender.MAN

    response = client.post("/sv/accounts/profile/", {**form, "gender": "robot"})
    assert response.status_code == 200 and "Välj ett giltigt alternativ" in response.content.decode()
    user.refresh_from_db()
    assert user.gender == Gender.MAN

    client.post("/sv/accounts/profile/", form)  # left out: prefer not to say
    user.refresh_from_db()
    assert user.gender == Gender.NOT_SAID
