"""Streamed downloads of the contracts list: CSV (UTF-8 with a BOM, as the project's other
CSVs), JSON (an array written item by item) and XLSX (openpyxl's write-only mode).

Memory stays bounded whatever the number of rows: rows come from `values_list(...)
.iterator(chunk_size=EXPORT_CHUNK)`, never model instances, and each row is written out before
the next chunk is fetched. XLSX cannot be produced row by row over HTTP (a zip needs its
central directory at the end), so the workbook is written in write-only mode to a temporary
file, whose memory use does not grow with the rows, and that file is then streamed.
"""

from __future__ import annotations

import csv
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, Final

from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from chatr.core.jalali import to_jalali
from chatr.transparency.choices import ContractStatus, ProcurementMethod
from chatr.ui.exports import XLSX_CONTENT_TYPE

EXPORT_CHUNK: Final = 2000
EXPORT_FORMATS: Final = ("csv", "xlsx", "json")


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _day(value: date | None) -> str:
    """Jalali with ASCII digits in Persian ("1403/05/12"), ISO in English: spreadsheet-friendly."""
    if value is None:
        return ""
    if translation.get_language_bidi():
        jalali = to_jalali(value)
        return f"{jalali.year:04d}/{jalali.month:02d}/{jalali.day:02d}"
    return value.isoformat()


def _headers() -> list[str]:
    return [
        _("Contract number"),
        _("Subject"),
        _("Party"),
        _("National company ID"),
        _("Procurement method"),
        _("Amount (rials)"),
        _("Signed on"),
        _("Starts on"),
        _("Ends on"),
        _("Status"),
        _("Publisher"),
    ]


def _human_rows(rows: Iterable[tuple[Any, ...]]) -> Iterator[list[Any]]:
    """Export tuples (selectors.EXPORT_FIELDS) as the columns people read."""
    methods = dict(ProcurementMethod.choices)
    statuses = dict(ContractStatus.choices)
    english = not translation.get_language_bidi()
    for (
        number,
        title,
        party,
        company_id,
        method,
        amount,
        signed_on,
        starts_on,
        ends_on,
        status,
        _code,
        publisher_fa,
        publisher_en,
    ) in rows:
        yield [
            number,
            title,
            party,
            company_id,
            str(methods.get(method, method)),
            amount,
            _day(signed_on),
            _day(starts_on),
            _day(ends_on),
            str(statuses.get(status, status)),
            publisher_en if english and publisher_en else publisher_fa,
        ]


def _attachment(response: StreamingHttpResponse, filename: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def contracts_csv(rows: Iterable[tuple[Any, ...]], *, filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def lines() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(_headers())
        for row in _human_rows(rows):
            yield writer.writerow(row)

    return _attachment(
        StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8"), f"{filename}.csv"
    )


def contracts_json(rows: Iterable[tuple[Any, ...]], *, filename: str) -> StreamingHttpResponse:
    """An array of objects with machine values (codes, ISO dates, integer rials)."""
    methods = dict(ProcurementMethod.choices)
    statuses = dict(ContractStatus.choices)

    def chunks() -> Iterator[str]:
        yield "["
        separator = ""
        for (
            number,
            title,
            party,
            company_id,
            method,
            amount,
            signed_on,
            starts_on,
            ends_on,
            status,
            code,
            publisher_fa,
            publisher_en,
        ) in rows:
            item = {
                "number": number,
                "title": title,
                "party": {"name": party, "company_id": company_id},
                "method": method,
                "method_label": str(methods.get(method, method)),
                "amount": amount,
                "signed_on": signed_on.isoformat(),
                "starts_on": starts_on.isoformat(),
                "ends_on": ends_on.isoformat(),
                "status": status,
                "status_label": str(statuses.get(status, status)),
                "publisher": {"code": code, "name_fa": publisher_fa, "name_en": publisher_en},
            }
            yield separator + json.dumps(item, ensure_ascii=False)
            separator = ",\n"
        yield "]\n"

    return _attachment(
        StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8"),
        f"{filename}.json",
    )


def contracts_xlsx(rows: Iterable[tuple[Any, ...]], *, filename: str) -> FileResponse:
    """A one-sheet workbook, right-to-left in Persian, written row by row to a temporary file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Contracts"))
    sheet.sheet_view.rightToLeft = translation.get_language_bidi()
    sheet.append(_headers())
    for row in _human_rows(rows):
        sheet.append(row)
    # Deleted when the response closes it (FileResponse closes the file it streams).
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


EXPORTERS: Final[dict[str, Callable[..., StreamingHttpResponse]]] = {
    "csv": contracts_csv,
    "json": contracts_json,
    "xlsx": contracts_xlsx,
}
