"""The report's tables as an Excel workbook (openpyxl): one sheet per table, cells typed, not text."""

from __future__ import annotations

import re
from io import BytesIO

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from reports.npc import DATE, INTEGER, MONEY, NUMBER, PERCENT, NpcReport, Table

NUMBER_FORMATS = {
    INTEGER: "0",
    NUMBER: "#,##0.####",
    MONEY: "#,##0.00",
    PERCENT: "0.0%",
    DATE: "yyyy-mm-dd",
}
# Excel refuses these characters in sheet titles and caps titles at 31 characters.
SHEET_TITLE_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
HEADER_ROW = 4


def report_workbook(report: NpcReport) -> bytes:
    """The workbook as bytes. Each sheet: the report title, the date, a blank row, headings on row 4, data."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        _add_sheet(workbook, report, table)
    workbook.properties.title = report.title
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _add_sheet(workbook: Workbook, report: NpcReport, table: Table) -> None:
    sheet = workbook.create_sheet(SHEET_TITLE_FORBIDDEN.sub(" ", table.title)[:31])
    sheet["A1"] = report.title
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = _("As of %(date)s") % {"date": date_format(report.as_of, "DATE_FORMAT")}
    for index, column in enumerate(table.columns, start=1):
        cell = sheet.cell(row=HEADER_ROW, column=index, value=column.label)
        cell.font = Font(bold=True)
        sheet.column_dimensions[get_column_letter(index)].width = 14 if column.kind != "text" else 28
    for row_number, row in enumerate(table.rows, start=HEADER_ROW + 1):
        for index, (column, value) in enumerate(zip(table.columns, row, strict=True), start=1):
            cell = sheet.cell(row=row_number, column=index, value=value)
            if column.kind in NUMBER_FORMATS and value is not None:
                cell.number_format = NUMBER_FORMATS[column.kind]
    if table.note:
        sheet.cell(row=HEADER_ROW + len(table.rows) + 2, column=1, value=table.note)
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 1, column=1)
