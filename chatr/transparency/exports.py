"""Streamed downloads of the portal's lists, each category giving an `ExportSpec`: CSV
(UTF-8 with a BOM, as the project's other CSVs), JSON (an array written item by item) and
XLSX (openpyxl's write-only mode).

Memory stays bounded whatever the number of rows: rows come from `values_list(...)
.iterator(chunk_size=EXPORT_CHUNK)`, never model instances, and each row is written out before
the next chunk is fetched. XLSX cannot be produced row by row over HTTP (a zip needs its
central directory at the end), so the workbook is written in write-only mode to a temporary
file, whose memory use does not grow with the rows, and that file is then streamed.

On PostgreSQL, a CSV whose spec gives `sql_for_people` is written by PostgreSQL itself
(`COPY (SELECT …) TO STDOUT WITH (FORMAT csv)`, see `copy_csv_pieces`): the same bytes as the
Python writer, at about the speed of a raw COPY.

Views hand the exporters the selector's queryset as it is: how it is read (in chunks, or by a
COPY) is decided here.
"""

from __future__ import annotations

import csv
import io
import json
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any, Final

from django.db import connections
from django.db.models import Case, CharField, F, QuerySet, Value, When
from django.db.models.functions import Coalesce, NullIf
from django.http import FileResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.translation import gettext as _

from chatr.core.jalali import jalali_day
from chatr.core.jalali_sql import sql_day
from chatr.transparency.choices import ContractStatus, ProcurementMethod
from chatr.ui.exports import XLSX_CONTENT_TYPE

EXPORT_CHUNK: Final = 2000
EXPORT_FORMATS: Final = ("csv", "xlsx", "json")
# CSV rows written per piece of the streamed response: one csv.writer call and one write to
# the client per 500 rows instead of one per row (a full download has millions of rows).
CSV_ROWS_PER_PIECE: Final = 500


@dataclass(frozen=True)
class ExportSpec:
    """One category's downloads: the sheet's name, the headings, and how one row of its
    selector's `values_list` tuple is written for people (CSV, XLSX) and for machines (JSON:
    codes, ISO dates, integer rials).

    `human_in_language`, when given, returns a `human` with the active language's labels and
    formats looked up once: the CSV and XLSX writers call it once per download, so a row
    costs a few dictionary lookups instead of translations."""

    sheet: Callable[[], str]
    headers: Callable[[], list[str]]
    human: Callable[[tuple[Any, ...]], list[Any]]
    machine: Callable[[tuple[Any, ...]], dict[str, Any]]
    human_in_language: Callable[[], Callable[[tuple[Any, ...]], list[Any]]] | None = None
    # The columns `for_people` writes, as SQL expressions over the selector's queryset in the
    # active language (text NULLIF'd to NULL, so that PostgreSQL writes an empty string as
    # Python's csv does): on PostgreSQL the CSV is then written by a COPY.
    sql_for_people: Callable[[], list[Any]] | None = None

    def for_people(self) -> Callable[[tuple[Any, ...]], list[Any]]:
        """How each row of this download is written for people, in the active language."""
        return self.human_in_language() if self.human_in_language else self.human


def localized_name(name_fa: str, name_en: str) -> str:
    """A bilingual name in the download's language (Persian when there is no English)."""
    english = not translation.get_language_bidi()
    return name_en if english and name_en else name_fa


def _attachment(response: StreamingHttpResponse, filename: str) -> StreamingHttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


Rows = QuerySet[Any] | Iterable[tuple[Any, ...]]


def _iterate(rows: Rows) -> Iterable[tuple[Any, ...]]:
    """A selector's `values_list` queryset read in chunks from a server-side cursor."""
    return rows.iterator(chunk_size=EXPORT_CHUNK) if isinstance(rows, QuerySet) else rows


def _csv_heading(spec: ExportSpec) -> str:
    buffer = io.StringIO()
    csv.writer(buffer).writerow(spec.headers())
    return "\ufeff" + buffer.getvalue()


def export_csv(spec: ExportSpec, rows: Rows, *, filename: str) -> StreamingHttpResponse:
    """UTF-8 with a BOM, the headings, then the rows as people read them. Given the selector's
    queryset on PostgreSQL and a spec with `sql_for_people`, PostgreSQL writes the rows."""
    pieces: Iterator[str | bytes]
    if isinstance(rows, QuerySet) and spec.sql_for_people and _is_postgresql(rows):
        pieces = copy_csv_pieces(_csv_heading(spec), rows, spec.sql_for_people())
    else:
        pieces = _python_csv_pieces(spec, _iterate(rows))
    return _attachment(
        StreamingHttpResponse(pieces, content_type="text/csv; charset=utf-8"), f"{filename}.csv"
    )


