"""The participant list for the funder (Reports → Participant list): a month's participants as CSV
and XLSX, only for the Follow-up group and superusers, every download logged and the log shown to
superusers only."""

import datetime as dt

import pytest

from followup.report_models import ExportLog
from tests.helpers import in_english, soup_of

from .test_report_views import EXPORT_LOG, PARTICIPANTS, read_csv, read_xlsx

pytestmark = pytest.mark.django_db
HEADINGS = [
    "Namn",
    "E-post",
    "Organisationstyp",
    "Organisation",
    "Första deltagandedatum",
    "Senaste deltagandedatum",
    "Närvarotimmar under månaden",
    "Kön",
]


def test_a_months_participants_download_as_csv_and_xlsx_and_each_download_is_logged(
    client, programme, make_user
):
    follow_up = make_user("uppfoljare", "Follow-up", first_name="Ulla", last_name="Uppföljare")
    client.force_login(follow_up)

    page = client.get(PARTICIPANTS + "?month=2026-03")
    assert page.status_code == 200 and "p1@example.org" in page.content.decode()
    assert not ExportLog.objects.exists()  # looking is not taking a copy

    response = client.get(PARTICIPANTS + "?month=2026-03&export=csv")
    assert 'filename="participants-2026-03.csv"' in response["Content-Disposition"]
    rows = read_csv(response)
    assert rows[0] == HEADINGS
    by_email = {row[1]: row for row in rows[1:]}
    # The seminar's twelve: seven from the municipality (p7 partly), five from civil society.
    assert len(by_email) == 12
    assert by_email["p1@example.org"] == [
        "P1 Test",
        "p1@example.org",
        "En kommun",
        "Haninge kommun",
        "2026-03-10",
        "2026-03-10",
        "3,0",
        "Kvinna",
    ]
    assert by_email["p7@example.org"][6:] == ["1,5", ""]  # partly attended: half; no gender given
    assert "p8@example.org" not in by_email  # did not come

    cells = read_xlsx(client.get(PARTICIPANTS + "?month=2026-04&export=xlsx"))
    assert cells[0] == HEADINGS
    april = {row[1]: row for row in cells[1:]}
    assert len(april) == 8  # three from the municipality, four from Arbetsförmedlingen, one walk-in
    first, last, hours = april["p1@example.org"][4:7]
    assert (first, last, hours) == (dt.date(2026, 3, 10), dt.date(2026, 4, 14), 2)

    logs = list(
        ExportLog.objects.order_by("exported_at").values_list("user", "month", "export_format", "rows")
    )
    assert logs == [
        (follow_up.pk, dt.date(2026, 3, 1), "csv", 12),
        (follow_up.pk, dt.date(2026, 4, 1), "xlsx", 8),
    ]

    # Superusers see who took a copy; the Follow-up group does not see the log.
    assert client.get(EXPORT_LOG).status_code in (302, 403)
    client.force_login(make_user("admin", is_superuser=True))
    log = client.get(EXPORT_LOG).content.decode()
    assert "Ulla Uppföljare" in log and "xlsx" in log


def test_a_month_that_cannot_be_read_is_refused_and_not_logged(client, programme, make_user):
    client.force_login(make_user("uppfoljare", "Follow-up"))
    for month in ("2026-13", "mars", "2026-03-40"):
        assert client.get(PARTICIPANTS + f"?month={month}").status_code == 200
        response = client.get(PARTICIPANTS + f"?month={month}&export=csv")
        assert response.status_code == 400 and "Ange månaden som år och månad" in response.content.decode()
    assert not ExportLog.objects.exists()


def test_the_page_shows_the_first_and_last_attended_dates_as_dates(client, programme, make_user):
    """The funder reports dates, so the table shows them as the export does, not "8 months ago"."""
    user = make_user("uppfoljare", "Follow-up")
    client.force_login(user)
    page = soup_of(client.get(PARTICIPANTS + "?month=2026-04"))
    row = next(row for row in page.select("tbody tr") if "p1@example.org" in row.text)
    cells = [cell.get_text(" ", strip=True) for cell in row.select("td")]
    assert cells[4:6] == ["10 mars 2026", "14 april 2026"]
    assert row.select("td")[4].select_one("time")["datetime"] == "2026-03-10"

    in_english(user)
    page = soup_of(client.get(PARTICIPANTS + "?month=2026-04"))
    row = next(row for row in page.select("tbody tr") if "p1@example.org" in row.text)
    assert [cell.get_text(" ", strip=True) for cell in row.select("td")][4:6] == [
        "10 March 2026",
        "14 April 2026",
    ]
