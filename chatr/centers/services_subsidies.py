"""Writers of center subsidies: the rate table (HQ finance, a new row per change), centers'
payment accounts, the monthly claims — computed for every center of the reader's area in one
set-based statement, approved by someone other than the preparer (maker–checker) — and the
payment batches exported to the bank.

Amount of a claim (per-person rates): paid resident-days × monthly rate / days in the Jalali
month, rounded to the rial (half up), where

- a resident-day is a day of the month the resident was in care (the admission day counts,
  the discharge day does not) AND the center held an activity licence in force that day
  (`selectors.center_has_valid_licence` semantics: valid or since expired for the days it
  covered; suspended or revoked ones until `status_changed_on`);
- paid resident-days = min(resident-days, capacity × licensed days of the month).

Per-center rates: monthly rate × licensed days / days in the month. A center without a single
licensed day in the month, or without a rate for its (licence type, care mode, grade, year),
gets no claim.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import jdatetime
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.centers.choices import CareMode, Grade, LicenceType
from chatr.centers.models import (
    Center,
    CenterPaymentAccount,
    ClaimState,
    RateBasis,
    SubsidyBatch,
    SubsidyClaim,
    SubsidyRate,
)
from chatr.core.db import tune_for_bulk
from chatr.core.errors import ApplicationError, PermissionDeniedError
from chatr.core.jalali import jalali_days_in_month
from chatr.core.sheba import validate_sheba
from chatr.core.text import normalize_persian
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.org.services import stamp_org_unit

# The transfer file's columns: the same layout as the pensions bank file.
BANK_FILE_COLUMNS = ("row_id", "sheba", "amount_rials", "payee_name", "reference", "month")
YEAR_MIN, YEAR_MAX = 1390, 1500


def _hq_unit() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgUnitKind.HQ).order_by("pk").first()


def month_bounds(*, year: int, month: int) -> tuple[date, int]:
    """The Gregorian first day of a Jalali month and how many days it has."""
    if not 1 <= month <= 12:
        raise ApplicationError(
            "month_invalid",
            _("Choose a month from 1 to 12."),
            fields={"month": _("Choose a month from 1 to 12.")},
        )
    if not YEAR_MIN <= year <= YEAR_MAX:
        raise ApplicationError(
            "year_invalid",
            _("Enter a Jalali year, like 1405."),
            fields={"year": _("Enter a Jalali year, like 1405.")},
        )
    start: date = jdatetime.date(year, month, 1).togregorian()
    return start, jalali_days_in_month(year=year, month=month)


# ---------------------------------------------------------------- rates


@dataclass(frozen=True)
class RateData:
    licence_type: str
    care_mode: str
    grade: int
    year: int
    effective_month: int
    basis: str
    amount: int
    note: str = ""


def _clean_rate(data: RateData) -> None:
    errors: dict[str, Any] = {}
    if data.licence_type not in LicenceType.values:
        errors["licence_type"] = _("Choose a licence type.")
    if data.care_mode not in CareMode.values:
        errors["care_mode"] = _("Choose a care mode.")
    if data.grade not in Grade.values:
        errors["grade"] = _("Choose grade 1 or 2.")
    if data.basis not in RateBasis.values:
        errors["basis"] = _("Choose per person or per center.")
    if not 1 <= data.effective_month <= 12:
        errors["effective_month"] = _("Choose a month from 1 to 12.")
    if not YEAR_MIN <= data.year <= YEAR_MAX:
        errors["year"] = _("Enter a Jalali year, like 1405.")
    if data.amount < 0:
        errors["amount"] = _("The amount cannot be negative.")
    if errors:
        raise ApplicationError(
            "rate_invalid", _("Check the highlighted fields of the rate."), fields=errors
        )


@transaction.atomic
def rate_set(*, actor: Any, scope: Scope, data: RateData) -> SubsidyRate:
    """Record a rate (a decree's amount) from a month on. Never overwrites: the old row stays
    as history and keeps applying to the months before."""
    grants = scope.grants_for(Perm.CENTERS_RATES)
    if not grants:
        raise PermissionDeniedError()
    if not any(g.unit_kind == OrgUnitKind.HQ for g in grants):
        raise PermissionDeniedError(_("Subsidy rates are set by headquarters' finance officers."))
    _clean_rate(data)
    rate = SubsidyRate.objects.create(
        licence_type=data.licence_type,
        care_mode=data.care_mode,
        grade=data.grade,
        year=data.year,
        effective_month=data.effective_month,
        basis=data.basis,
        amount=data.amount,
        note=normalize_persian(data.note),
        set_by=actor,
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=rate,
        changes={"key": str(rate), "from_month": rate.effective_month, "amount": rate.amount},
        org_unit=_hq_unit(),
    )
    return rate


def rate_ensure(*, data: RateData) -> SubsidyRate:
    """The demo's and tests' rates: the row for the key, year and month, made once."""
    _clean_rate(data)
    rate, _created = SubsidyRate.objects.get_or_create(
        licence_type=data.licence_type,
        care_mode=data.care_mode,
        grade=data.grade,
        year=data.year,
        effective_month=data.effective_month,
        defaults={"basis": data.basis, "amount": data.amount, "note": data.note},
    )
    return rate


# ---------------------------------------------------------------- payment accounts


@transaction.atomic
def payment_account_set(
    *, actor: Any, scope: Scope, center: Center, sheba: str, holder_name: str
) -> CenterPaymentAccount:
    """Record the Sheba a center is paid to; the previous one ends (kept as history, never
    overwritten). Recording the same Sheba and holder again changes nothing. Claims already
    computed keep the Sheba they were computed with until they are computed again.

    The current row is locked, so two finance officers recording at once end it only once
    (and the partial unique index refuses a second current row)."""
    require(scope, Perm.CENTERS_SUBSIDY_PREPARE, center)
    try:
        sheba = validate_sheba(sheba)
    except ValidationError as error:
        raise ApplicationError(
            "sheba_invalid", error.messages[0], fields={"sheba": error.messages[0]}
        ) from None
    holder = normalize_persian(holder_name).strip()
    if not holder:
        raise ApplicationError(
            "holder_required",
            _("Enter the account holder's name."),
            fields={"holder_name": _("Enter the account holder's name.")},
        )
    current = (
        CenterPaymentAccount.objects.select_for_update()
        .filter(center=center, ended_at__isnull=True)
        .first()
    )
    if current and current.sheba == sheba and current.holder_name == holder:
        return current
    now = timezone.now()
    if current:
        current.ended_at = now
        current.save(update_fields=["ended_at"])
    account = CenterPaymentAccount(
        center=center, sheba=sheba, holder_name=holder, set_by=actor, set_at=now
    )
    stamp_org_unit(account, center.org_unit)
    account.save()
    # As the registry audits a person's bank account: the last four digits only.
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if current else AuditAction.CREATE,
        target=account,
        changes={"sheba": "****" + sheba[-4:]},
        org_unit=center.org_unit,
    )
    return account


# ---------------------------------------------------------------- compute


def _facts_sql(vendor: str, year: int, month: int, start: date, end: date) -> str:
    pairs = [
        ("licence_type", "y.licence_type"),
        ("care_mode", "y.care_mode"),
        ("grade", "y.grade"),
        ("rate_year", str(int(year))),
        ("rate_from_month", "y.rate_month"),
        ("month", f"'{int(year):04d}/{int(month):02d}'"),
        ("first_day", f"'{start.isoformat()}'"),
        ("last_day", f"'{end.isoformat()}'"),
    ]
    body = ", ".join(f"'{key}', {value}" for key, value in pairs)
    return f"jsonb_build_object({body})" if vendor == "postgresql" else f"json_object({body})"


_INSERT_COLUMNS = (
    "center_id, year, month, state, basis, rate_id, rate_amount, days_in_month, licensed_days, "
    "residents, resident_days, capacity, capacity_days, paid_days, amount, sheba, payee_name, "
    "facts, prepared_by_id, prepared_at, approved_by_id, approved_at, batch_id, org_unit_id, "
    "scope_province_id, scope_county_id"
)


def _day_sql(vendor: str, day: date) -> str:
    """A date literal (ISO, computed here: nothing typed by a user reaches the SQL)."""
    return f"DATE '{day.isoformat()}'" if vendor == "postgresql" else f"'{day.isoformat()}'"


def _offset_sql(vendor: str, column: str, start: date) -> str:
    """The day number of `column` in the month (0 = the first day; negative before it, NULL for
    NULL): plain integers from here on, so one SQL serves both databases."""
    if vendor == "postgresql":
        return f"({column} - DATE '{start.isoformat()}')"
    # julianday() of a date is N + 0.5: the integer part is the day number.
    return f"(CAST(julianday({column}) AS INTEGER) - {start.toordinal() + 1_721_424})"


def applicable_rate_ids(*, year: int, month: int) -> list[int]:
    """The rate row of each (licence type, care mode, grade) for a month: the year's row with
    the latest effective month not after it, the newest among equals (`rate_for`'s rule).
    Chosen here rather than in the statement: the table is small, and the planner cannot
    estimate a "first row per key" filter (it guesses one row and then plans the joins
    below it as nested loops)."""
    rows = (
        SubsidyRate.objects.filter(year=year, effective_month__lte=month)
        .order_by("licence_type", "care_mode", "grade", "-effective_month", "-pk")
        .values_list("licence_type", "care_mode", "grade", "pk")
    )
    chosen: dict[tuple[str, str, int], int] = {}
    for licence_type, care_mode, grade, pk in rows:
        chosen.setdefault((licence_type, care_mode, grade), pk)
    return sorted(chosen.values())


def compute_sql(
    *,
    year: int,
    month: int,
    rate_ids: list[int],
    centers_sql: str,
    centers_params: list[Any],
    actor_id: int,
) -> tuple[str, list[Any]]:
    """One INSERT … SELECT of the month's claim of every center in `centers_sql` (a query of
    center ids) that has none yet.

    Interval arithmetic on day numbers of the month (0 … n, half-open ranges), never a row per
    day: `lic` clips each activity licence's days in force to the month; `spans` merges the
    overlapping ones of a center (a renewal issued before the old licence ends) into disjoint
    ranges — one per center in the usual case — numbered from 1; licensed days are their
    lengths summed. A stay's resident-days are the overlap of [admitted_on, discharged_on)
    with each span, so a stay is joined to its center's span(s) and counted once (span 1).
    """
    start, n = month_bounds(year=year, month=month)
    sentinel = start + timedelta(days=n)
    vendor = connection.vendor
    greatest, least = ("GREATEST", "LEAST") if vendor == "postgresql" else ("MAX", "MIN")
    s, e = _day_sql(vendor, start), _day_sql(vendor, sentinel)

    rates = ", ".join(str(int(pk)) for pk in rate_ids) or "NULL"

    def off(column: str) -> str:
        return _offset_sql(vendor, column, start)

    sql = f"""
WITH lic AS (
    -- In force: valid or since expired, for its whole period; suspended or revoked, until the
    -- day the status changed (center_has_valid_licence). Centers of the reader's area.
    SELECT l.center_id, {greatest}({off("l.valid_from")}, 0) AS lo,
        {least}(CASE WHEN l.status IN ('valid', 'expired') THEN {off("l.valid_until")} + 1
            ELSE {least}({off("l.valid_until")} + 1, {off("l.status_changed_on")}) END,
            {n}) AS hi
    FROM centers_licence l
    WHERE l.kind = 'activity_licence' AND l.valid_from < {e} AND l.valid_until >= {s}
        AND (l.status IN ('valid', 'expired') OR l.status_changed_on IS NOT NULL)
        AND l.center_id IN ({centers_sql})
), runs AS (
    SELECT center_id, lo, hi, MAX(hi) OVER (PARTITION BY center_id ORDER BY lo, hi
            ROWS BETWEEN UNBOUNDED PRECEDING AND 1 PRECEDING) AS reach
    FROM lic WHERE hi > lo
), islands AS (
    SELECT center_id, lo, hi,
        SUM(CASE WHEN reach IS NULL OR lo > reach THEN 1 ELSE 0 END) OVER (
            PARTITION BY center_id ORDER BY lo, hi ROWS UNBOUNDED PRECEDING) AS span
    FROM runs
), spans AS (
    SELECT center_id, span, MIN(lo) AS lo, MAX(hi) AS hi FROM islands GROUP BY center_id, span
), per_span AS (
    -- A stay's resident-days: its overlap with each licensed span of its center.
    SELECT sp.center_id, sp.span, sp.hi - sp.lo AS days, COUNT(a.id) AS residents,
        SUM({greatest}({least}(COALESCE({off("a.discharged_on")}, {n}), sp.hi)
            - {greatest}({off("a.admitted_on")}, sp.lo), 0)) AS resident_days
    FROM spans sp
    LEFT JOIN centers_admission a ON a.center_id = sp.center_id
        AND a.admitted_on < {e} AND (a.discharged_on IS NULL OR a.discharged_on > {s})
    GROUP BY sp.center_id, sp.span, sp.lo, sp.hi
), per_center AS (
    -- Every stay of the month is counted once: with the first span. (PostgreSQL sums
    -- bigints into numerics: cast back, so the amount's division below stays integral.)
    SELECT center_id, CAST(SUM(days) AS BIGINT) AS licensed_days,
        CAST(SUM(CASE WHEN span = 1 THEN residents ELSE 0 END) AS BIGINT) AS residents,
        CAST(COALESCE(SUM(resident_days), 0) AS BIGINT) AS resident_days
    FROM per_span GROUP BY center_id
), x AS (
    -- Centers that have the month's claim already are left out here, at the end, where a
    -- stale estimate of how many there are cannot mislead the plan of the aggregates above.
    SELECT c.id, c.capacity, c.licence_type, c.care_mode, c.grade, c.org_unit_id,
        c.scope_province_id, c.scope_county_id, r.id AS rate_id, r.basis,
        r.amount AS rate_amount, r.effective_month AS rate_month, pc.licensed_days,
        pc.residents, pc.resident_days, c.capacity * pc.licensed_days AS capacity_days
    FROM per_center pc
    JOIN centers_center c ON c.id = pc.center_id
    JOIN centers_subsidyrate r ON r.licence_type = c.licence_type
        AND r.care_mode = c.care_mode AND r.grade = c.grade AND r.id IN ({rates})
    WHERE NOT EXISTS (SELECT 1 FROM centers_subsidyclaim k
        WHERE k.center_id = c.id AND k.year = {int(year)} AND k.month = {int(month)})
), y AS (
    SELECT x.*, CASE WHEN x.resident_days > x.capacity_days THEN x.capacity_days
        ELSE x.resident_days END AS paid_days
    FROM x
)
INSERT INTO centers_subsidyclaim ({_INSERT_COLUMNS})
SELECT y.id, {int(year)}, {int(month)}, 'computed', y.basis, y.rate_id, y.rate_amount, {n},
    y.licensed_days, y.residents, y.resident_days, y.capacity, y.capacity_days, y.paid_days,
    CASE WHEN y.basis = 'per_center' THEN (2 * y.licensed_days * y.rate_amount + {n}) / {2 * n}
        ELSE (2 * y.paid_days * y.rate_amount + {n}) / {2 * n} END,
    COALESCE(pa.sheba, ''), COALESCE(pa.holder_name, ''),
    {_facts_sql(vendor, year, month, start, sentinel - timedelta(days=1))},
    {int(actor_id)}, %s, NULL, NULL, NULL, y.org_unit_id, y.scope_province_id, y.scope_county_id
FROM y
LEFT JOIN centers_centerpaymentaccount pa ON pa.center_id = y.id AND pa.ended_at IS NULL
"""  # noqa: S608 - only integers, ISO dates computed here and code-defined SQL are interpolated
    # The centers' parameters come first in the text, the time of the computation last.
    params = [*centers_params, connection.ops.adapt_datetimefield_value(timezone.now())]
    return sql, params


def _centers_in_scope_sql(scope: Scope, center_ids: list[int] | None) -> tuple[str, list[Any]]:
    centers = Center.objects.filter(scope.stamp_q(Perm.CENTERS_SUBSIDY_PREPARE))
    if center_ids is not None:
        centers = centers.filter(pk__in=center_ids)
    sql, params = centers.values("pk").query.sql_with_params()
    return sql, list(params)


# Namespace of the per-month advisory lock of the compute ("csub").
_COMPUTE_LOCK = 0x63737562


def _run_compute(
    *, actor: Any, scope: Scope, year: int, month: int, center_ids: list[int] | None
) -> int:
    rate_ids = applicable_rate_ids(year=year, month=month)
    if not rate_ids:
        return 0
    centers_sql, centers_params = _centers_in_scope_sql(scope, center_ids)
    sql, params = compute_sql(
        year=year,
        month=month,
        rate_ids=rate_ids,
        centers_sql=centers_sql,
        centers_params=centers_params,
        actor_id=actor.pk,
    )
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Two computations of one month wait for each other (the second then finds the
            # claims made and adds none).
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::int, %s::int)",
                [_COMPUTE_LOCK, year * 100 + month],
            )
        # The month's stays are hashed in memory (about 20 MB for 300,000 residents).
        tune_for_bulk(cursor, work_mem="64MB")
        cursor.execute(sql, params)
        if connection.vendor == "sqlite":
            cursor.execute("SELECT changes()")
            return int(cursor.fetchone()[0])
        return max(cursor.rowcount, 0)


@transaction.atomic
def subsidy_month_compute(
    *, actor: Any, scope: Scope, year: int, month: int, center_ids: list[int] | None = None
) -> int:
    """Compute the month's claim of every center in the reader's area (or of `center_ids`
    among them) that has none yet, in one statement. Returns how many were made; running it
    again makes none (and the database refuses a second claim for a center and month)."""
    require(scope, Perm.CENTERS_SUBSIDY_PREPARE)
    month_bounds(year=year, month=month)
    created = _run_compute(actor=actor, scope=scope, year=year, month=month, center_ids=center_ids)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE centers_subsidyclaim (center_id, year, month, state, batch_id)")
    hq = _hq_unit()
    if hq is not None:
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            target=hq,
            changes={"subsidy_claims": created, "month": f"{year}/{month:02d}"},
        )
    return created


def _state_error(message: Any) -> ApplicationError:
    return ApplicationError("claim_state", message, status=409)


def _locked(claim: SubsidyClaim) -> SubsidyClaim:
    locked = SubsidyClaim.objects.select_for_update().get(pk=claim.pk)
    claim.__dict__.update(locked.__dict__)
    return claim


@transaction.atomic
def subsidy_claim_recompute(*, actor: Any, scope: Scope, claim: SubsidyClaim) -> SubsidyClaim:
    """Replace a claim not approved yet with one computed from the facts as they are now
    (e.g. after a discharge was recorded late, or the Sheba was added). Whoever recomputes
    becomes the preparer."""
    require(scope, Perm.CENTERS_SUBSIDY_PREPARE, claim)
    _locked(claim)
    if claim.state != ClaimState.COMPUTED:
        raise _state_error(_("Only a claim that is not approved yet can be computed again."))
    center_id, year, month = claim.center_id, claim.year, claim.month
    claim.delete()
    _run_compute(actor=actor, scope=scope, year=year, month=month, center_ids=[center_id])
    fresh = SubsidyClaim.objects.filter(center_id=center_id, year=year, month=month).first()
    if fresh is None:
        raise ApplicationError(
            "claim_not_due",
            _("No subsidy is due for this month any more: no licensed day or no rate."),
            status=409,
        )
    audit_record(actor=actor, action=AuditAction.UPDATE, target=fresh, changes={"recomputed": True})
    return fresh


@transaction.atomic
def subsidy_claim_approve(*, actor: Any, scope: Scope, claim: SubsidyClaim) -> SubsidyClaim:
    """The checker approves what the maker computed; never the same person."""
    require(scope, Perm.CENTERS_SUBSIDY_APPROVE, claim)
    _locked(claim)
    if claim.state in (ClaimState.APPROVED, ClaimState.EXPORTED):
        return claim
    if claim.prepared_by_id == actor.pk:
        raise ApplicationError(
            "maker_checker",
            _(
                "You computed this claim, so you cannot approve it: another finance officer "
                "must check and approve it (maker–checker)."
            ),
            status=403,
        )
    if not claim.sheba:
        raise ApplicationError(
            "claim_no_sheba",
            _(
                "The center has no Sheba number on record: record it, compute the claim "
                "again, then approve it."
            ),
            status=409,
        )
    claim.state = ClaimState.APPROVED
    claim.approved_by = actor
    claim.approved_at = timezone.now()
    claim.save(update_fields=["state", "approved_by", "approved_at"])
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=claim,
        changes={"state": ["computed", "approved"], "amount": claim.amount},
    )
    return claim


# ---------------------------------------------------------------- payment batches


def _batch_unit(scope: Scope) -> OrgUnit:
    """The unit a batch belongs to: the reader's outermost unit where they prepare."""
    grants = sorted(scope.grants_for(Perm.CENTERS_SUBSIDY_PREPARE), key=lambda g: len(g.unit_path))
    if not grants:
        raise PermissionDeniedError()
    return OrgUnit.objects.get(pk=grants[0].unit_id)


@transaction.atomic
def subsidy_batch_create(*, actor: Any, scope: Scope, year: int, month: int) -> SubsidyBatch:
    """Put the month's approved claims of the reader's area that are in no batch yet into a
    new payment batch (its bank file never changes afterwards)."""
    require(scope, Perm.CENTERS_SUBSIDY_PREPARE)
    month_bounds(year=year, month=month)
    claims = SubsidyClaim.objects.select_for_update().filter(
        scope.stamp_q(Perm.CENTERS_SUBSIDY_PREPARE),
        year=year,
        month=month,
        state=ClaimState.APPROVED,
        batch__isnull=True,
    )
    ids = list(claims.values_list("pk", flat=True))
    if not ids:
        raise ApplicationError(
            "batch_empty",
            _("No approved claims of this month are waiting for a payment batch."),
            status=409,
        )
    batch = SubsidyBatch(year=year, month=month, created_by=actor)
    stamp_org_unit(batch, _batch_unit(scope))
    batch.save()
    SubsidyClaim.objects.filter(pk__in=ids).update(batch=batch, state=ClaimState.EXPORTED)
    total = SubsidyClaim.objects.filter(batch=batch).aggregate(total=Sum("amount"))["total"] or 0
    batch.claim_count = len(ids)
    batch.total_amount = total
    batch.save(update_fields=["claim_count", "total_amount"])
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=batch,
        changes={"claims": len(ids), "total": total},
    )
    return batch


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def _bank_file_lines(batch: SubsidyBatch) -> Iterator[str]:
    yield _csv_line(list(BANK_FILE_COLUMNS))
    rows = (
        SubsidyClaim.objects.filter(batch=batch)
        .order_by("pk")
        .values_list("pk", "sheba", "amount", "payee_name", "year", "month")
    )
    for pk, sheba, amount, payee, year, month in rows.iterator(chunk_size=5000):
        period = year * 100 + month
        yield _csv_line([pk, sheba, amount, payee, f"CHS-{period}-{pk}", period])


def bank_file_name(batch: SubsidyBatch) -> str:
    return f"chatr-center-subsidies-{batch.period}-{batch.pk}.csv"


def subsidy_batch_export(*, actor: Any, scope: Scope, batch: SubsidyBatch) -> Iterator[str]:
    """The batch's bank transfer file (UTF-8 CSV, CRLF, the pensions' columns), as lines to
    stream; every download is the same file, and every download is audited."""
    require(scope, Perm.CENTERS_SUBSIDY_PREPARE, batch)
    audit_record(actor=actor, action=AuditAction.EXPORT, target=batch, changes={"bank_file": True})
    return _bank_file_lines(batch)


def claim_amount(*, rate_amount: int, days: int, days_in_month: int) -> int:
    """The pro-rata rule the SQL applies, in Python (for forms' previews and the tests):
    days × rate / days in the month, rounded half up to the rial."""
    return (2 * days * rate_amount + days_in_month) // (2 * days_in_month)
