"""`chatr.core.jalali_sql`: the dates PostgreSQL writes are the dates `chatr.core.jalali`
writes, and the text follows the language."""

from __future__ import annotations

from datetime import date, timedelta

import jdatetime
import pytest
from django.db import NotSupportedError, connection
from django.db.models import DateField, F, Value
from django.utils import translation

from chatr.core.jalali import format_date
from chatr.core.jalali_sql import IsoDay, JalaliDay, sql_day
from chatr.core.models import TrackingCode
from chatr.core.text import to_ascii_digits

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the Jalali SQL exists on PostgreSQL only"
)


@postgresql_only
def test_jalali_day_in_sql_agrees_with_jdatetime_for_two_centuries() -> None:
    first, days = date(1925, 3, 21), 365 * 200
    jalali = JalaliDay.template.replace("%(expressions)s", "d::date")
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT d::date, {jalali} FROM generate_series(%s::date, %s::date, '1 day') AS d",  # noqa: S608 - constant SQL
            [first, first + timedelta(days=days - 1)],
        )
        computed = cursor.fetchall()
    assert len(computed) == days
    wrong = [
        (day, text)
        for day, text in computed
        if text != to_ascii_digits(format_date(day, language="fa"))
    ]
    assert wrong == []
    assert to_ascii_digits(format_date(date(2025, 3, 20), language="fa")) == "1403/12/30"
    assert jdatetime.date(1403, 12, 30).togregorian() == date(2025, 3, 20)


def test_sql_day_is_jalali_in_persian_and_iso_in_english() -> None:
    with translation.override("fa"):
        assert isinstance(sql_day("signed_on"), JalaliDay)
    with translation.override("en"):
        assert isinstance(sql_day("signed_on"), IsoDay)


@postgresql_only
@pytest.mark.parametrize(("language", "expected"), [("fa", "1403/12/30"), ("en", "2025-03-20")])
def test_a_date_given_as_a_parameter_is_written_in_the_language(language, expected) -> None:
    """The date is a query parameter here: JalaliDay repeats it for each use in its SQL."""
    TrackingCode.objects.create(code="100000000000", namespace="test")
    rows = TrackingCode.objects.annotate(day=Value(date(2025, 3, 20), output_field=DateField()))
    with translation.override(language):
        texts = rows.annotate(text=sql_day("day")).values_list("text", flat=True)
        assert list(texts) == [expected]


@pytest.mark.skipif(connection.vendor == "postgresql", reason="other databases only")
def test_other_databases_refuse_the_jalali_sql() -> None:
    TrackingCode.objects.create(code="100000000000", namespace="test")
    rows = TrackingCode.objects.annotate(text=JalaliDay(F("created_at")))
    with pytest.raises(NotSupportedError):
        list(rows)
