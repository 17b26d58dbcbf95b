"""The follow-up report in the admin (Reports → Follow-up): who sees it, the figures of a programme
worked out by hand (tests/followup/conftest.py), its chart, its CSV and XLSX downloads in both
languages, small groups hidden and bad input refused. Its query counts at 10 and 1,000 bookings are
in tests/followup/test_query_counts.py."""

import csv
import io

import openpyxl
import pytest
from wagtail.users.models import UserProfile

from tests.helpers import soup_of

pytestmark = pytest.mark.django_db
REPORT = "/admin/reports/followup/"
PARTICIPANTS = "/admin/reports/participant-list/"
EXPORT_LOG = "/admin/reports/participant-list/exports/"


def read_csv(response, separator=";"):
    """The rows as Swedish Excel reads them: UTF-8 because of the byte-order mark, split at ";"."""
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), body[:20]
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=separator))


def read_xlsx(response):
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    return [["" if v is None else v for v in row] for row in workbook.active.iter_rows(values_only=True)]


@pytest.mark.parametrize("group", ["Organisers", "Editors", "Moderators", "Communicators", None])
def test_only_the_follow_up_group_and_superusers_see_the_reports(client, db, make_user, group):
    client.force_login(make_user("someone", group, is_staff=True))
    menu = client.get("/admin/").content.decode() if group else ""
    for url in (REPORT, PARTICIPANTS, EXPORT_LOG):
        assert url not in menu
        for query in ("", "?export=csv", "?export=xlsx"):
            response = client.get(url + query)
            assert response.status_code in (302, 403), url + query
            assert b"<table" not in response.content


def test_the_follow_up_group_sees_reports_and_participant_list_but_not_the_export_log(
    client, programme, make_user
):
    client.force_login(make_user("uppfoljare", "Follow-up"))
    menu = client.get("/admin/").content.decode()
    assert REPORT in menu and PARTICIPANTS in menu and EXPORT_LOG not in menu
    assert client.get(REPORT).status_code == 200
    assert client.get(PARTICIPANTS).status_code == 200
    assert client.get(EXPORT_LOG).status_code in (302, 403)
    client.force_login(make_user("admin", is_superuser=True))
    assert EXPORT_LOG in client.get("/admin/").content.decode()
    assert client.get(EXPORT_LOG).status_code == 200


# Worked out by hand from tests/followup/conftest.py.
EXPECTED_SV = {
    "?figure=participants&by=organisation": [
        ["Organisationstyp", "Unika deltagare", "Deltaganden", "Varav utan konto, räknade på plats"],
        # The walk-in with an account is a participation like any other; six came without one.
        ["Alla", "17", "26", "6"],
        ["Arbetsförmedlingen", "dold", "dold", "dold"],  # four people
        ["En kommun", "7", "10", "0"],
        ["Civilsamhället", "dold", "dold", "dold"],  # five, but else the total would give the four
        ["Annan", "1", "7", "6"],
    ],
    "?figure=hours&by=theme": [
        ["Tema", "Unika deltagare", "Närvarotimmar"],
        # The seminar: 10 × 3 h, 2.5 h recorded and 1.5 h partly; the module: (8 + 6 walk-ins) × 2 h.
        ["Alla", "17", "62,0"],
        ["Evidensbaserade metoder", "17", "62,0"],
        ["Jämställdhet", "8", "28,0"],
    ],
    "?figure=attendance&by=event_type": [
        [
            "Typ av evenemang",
            "Bokade, närvaro tagen",
            "Deltog",
            "Kom inte",
            "Närvarograd (%)",
            "Uteblivna (%)",
            "Närvaro inte tagen",
        ],
        ["Alla", "22", "19", "3", "86,4", "13,6", "1"],
        ["Kunskapsseminarium", "14", "12", "2", "85,7", "14,3", "1"],
        ["Fördjupningsmodul", "8", "7", "1", "87,5", "12,5", "0"],  # the walk-in was not booked
    ],
    "?figure=completions&by=organisation": [
        ["Organisationstyp", "Slutförda lärvägar", "Personer som slutfört en lärväg"],
        ["Alla", "6", "6"],
        ["Arbetsförmedlingen", "dold", "dold"],  # one person
        ["En kommun", "dold", "dold"],  # five, but the total minus it would give the one
    ],
    "?figure=demand&by=month": [
        [
            "Månad",
            "Väntade fortfarande när tillfället började",
            "Bad att få höra om nya tillfällen",
            "Ouppfylld efterfrågan totalt",
            "Unika personer",
        ],
        ["Alla", "1", "5", "6", "6"],
        ["2026-03", "1", "5", "6", "6"],
    ],
    "?figure=participants&by=event_type&period_from=2026-04-01&period_to=2026-04-30": [
        ["Typ av evenemang", "Unika deltagare", "Deltaganden", "Varav utan konto, räknade på plats"],
        ["Alla", "8", "14", "6"],
        ["Fördjupningsmodul", "8", "14", "6"],
    ],
}


