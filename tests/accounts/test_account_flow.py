"""The whole account life over HTTP, with the mail delivered by a real SMTP server (aiosmtpd)."""

import re
from urllib.parse import urlsplit

import pytest
from django.contrib.auth import get_user_model

pytestmark = pytest.mark.django_db
User = get_user_model()

PASSWORD = "ett-langt-losenord-42"
NEW_PASSWORD = "ett-annat-langt-losenord-77"

# What a person reads in each language: the mail's subject and a sentence of its body.
MAIL_TEXT = {
    "sv": {
        "confirm_subject": "Conecto+: Bekräfta din e-postadress",
        "confirm_body": "Bekräfta att adressen är din genom att gå till",
        "reset_subject": "Conecto+: Återställ ditt lösenord",
        "reset_body": "Du får det här mejlet eftersom du eller någon annan har bett om att få återställa",
        "greeting": "Hej Lisa Berg!",
        "given_by": "eftersom Lisa Berg har angett din e-postadress för att skapa ett konto på Conecto+.",
        "signature": "Vänliga hälsningar\nConecto+",
        "signed_in": "Du har loggat in som Lisa Berg.",
        "reset_greeting": "Hej Lisa Berg-Ek!",
        "saved": "Din profil har sparats.",
    },
    "en": {
        "confirm_subject": "Conecto+: Please Confirm Your Email Address",
        "confirm_body": "To confirm this is correct, go to",
        "reset_subject": "Conecto+: Password Reset Email",
        "reset_body": "You're receiving this email because you or someone else has requested a password reset",
        "greeting": "Hello Lisa Berg,",
        "given_by": "because Lisa Berg gave your email address to create an account on Conecto+.",
        "signature": "Best regards,\nConecto+",
        "signed_in": "Successfully signed in as Lisa Berg.",
        "reset_greeting": "Hello Lisa Berg-Ek,",
        "saved": "Your profile has been saved.",
    },
}


def link_in(message, path_part):
    body = message.get_content()
    match = re.search(rf"https?://\S+{re.escape(path_part)}\S*", body)
    assert match, body
    return urlsplit(match.group(0)).path


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
            "organisation_name": "Haninge kommun",
            "role": "caseworker",
            **extra,
        },
    )


MY_LEARNING = {"sv": "/sv/mitt-larande/", "en": "/en/my-learning/"}


