"""Sign-up and profile never alter what a person typed: an address or a name too long to store whole
is refused with a message, and nothing is created, changed or mailed."""

import pytest
from allauth.account.models import EmailAddress
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core import mail

from tests.accounts.test_account_flow import PASSWORD, signup

pytestmark = pytest.mark.django_db
User = get_user_model()

# 300 characters, a valid address in form: a long local part and a long (valid) domain.
LONG_EMAIL = "a" * 60 + "@" + ".".join(["b" * 60] * 3) + "." + "c" * 53 + ".se"
assert len(LONG_EMAIL) == 300


def field_errors(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one(f"input[name={name}]:not([type=radio])")
    assert field is not None, name
    return soup, field


@pytest.mark.parametrize(
    ("lang", "message"),
    [
        ("sv", "E-postadressen har 300 tecken; den får ha högst 254."),
        ("en", "The e-mail address is 300 characters long; it can be at most 254."),
    ],
)
def test_sign_up_with_an_over_long_address_is_refused_and_creates_nothing(client, sv_home, lang, message):
    for _attempt in range(2):  # a second try made a second account with the same cut address
        response = signup(client, lang, LONG_EMAIL)
        assert response.status_code == 200
        soup, field = field_errors(response, "email")
        assert field["aria-invalid"] == "true"
        assert message in soup.get_text(" ")
        assert field["value"] == LONG_EMAIL  # shown as typed, for the person to correct
    assert not User.objects.exists()
    assert not EmailAddress.objects.exists()
    assert mail.outbox == []


def test_an_address_of_the_longest_storable_length_is_kept_whole(client, sv_home):
    email = "a" * 60 + "@" + ".".join(["b" * 60] * 3) + "." + "c" * 7 + ".se"
    assert len(email) == 254
    response = signup(client, "sv", email)
    assert response.status_code == 302
    assert User.objects.get().email == email
    assert EmailAddress.objects.get().email == email
    (message,) = mail.outbox
    assert message.to == [email]


def test_sign_up_refuses_an_over_long_name_rather_than_cutting_it(client, sv_home):
    page = BeautifulSoup(client.get("/sv/accounts/signup/").content, "html.parser")
    for name in ("email", "first_name", "last_name", "organisation_name"):
        assert not page.select_one(f"input[name={name}]").has_attr("maxlength"), name  # browsers cut to it

    response = signup(client, "sv", "lisa@haninge.se", first_name="L" * 151, organisation_name="H" * 201)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.select_one("[name=first_name]")["aria-invalid"] == "true"
    assert soup.select_one("[name=organisation_name]")["aria-invalid"] == "true"
    assert "som mest 150 tecken (den har 151)" in soup.get_text(" ")
    assert not User.objects.exists() and mail.outbox == []


def test_the_profile_refuses_an_over_long_address_or_name(client, sv_home):
    person = User.objects.create_user(
        "lisa", "lisa@haninge.se", PASSWORD, first_name="Lisa", last_name="Berg", organisation="other"
    )
    EmailAddress.objects.create(user=person, email="lisa@haninge.se", verified=True, primary=True)
    client.force_login(person)

    # A new address is added (and confirmed by mail) on allauth's e-mail page.
    response = client.post("/sv/accounts/email/", {"action_add": "", "email": LONG_EMAIL})
    assert response.status_code == 200
    soup, field = field_errors(response, "email")
    assert field["aria-invalid"] == "true"
    assert "E-postadressen har 300 tecken; den får ha högst 254." in soup.get_text(" ")
    assert list(EmailAddress.objects.values_list("email", flat=True)) == ["lisa@haninge.se"]
    assert not field.has_attr("maxlength")
    assert mail.outbox == []

    page = BeautifulSoup(client.get("/sv/accounts/profile/").content, "html.parser")
    assert not page.select("main input[maxlength]")  # the search box in the header is no one's data
    response = client.post(
        "/sv/accounts/profile/",
        {"first_name": "L" * 151, "last_name": "Berg", "organisation": "other", "role": "other"},
    )
    assert response.status_code == 200
    assert BeautifulSoup(response.content, "html.parser").select_one("[name=first_name]")["aria-invalid"]
    person.refresh_from_db()
    assert (person.first_name, person.email) == ("Lisa", "lisa@haninge.se")
