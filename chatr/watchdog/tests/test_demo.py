"""The watchdog demo data and the benchmark generator: idempotent, realistic, consistent."""

from __future__ import annotations

from datetime import datetime
from io import StringIO
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from chatr.cases.models import Case, CaseEvent, Holiday
from chatr.core.tracking import is_well_formed_tracking_code
from chatr.watchdog.choices import MessageState, Urgency
from chatr.watchdog.dashboard import stats_rebuild
from chatr.watchdog.demo import seed_taxonomy, seed_watchdog_demo, seed_year_of_messages
from chatr.watchdog.models import AnswerTemplate, Category, DailyStat, DeadlinePolicy, SubjectArea
from chatr.watchdog.workflow import KIND

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 24, 12, 0, tzinfo=ZoneInfo("Asia/Tehran"))


def _taxonomy_counts() -> tuple[int, ...]:
    return (
        SubjectArea.objects.count(),
        Category.objects.count(),
        DeadlinePolicy.objects.count(),
        AnswerTemplate.objects.count(),
        Holiday.objects.count(),
    )


def test_the_taxonomy_is_seeded_once_with_its_sensitive_and_urgent_categories(world) -> None:
    seed_taxonomy()
    first = _taxonomy_counts()
    seed_taxonomy()
    assert _taxonomy_counts() == first
    assert SubjectArea.objects.count() == 6
    for area in SubjectArea.objects.all():
        assert 3 <= area.categories.count() <= 5
    assert set(Category.objects.filter(is_urgent=True).values_list("code", flat=True)) == {
        "abuse_in_center",
        "child_safety",
    }
    sensitive = set(Category.objects.filter(is_sensitive=True).values_list("code", flat=True))
    assert {"bribery", "harassment", "abuse_in_center", "named_staff_report"} <= sensitive
    assert 3 <= AnswerTemplate.objects.count() <= 4


def test_deadline_policies_follow_the_rules(world) -> None:
    seed_taxonomy()
    days = {(p.message_type, p.urgency): p.working_days for p in DeadlinePolicy.objects.all()}
    assert days[("complaint", Urgency.NORMAL)] == 15
    assert days[("complaint", Urgency.URGENT)] == 3
    assert days[("suggestion", Urgency.NORMAL)] == 20
    assert days[("praise", Urgency.URGENT)] == 3
    assert len(days) == 14


def test_a_changed_policy_survives_seeding_again(world) -> None:
    seed_taxonomy()
    DeadlinePolicy.objects.filter(message_type="complaint", urgency="normal").update(
        working_days=10
    )
    seed_taxonomy()
    assert DeadlinePolicy.objects.get(message_type="complaint", urgency="normal").working_days == 10


def test_the_fixed_holidays_of_three_years(world) -> None:
    seed_taxonomy()
    assert Holiday.objects.count() == 30
    nowruz = jdatetime.date(1405, 1, 1).togregorian()
    assert Holiday.objects.get(date=nowruz).name_en == "Nowruz"
    bahman = {jdatetime.date(y, 11, 22).togregorian() for y in (1404, 1405, 1406)}
    assert bahman <= set(Holiday.objects.values_list("date", flat=True))


def test_a_year_of_messages_is_seeded_once_through_the_services(world) -> None:
    added = seed_year_of_messages(count=40, now=NOW)
    assert added == 40
    cases = Case.objects.filter(kind=KIND)
    assert cases.count() == 40
    assert seed_year_of_messages(count=40, now=NOW) == 0
    assert cases.count() == 40
    # The counters describe the messages exactly.
    assert DailyStat.objects.aggregate(n=Sum("filed"))["n"] == 40
    # Filed over the past year, handled later, never in the future.
    assert cases.filter(filed_at__gt=NOW).count() == 0
    assert cases.order_by("filed_at").first().filed_at < NOW.replace(year=2026, month=3)
    assert not CaseEvent.objects.filter(case__kind=KIND, at__gt=timezone.now()).exists()
    for case in cases.exclude(first_answered_at=None):
        assert case.filed_at < case.first_answered_at
        assert case.events.order_by("id").first().at == case.filed_at
    states = set(cases.values_list("state", flat=True))
    assert {MessageState.CLOSED, MessageState.ANSWERED} <= states
    assert cases.exclude(rating=None).exists()
    assert all(
        is_well_formed_tracking_code(c) for c in cases.values_list("tracking_code", flat=True)
    )


def test_seed_watchdog_demo_tops_up_and_is_idempotent(world) -> None:
    assert seed_watchdog_demo(messages=10) == 10
    first = (Case.objects.count(), CaseEvent.objects.count(), *_taxonomy_counts())
    assert seed_watchdog_demo(messages=10) == 0
    assert (Case.objects.count(), CaseEvent.objects.count(), *_taxonomy_counts()) == first


def test_the_generator_is_deterministic_and_keeps_the_counters(world) -> None:
    out = StringIO()
    call_command("watchdog_generate", messages=60, until="2026-11-24T12:00:00+03:30", stdout=out)
    assert "Added 60 messages" in out.getvalue()
    cases = Case.objects.filter(kind=KIND)
    assert cases.count() == 60
    assert DailyStat.objects.aggregate(n=Sum("filed"))["n"] == 60
    before = set(DailyStat.objects.values_list("day", "province_id", "state", "filed"))
    stats_rebuild()
    assert set(DailyStat.objects.values_list("day", "province_id", "state", "filed")) == before
    assert all(
        is_well_formed_tracking_code(c) for c in cases.values_list("tracking_code", flat=True)
    )
    assert len({c.scope_province_id for c in cases}) > 5
    first_codes = sorted(cases.values_list("tracking_code", flat=True))
    # Asking again for the same total adds nothing; a fresh database gets the same rows.
    call_command("watchdog_generate", messages=60, stdout=StringIO())
    assert cases.count() == 60
    Case.objects.all().delete()
    from chatr.core.models import TrackingCode

    TrackingCode.objects.all().delete()
    call_command(
        "watchdog_generate", messages=60, until="2026-11-24T12:00:00+03:30", stdout=StringIO()
    )
    assert sorted(cases.values_list("tracking_code", flat=True)) == first_codes
