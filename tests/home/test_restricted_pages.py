"""Pages under a view restriction can be opened: a login restriction leads to the site's own login
page (allauth's, in the page's language) and back, a password restriction to a form that works."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.test import Client
from wagtail.models import PageViewRestriction

from tests.helpers import soup_of

pytestmark = pytest.mark.django_db

PASSWORD = "ett-langt-losenord-42"
TEXT = {
    "sv": {"url": "/sv/om-oss/", "body": "Vi samordnar kompetensutveckling.", "heading": "Lösenord krävs"},
    "en": {
        "url": "/en/about-us/",
        "body": "We coordinate competence development.",
        "heading": "Password required",
    },
}


def restrict(bilingual_site, **restriction):
    for page in (bilingual_site["sv_about"], bilingual_site["en_about"]):
        PageViewRestriction.objects.create(page=page, **restriction)


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_login_restriction_leads_to_the_sites_login_page_and_back(bilingual_site, lang):
    text = TEXT[lang]
    restrict(bilingual_site, restriction_type=PageViewRestriction.LOGIN)
    user = get_user_model().objects.create_user("lisa", "lisa@haninge.se", PASSWORD)
    EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    visitor = Client()

    response = visitor.get(text["url"])
    assert response.status_code == 302
    login_url = urlsplit(response["Location"])
    assert login_url.path == f"/{lang}/accounts/login/"
    assert parse_qs(login_url.query)["next"] == [text["url"]]
    assert "no-cache" in response["Cache-Control"]

    form_page = visitor.get(response["Location"])
    assert form_page.status_code == 200
    assert text["body"] not in form_page.content.decode()

    response = visitor.post(
        response["Location"], {"login": user.email, "password": PASSWORD, "next": text["url"]}
    )
    assert response.status_code == 302
    assert response["Location"] == text["url"]
    page = visitor.get(text["url"])
    assert page.status_code == 200
    assert text["body"] in page.content.decode()


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_a_password_restriction_shows_a_form_that_opens_the_page(bilingual_site, lang):
    text = TEXT[lang]
    restrict(bilingual_site, restriction_type=PageViewRestriction.PASSWORD, password="hemligt")
    visitor = Client()

    response = visitor.get(text["url"])
    assert response.status_code == 200
    body = response.content.decode()
    assert text["body"] not in body
    soup = soup_of(response)
    assert soup.h1.get_text(strip=True) == text["heading"]
    assert soup.html["lang"] == lang
    # Nothing of the page is told before the password: not its title, not its description.
    title = bilingual_site[f"{lang}_about"].title
    assert title not in soup.title.get_text()
    assert not soup.select('meta[name="description"]')
    form = soup.select_one("form[method=post][action*=authenticate_with_password]")
    action = form["action"]
    assert action.startswith(f"/{lang}/_util/authenticate_with_password/")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    assert fields["return_url"] == text["url"]
    assert soup.select_one(f"label[for={soup.select_one('input[type=password]')['id']}]")

    wrong = visitor.post(action, {**fields, "password": "fel"})
    assert wrong.status_code == 200
    assert text["body"] not in wrong.content.decode()
    assert soup_of(wrong).select(".errorlist li")

    right = visitor.post(action, {**fields, "password": "hemligt"})
    assert right.status_code == 302
    assert right["Location"] == text["url"]
    page = visitor.get(text["url"])
    assert page.status_code == 200
    assert text["body"] in page.content.decode()

    # Another visitor still meets the form.
    assert text["body"] not in Client().get(text["url"]).content.decode()


def test_the_password_form_leads_nowhere_else(bilingual_site):
    # A return address on another site is not followed (Wagtail's own check).
    restrict(bilingual_site, restriction_type=PageViewRestriction.PASSWORD, password="hemligt")
    visitor = Client()
    form = soup_of(visitor.get("/sv/om-oss/")).select_one("form[action*=authenticate_with_password]")
    response = visitor.post(form["action"], {"password": "hemligt", "return_url": "https://example.com/"})
    assert response.status_code == 302
    assert not response["Location"].startswith("https://example.com")