def test_the_figures_of_a_programme_as_worked_out_by_hand_in_csv_and_xlsx(
    client, programme, make_user, settings
):
    client.force_login(make_user("uppfoljare", "Follow-up"))
    for query, expected in EXPECTED_SV.items():
        response = client.get(REPORT + query + "&export=csv")
        assert response.status_code == 200, query
        assert read_csv(response) == expected, query
    response = client.get(REPORT + "?figure=hours&by=theme&export=xlsx")
    assert 'filename="followup-hours-theme.xlsx"' in response["Content-Disposition"]
    assert read_xlsx(response) == [
        ["Tema", "Unika deltagare", "Närvarotimmar"],
        ["Alla", 17, 62],
        ["Evidensbaserade metoder", 17, 62],
        ["Jämställdhet", 8, 28],
    ]

    # The threshold is one setting (here lowered to show everything).
    settings.FOLLOWUP_MIN_GROUP = 1
    rows = read_csv(client.get(REPORT + "?figure=participants&by=organisation&export=csv"))
    assert rows[2] == ["Arbetsförmedlingen", "4", "4", "0"] and rows[-1] == ["Annan", "1", "7", "6"]


def test_the_page_shows_the_table_and_an_accessible_chart_in_each_language(client, programme, make_user):
    user = make_user("uppfoljare", "Follow-up")
    client.force_login(user)
    page = soup_of(client.get(REPORT + "?figure=participants&by=organisation"))
    svg = page.select_one("[data-followup-chart] svg")
    assert svg["role"] == "img"
    title, desc = (page.find(id=id_) for id_ in svg["aria-labelledby"].split())
    assert title.text == "Deltaganden per organisationstyp" and "tabellen" in desc.text.lower()
    bars = svg.select("[data-bar]")
    assert [bar["data-hidden"] for bar in bars] == ["true", "false", "true", "false"]
    assert [len(bar.select("rect")) for bar in bars] == [0, 1, 0, 1]
    cells = [[cell.get_text(strip=True) for cell in row.select("td")] for row in page.select("tbody tr")]
    assert cells[2] == ["En kommun", "7", "10", "0"] and cells[1][1] == "dold"
    assert page.select_one("script[src*='chart']") is None

    UserProfile.get_for_user(user).__class__.objects.filter(user=user).update(preferred_language="en")
    response = client.get(REPORT + "?figure=participants&by=organisation")
    page = soup_of(response)
    assert page.select_one("[data-followup-chart] title").text == "Participations by organisation type"
    assert "A municipality" in page.text and "hidden" in page.text
    response = client.get(REPORT + "?figure=evaluation&by=theme&export=csv")
    assert read_csv(response, ",")[0] == [
        "Theme",
        "Answers after the session",
        "I can apply what I learned (average, 1-5)",
        "How useful (average, 1-5)",
        "Answers after three months",
        "Used it in their work (%)",
    ]


def test_bad_choices_get_a_message_and_a_400_download_never_a_500(client, programme, make_user):
    client.force_login(make_user("uppfoljare", "Follow-up"))
    for query in (
        "?figure=completions&by=event_type",  # completed paths have no event type
        "?figure=evaluation&by=member",  # answers keep no workplace
        "?figure=nonsense",
        "?by=nonsense",
        "?period_from=2026-05-01&period_to=2026-04-01",
        "?period_from=not-a-date",
    ):
        page = client.get(REPORT + query)
        assert page.status_code == 200, query
        assert "Inget att visa" in page.content.decode(), query
        response = client.get(REPORT + query + "&export=csv")
        assert response.status_code == 400, query
        assert "Rapporten kunde inte tas fram" in response.content.decode()
