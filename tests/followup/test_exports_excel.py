"""The follow-up downloads open in Swedish Excel (issue 21; docs/followup.md, "Opening the downloads"):
the CSV is UTF-8 with a byte-order mark, separated by ";" with decimal commas, so a double-click
splits the columns and keeps å, ä and ö; the XLSX holds numbers as numbers and dates as dates.
Read here as Excel reads them: Python's csv module (";", utf-8-sig) and openpyxl."""

import datetime as dt

import pytest

from followup.models import Answer

from .test_report_views import PARTICIPANTS, REPORT, read_csv, read_xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def follow_up(client, programme, make_user):
    """The programme of tests/followup/conftest.py with six answers about the seminar, its first
    participant renamed with Swedish letters and a member organisation with a ";" in its name."""
    seminar = programme["seminar"]
    start = seminar.occurrences.get().original_start
    Answer.objects.bulk_create(
        Answer(
            kind="evaluation",
            event_key=seminar.translation_key,
            original_start=start,
            organisation="municipality",
            week="2026-W11",
            can_apply=rating,
            usefulness=3,
            comment="Väldigt användbart; tack!",
        )
        for rating in (4, 5, 5, 4, 5, 4)
    )
    for name in ("p1", "p2", "p3", "p4", "p5", "p6", "p7"):
        person = programme["people"][name]
        person.organisation_name = "Haninge kommun; Jobbtorg"
        person.save()
    person = programme["people"]["p1"]
    person.first_name, person.last_name = "Åsa", "Ängström-Öberg"
    person.save()
    client.force_login(make_user("uppfoljare", "Follow-up"))
    return client


def test_the_evaluation_report_as_swedish_excel_reads_it(follow_up):
    response = follow_up.get(REPORT + "?figure=evaluation&by=organisation&export=csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="followup-evaluation-organisation.csv"' in response["Content-Disposition"]
    rows = read_csv(response)  # asserts the byte-order mark; splits at ";"
    assert rows[0] == [
        "Organisationstyp",
        "Svar efter tillfället",
        "Jag kan omsätta kunskapen (medelvärde, 1-5)",
        "Hur användbart (medelvärde, 1-5)",
        "Svar efter tre månader",
        "Har använt det i arbetet (%)",
    ]
    # 27 / 6 = 4.5: a decimal comma, in its own column.
    assert rows[1] == ["Alla", "6", "4,50", "3,00", "0", ""]
    assert rows[2] == ["En kommun", "6", "4,50", "3,00", "0", ""]
    assert {len(row) for row in rows} == {6}

    cells = read_xlsx(follow_up.get(REPORT + "?figure=evaluation&by=organisation&export=xlsx"))
    assert cells[0][2] == "Jag kan omsätta kunskapen (medelvärde, 1-5)"
    assert cells[1] == ["Alla", 6, 4.5, 3, 0, ""]
    assert all(isinstance(value, int | float) for value in cells[1][1:5])


def test_a_group_with_a_semicolon_stays_in_its_cell_and_hidden_cells_are_words(follow_up):
    rows = read_csv(follow_up.get(REPORT + "?figure=attendance&by=member&export=csv"))
    assert ["Haninge kommun; Jobbtorg", "10", "10", "0", "100,0", "0,0", "0"] in rows
    assert {len(row) for row in rows} == {7}
    cells = read_xlsx(follow_up.get(REPORT + "?figure=attendance&by=member&export=xlsx"))
    haninge = next(row for row in cells if row[0] == "Haninge kommun; Jobbtorg")
    assert haninge == ["Haninge kommun; Jobbtorg", 10, 10, 0, 100, 0, 0]
    cells = read_xlsx(follow_up.get(REPORT + "?figure=participants&by=organisation&export=xlsx"))
    hidden = [row for row in cells if "dold" in row]
    assert hidden and all(value == "dold" for row in hidden for value in row[1:])


def test_the_participant_list_keeps_swedish_letters_numbers_and_dates(follow_up):
    rows = read_csv(follow_up.get(PARTICIPANTS + "?month=2026-03&export=csv"))
    assert {len(row) for row in rows} == {8}
    asa = next(row for row in rows if row[1] == "p1@example.org")
    assert asa == [
        "Åsa Ängström-Öberg",
        "p1@example.org",
        "En kommun",
        "Haninge kommun; Jobbtorg",
        "2026-03-10",
        "2026-03-10",
        "3,0",
        "Kvinna",
    ]
    cells = read_xlsx(follow_up.get(PARTICIPANTS + "?month=2026-03&export=xlsx"))
    asa = next(row for row in cells if row[1] == "p1@example.org")
    assert asa[0] == "Åsa Ängström-Öberg" and asa[3] == "Haninge kommun; Jobbtorg"
    assert asa[4:7] == [dt.date(2026, 3, 10), dt.date(2026, 3, 10), 3]
    assert isinstance(asa[6], int | float)


def test_in_english_the_csv_is_comma_separated_with_decimal_points(follow_up, make_user):
    from tests.helpers import in_english

    follow_up.force_login(in_english(make_user("reader", "Follow-up")))
    response = follow_up.get(REPORT + "?figure=evaluation&by=organisation&export=csv")
    rows = read_csv(response, ",")
    assert rows[1] == ["All", "6", "4.50", "3.00", "0", ""]
