"""Reading the spreadsheets people upload: CSV (UTF-8, with or without BOM; comma, semicolon
or tab) or XLSX, as rows of text cells. Every import (registry, transparency, …) reads its
file here and then checks the cells with its own rules."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError, lazy_message
from chatr.core.text import normalize_persian

MAX_FILE_BYTES = 5 * 1024 * 1024


def cell_text(value: Any) -> str:
    """A cell as text: None is empty, a whole float loses its ".0", a date is ISO."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        # A spreadsheet date cell is Gregorian: written as ISO, the date parsers tell it apart.
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def header_name(cell: str) -> str:
    """A column heading as a lookup key: Persian-normalized, spaces and ZWNJ as "_", folded."""
    return normalize_persian(cell).replace(" ", "_").replace("\u200c", "_").casefold()


def read_rows(*, content: bytes, filename: str = "") -> list[list[str]]:
    """The file's rows as text cells (CSV in UTF-8 with or without BOM, or XLSX)."""
    if len(content) > MAX_FILE_BYTES:
        raise ApplicationError(
            "import_file_too_large",
            lazy_message(_("The file is larger than %(mb)s MB. Split it."), mb=5),
            fields={"file": _("The file is too large.")},
        )
    if content[:4] == b"PK\x03\x04" or filename.lower().endswith(".xlsx"):
        return _read_xlsx(content)
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ApplicationError(
            "import_file_not_utf8",
            _("The file is not UTF-8 text. Save it as “CSV UTF-8” or as an Excel file (XLSX)."),
            fields={"file": _("Save the file as CSV UTF-8 or XLSX.")},
        ) from None
    # Spreadsheet programs write commas, or semicolons where the comma is a decimal mark;
    # the header row (column names never contain any of these) tells which.
    first_line = text.split("\n", 1)[0]
    delimiter = max(",;\t", key=first_line.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    return [[cell.strip() for cell in row] for row in reader]


def _read_xlsx(content: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many types for a damaged or foreign file
        raise ApplicationError(
            "import_file_unreadable",
            _("The file could not be read as an Excel (XLSX) file."),
            fields={"file": _("Upload a CSV or XLSX file.")},
        ) from None
    try:
        sheet = workbook.worksheets[0]
        return [[cell_text(v) for v in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        workbook.close()
