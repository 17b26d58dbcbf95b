"""A number no id can have, in any URL or parameter that takes an id, is a 404 (or the parameter is
ignored), never a 500: on SQLite such a number overflowed (home/ids.py). Run on PostgreSQL too:
DATABASE_URL=postgres://... pytest tests/site/test_huge_ids.py"""

import pytest
from django.contrib.auth import get_user_model
from django.urls import get_resolver
from django.urls.resolvers import URLPattern, URLResolver

from events.factories import EventPageFactory
from home.ids import MAX_ID, IdConverter, database_id
from tests.helpers import signed_in

pytestmark = pytest.mark.django_db

HUGE = ["9223372036854775808", "99999999999999999999999", "18446744073709551616"]


def test_database_id_takes_only_numbers_an_id_can_be():
    assert database_id("1") == 1
    assert database_id(str(MAX_ID)) == MAX_ID
    for value in [*HUGE, str(MAX_ID + 1), "0", "", "-1", "1e3", "²", "١٢", " ", "12a"]:
        assert database_id(value) is None, value


@pytest.fixture
def admin_client(db):
    user = get_user_model().objects.create_superuser("admin", "admin@example.org", "x")
    return signed_in(user)


@pytest.fixture
def event(calendar):
    return EventPageFactory(parent=calendar, title="Seminarium", published=True)


@pytest.mark.parametrize("huge", HUGE)
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize(
    "url",
    [
        "/{lang}/feeds/event/{id}.ics",
        "/{lang}/feeds/event/{id}/2026-12-10.ics",
        "/{lang}/feeds/path/{id}.ics",
        "/{lang}/_util/authenticate_with_password/{id}/{id}/",
        "/{lang}/_util/authenticate_with_password/1/{id}/",
    ],
)
def test_public_urls_with_an_impossible_id_are_a_404(client, event, url, lang, huge):
    assert client.get(url.format(lang=lang, id=huge)).status_code == 404
    assert client.post(url.format(lang=lang, id=huge), {"password": "x"}).status_code in (404, 405)


def final_status(client, method, url, **kwargs):
    """The status at the end of any redirects: a 404 outside /sv/ and /en/ is first sent to the same
    path under the language prefix (Django's LocaleMiddleware), where it is a 404 again."""
    return getattr(client, method)(url, follow=True, **kwargs).status_code


@pytest.mark.parametrize("huge", HUGE)
def test_admin_urls_with_an_impossible_id_are_a_404(admin_client, event, huge):
    unknown = event.pk + 1000
    for url in ("/admin/event-copy/{}/", "/admin/pages/{}/", "/admin/pages/{}/edit/"):
        # The same answer as for an id that names nothing.
        assert final_status(admin_client, "get", url.format(unknown)) == 404, url
        assert final_status(admin_client, "get", url.format(huge)) == 404, url
    assert final_status(admin_client, "post", f"/admin/event-copy/{huge}/", data={"title": "x"}) == 404
    # Wagtail's own id-taking URLs answer such a number with a 404 as well.
    assert final_status(admin_client, "get", f"/documents/{huge}/x.pdf") == 404
    assert final_status(admin_client, "get", f"/admin/images/{huge}/") == 404
    assert final_status(admin_client, "get", f"/admin/event-copy/{event.pk}/") == 200


@pytest.mark.parametrize("huge", HUGE)
def test_an_impossible_parent_for_an_import_is_ignored_or_refused(admin_client, calendar, huge):
    # The parameter only preselects a calendar in the form: a number no page has preselects none.
    response = admin_client.get(f"/admin/import-calendar/?parent={huge}")
    assert response.status_code == 200
    assert 'selected value="' not in response.content.decode().split("id_parent")[1].split("</select>")[0]
    response = admin_client.get(f"/admin/import-calendar/?parent={calendar.pk}")
    assert f'value="{calendar.pk}" selected' in response.content.decode()
    # Posted, it is a choice the form refuses: the form again with its message, a 400.
    response = admin_client.post("/admin/import-calendar/", {"parent": huge})
    assert response.status_code == 400
    assert "parent" in response.context["form"].errors


def test_the_import_command_refuses_an_impossible_parent(tmp_path, calendar):
    from django.core.management import CommandError, call_command

    ics = tmp_path / "one.ics"
    ics.write_text("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//\r\nEND:VCALENDAR\r\n")
    with pytest.raises(CommandError):
        call_command("import_ics", str(ics), "--parent", HUGE[0])


def project_patterns(resolver=None, prefix=""):
    """(route, pattern) of every URL pattern, the project's and its libraries'."""
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from project_patterns(entry, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def test_every_url_of_the_project_takes_its_ids_through_the_id_converter():
    # The project's own URL modules (not Wagtail's or allauth's): no bare <int:...> left.
    own = ("events.", "learning.", "home.", "accounts.", "conecto_site.")
    found = []
    for route, entry in project_patterns():
        module = getattr(entry.callback, "__module__", "") or ""
        converters = getattr(entry.pattern, "converters", {})
        if module.startswith(own):
            found += [
                (route, name)
                for name, converter in converters.items()
                if not isinstance(converter, IdConverter) and name.endswith("id")
            ]
    assert found == []
