"""The Follow-up group's journey in a real browser, with the admin in Swedish and in English: sign in,
open Reports → Follow-up, choose a figure, a breakdown and a period in the filters, read the table and
its chart (an SVG image with a title and a description, the table beside it), download the CSV and
the XLSX and find the table's figures in them, open the participant list and download it (each
download logged), and be turned away from what the group is not for: pages, bookings and rosters, the
export log. axe-core checks every admin view used; a CSP violation fails the test (conftest.py)."""

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from wagtail.models import Page
from wagtail.users.models import UserProfile

from bookings.models import SessionDate
from followup.report_models import ExportLog
from tests.followup.conftest import build_programme, user_maker

from .conftest import sign_in

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PASSWORD = "e2e-Uppföljning-lösen-1"
# What the reader sees, in each admin language. The figures were worked out by hand from the
# programme of tests/followup/conftest.py: in March 2026 only the seminar (theme "Evidensbaserade
# metoder", 9-12) took place; ten people attended its three hours, one left after 150 minutes and
# one partly attended with no minutes recorded (half the date): 30 + 2.5 + 1.5 = 34 hours, 12 people.
TEXT = {
    "sv": {
        "reports": "Rapporter",
        "report": "Uppföljning",
        "participant_list": "Deltagarförteckning",
        "show_filters": "Visa filter",
        "back": "Tillbaka",
        "actions": "Åtgärder",
        "bookings": "Bokningar",
        "pages": "Sidor",
        "figure": "Mått",
        "by": "Fördelat på",
        "period": "Period",
        "hours": "Närvarotimmar",
        "theme": "Tema",
        "default_chart": "Deltaganden per organisationstyp",
        "chart": "Närvarotimmar per tema",
        "heading": "Närvarotimmar per tema",
        "table": [
            ["Tema", "Unika deltagare", "Närvarotimmar"],
            ["Alla", "12", "34,0"],
            ["Evidensbaserade metoder", "12", "34,0"],
        ],
        "csv_separator": ";",
        "download_csv": "Ladda ner CSV",
        "download_xlsx": "Ladda ner XLSX",
        "month_heading": "De som deltog i mars 2026",
        "logged": "Varje nedladdning loggas med ditt namn",
        "seminar_day": "10 mars 2026",
        "denied": "du saknar rättigheter",
    },
    "en": {
        "reports": "Reports",
        "report": "Follow-up",
        "participant_list": "Participant list",
        "show_filters": "Show filters",
        "back": "Back",
        "actions": "Actions",
        "bookings": "Bookings",
        "pages": "Pages",
        "figure": "Figure",
        "by": "By",
        "period": "Period",
        "hours": "Hours attended",
        "theme": "Theme",
        "default_chart": "Participations by organisation type",
        "chart": "Hours attended by theme",
        "heading": "Hours attended by theme",
        "table": [
            ["Theme", "Unique participants", "Hours attended"],
            ["All", "12", "34.0"],
            ["Evidensbaserade metoder", "12", "34.0"],
        ],
        "csv_separator": ",",
        "download_csv": "Download CSV",
        "download_xlsx": "Download XLSX",
        "month_heading": "People who attended in March 2026",
        "logged": "Every download is logged with your name",
        "seminar_day": "10 March 2026",
        "denied": "you do not have permission",
    },
}
# Who attended in March 2026 (tests/followup/conftest.py): p1-p7 and p17-p21.
MARCH_PEOPLE = sorted([f"p{n}@example.org" for n in (*range(1, 8), *range(17, 22))])


@pytest.fixture
def make_user(django_user_model):
    return user_maker(django_user_model)


@pytest.fixture
def programme(sv_home, make_user):
    return build_programme(sv_home, make_user)


@pytest.fixture
def browser_locale(language):
    """A browser in the admin's language: Wagtail writes its "no permission" message after leaving
    the user's admin language, in the browser's (wagtail/admin/auth.py, require_admin_access)."""
    return {"sv": "sv-SE", "en": "en-GB"}[language]


