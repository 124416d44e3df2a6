"""`chatr watchdog_generate --messages 2000000`: bulk messages for benchmarks, fast.

Writes rows directly, in batches with one transaction each, bypassing the services: no SMS,
no audit trail, one or two timeline events per message. On PostgreSQL the rows go in with
COPY (ids reserved from the sequences first); elsewhere with bulk_create. Then the dashboard
counters are recomputed with stats_rebuild. Deterministic: the same database, arguments and
`--until` give the same rows. Never run it against real data.
"""

from __future__ import annotations

import math
import random
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache
from itertools import accumulate
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from chatr.cases.choices import EventKind
from chatr.cases.deadlines import add_working_days, end_of_day
from chatr.cases.models import Case, CaseEvent, Holiday
from chatr.core.models import TrackingCode
from chatr.core.tracking import verhoeff_check_digit
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.services import load_reference_units
from chatr.watchdog.choices import MessageState, MessageType, Urgency
from chatr.watchdog.dashboard import stats_rebuild
from chatr.watchdog.demo import (
    AREA_WEIGHTS,
    CHANNEL_WEIGHTS,
    DESCRIPTIONS,
    PROVINCE_WEIGHTS,
    RATING_WEIGHTS,
    TYPE_WEIGHTS,
    seed_taxonomy,
)
from chatr.watchdog.models import Category, DeadlinePolicy, Message
from chatr.watchdog.workflow import KIND

# Tracking codes: index → 11-digit body by an affine bijection modulo 9·10^10 (the multiplier
# is prime and not 2, 3 or 5), so codes are unique without a lookup and look scattered.
_CODE_SPACE = 9 * 10**10
_CODE_MULTIPLIER = 6_700_417
_CODE_OFFSET = 31_415_926_535

_OPEN_WEIGHTS = {
    MessageState.SCREENED: 30,
    MessageState.ASSIGNED: 20,
    MessageState.IN_PROGRESS: 30,
    MessageState.WAITING: 10,
    MessageState.ESCALATED: 10,
}
_ANSWER_TEXT = "با سلام؛ موضوع بررسی و اقدام لازم انجام شد. از پیگیری شما سپاسگزاریم."

Row = dict[str, Any]


def tracking_code_for(index: int, attempt: int = 0) -> str:
    body = 10**10 + (index * _CODE_MULTIPLIER + _CODE_OFFSET + attempt * 7) % _CODE_SPACE
    return f"{body}{verhoeff_check_digit(str(body))}"


class _Picker:
    """Weighted choice without rebuilding the tables on every draw."""

    def __init__(self, weights: dict[Any, int]) -> None:
        self.population = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def __call__(self, rng: random.Random) -> Any:
        return rng.choices(self.population, cum_weights=self.cumulative)[0]


@lru_cache(maxsize=16384)
def _due_on(day: date, days: int, holidays: frozenset[date]) -> datetime:
    return end_of_day(add_working_days(day, days, holidays))


