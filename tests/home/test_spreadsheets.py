"""CSV downloads as Swedish Excel reads them (home/spreadsheets.py), and every report of the project
using them."""

import csv
import importlib
import io
import pkgutil
from decimal import Decimal

import pytest
from django.utils import translation
from wagtail.admin.views.mixins import SpreadsheetExportMixin

from home.spreadsheets import ExcelCSVMixin, csv_separator

PROJECT_APPS = ("accounts", "home", "events", "learning", "bookings", "followup", "conecto_site")


def test_the_separator_follows_the_language():
    assert csv_separator("sv") == ";" and csv_separator("sv-se") == ";"
    assert csv_separator("en") == "," and csv_separator("en-gb") == ","


class Numbers(ExcelCSVMixin, SpreadsheetExportMixin):
    list_export = ["name", "hours"]
    export_headings = {"name": "Namn", "hours": "Timmar"}

    def get_heading(self, queryset, field):
        return self.export_headings[field]


@pytest.mark.parametrize(("language", "separator", "hours"), [("sv", ";", "1,5"), ("en", ",", "1.5")])
def test_a_csv_has_a_byte_order_mark_and_the_languages_separator_and_decimals(language, separator, hours):
    rows = [{"name": "Lärväg; med semikolon", "hours": Decimal("1.5")}]
    view = Numbers()
    view.to_row_dict = lambda item: item
    with translation.override(language):
        body = "".join(view.stream_csv(rows)).encode()
    assert body.startswith(b"\xef\xbb\xbf")
    read = list(csv.reader(io.StringIO(body.decode("utf-8-sig"), newline=""), delimiter=separator))
    assert read == [["Namn", "Timmar"], ["Lärväg; med semikolon", hours]]


def project_modules():
    for app in PROJECT_APPS:
        try:
            package = importlib.import_module(app)
        except ImportError:
            continue
        yield package
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if any(part in info.name for part in (".migrations", ".management", ".settings")):
                continue
            yield importlib.import_module(info.name)


def test_every_spreadsheet_export_of_the_project_writes_csv_for_excel():
    exports = {
        f"{value.__module__}.{value.__qualname__}"
        for module in project_modules()
        for value in vars(module).values()
        if isinstance(value, type)
        and issubclass(value, SpreadsheetExportMixin)
        and value.__module__.split(".")[0] in PROJECT_APPS
        and not issubclass(value, ExcelCSVMixin)
    }
    assert not exports, f"add home.spreadsheets.ExcelCSVMixin to {sorted(exports)}"
    # The one the project has today is found, so the check above is not looking in the wrong place.
    from learning.report import LearningPathReportView

    assert issubclass(LearningPathReportView, ExcelCSVMixin)