def assert_accessible(page, axe_check, what):
    page.wait_for_load_state("networkidle")
    violations = axe_check(page)
    assert not violations, f"{what}: " + axe_check.describe(violations)


def table_rows(page):
    """The report's table as the reader sees it: the heading row, then each row's cells."""
    table = page.locator("#listing-results table.listing")
    headings = table.locator("thead th").all_inner_texts()
    rows = [row.locator("td, th").all_inner_texts() for row in table.locator("tbody tr").all()]
    return [[cell.strip() for cell in headings]] + [[cell.strip() for cell in row] for row in rows]


def download(page, text, name):
    """Click a download in the header's Actions menu; the file's name and bytes."""
    menu = page.locator("#w-slim-header-buttons")
    menu.get_by_role("button", name=text["actions"]).click()
    menu.locator(".tippy-box[data-state=visible]").wait_for()
    with page.expect_download() as info:
        menu.get_by_role("link", name=name).click()
    downloaded = info.value
    page.keyboard.press("Escape")
    menu.locator(".tippy-box").wait_for(state="hidden")
    return downloaded.suggested_filename, Path(downloaded.path()).read_bytes()


def read_csv(body, separator):
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]  # the byte-order mark Excel needs
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=separator))


def read_xlsx(body):
    workbook = openpyxl.load_workbook(io.BytesIO(body))
    return [["" if v is None else v for v in row] for row in workbook.active.iter_rows(values_only=True)]


def as_number(text, language):
    return Decimal(text.replace(",", ".")) if language == "sv" else Decimal(text)


def choose(page, text, filter_label, option=None, fill=None):
    """Open a filter of the drilldown and choose ``option`` (a select) or ``fill`` (the period);
    the results refresh without a page load."""
    drilldown = page.locator("#filters-drilldown")
    if not drilldown.locator(".w-drilldown__contents").is_visible():
        page.get_by_role("button", name=text["show_filters"]).click()
    # The toggle's name ends with the number of choices made in it ("By 1").
    drilldown.get_by_role("button", name=re.compile(rf"^{re.escape(filter_label)}( \d+)?$")).click()
    with page.expect_response(lambda response: "/results/" in response.url):
        if option is not None:
            drilldown.get_by_label(filter_label, exact=True).select_option(label=option)
        else:
            for field, value in fill.items():
                drilldown.locator(f"input[name={field}]").fill(value)
            drilldown.locator(f"input[name={field}]").press("Tab")
    page.wait_for_load_state("networkidle")
    drilldown.get_by_role("button", name=text["back"]).click()


