"""CSV downloads that open right in Excel set to Swedish, for every report of the admin.

Wagtail's report views (``ReportView``, or anything with ``SpreadsheetExportMixin``) write CSV as
UTF-8 without a byte-order mark, separated by commas. Excel guesses the encoding of a CSV file from
the system's code page unless the file starts with a byte-order mark ("Lärväg" becomes "LÃ¤rvÃ¤g"),
and splits columns at the list separator of the system's regional settings, which is ";" wherever
the decimal sign is a comma, as in Swedish: a comma-separated file then lands in one column.

``ExcelCSVMixin`` goes before ``ReportView`` in a report's bases. Its CSV starts with the UTF-8
byte-order mark and is separated by ";" when the report is read in Swedish (the admin follows the
editor's language), with decimals written with a comma; in English it stays comma-separated with a
decimal point. The XLSX download, which needs no guessing, is unchanged. Every report of the
project uses this mixin; tests/home/test_spreadsheets.py checks that none is left without it.
"""

import csv
from decimal import Decimal

from django.http import StreamingHttpResponse
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import get_language
from wagtail.admin.views.mixins import SpreadsheetExportMixin

BYTE_ORDER_MARK = "\ufeff"


def csv_separator(language=None):
    """The list separator Excel expects for a language: ";" where the decimal sign is a comma."""
    return ";" if (language or get_language() or "").split("-")[0] in {"sv", "da", "de", "fi", "nb"} else ","


class _Echo:
    """A file-like object whose write() returns the line, so csv writes a row at a time."""

    def write(self, value):
        return value


def spreadsheet_safe(value):
    """A text a spreadsheet will not run as a formula (a name or an answer starting with "=" or "@"):
    people type these fields themselves, and an organiser opens the file in Excel."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def _decimal(value):
    return number_format(value, use_l10n=True)


class ExcelCSVMixin:
    custom_value_preprocess = {
        **SpreadsheetExportMixin.custom_value_preprocess,
        (Decimal, float): {SpreadsheetExportMixin.FORMAT_CSV: _decimal},
    }

    def stream_csv(self, queryset):
        # A streamed body is written after the view has returned and the request's language has
        # been switched back: keep the editor's language for the headings, labels and numbers.
        language = get_language()
        writer = csv.DictWriter(_Echo(), fieldnames=self.list_export, delimiter=csv_separator(language))

        def lines():
            with translation.override(language):
                header = {field: self.get_heading(queryset, field) for field in self.list_export}
                yield BYTE_ORDER_MARK + writer.writerow(header)
            for item in queryset:
                with translation.override(language):
                    line = self.write_csv_row(writer, self.to_row_dict(item))
                yield line

        return lines()

    def write_csv_row(self, writer, row_dict):
        return writer.writerow(
            {
                field: spreadsheet_safe(self.preprocess_field_value(field, value, self.FORMAT_CSV))
                for field, value in row_dict.items()
            }
        )

    def write_csv_response(self, queryset):
        response = StreamingHttpResponse(self.stream_csv(queryset), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{self.get_filename()}.csv"'
        return response