def login(client, lang, email, password):
    return client.post(f"/{lang}/accounts/login/", {"login": email, "password": password})


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_sign_up_confirm_log_in_edit_profile_log_out_and_reset_password(
    client, sv_home, smtp_inbox, settings, lang
):
    text = MAIL_TEXT[lang]
    email = f"lisa.{lang}@haninge.se"
    profile_url = f"/{lang}/accounts/profile/"

    assert client.get(f"/{lang}/accounts/signup/").status_code == 200
    response = signup(client, lang, email)
    assert response.status_code == 302
    assert response["Location"] == f"/{lang}/accounts/confirm-email/"

    # Verification is mandatory: the new account cannot sign in before the address is confirmed.
    assert login(client, lang, email, PASSWORD)["Location"] == f"/{lang}/accounts/confirm-email/"
    assert client.get(profile_url)["Location"].startswith(f"/{lang}/accounts/login/")

    mail = smtp_inbox.pop()
    assert mail["To"] == email
    assert mail["From"] == settings.DEFAULT_FROM_EMAIL == "Conecto+ <noreply@localhost>"
    assert mail["Subject"] == text["confirm_subject"]
    body = mail.get_content().replace("\r\n", "\n")
    # Greeted and named by the name given at sign-up, never the username allauth made up ("lisa.sv"),
    # and signed with the programme's name rather than the host and port.
    assert body.startswith(text["greeting"]), body
    assert text["given_by"] in body
    assert text["confirm_body"] in body
    assert body.rstrip().endswith(text["signature"]), body
    assert User.objects.get(email=email).username not in body
    confirm_path = link_in(mail, "/accounts/confirm-email/")
    assert confirm_path.startswith(f"/{lang}/accounts/confirm-email/")

    # The link shows a page with a button (a GET changes nothing); the POST confirms.
    assert client.get(confirm_path).status_code == 200
    assert not User.objects.get(email=email).emailaddress_set.get().verified
    response = client.post(confirm_path)
    assert response["Location"] == f"/{lang}/accounts/login/"
    assert User.objects.get(email=email).emailaddress_set.get().verified

    # Signing in leads to "My learning", with the profile one link away in the header.
    response = login(client, lang, email, PASSWORD)
    assert response["Location"] == MY_LEARNING[lang]
    response = client.get(MY_LEARNING[lang])
    assert response.status_code == 200
    assert text["signed_in"] in response.content.decode()
    page = client.get(profile_url)
    assert page.status_code == 200
    body = page.content.decode()
    assert 'value="Haninge kommun"' in body
    assert f'action="/{lang}/accounts/logout/"' in body  # the header's log-out form

    response = client.post(
        profile_url,
        {
            "first_name": "Lisa",
            "last_name": "Berg-Ek",
            "organisation": "region_stockholm",
            "organisation_name": "Region Stockholm, psykiatrin",
            "role": "manager",
        },
        follow=True,
    )
    assert text["saved"] in response.content.decode()
    user = User.objects.get(email=email)
    assert (user.last_name, user.organisation, user.organisation_name, user.role) == (
        "Berg-Ek",
        "region_stockholm",
        "Region Stockholm, psykiatrin",
        "manager",
    )

    response = client.post(f"/{lang}/accounts/logout/")
    assert response["Location"] == f"/{lang}/"
    assert client.get(profile_url).status_code == 302

    response = client.post(f"/{lang}/accounts/password/reset/", {"email": email})
    assert response["Location"] == f"/{lang}/accounts/password/reset/done/"
    mail = smtp_inbox.pop()
    assert mail["Subject"] == text["reset_subject"]
    assert mail["From"] == "Conecto+ <noreply@localhost>"
    assert mail.get_content().startswith(text["reset_greeting"] + "\r\n")
    assert text["reset_body"] in mail.get_content()
    reset_path = link_in(mail, "/accounts/password/reset/key/")
    assert reset_path.startswith(f"/{lang}/accounts/password/reset/key/")
    # allauth moves the key from the URL into the session and shows the form on a key-less URL.
    response = client.get(reset_path, follow=True)
    form_path = response.redirect_chain[-1][0]
    assert response.status_code == 200 and 'name="password1"' in response.content.decode()
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response["Location"] == f"/{lang}/accounts/password/reset/key/done/"

    assert login(client, lang, email, PASSWORD).status_code == 200  # the old password is refused
    assert login(client, lang, email, NEW_PASSWORD)["Location"] == MY_LEARNING[lang]


def test_a_profile_is_only_its_owners(client, sv_home):
    anna = User.objects.create_user(
        "anna", "anna@example.org", PASSWORD, first_name="Anna", organisation_name="Botkyrka kommun"
    )
    bo = User.objects.create_user("bo", "bo@example.org", PASSWORD, first_name="Bo")

    assert client.get("/sv/accounts/profile/")["Location"].startswith("/sv/accounts/login/")
    client.force_login(bo)
    assert "Botkyrka kommun" not in client.get("/sv/accounts/profile/").content.decode()
    # No address names another person's profile, and fields the form does not have are ignored.
    assert client.get(f"/sv/accounts/profile/{anna.pk}/").status_code == 404
    client.post(
        "/sv/accounts/profile/",
        {
            "id": anna.pk,
            "username": "anna",
            "email": "anna@example.org",
            "first_name": "Bo",
            "last_name": "Ek",
            "organisation": "other",
            "role": "other",
            "is_staff": "on",
        },
    )
    anna.refresh_from_db()
    bo.refresh_from_db()
    assert (anna.first_name, anna.organisation_name) == ("Anna", "Botkyrka kommun")
    assert (bo.username, bo.email, bo.last_name, bo.is_staff) == ("bo", "bo@example.org", "Ek", False)


def test_profile_refuses_an_unknown_organisation_with_a_message(client, sv_home):
    person = User.objects.create_user("cia", "cia@example.org", PASSWORD, organisation="other")
    client.force_login(person)
    response = client.post(
        "/sv/accounts/profile/",
        {"first_name": "Cia", "last_name": "Ek", "organisation": "the-moon", "role": "other"},
    )
    assert response.status_code == 200
    assert 'aria-invalid="true"' in response.content.decode()
    person.refresh_from_db()
    assert person.organisation == "other"


def test_repeated_wrong_passwords_lock_the_address_for_a_while(client, sv_home):
    User.objects.create_user("dan", "dan@example.org", PASSWORD)
    for _attempt in range(5):
        refused = login(client, "sv", "dan@example.org", "fel-losenord")
        assert "E-postadressen eller lösenordet är fel." in refused.content.decode()
    response = login(client, "sv", "dan@example.org", PASSWORD)
    assert response.status_code == 200
    assert "För många misslyckade inloggningsförsök" in response.content.decode()