@pytest.mark.parametrize("language", ["sv", "en"])
def test_the_follow_up_groups_journey_through_reports_chart_downloads_and_participant_list(
    site_url, page, axe_check, programme, make_user, language
):
    text = TEXT[language]
    user = make_user("uppfoljare", "Follow-up")
    user.set_password(PASSWORD)
    user.save()
    UserProfile.get_for_user(user)
    UserProfile.objects.filter(user=user).update(preferred_language=language)

    sign_in(page, site_url, "uppfoljare", PASSWORD)
    assert_accessible(page, axe_check, "dashboard")

    # Reports → Follow-up, from the menu.
    page.get_by_role("button", name=text["reports"]).click()
    page.get_by_role("link", name=text["report"], exact=True).click()
    page.wait_for_url(f"{site_url}/admin/reports/followup/")
    assert page.get_by_role("heading", name=text["report"], level=1).is_visible()
    assert page.get_by_role("img", name=text["default_chart"]).is_visible()
    assert_accessible(page, axe_check, "the report as it opens")

    # Hours attended by theme in March 2026.
    choose(page, text, text["figure"], option=text["hours"])
    choose(page, text, text["by"], option=text["theme"])
    choose(page, text, text["period"], fill={"period_from": "2026-03-01", "period_to": "2026-03-31"})
    assert "figure=hours" in page.url and "by=theme" in page.url and "period_from=2026-03-01" in page.url
    assert page.get_by_role("heading", name=text["heading"]).is_visible()
    rows = table_rows(page)
    assert rows == text["table"]

    # The chart is an image named by its title and described (the table holds its figures); one bar
    # per group, each labelled with the value the table shows.
    chart = page.get_by_role("img", name=text["chart"])
    assert chart.is_visible()
    description = chart.evaluate(
        "svg => svg.getAttribute('aria-labelledby').split(' ').map(id => document.getElementById(id).textContent)"
    )
    assert description[0] == text["chart"] and len(description[1]) > 40
    bars = page.locator("[data-followup-chart] [data-bar]")
    assert bars.count() == 1
    assert bars.first.locator("text").all_text_contents() == [rows[2][0], rows[2][2]]
    assert_accessible(page, axe_check, "the chosen report with its chart")

    # The downloads hold what the table shows.
    filename, body = download(page, text, text["download_csv"])
    assert filename == "followup-hours-theme.csv"
    assert read_csv(body, text["csv_separator"]) == rows
    filename, body = download(page, text, text["download_xlsx"])
    assert filename == "followup-hours-theme.xlsx"
    sheet = read_xlsx(body)
    assert sheet[0] == rows[0]
    assert [[row[0], Decimal(row[1]), Decimal(row[2])] for row in sheet[1:]] == [
        [row[0], as_number(row[1], language), as_number(row[2], language)] for row in rows[1:]
    ]

    # Reports → Participant list for March 2026, and its downloads, each one logged.
    page.get_by_role("button", name=text["reports"]).click()
    page.get_by_role("link", name=text["participant_list"], exact=True).click()
    page.wait_for_url(f"{site_url}/admin/reports/participant-list/")
    choose(page, text, "Månad" if language == "sv" else "Month", fill={"month": "2026-03"})
    assert page.get_by_role("heading", name=text["month_heading"]).is_visible()
    assert text["logged"] in page.locator("#listing-results").inner_text()
    listed = page.locator("#listing-results table.listing tbody tr")
    emails = sorted(row.locator("td").nth(1).inner_text().strip() for row in listed.all())
    assert emails == MARCH_PEOPLE
    p1 = listed.filter(has_text="p1@example.org").locator("td").all_inner_texts()
    assert [cell.strip() for cell in p1[4:6]] == [text["seminar_day"]] * 2
    assert_accessible(page, axe_check, "the participant list")
    assert not ExportLog.objects.exists()  # looking is not taking a copy

    filename, body = download(page, text, text["download_csv"])
    assert filename == "participants-2026-03.csv"
    people = read_csv(body, text["csv_separator"])
    assert sorted(row[1] for row in people[1:]) == MARCH_PEOPLE
    filename, body = download(page, text, text["download_xlsx"])
    assert filename == "participants-2026-03.xlsx"
    assert sorted(row[1] for row in read_xlsx(body)[1:]) == MARCH_PEOPLE
    assert list(ExportLog.objects.order_by("exported_at").values_list("user", "export_format", "rows")) == [
        (user.pk, "csv", 12),
        (user.pk, "xlsx", 12),
    ]

    # What the group is not for: the menu offers none of it, and the addresses turn it away.
    menu = page.locator("#wagtail-sidebar").inner_text()
    assert text["reports"] in menu
    assert text["pages"] not in menu and text["bookings"] not in menu
    seminar = programme["seminar"]
    date = SessionDate.objects.get(event_key=seminar.translation_key)
    forbidden = [
        "/admin/pages/",
        f"/admin/pages/{seminar.pk}/edit/",
        f"/admin/pages/{Page.objects.get(depth=2, locale__language_code='sv').pk}/add_subpage/",
        "/admin/bookings/",
        f"/admin/bookings/date/{date.pk}/roster/",
        "/admin/reports/participant-list/exports/",
    ]
    for url in forbidden:
        response = page.goto(site_url + url)
        # Wagtail sends a signed-in user without the permission to the dashboard with a message.
        assert page.url == f"{site_url}/admin/", (url, page.url, response.status)
        assert text["denied"].lower() in page.locator(".messages").inner_text().lower(), url

    assert not page.js_errors, "\n".join(page.js_errors)
