"""Jalali dates written by the database: the SQL twin of `chatr.core.jalali`.

Where PostgreSQL itself writes the text (a CSV download by `COPY (SELECT …) TO STDOUT`), a
date column is formatted in SQL rather than in Python: `JalaliDay` computes jdatetime's
Gregorian → Jalali arithmetic as one expression, `IsoDay` writes ISO, and `sql_day` picks one
by the active language. The text is the same as Python's: `JalaliDay` gives
`chatr.core.jalali.format_date(day, language="fa")` with ASCII digits ("1403/05/12"), on every
day (a test compares them over two centuries).
"""

from __future__ import annotations

from typing import Any

from django.db import NotSupportedError
from django.db.models import CharField, F, Func, Value

from chatr.core.text import language_is_persian


def _jalali_day_sql() -> str:
    """jdatetime's Gregorian → Jalali arithmetic (jalali_core.GregorianToJalali: 33-year
    cycles counted from 1600-03-20) as one SQL expression over `%(expressions)s`, giving
    "YYYY/MM/DD". Written out rather than with LATERAL steps: a scalar subquery would keep
    PostgreSQL from computing the column in its parallel workers (measured: 13.4 s instead of
    11.2 s for a million contracts)."""
    n = "(%(expressions)s - DATE '1600-03-20')"  # days since the cycles' origin
    r = f"mod(mod({n}, 12053), 1461)"  # day within the 4-year (or 5-year) group
    year = (
        f"(979 + 33 * ({n} / 12053) + 4 * (mod({n}, 12053) / 1461)"
        f" + CASE WHEN {r} >= 366 THEN ({r} - 1) / 365 ELSE 0 END)"
    )
    day_of_year = f"(CASE WHEN {r} >= 366 THEN mod({r} - 1, 365) ELSE {r} END)"
    month_day = (  # six months of 31 days, then months of 30: MMDD as a number
        f"(CASE WHEN {day_of_year} < 186"
        f" THEN {day_of_year} / 31 * 100 + mod({day_of_year}, 31) + 101"
        f" ELSE ({day_of_year} - 186) / 30 * 100 + mod({day_of_year} - 186, 30) + 701 END)"
    )
    return f"to_char({year} * 10000 + {month_day}, 'FM0000/00/00')"


class JalaliDay(Func):
    """A date as Jalali text with ASCII digits ("1403/05/12"), computed by PostgreSQL (other
    databases have no SQL for it)."""

    output_field = CharField()
    arity = 1
    template = _jalali_day_sql()

    def as_postgresql(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        sql, params = super().as_sql(compiler, connection, **extra)
        # The date is written several times in the template: so are its parameters, if any.
        return sql, tuple(params) * self.template.count("%(expressions)s")

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        raise NotSupportedError("JalaliDay is written for PostgreSQL only.")


class IsoDay(Func):
    """A date as ISO text ("2024-08-02"), as `date.isoformat` writes it."""

    function = "to_char"
    output_field = CharField()

    def __init__(self, expression: Any) -> None:
        super().__init__(expression, Value("YYYY-MM-DD"))


def sql_day(field: str) -> Func:
    """A date column as `chatr.core.jalali.export_day` writes it: Jalali with ASCII digits in
    Persian, ISO in English."""
    return JalaliDay(F(field)) if language_is_persian() else IsoDay(F(field))
