"""Tables of figures as downloads: CSV (UTF-8 with a BOM, so spreadsheet programs read
Persian correctly) or XLSX (one sheet per table, right-to-left in Persian).

For figures pages (dashboards, coverage): a page builds `Table`s once and shows them, and the
download view passes the same tables to `table_download`. Large record lists are streamed by
their own module, not built here in memory.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.translation import gettext

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_BAD_CHARACTERS_IN_SHEET_TITLES = str.maketrans({c: " " for c in "[]:*?/\\"})


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    headers: list[str]
    rows: list[list[Any]]  # plain values (int, Decimal, str, None) for the downloads
    note: str = ""


def table_download(
    *, request: HttpRequest, tables: list[Table], title: str, filename: str
) -> HttpResponse:
    """`?format=csv` (the default) or `?format=xlsx`; anything else is a 400 that says so."""
    kind = request.GET.get("format", "csv")
    if kind == "xlsx":
        return tables_xlsx(tables, title=title, filename=f"{filename}.xlsx")
    if kind != "csv":
        return HttpResponse(gettext("Choose the CSV or XLSX format."), status=400)
    return tables_csv(tables, title=title, filename=f"{filename}.csv")


def tables_csv(tables: list[Table], *, title: str, filename: str) -> HttpResponse:
    """One file, the tables one after another, each under its title."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([title])
    for table in tables:
        writer.writerow([])
        writer.writerow([table.title])
        writer.writerow(table.headers)
        writer.writerows(["" if v is None else v for v in row] for row in table.rows)
        if table.note:
            writer.writerow([table.note])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def tables_xlsx(tables: list[Table], *, title: str, filename: str) -> HttpResponse:
    """One sheet per table, right-to-left when the active language is."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    workbook.remove(workbook.active)  # type: ignore[arg-type]
    rtl = translation.get_language_bidi()
    used: set[str] = set()
    for table in tables:
        name = table.title.translate(_BAD_CHARACTERS_IN_SHEET_TITLES)[:28].strip() or table.key
        while name in used:
            name = name[:26] + f"-{len(used)}"
        used.add(name)
        sheet = workbook.create_sheet(name)
        sheet.sheet_view.rightToLeft = rtl
        sheet.append([title])
        sheet.append([table.title])
        sheet.append(table.headers)
        for cell in sheet[3]:
            cell.font = Font(bold=True)
        for row in table.rows:
            sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
        if table.note:
            sheet.append([table.note])
        sheet.column_dimensions["A"].width = 40
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