def _python_csv_pieces(spec: ExportSpec, rows: Iterable[tuple[Any, ...]]) -> Iterator[str]:
    yield _csv_heading(spec)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    human = map(spec.for_people(), rows)
    while piece := list(islice(human, CSV_ROWS_PER_PIECE)):
        buffer.seek(0)
        buffer.truncate()
        writer.writerows(piece)
        yield buffer.getvalue()


def _is_postgresql(rows: QuerySet[Any]) -> bool:
    return connections[rows.db].vendor == "postgresql"


# Rows of a COPY joined into one piece of the streamed response.
COPY_ROWS_PER_PIECE: Final = 2000


def copy_csv_pieces(heading: str, rows: QuerySet[Any], columns: list[Any]) -> Iterator[str | bytes]:
    """`heading`, then the CSV written by PostgreSQL: `COPY (the selector's query, with
    `columns` selected) TO STDOUT WITH (FORMAT csv)`, read row by row.

    The query (filters, order, the labels of the active language) is built now, in the view;
    the COPY runs when the response is iterated, after the view has returned, on the
    request's connection, which Django closes only when the response is closed. COPY is one
    statement: outside a transaction it holds its snapshot only while it runs, and when the
    client goes away (the generator is closed) psycopg cancels it and drains the connection,
    which stays usable. Python's csv ends rows with CRLF where PostgreSQL writes LF: each
    row's last byte is rewritten (a line break inside a quoted value is kept as it is).
    """
    connection = connections[rows.db]
    sql, params = rows.values_list(*columns).query.sql_with_params()
    select = connection.ops.compose_sql(sql, params)  # type: ignore[attr-defined]
    statement = f"COPY ({select}) TO STDOUT WITH (FORMAT csv)"

    def pieces() -> Iterator[str | bytes]:
        yield heading
        connection.ensure_connection()
        with connection.cursor() as cursor, cursor.cursor.copy(statement) as copy:
            batch: list[bytes] = []
            for row in copy:
                batch.append(bytes(row))
                if len(batch) == COPY_ROWS_PER_PIECE:
                    yield _crlf(batch)
                    batch = []
            if batch:
                yield _crlf(batch)

    return pieces()


def _crlf(rows: list[bytes]) -> bytes:
    """COPY rows (each ending with LF) as Python's csv writes them (each ending with CRLF)."""
    joined = b"".join(rows)
    if joined.count(b"\n") == len(rows):  # no line break inside a value: the common case
        return joined.replace(b"\n", b"\r\n")
    return b"".join(row[:-1] + b"\r\n" if row.endswith(b"\n") else row for row in rows)


def export_json(spec: ExportSpec, rows: Rows, *, filename: str) -> StreamingHttpResponse:
    """An array of objects, written item by item."""

    def chunks() -> Iterator[str]:
        yield "["
        separator = ""
        for row in _iterate(rows):
            yield separator + json.dumps(spec.machine(row), ensure_ascii=False)
            separator = ",\n"
        yield "]\n"

    return _attachment(
        StreamingHttpResponse(chunks(), content_type="application/json; charset=utf-8"),
        f"{filename}.json",
    )


# A worksheet holds 1,048,576 rows: with its heading row, this many data rows; the rest
# continue on further sheets ("Contracts (2)", …), each with the headings.
XLSX_ROWS_PER_SHEET: Final = 1_048_575


