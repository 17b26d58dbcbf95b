"""A path page a signed-in person sees, with their follow form, never reaches the public page cache."""

import pytest
from django.test import Client

from home.models import FooterLinks

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_on(settings):
    # The test settings turn the page cache off so that other tests measure pages being built.
    settings.PAGE_CACHE_SECONDS = 300


def test_the_follow_form_is_never_cached_nor_shown_to_anyone_else(
    client, sv_home, simple_path, django_user_model
):
    FooterLinks.for_site(sv_home.get_site())
    person = django_user_model.objects.create_user("anna", "anna@example.org", "pw", first_name="Anna")
    signed_in = Client()
    signed_in.force_login(person)

    theirs = signed_in.get(simple_path.url)
    assert 'action="/sv/larvagar/supported-employment/follow/"' in theirs.content.decode()
    assert "X-Page-Cache" not in theirs

    for expected in ("miss", "hit"):
        public = client.get(simple_path.url)
        assert public["X-Page-Cache"] == expected
        body = public.content.decode()
        assert "Logga in för att följa" in body
        assert "/follow/" not in body and "Anna" not in body