class Generator:
    """Builds the rows of batch after batch; everything random comes from seeded streams."""

    def __init__(self, *, target: int, seed: int, days: int, until: datetime) -> None:
        self.target, self.seed = target, seed
        self.until = until
        self.start = until - timedelta(days=days)
        self.hq = OrgUnit.objects.get(kind=OrgUnitKind.HQ, parent__isnull=True)
        provinces = {u.code: u for u in OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE)}
        counties = {u.code: u for u in OrgUnit.objects.filter(kind=OrgUnitKind.COUNTY)}
        # (province unit, its capital county or None) per province code
        self.units = {
            code: (provinces[f"P{code}"], counties.get(f"C{code}01")) for code in PROVINCE_WEIGHTS
        }
        self.categories: dict[str, list[Category]] = {}
        for category in Category.objects.filter(is_active=True).select_related("area"):
            self.categories.setdefault(category.area.code, []).append(category)
        self.pick_province = _Picker(PROVINCE_WEIGHTS)
        self.pick_area = _Picker({a: w for a, w in AREA_WEIGHTS.items() if a in self.categories})
        self.pick_type = _Picker(TYPE_WEIGHTS)
        self.pick_channel = _Picker(CHANNEL_WEIGHTS)
        self.pick_open_state = _Picker(_OPEN_WEIGHTS)
        self.pick_rating = _Picker(dict(zip(range(1, 6), RATING_WEIGHTS, strict=True)))
        self.deadlines = {
            (p.message_type, p.urgency): p.working_days for p in DeadlinePolicy.objects.all()
        }
        self.holidays = frozenset(Holiday.objects.values_list("date", flat=True))
        self.tz = timezone.get_default_timezone()

    def deadline_days(self, message_type: str, urgent: bool) -> int:
        urgency = Urgency.URGENT if urgent else Urgency.NORMAL
        return self.deadlines.get((message_type, urgency), 3 if urgent else 15)

    def due_at(self, moment: datetime, days: int) -> datetime:
        return _due_on(moment.astimezone(self.tz).date(), days, self.holidays)

    def batch(self, first: int, last: int) -> tuple[list[Row], list[Row], list[list[Row]]]:
        """Rows for messages number first … last-1: cases, messages, events per case."""
        rng = random.Random(f"{self.seed}:{first}")  # noqa: S311 - benchmark data
        span = (self.until - self.start).total_seconds()
        cases, messages, events = [], [], []
        for index in range(first, last):
            # Filed in time order (as a live system inserts them), with a little jitter.
            offset = min((index + rng.random()) / self.target * span, span - 1)
            case, message, case_events = self.one(rng, self.start + timedelta(seconds=offset))
            cases.append(case)
            messages.append(message)
            events.append(case_events)
        return cases, messages, events

    def one(self, rng: random.Random, filed_at: datetime) -> tuple[Row, Row, list[Row]]:
        province, county = self.units[self.pick_province(rng)]
        area_code = self.pick_area(rng)
        category = rng.choice(self.categories[area_code])
        message_type = self.pick_type(rng)
        days = self.deadline_days(message_type, category.is_urgent)
        age_hours = (self.until - filed_at).total_seconds() / 3600
        # The operator screens within hours and refers it to the province or its capital county.
        screened_at = filed_at + timedelta(hours=rng.uniform(0.5, 30))
        unit = county if county is not None and rng.random() < 0.5 else province
        answer_hours = math.exp(rng.gauss(math.log(90), 0.8))  # median about four days
        case: Row = {
            "state": MessageState.CLOSED,
            "clock_started_at": screened_at,
            "due_at": self.due_at(screened_at, days),
        }
        events: list[Row] = [
            {"kind": EventKind.FILED, "at": filed_at, "to_state": MessageState.NEW}
        ]
        if screened_at > self.until or (age_hours < 48 and rng.random() < 0.4):
            unit = self.hq  # still with the national operator
            case.update(
                state=MessageState.NEW,
                clock_started_at=filed_at,
                due_at=self.due_at(filed_at, days),
            )
        elif rng.random() < 0.03:  # abuse of the form, spam: closed without an answer
            case["closed_at"] = screened_at
        elif answer_hours < age_hours and rng.random() < 0.93:
            answered_at = filed_at + timedelta(hours=answer_hours)
            case.update(
                state=MessageState.ANSWERED, first_answered_at=answered_at, answered_at=answered_at
            )
            events.append(
                {
                    "kind": EventKind.ANSWER,
                    "at": answered_at,
                    "text": _ANSWER_TEXT,
                    "from_state": MessageState.IN_PROGRESS,
                    "to_state": MessageState.ANSWERED,
                }
            )
            close_hours = answer_hours + math.exp(rng.gauss(math.log(72), 0.7))
            if close_hours < age_hours and rng.random() < 0.88:
                case.update(
                    state=MessageState.CLOSED, closed_at=filed_at + timedelta(hours=close_hours)
                )
            if answer_hours + 24 < age_hours and rng.random() < 0.55:
                case.update(
                    rating=self.pick_rating(rng), rated_at=answered_at + timedelta(hours=24)
                )
        else:
            case["state"] = state = self.pick_open_state(rng)
            if state == MessageState.WAITING:
                case["paused_at"] = screened_at + timedelta(hours=rng.uniform(1, 72))
        anonymous = message_type == MessageType.VIOLATION_REPORT and rng.random() < 0.3
        description = rng.choice(DESCRIPTIONS.get(area_code) or DESCRIPTIONS["out_of_remit"])
        case.update(
            kind=KIND,
            channel=self.pick_channel(rng),
            subject=description[:80],
            contact_mobile="" if anonymous else f"+98912{rng.randrange(10**7):07d}",
            is_anonymous=anonymous,
            is_sensitive=category.is_sensitive,
            is_urgent=category.is_urgent,
            deadline_days=days,
            filed_at=filed_at,
            org_unit_id=unit.pk,
            scope_province_id=unit.province_id,
            scope_county_id=unit.county_id,
        )
        concerned = county if county is not None and rng.random() < 0.3 else None
        message: Row = {
            "message_type": message_type,
            "area_id": category.area_id,
            "category_id": category.pk,
            "concerned_unit_id": concerned.pk if concerned else None,
            "description": description,
        }
        return case, message, events


def _free_codes(first: int, last: int) -> list[str]:
    """Codes for the indexes, stepping past any code already issued (a rare collision)."""
    codes = [tracking_code_for(i) for i in range(first, last)]
    taken = set(TrackingCode.objects.filter(code__in=codes).values_list("code", flat=True))
    for position, code in enumerate(codes):
        attempt = 0
        while code in taken:
            attempt += 1
            code = tracking_code_for(first + position, attempt)
            if TrackingCode.objects.filter(code=code).exists():
                taken.add(code)
        codes[position] = code
    return codes


def _complete(model: type[models.Model], row: Row, now: datetime) -> list[Any]:
    """Every concrete column of `model` in order: given values, else the field's default."""
    values = []
    for f in model._meta.concrete_fields:
        if f.attname in row:
            values.append(row[f.attname])
        elif getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values.append(now)
        else:
            values.append(f.get_default())
    return values


