"""The report's figures as plain functions: no database."""

import pytest
from django.utils import translation

from learning.report_figures import PathSummary, ReportRow, report_rows


@pytest.fixture(autouse=True)
def in_swedish():
    with translation.override("sv"):  # the labels are translated; the admin's default is Swedish
        yield


LABELS = {"municipality": "Kommun", "employment_service": "Arbetsförmedlingen", "region": "Region"}


def rows_of(rows, path):
    return [(row.breakdown, row.group, row.followers, row.completions) for row in rows if row.path == path]


def test_followers_and_completions_by_organisation_type_and_step():
    paths = [
        PathSummary("k1", "Supported Employment", (("s1", "Läs om IPS"), ("s2", "Seminarium"))),
        PathSummary("k2", "Samverkan", (("t1", "Handledning"),)),
    ]
    follows = [("k1", "municipality"), ("k1", "municipality"), ("k1", "region"), ("k1", ""), ("k2", "region")]
    completions = [("k1", "municipality"), ("k1", "employment_service")]  # one of them no longer follows
    steps = [("k1", "s1"), ("k1", "s1"), ("k1", "s2"), ("k2", "gone")]  # a step editors removed
    rows = report_rows(paths, follows, completions, steps, LABELS)

    assert rows_of(rows, "Supported Employment") == [
        ("Alla", "", 4, 2),
        ("Organisationstyp", "Kommun", 2, 1),
        ("Organisationstyp", "Arbetsförmedlingen", 0, 1),
        ("Organisationstyp", "Region", 1, 0),
        ("Organisationstyp", "Inte angiven", 1, 0),
        ("Steg", "1. Läs om IPS", None, 2),
        ("Steg", "2. Seminarium", None, 1),
    ]
    assert rows_of(rows, "Samverkan") == [
        ("Alla", "", 1, 0),
        ("Organisationstyp", "Region", 1, 0),
        ("Steg", "1. Handledning", None, 0),
    ]


def test_a_path_nobody_follows_still_has_its_rows():
    rows = report_rows([PathSummary("k", "Ny lärväg", (("s", "Läs"),))], [], [], [], LABELS)
    assert rows == [
        ReportRow("Ny lärväg", "Alla", "", 0, 0),
        ReportRow("Ny lärväg", "Steg", "1. Läs", None, 0),
    ]


def test_keys_may_be_uuids_or_strings():
    import uuid

    key = uuid.uuid4()
    rows = report_rows([PathSummary(str(key), "P")], [(key, "region")], [(key, "region")], [], LABELS)
    assert rows_of(rows, "P") == [("Alla", "", 1, 1), ("Organisationstyp", "Region", 1, 1)]
