"""The CSVs written by PostgreSQL (COPY: contracts, expenditures) are the CSVs the Python
writer writes, byte for byte, in Persian and in English; and the capped count of the contract
search on its page and in the API. The capped count itself is tested in chatr.core, chatr.ui
and chatr.api, the Jalali dates in SQL in chatr.core (test_jalali_sql)."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.utils import translation

from chatr.api.base import CappedPagination
from chatr.core.text import search_key
from chatr.org.models import OrgUnit
from chatr.transparency import exports
from chatr.transparency.choices import ContractStatus, EconomicClass, ProcurementMethod
from chatr.transparency.exports_expenditures import EXPENDITURES_EXPORT
from chatr.transparency.models import Contract
from chatr.transparency.selectors import ContractFilters, contract_export_rows
from chatr.transparency.selectors_expenditures import ExpenditureFilters, expenditure_export_rows
from chatr.transparency.tests.factories import make_contract, make_dataset
from chatr.transparency.tests.test_expenditures import make_expenditure, make_expenditure_dataset
from chatr.ui.paging import CappedPaginator

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="COPY and the Jalali SQL exist on PostgreSQL only"
)

# Days around the edges the arithmetic must get right: Nowruz, the last day of a leap
# Esfand (1403/12/30), the month lengths' change after Shahrivar, a Gregorian leap day.
EDGE_DAYS = [
    date(2024, 3, 19),
    date(2024, 3, 20),
    date(2024, 9, 21),
    date(2024, 9, 22),
    date(2025, 3, 20),
    date(2025, 3, 21),
    date(2024, 2, 29),
    date(1999, 12, 31),
]


def body(response) -> bytes:  # type: ignore[no-untyped-def]
    return b"".join(response.streaming_content)


@pytest.fixture
def tricky(world):  # type: ignore[no-untyped-def]
    """Contracts of every method and status, on the edge days, with values the CSV must
    quote (comma, quote, line break), an empty party name and a publisher without an
    English name."""
    kerman, hq = make_dataset("P08"), make_dataset("HQ")
    methods, statuses = ProcurementMethod.values, ContractStatus.values
    for n, day in enumerate(EDGE_DAYS):
        make_contract(
            kerman if n % 2 else hq,
            number=f"C-{n}",
            method=methods[n % len(methods)],
            status=statuses[n % len(statuses)],
            amount=10**n,
            signed_on=day,
        )
    Contract.objects.filter(number="C-1").update(title='خرید، "ویلچر"\nو عصا, برقی')
    Contract.objects.filter(number="C-2").update(title="")
    OrgUnit.objects.filter(code="P08").update(name_en="")


def _python_csv(rows, spec=exports.CONTRACTS_EXPORT) -> bytes:  # type: ignore[no-untyped-def]
    """What the generic path writes: rows read by the iterator, formatted in Python."""
    response = exports.export_csv(
        spec, rows.iterator(chunk_size=exports.EXPORT_CHUNK), filename="c"
    )
    return body(response)


@postgresql_only
@pytest.mark.parametrize("language", ["fa", "en"])
@pytest.mark.parametrize("sort", ["-signed_on", "amount"])
def test_postgresql_copy_writes_the_same_csv_as_python(tricky, language, sort) -> None:
    with translation.override(language):
        rows = contract_export_rows(filters=ContractFilters(sort=sort))
        copied = body(exports.export_csv(exports.CONTRACTS_EXPORT, rows, filename="c"))
        assert copied == _python_csv(rows)
    assert copied.count(b"\r\n") == len(EDGE_DAYS) + 1  # the rows and the heading
    assert '""ویلچر""\nو عصا'.encode() in copied  # a line break inside a value stays LF


@postgresql_only
@pytest.mark.parametrize("language", ["fa", "en"])
def test_postgresql_copy_writes_the_same_expenditures_csv_as_python(world, language) -> None:
    hq, kerman = make_expenditure_dataset("HQ"), make_expenditure_dataset("P08")
    for n, economic_class in enumerate(EconomicClass.values):
        make_expenditure(
            kerman if n % 2 else hq,
            unit_name=f"واحد {n}، ستاد" if n % 3 else "واحد, با ویرگول",
            economic_class=economic_class,
            month=n % 12 + 1,
            amount=n * 1_000_000,
        )
    OrgUnit.objects.filter(code="P08").update(name_en="")
    with translation.override(language):
        rows = expenditure_export_rows(filters=ExpenditureFilters())
        copied = body(exports.export_csv(EXPENDITURES_EXPORT, rows, filename="e"))
        assert copied == _python_csv(rows, EXPENDITURES_EXPORT)
    assert copied.count(b"\r\n") == len(EconomicClass.values) + 1


@postgresql_only
def test_the_download_view_streams_the_copy(client, tricky) -> None:
    response = client.get("/transparency/contracts/download/", {"format": "csv", "q": "ویلچر"})
    with translation.override("fa"):
        expected = _python_csv(contract_export_rows(filters=ContractFilters(q="ویلچر")))
    assert body(response) == expected
    # The COPY is over: the request's connection serves the next query.
    assert Contract.objects.count() == len(EDGE_DAYS)


@postgresql_only
@pytest.mark.parametrize("q", ["O'Reilly\\ 50%_", "'; DROP TABLE transparency_contract; --"])
def test_search_words_that_need_escaping_reach_the_copy_as_values(tricky, q) -> None:
    """The statement is composed by the driver (`compose_sql`), never by string formatting:
    quotes, backslashes and LIKE's wildcards in a search are values, in the COPY too."""
    Contract.objects.filter(number="C-3").update(
        title=f"قرارداد {q}", search_text=search_key(f"قرارداد {q}")
    )
    with translation.override("fa"):
        rows = contract_export_rows(filters=ContractFilters(q=q, publisher="P08"))
        copied = body(exports.export_csv(exports.CONTRACTS_EXPORT, rows, filename="c"))
        assert copied == _python_csv(rows)
    assert b"C-3" in copied  # the contract was found: the values went through as values
    assert Contract.objects.count() == len(EDGE_DAYS)


def test_sqlite_and_other_formats_keep_the_python_writer(client, tricky) -> None:
    """On every database the CSV starts with the BOM and the Persian headings, and the rows
    are the selector's (here the generic path on SQLite, the COPY on PostgreSQL)."""
    data = body(client.get("/transparency/contracts/download/", {"format": "csv"}))
    assert data.startswith("\ufeffشماره قرارداد".encode())
    assert data.count(b"C-") == len(EDGE_DAYS)


# ---------------------------------------------------------------- capped counts


def test_the_search_says_more_than_the_cap_when_it_stops_counting(
    client, tricky, monkeypatch
) -> None:
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    page = client.get("/transparency/contracts/").content.decode()
    assert "بیش از" in page or "More than" in page
    assert "۵" in page
    monkeypatch.setattr(CappedPaginator, "cap", 100)
    page = client.get("/transparency/contracts/").content.decode()
    assert "بیش از" not in page and "More than" not in page


def test_the_api_count_is_capped_and_says_so(client, tricky, monkeypatch) -> None:
    url = "/api/v1/transparency/contracts"
    exact = client.get(url).json()
    assert exact["count"] == len(EDGE_DAYS) and exact["count_is_capped"] is False
    monkeypatch.setattr(CappedPagination, "cap", 3)
    capped = client.get(url, {"limit": 2, "offset": 6}).json()
    assert capped["count"] == 3 and capped["count_is_capped"] is True
    assert len(capped["items"]) == 2  # paging past the cap still reads the rows