def _reserve_ids(model: type[models.Model], count: int) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
            [table, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _copy(model: type[models.Model], rows: Sequence[Row], now: datetime) -> None:
    """COPY rows into the model's table (PostgreSQL): far faster than INSERTs."""
    fields = model._meta.concrete_fields
    skip_pk = "id" not in rows[0] if rows else True
    columns = [f.column for f in fields if not (skip_pk and f.primary_key and f.column == "id")]
    quoted = ", ".join(connection.ops.quote_name(c) for c in columns)
    table = connection.ops.quote_name(model._meta.db_table)
    keep = [not (skip_pk and f.primary_key and f.column == "id") for f in fields]
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg's cursor
        with raw.copy(f"COPY {table} ({quoted}) FROM STDIN") as copy:
            for row in rows:
                values = _complete(model, row, now)
                copy.write_row([v for v, k in zip(values, keep, strict=True) if k])


def _insert(model: type[models.Model], rows: Sequence[Row]) -> list[models.Model]:
    return model.objects.bulk_create([model(**row) for row in rows])  # type: ignore[attr-defined]


def _write_batch(
    generator: Generator, first: int, last: int, now: datetime, use_copy: bool
) -> None:
    cases, messages, events = generator.batch(first, last)
    with transaction.atomic():
        if use_copy:
            # Benchmark rows: a crash may lose the last batches, never corrupt the database.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
        codes = _free_codes(first, last)
        for case, code in zip(cases, codes, strict=True):
            case["tracking_code"] = code
        code_rows = [{"code": code, "namespace": KIND, "created_at": now} for code in codes]
        if use_copy:
            for case, pk in zip(cases, _reserve_ids(Case, len(cases)), strict=True):
                case["id"] = pk
            _copy(TrackingCode, code_rows, now)
            _copy(Case, cases, now)
        else:
            _insert(TrackingCode, code_rows)
            for case, made in zip(cases, _insert(Case, cases), strict=True):
                case["id"] = made.pk
        for case, message in zip(cases, messages, strict=True):
            message["case_id"] = case["id"]
        event_rows = [
            {
                "case_id": case["id"],
                "is_public": True,
                "to_unit_id": generator.hq.pk if event["kind"] == EventKind.FILED else None,
                **event,
            }
            for case, case_events in zip(cases, events, strict=True)
            for event in case_events
        ]
        if use_copy:
            _copy(Message, messages, now)
            _copy(CaseEvent, event_rows, now)
        else:
            _insert(Message, messages)
            # CaseEvent.at is auto_now_add: bulk_create would overwrite the computed times.
            made_events = _insert(CaseEvent, event_rows)
            for event, row in zip(made_events, event_rows, strict=True):
                event.at = row["at"]
            CaseEvent.objects.bulk_update(made_events, ["at"])


def generate(
    *,
    messages: int,
    seed: int = 1482,
    days: int = 365,
    batch_size: int = 10_000,
    until: datetime | None = None,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Add messages until there are `messages` watchdog messages; return how many were added."""
    load_reference_units()
    seed_taxonomy()
    existing = Case.objects.filter(kind=KIND).count()
    if existing >= messages:
        return 0
    now = timezone.now()
    generator = Generator(
        target=messages, seed=seed, days=days, until=until or now.replace(microsecond=0)
    )
    use_copy = connection.vendor == "postgresql"
    started = time.monotonic()
    for first in range(existing, messages, batch_size):
        last = min(first + batch_size, messages)
        _write_batch(generator, first, last, now, use_copy)
        if progress is not None:
            rate = (last - existing) / max(time.monotonic() - started, 1e-9)
            progress(f"{last:>10,} messages ({rate:,.0f}/s)")
    stats_rebuild()
    if use_copy:
        with connection.cursor() as cursor:
            for model in (TrackingCode, Case, Message, CaseEvent):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return messages - existing


class Command(BaseCommand):
    help = (
        "Bulk-generate watchdog messages for benchmarks (never on real data): adds messages "
        "until there are --messages of them, then rebuilds the dashboard counters."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--messages", type=int, required=True, help="total wanted")
        parser.add_argument("--seed", type=int, default=1482)
        parser.add_argument("--days", type=int, default=365, help="spread over this many days")
        parser.add_argument("--batch", type=int, default=10_000)
        parser.add_argument("--until", default="", help="last filing time, ISO 8601 (default: now)")

    def handle(self, *args: Any, **options: Any) -> None:
        until = None
        if options["until"]:
            until = parse_datetime(options["until"])
            if until is None:
                raise CommandError("--until: give an ISO 8601 date and time")
            if timezone.is_naive(until):
                until = timezone.make_aware(until)
        started = time.monotonic()
        added = generate(
            messages=options["messages"],
            seed=options["seed"],
            days=options["days"],
            batch_size=options["batch"],
            until=until,
            progress=self.stdout.write,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(f"Added {added:,} messages in {elapsed:.1f} s (counters rebuilt).")
        )