def export_xlsx(spec: ExportSpec, rows: Rows, *, filename: str) -> FileResponse:
    """A workbook, right-to-left in Persian, written row by row to a temporary file."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    headers = spec.headers()
    sheets = 0
    left = 0
    sheet: Any = None
    human = spec.for_people()
    for row in _iterate(rows):
        if left == 0:
            sheets += 1
            title = spec.sheet() if sheets == 1 else f"{spec.sheet()} ({sheets})"
            sheet = workbook.create_sheet(title[:31])
            sheet.sheet_view.rightToLeft = translation.get_language_bidi()
            sheet.append(headers)
            left = XLSX_ROWS_PER_SHEET
        sheet.append(human(row))
        left -= 1
    if sheets == 0:
        sheet = workbook.create_sheet(spec.sheet()[:31])
        sheet.sheet_view.rightToLeft = translation.get_language_bidi()
        sheet.append(headers)
    # Deleted when the response closes it (FileResponse closes the file it streams).
    spool = tempfile.TemporaryFile(suffix=".xlsx")  # noqa: SIM115
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool, as_attachment=True, filename=f"{filename}.xlsx", content_type=XLSX_CONTENT_TYPE
    )


# ---------------------------------------------------------------- SQL for the COPY path
# Dates are `chatr.core.jalali_sql.sql_day`, which writes what `core.jalali.export_day` writes.


def sql_text(field: str) -> NullIf:
    """A text column for the COPY: an empty string as NULL, which the CSV writes as nothing
    (PostgreSQL quotes an empty string, Python's csv does not)."""
    return NullIf(F(field), Value(""))


def sql_label(field: str, choices: Iterable[tuple[Any, Any]], default: Any = None) -> Case:
    """A choice column as its label in the active language (the code when unknown, or
    `default`)."""
    whens = [When(**{field: code}, then=Value(str(label))) for code, label in choices]
    fallback = F(field) if default is None else default
    return Case(*whens, default=fallback, output_field=CharField())


def sql_localized_name(name_fa: str, name_en: str) -> Any:
    """`localized_name` in SQL: the English name in English when there is one."""
    if translation.get_language_bidi():
        return sql_text(name_fa)
    return NullIf(Coalesce(NullIf(F(name_en), Value("")), F(name_fa)), Value(""))


EXPORTERS: Final[dict[str, Callable[..., StreamingHttpResponse]]] = {
    "csv": export_csv,
    "json": export_json,
    "xlsx": export_xlsx,
}


# ---------------------------------------------------------------- contracts


def _contract_headers() -> list[str]:
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


def _contract_human_in_language() -> Callable[[tuple[Any, ...]], list[Any]]:
    """`_contract_human` with the active language's labels and date format looked up once."""
    persian = translation.get_language_bidi()
    day = jalali_day if persian else date.isoformat
    methods = {code: str(label) for code, label in ProcurementMethod.choices}
    statuses = {code: str(label) for code, label in ContractStatus.choices}

    def human(row: tuple[Any, ...]) -> list[Any]:
        """A tuple of selectors.EXPORT_FIELDS as the columns people read."""
        (number, title, party, company_id, method, amount, signed_on, starts_on, ends_on,
         status, _code, name_fa, name_en) = row  # fmt: skip
        return [
            number,
            title,
            party,
            company_id,
            methods.get(method, method),
            amount,
            day(signed_on),
            day(starts_on),
            day(ends_on),
            statuses.get(status, status),
            name_fa if persian or not name_en else name_en,
        ]

    return human


def _contract_human(row: tuple[Any, ...]) -> list[Any]:
    """A tuple of selectors.EXPORT_FIELDS as the columns people read."""
    return _contract_human_in_language()(row)


def _contract_machine(row: tuple[Any, ...]) -> dict[str, Any]:
    number, title, party, company_id, method, amount = row[:6]
    signed_on, starts_on, ends_on, status = row[6:10]
    code, publisher_fa, publisher_en = row[10:13]
    return {
        "number": number,
        "title": title,
        "party": {"name": party, "company_id": company_id},
        "method": method,
        "method_label": str(dict(ProcurementMethod.choices).get(method, method)),
        "amount": amount,
        "signed_on": signed_on.isoformat(),
        "starts_on": starts_on.isoformat(),
        "ends_on": ends_on.isoformat(),
        "status": status,
        "status_label": str(dict(ContractStatus.choices).get(status, status)),
        "publisher": {"code": code, "name_fa": publisher_fa, "name_en": publisher_en},
    }


def _contract_sql_for_people() -> list[Any]:
    """The columns of `_contract_human_in_language`, in SQL over `contract_export_rows`."""
    return [
        sql_text("number"),
        sql_text("title"),
        sql_text("counterparty__name"),
        sql_text("counterparty__company_id"),
        sql_label("method", ProcurementMethod.choices),
        F("amount"),
        sql_day("signed_on"),
        sql_day("starts_on"),
        sql_day("ends_on"),
        sql_label("status", ContractStatus.choices),
        sql_localized_name("org_unit__name_fa", "org_unit__name_en"),
    ]


CONTRACTS_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Contracts"),
    headers=_contract_headers,
    human=_contract_human,
    machine=_contract_machine,
    human_in_language=_contract_human_in_language,
    sql_for_people=_contract_sql_for_people,
)
