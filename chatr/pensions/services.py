"""Writers of pensions: programs and their yearly benefit rules, suspensions, and the monthly
payment cycle — open → compute → approve (by someone else) → export the bank file → import
the bank's results → reconcile. Every step may be run again safely.

Payment cycles are national and run by HQ finance: writing one needs the permission held at
HQ. Entitlements are scoped (to the client file's unit), so province staff see their rows.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.core.db import tune_for_bulk
from chatr.core.errors import ApplicationError, PermissionDeniedError, lazy_message
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.pensions.conditions import STANDARD_CONDITIONS, condition_get
from chatr.pensions.models import (
    APPROVED_STATES,
    PAYING_STATUSES,
    SNAPSHOT_FACTS,
    BenefitRule,
    CycleState,
    Entitlement,
    EntitlementKind,
    EntitlementStatus,
    PaymentCycle,
    Program,
    Suspension,
    period_parts,
)
from chatr.registry.choices import SubGroup

# ---------------------------------------------------------------- permissions


def _hq_unit() -> OrgUnit | None:
    return OrgUnit.objects.filter(kind=OrgUnitKind.HQ).order_by("pk").first()


def require_hq(scope: Scope, perm: str) -> None:
    """Payment cycles and programs are national: the permission must be held at HQ."""
    grants = scope.grants_for(perm)
    if not grants:
        raise PermissionDeniedError()
    if not any(g.unit_kind == OrgUnitKind.HQ for g in grants):
        raise PermissionDeniedError(
            _("Payment cycles and programs are run by headquarters' finance officers.")
        )


def _audit(actor: Any, target: Any, action: str, changes: dict[str, Any]) -> None:
    audit_record(actor=actor, action=action, target=target, changes=changes, org_unit=_hq_unit())


# ---------------------------------------------------------------- programs and rules


def _clean_program(sub_groups: list[str], conditions: list[str]) -> None:
    unknown_groups = [g for g in sub_groups if g not in SubGroup.values]
    if not sub_groups or unknown_groups:
        raise ApplicationError(
            "program_sub_groups_invalid",
            _("Choose at least one registry sub-group the program serves."),
            fields={"sub_groups": _("Choose at least one sub-group.")},
        )
    unknown = [c for c in conditions if condition_get(c) is None]
    if unknown:
        raise ApplicationError(
            "program_condition_unknown",
            lazy_message(
                ngettext_lazy(
                    "This condition does not exist: %(codes)s.",
                    "These conditions do not exist: %(codes)s.",
                    len(unknown),
                ),
                codes=", ".join(unknown),
            ),
            fields={"conditions": _("Choose conditions from the list.")},
        )


@transaction.atomic
def program_ensure(
    *,
    code: str,
    name_fa: str,
    name_en: str,
    sub_groups: list[str],
    conditions: list[str] | None = None,
) -> Program:
    """Create a program by code if missing (reference data and the demo); an existing one is
    kept as HQ left it."""
    conditions = list(STANDARD_CONDITIONS) if conditions is None else conditions
    _clean_program(sub_groups, conditions)
    program, _created = Program.objects.get_or_create(
        code=code,
        defaults={
            "name_fa": name_fa,
            "name_en": name_en,
            "sub_groups": sub_groups,
            "conditions": conditions,
        },
    )
    return program


@transaction.atomic
def program_update(
    *,
    actor: Any,
    scope: Scope,
    program: Program,
    name_fa: str,
    name_en: str,
    sub_groups: list[str],
    conditions: list[str],
    is_active: bool,
) -> Program:
    require_hq(scope, Perm.PENSIONS_PROGRAMS)
    _clean_program(sub_groups, conditions)
    program.name_fa, program.name_en = name_fa.strip(), name_en.strip()
    program.sub_groups, program.conditions, program.is_active = sub_groups, conditions, is_active
    program.save(update_fields=["name_fa", "name_en", "sub_groups", "conditions", "is_active"])
    _audit(
        actor,
        program,
        AuditAction.UPDATE,
        {"sub_groups": sub_groups, "conditions": conditions, "is_active": is_active},
    )
    return program


RULE_AMOUNT_FIELDS = (
    "base_amount",
    "per_member_amount",
    "very_severe_amount",
    "severe_amount",
    "moderate_amount",
    "mild_amount",
)


def _rule_upsert(program: Program, year: int, values: dict[str, int]) -> tuple[BenefitRule, bool]:
    for name in RULE_AMOUNT_FIELDS:
        if int(values.get(name, 0)) < 0:
            raise ApplicationError(
                "amount_negative",
                _("Amounts are rials and cannot be negative."),
                fields={name: _("Enter zero or more rials.")},
            )
    if not 1300 <= year <= 1500:
        raise ApplicationError(
            "year_invalid",
            _("Enter a Jalali year such as 1405."),
            fields={"year": _("Enter a Jalali year such as 1405.")},
        )
    return BenefitRule.objects.update_or_create(program=program, year=year, defaults=values)


@transaction.atomic
def benefit_rule_set(
    *, actor: Any, scope: Scope, program: Program, year: int, values: dict[str, int]
) -> BenefitRule:
    """Set the program's amounts for a Jalali year. Cycles already approved keep what they
    computed (entitlements keep their own snapshot); an unapproved cycle is recomputed."""
    require_hq(scope, Perm.PENSIONS_PROGRAMS)
    rule, created = _rule_upsert(program, year, values)
    _audit(
        actor,
        rule,
        AuditAction.CREATE if created else AuditAction.UPDATE,
        {"year": year, **{k: int(v) for k, v in values.items()}},
    )
    return rule


def benefit_rule_ensure(*, program: Program, year: int, values: dict[str, int]) -> BenefitRule:
    """The demo's rule for a year, created once (HQ's later edits are kept)."""
    rule = BenefitRule.objects.filter(program=program, year=year).first()
    return rule or _rule_upsert(program, year, values)[0]


# ---------------------------------------------------------------- suspensions


@transaction.atomic
def suspension_add(
    *, actor: Any, scope: Scope, person: Any, reason: str, program: Program | None = None
) -> Suspension:
    """Hold a person's payments (in one program, or all) from the next computed cycle on."""
    require(scope, Perm.PENSIONS_PREPARE)
    if not reason.strip():
        raise ApplicationError(
            "reason_required",
            _("Say why the payments are suspended."),
            fields={"reason": _("Enter a reason.")},
        )
    suspension = Suspension.objects.create(
        person=person, program=program, reason=reason.strip(), created_by=actor
    )
    _audit(actor, suspension, AuditAction.CREATE, {"program": program.code if program else None})
    return suspension


@transaction.atomic
def suspension_lift(*, actor: Any, scope: Scope, suspension: Suspension) -> Suspension:
    require(scope, Perm.PENSIONS_PREPARE)
    if suspension.lifted_at is None:
        suspension.lifted_at = timezone.now()
        suspension.save(update_fields=["lifted_at"])
        _audit(actor, suspension, AuditAction.UPDATE, {"lifted": True})
    return suspension


# ---------------------------------------------------------------- cycles


def _state_error(message: Any) -> ApplicationError:
    """A step the cycle's state does not allow; `message` is one whole sentence per step."""
    return ApplicationError("cycle_state", message, status=409)


def _locked(cycle: PaymentCycle) -> PaymentCycle:
    """The cycle row, locked for this transaction, so two clicks run one after the other."""
    locked = PaymentCycle.objects.select_for_update().get(pk=cycle.pk)
    cycle.__dict__.update(locked.__dict__)
    return cycle


@transaction.atomic
def cycle_open(
    *, actor: Any, scope: Scope, program: Program, year: int, month: int
) -> PaymentCycle:
    """Open the program's cycle for a Jalali month (the existing one if it is already open)."""
    require_hq(scope, Perm.PENSIONS_PREPARE)
    if not 1 <= month <= 12:
        raise ApplicationError(
            "month_invalid",
            _("Choose a month from 1 to 12."),
            fields={"month": _("Choose a month from 1 to 12.")},
        )
    if not program.is_active:
        raise ApplicationError(
            "program_inactive",
            _("This program is not active."),
            fields={"program": _("Choose an active program.")},
        )
    if not BenefitRule.objects.filter(program=program, year=year).exists():
        raise ApplicationError(
            "rule_missing",
            lazy_message(
                _("The program has no benefit rule for %(year)s: HQ sets the amounts first."),
                year=year,
            ),
            fields={"year": _("No benefit rule for this year.")},
        )
    cycle, created = PaymentCycle.objects.get_or_create(
        program=program, year=year, month=month, defaults={"opened_by": actor}
    )
    if created:
        _audit(actor, cycle, AuditAction.CREATE, {"program": program.code, "period": cycle.period})
    return cycle


# Columns of the candidate rows the conditions read (see conditions.py).
_CANDIDATE_COLUMNS = (
    "person_id",
    "file_id",
    "household_id",
    "death_date",
    "sheba",
    "suspended",
    "sheba_users",
)
_CODE = re.compile(r"^[a-z][a-z0-9_]*$")

# The household's most severe disability (kept on the household by the registry) as a rank.
_HOUSEHOLD_SEVERITY_RANK = (
    "CASE h.most_severe_disability WHEN 'very_severe' THEN 1 WHEN 'severe' THEN 2 "
    "WHEN 'moderate' THEN 3 WHEN 'mild' THEN 4 ELSE 9 END"
)
_INSERT_COLUMNS = (
    "cycle_id, program_id, person_id, file_id, period, kind, amount, status, reason, "
    "bank_message, bank_reference, sheba, payee_name, reissue_of_id, result_at, "
    "created_at, org_unit_id, scope_province_id, scope_county_id"
)


def _reason_sql(program: Program, vendor: str) -> str:
    """CASE expression for the row's exception reason ('' when payable): the first failing
    condition of the program names it. Evaluated once per row (`_checked_sql`); the status is
    derived from it, so no condition (the Sheba's mod-97 check above all) runs twice."""
    whens: list[tuple[str, str]] = []
    for code in program.conditions:
        condition = condition_get(code)
        if condition is None:
            raise ApplicationError(
                "program_condition_unknown",
                lazy_message(_("The condition “%(code)s” is not available."), code=code),
            )
        if not _CODE.match(condition.reason):
            raise ValueError(f"condition reason {condition.reason!r} is not a plain code")
        whens.append((condition.failing_sql(vendor), condition.reason))
    if not whens:
        return "''"
    return "CASE " + " ".join(f"WHEN {sql} THEN '{r}'" for sql, r in whens) + " ELSE '' END"


def _reasons_sql(programs: list[Program], vendor: str) -> str:
    """The reason expression of rows that belong to several programs: each row goes through
    its own program's conditions only (`CASE x.program_id WHEN …`), so every condition is
    still evaluated at most once per row. Programs that check the same conditions (the
    standard ones all do) share one branch, and a single branch needs no CASE at all."""
    branches: dict[str, list[int]] = {}
    for program in programs:
        branches.setdefault(_reason_sql(program, vendor), []).append(int(program.pk))
    if len(branches) == 1:
        return next(iter(branches))
    # No ELSE: every row belongs to one of the programs; a NULL reason would fail the insert.
    whens = " ".join(f"WHEN {pk} THEN ({sql})" for sql, pks in branches.items() for pk in pks)
    return f"CASE x.program_id {whens} END"


def _checked_sql(reason: str, vendor: str) -> str:
    """The rows of the CTE `x` with their exception reason added, still called `x` so that the
    conditions, the snapshot and the INSERT's columns all read `x.…`.

    The OFFSET keeps the subquery from being merged into the INSERT's SELECT: merged, the
    reason's CASE would be copied into both places that read `reason_code` (the status and
    the reason), and every condition — the Sheba's mod-97 check above all — would run twice
    per row. (PostgreSQL does not pull up a subquery with OFFSET; SQLite does not flatten
    one, and needs a LIMIT to write an OFFSET: -1 is none.)"""
    fence = "OFFSET 0" if vendor == "postgresql" else "LIMIT -1 OFFSET 0"
    return f"(SELECT x.*, {reason} AS reason_code FROM x {fence}) x"  # noqa: S608


_STATUS = "CASE WHEN x.reason_code = '' THEN 'payable' ELSE 'exception' END, x.reason_code"


def _suspended_sql(program_id: str) -> str:
    """1 when the person (`p`) has a suspension in force for the program whose id is the SQL
    expression `program_id` (a column, or an integer literal), or for every program.
    Uncorrelated IN subqueries: PostgreSQL hashes the few suspensions in force once (a hashed
    SubPlan) instead of probing the table's index once per candidate row."""
    return (
        "CASE WHEN p.id IN (SELECT s.person_id FROM pensions_suspension s "  # noqa: S608
        "WHERE s.lifted_at IS NULL AND s.program_id IS NULL) "
        f"OR (p.id, {program_id}) IN (SELECT s.person_id, s.program_id "
        "FROM pensions_suspension s WHERE s.lifted_at IS NULL AND s.program_id IS NOT NULL) "
        "THEN 1 ELSE 0 END"
    )


# The snapshot columns and, for a computed row `x`, their values (in SNAPSHOT_FACTS order).
_FACT_COLUMNS = ", ".join(f"fact_{name}" for name in SNAPSHOT_FACTS)
_FACT_VALUES = (
    "x.household_id, x.household_size, x.extra_members, "
    "CASE x.severity_rank WHEN 1 THEN 'very_severe' WHEN 2 THEN 'severe' "
    "WHEN 3 THEN 'moderate' WHEN 4 THEN 'mild' ELSE '' END, "
    "x.sub_group, x.file_number, x.rule_year, x.base_amount, "
    "x.per_member_amount * x.extra_members, x.severity_amount"
)


def _by_program(cycles: list[PaymentCycle], value: Callable[[PaymentCycle], int]) -> str:
    """A per-program value of the candidate row `c` as SQL: the integer itself when every
    program has the same, else `CASE c.program_id WHEN … END`. BIGINT, so that sums of
    amounts never overflow. (A CASE rather than a join to a VALUES list of rules: PostgreSQL
    has no statistics for a VALUES list and would estimate the join's rows a fiftieth of the
    real number, then choose nested loops over the registry's tables.)"""
    values = {int(cycle.program_id): int(value(cycle)) for cycle in cycles}
    if len(set(values.values())) == 1:
        return f"CAST({next(iter(values.values()))} AS BIGINT)"
    whens = " ".join(f"WHEN {pk} THEN CAST({v} AS BIGINT)" for pk, v in values.items())
    return f"CASE c.program_id {whens} END"


def _chosen_files_sql(vendor: str) -> str:
    """The CTE `chosen`: each client's oldest ACTIVE file in each program's sub-groups (one
    row per program and client), with the file's columns the cycle reads.

    On PostgreSQL one pass over the files, `DISTINCT ON` sorting the 1.6M small rows in
    memory; that is a second quicker at national scale than grouping for the smallest id and
    joining the files again, which SQLite (no `DISTINCT ON`) does."""
    columns = (
        "f.id AS file_id, f.client_id AS person_id, f.household_id, f.sub_group, f.file_number"
    )
    active = (
        "FROM registry_clientfile f JOIN program_groups g ON g.sub_group = f.sub_group "
        "WHERE f.state = 'active'"
    )
    if vendor == "postgresql":
        return f"""chosen AS (
    SELECT DISTINCT ON (g.program_id, f.client_id) g.program_id, {columns}
    {active}
    ORDER BY g.program_id, f.client_id, f.id
)"""
    return f"""oldest AS (
    SELECT g.program_id, MIN(f.id) AS file_id
    {active}
    GROUP BY g.program_id, f.client_id
), chosen AS (
    SELECT oldest.program_id, {columns}
    FROM oldest JOIN registry_clientfile f ON f.id = oldest.file_id
)"""  # noqa: S608


def _regular_sql(
    cycles: list[PaymentCycle], rules: dict[int, BenefitRule], vendor: str
) -> tuple[str, list[Any]]:
    """One INSERT … SELECT for every beneficiary of the given cycles' programs this month
    (cycles of the same month, one per program), and the rows it created per cycle.

    Raw SQL over the registry's tables (person, household, client file, bank account): the
    registry's selectors answer one person at a time, and 1.6M people must be computed in one
    pass. Beneficiary of a program = the client of an ACTIVE file in one of the program's
    sub-groups (the oldest such file when there are several: one row per person and program).
    The registry is read once for all the programs: the (program, sub-group) pairs are a
    VALUES list, `chosen` has one row per (program, client) (`_chosen_files_sql`), and every
    row carries its
    program's id, then its cycle and rule values (`_by_program`). Shebas are counted per
    (program, Sheba) and each row is checked against its own program's conditions, so each
    program's rows are exactly those it would get computed alone.
    A Sheba's users in a program are counted only for the Shebas that more than one current
    bank account holds (`dup_shebas`, a small set found from the accounts alone), from the
    registry's tables (`shared_shebas`); a row whose Sheba is not there has one user. The
    same number as a `COUNT(*) OVER (PARTITION BY program, sheba)` window over the rows,
    without sorting every wide candidate row, and `files` is read once, so it is not
    materialized.
    On PostgreSQL the statement returns the rows created per cycle; on SQLite one cycle id per
    row created.
    The severity amount follows the most severe disability among the household's current
    members (the client's own, or that of the member a carer looks after), and the member
    amount the household's current size: both are the household's derived facts, which the
    registry keeps whenever members or disabilities change (`household_facts_refresh`), so
    the cycle reads them instead of aggregating 5.8M memberships at national scale.
    Rows belong to the household's county (where the person lives, as households are scoped),
    not to the counter that serves the file.
    """
    programs = [cycle.program for cycle in cycles]
    pairs = [(int(p.pk), group) for p in programs for group in p.sub_groups]
    values: dict[str, Callable[[PaymentCycle], int]] = {
        "cycle_id": lambda cycle: cycle.pk,
        "period": lambda cycle: cycle.period,
        "rule_year": lambda cycle: rules[cycle.program_id].year,
        **{
            name: lambda cycle, name=name: getattr(rules[cycle.program_id], name)
            for name in (*RULE_AMOUNT_FIELDS, "max_extra_members")
        },
    }

    def rule(name: str) -> str:
        return _by_program(cycles, values[name])

    pair_values = ", ".join(f"({pk}, %s)" for pk, _group in pairs)
    # Only integers (cast here) and code-defined SQL are interpolated; sub-groups are params.
    sql = f"""
WITH program_groups (program_id, sub_group) AS (
    VALUES {pair_values}
), {_chosen_files_sql(vendor)}, files AS (
    SELECT chosen.program_id, chosen.file_id, chosen.person_id, chosen.household_id,
        chosen.sub_group, chosen.file_number, b.sheba
    FROM chosen
    LEFT JOIN registry_bankaccount b ON b.person_id = chosen.person_id AND b.ended_on IS NULL
), dup_shebas AS (
    SELECT b.sheba FROM registry_bankaccount b WHERE b.ended_on IS NULL
    GROUP BY b.sheba HAVING COUNT(*) > 1
), shared_shebas AS (
    SELECT g.program_id, b.sheba, COUNT(DISTINCT f.client_id) AS users
    FROM dup_shebas d
    JOIN registry_bankaccount b ON b.sheba = d.sheba AND b.ended_on IS NULL
    JOIN registry_clientfile f ON f.client_id = b.person_id AND f.state = 'active'
    JOIN program_groups g ON g.sub_group = f.sub_group
    GROUP BY g.program_id, b.sheba
), c AS (
    SELECT files.*, h.org_unit_id, h.scope_province_id, h.scope_county_id,
        p.death_date, p.first_name, p.last_name,
        {_suspended_sql("files.program_id")} AS suspended,
        CASE WHEN files.sheba IS NULL THEN 0 ELSE COALESCE(ss.users, 1) END AS sheba_users,
        h.member_count AS household_size,
        {_HOUSEHOLD_SEVERITY_RANK} AS severity_rank
    FROM files
    JOIN registry_person p ON p.id = files.person_id
    JOIN registry_household h ON h.id = files.household_id
    LEFT JOIN shared_shebas ss ON ss.program_id = files.program_id AND ss.sheba = files.sheba
), r AS (
    SELECT c.*, {rule("cycle_id")} AS cycle_id, {rule("period")} AS period,
        {rule("rule_year")} AS rule_year, {rule("max_extra_members")} AS max_extra_members,
        {rule("base_amount")} AS base_amount, {rule("per_member_amount")} AS per_member_amount,
        CASE c.severity_rank WHEN 1 THEN {rule("very_severe_amount")}
             WHEN 2 THEN {rule("severe_amount")} WHEN 3 THEN {rule("moderate_amount")}
             WHEN 4 THEN {rule("mild_amount")} ELSE 0 END AS severity_amount
    FROM c
), x AS (
    SELECT r.*,
        CASE WHEN r.household_size - 1 > r.max_extra_members THEN r.max_extra_members
             WHEN r.household_size < 1 THEN 0
             ELSE r.household_size - 1 END AS extra_members
    FROM r
)"""  # noqa: S608
    insert = f"""
INSERT INTO pensions_entitlement ({_INSERT_COLUMNS}, {_FACT_COLUMNS})
SELECT x.cycle_id, x.program_id, x.person_id, x.file_id, x.period, 'regular',
    x.base_amount + x.per_member_amount * x.extra_members + x.severity_amount,
    {_STATUS}, '', '', COALESCE(x.sheba, ''), x.first_name || ' ' || x.last_name,
    NULL, NULL, %s, x.org_unit_id, x.scope_province_id, x.scope_county_id, {_FACT_VALUES}
FROM {_checked_sql(_reasons_sql(programs, vendor), vendor)}
RETURNING cycle_id"""  # noqa: S608
    if vendor == "postgresql":
        # The rows created per cycle, counted by the statement itself (no second pass over
        # the new rows): the INSERT becomes a data-modifying CTE.
        sql += f""", inserted AS ({insert})
SELECT inserted.cycle_id, COUNT(*) FROM inserted GROUP BY inserted.cycle_id"""  # noqa: S608
    else:
        sql += insert  # SQLite cannot read RETURNING rows in SQL: one cycle id per row
    return sql, [*(group for _pk, group in pairs), _now_param()]


def _reissue_sql(cycle: PaymentCycle, vendor: str) -> tuple[str, list[Any]]:
    """Failed rows of earlier, reconciled cycles come back once as arrears lines, with their
    original month, amount and snapshot; the conditions are checked again today. (The
    redundant `IS NOT NULL` lets any plan, a hash anti-join too, read the small partial index
    `entitlement_reissued_once` instead of the whole table.)"""
    program = cycle.program
    reason = _reason_sql(program, vendor)
    sql = f"""
WITH x AS (
    SELECT e.id AS reissue_of_id, e.person_id, e.file_id, e.period, e.amount,
        {", ".join(f"e.fact_{name}" for name in SNAPSHOT_FACTS)},
        e.org_unit_id, e.scope_province_id, e.scope_county_id,
        f.household_id, p.death_date, p.first_name, p.last_name, b.sheba,
        {_suspended_sql(str(int(program.pk)))} AS suspended, 1 AS sheba_users
    FROM pensions_entitlement e
    JOIN pensions_paymentcycle pc ON pc.id = e.cycle_id
    JOIN registry_clientfile f ON f.id = e.file_id
    JOIN registry_person p ON p.id = e.person_id
    LEFT JOIN registry_bankaccount b ON b.person_id = e.person_id AND b.ended_on IS NULL
    WHERE e.program_id = {program.pk} AND e.status = 'failed' AND pc.state = 'reconciled'
        AND e.period < {cycle.period}
        AND NOT EXISTS (SELECT 1 FROM pensions_entitlement r
            WHERE r.reissue_of_id = e.id AND r.reissue_of_id IS NOT NULL)
)
INSERT INTO pensions_entitlement ({_INSERT_COLUMNS}, {_FACT_COLUMNS})
SELECT {cycle.pk}, {program.pk}, x.person_id, x.file_id, x.period, 'reissue', x.amount,
    {_STATUS}, '', '', COALESCE(x.sheba, ''), x.first_name || ' ' || x.last_name,
    x.reissue_of_id, NULL, %s, x.org_unit_id, x.scope_province_id, x.scope_county_id,
    {", ".join(f"x.fact_{name}" for name in SNAPSHOT_FACTS)}
FROM {_checked_sql(reason, vendor)}
"""  # noqa: S608
    return sql, [_now_param()]


# The columns readers filter, join or group on: analyzing only these halves ANALYZE's cost
# (the text columns are the expensive ones to summarise).
_ANALYZED_COLUMNS = (
    "cycle_id, program_id, person_id, period, kind, status, reissue_of_id, org_unit_id, "
    "scope_province_id, scope_county_id"
)


def _now_param() -> Any:
    return connection.ops.adapt_datetimefield_value(timezone.now())


def _compute(cycles: list[PaymentCycle]) -> dict[int, int]:
    """Compute the given OPEN cycles of one month (one per program): one INSERT … SELECT for
    all their regular rows, then each program's re-issues. Returns the rows created per cycle
    id. The caller holds the cycles' locks and moves their states."""
    if not cycles:
        return {}
    if len({(c.year, c.month) for c in cycles}) != 1:
        raise ValueError("the cycles computed together must be of the same month")
    if len({c.program_id for c in cycles}) != len(cycles):
        raise ValueError("one cycle per program and month")
    year = cycles[0].year
    rules = {
        rule.program_id: rule
        for rule in BenefitRule.objects.filter(
            program_id__in=[c.program_id for c in cycles], year=year
        )
    }
    if any(c.program_id not in rules for c in cycles):
        raise ApplicationError(
            "rule_missing",
            lazy_message(
                _("The program has no benefit rule for %(year)s: HQ sets the amounts first."),
                year=year,
            ),
        )
    vendor = connection.vendor
    created = dict.fromkeys((c.pk for c in cycles), 0)
    with connection.cursor() as cursor:
        # The candidates' hashes (1.6M rows at national scale) stay in memory.
        tune_for_bulk(cursor, work_mem="256MB")
        cursor.execute(*_regular_sql(cycles, rules, vendor))
        if vendor == "postgresql":
            created.update({int(pk): int(rows) for pk, rows in cursor.fetchall()})
        else:
            for (pk,) in cursor.fetchall():
                created[int(pk)] += 1
        for cycle in cycles:
            cursor.execute(*_reissue_sql(cycle, vendor))
            if vendor == "sqlite":
                # sqlite3 reports no row count for a statement that starts with WITH.
                cursor.execute("SELECT changes()")
                created[cycle.pk] += int(cursor.fetchone()[0])
            else:
                created[cycle.pk] += max(cursor.rowcount, 0)
    # The failed rows just brought back are marked, so they come back exactly once.
    Entitlement.objects.filter(
        pk__in=Entitlement.objects.filter(
            cycle_id__in=[c.pk for c in cycles], reissue_of__isnull=False
        ).values("reissue_of_id"),
        status=EntitlementStatus.FAILED,
    ).update(status=EntitlementStatus.REISSUED)
    if vendor == "postgresql":
        # Every reader of the new rows (cycle totals, exceptions, the bank file, the pensioner
        # recount at approval) would otherwise plan for the table as it was: empty at the
        # first cycle. ANALYZE may run in the transaction: it samples the rows this
        # transaction inserted and its statistics commit, or roll back, with them. It holds
        # the table's SHARE UPDATE EXCLUSIVE lock until commit, so two cycles computed at the
        # same moment analyze one after the other. Once for all the cycles computed.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE pensions_entitlement ({_ANALYZED_COLUMNS})")
    return created


def _mark_computed(actor: Any, cycle: PaymentCycle, changes: dict[str, Any]) -> None:
    cycle.state = CycleState.COMPUTED
    cycle.prepared_by = actor
    cycle.prepared_at = timezone.now()
    cycle.save(update_fields=["state", "prepared_by", "prepared_at", "updated_at"])
    _audit(actor, cycle, AuditAction.STATE, changes)


@transaction.atomic
def cycle_compute(*, actor: Any, scope: Scope, cycle: PaymentCycle) -> int:
    """Compute the entitlements of every beneficiary in one set-based pass (and bring back the
    failed payments of earlier cycles). Returns how many were created: 0 when the cycle was
    already computed (computing again changes nothing; see cycle_recompute)."""
    require_hq(scope, Perm.PENSIONS_PREPARE)
    _locked(cycle)
    if cycle.state == CycleState.COMPUTED:
        return 0
    if cycle.state != CycleState.OPEN:
        raise _state_error(_("Only an open cycle can be computed: this one is already approved."))
    created = _compute([cycle])[cycle.pk]
    _mark_computed(actor, cycle, {"state": ["open", "computed"], "rows": created})
    return created


@transaction.atomic
def month_compute(*, actor: Any, scope: Scope, year: int, month: int) -> int:
    """Compute every OPEN cycle of a Jalali month (one per program) in one pass over the
    registry, as `cycle_compute` would compute each of them: the same rows, each cycle
    COMPUTED by the actor and audited. Cycles already computed (or further on) are left
    alone, so running it again returns 0. Returns how many rows were created.

    Locking: the month's open cycles are locked in id order (as `cycle_compute` locks one);
    a cycle another transaction computes meanwhile is no longer open once its lock is free,
    so it is skipped (PostgreSQL re-checks the row's state after waiting)."""
    require_hq(scope, Perm.PENSIONS_PREPARE)
    if not 1 <= month <= 12:
        raise ApplicationError(
            "month_invalid",
            _("Choose a month from 1 to 12."),
            fields={"month": _("Choose a month from 1 to 12.")},
        )
    cycles = list(
        PaymentCycle.objects.select_for_update(of=("self",))
        .select_related("program")
        .filter(year=year, month=month, state=CycleState.OPEN)
        .order_by("pk")
    )
    if not cycles:
        return 0
    created = _compute(cycles)
    for cycle in cycles:
        _mark_computed(actor, cycle, {"state": ["open", "computed"], "rows": created[cycle.pk]})
    return sum(created.values())


@transaction.atomic
def cycle_recompute(*, actor: Any, scope: Scope, cycle: PaymentCycle) -> int:
    """Throw away an unapproved computation and compute again (after exceptions were fixed
    in the registry). Whoever recomputes becomes the preparer."""
    require_hq(scope, Perm.PENSIONS_PREPARE)
    _locked(cycle)
    if cycle.state not in (CycleState.OPEN, CycleState.COMPUTED):
        raise _state_error(_("Only a cycle that is not approved yet can be computed again."))
    reissued = Entitlement.objects.filter(cycle=cycle, reissue_of__isnull=False).values(
        "reissue_of_id"
    )
    Entitlement.objects.filter(pk__in=list(reissued)).update(status=EntitlementStatus.FAILED)
    Entitlement.objects.filter(cycle=cycle).delete()
    cycle.state = CycleState.OPEN
    created = _compute([cycle])[cycle.pk]
    _mark_computed(actor, cycle, {"recomputed": True, "rows": created})
    return created


@transaction.atomic
def cycle_approve(*, actor: Any, scope: Scope, cycle: PaymentCycle) -> PaymentCycle:
    """The checker approves what the maker prepared; never the same person."""
    require_hq(scope, Perm.PENSIONS_APPROVE)
    _locked(cycle)
    if cycle.state == CycleState.APPROVED:
        return cycle
    if cycle.state != CycleState.COMPUTED:
        raise _state_error(_("Only a computed cycle can be approved."))
    if actor.pk in (cycle.prepared_by_id, cycle.opened_by_id):
        raise ApplicationError(
            "maker_checker",
            _(
                "You prepared this payment cycle, so you cannot approve it: another finance "
                "officer must check and approve it (maker–checker)."
            ),
            status=403,
        )
    cycle.state = CycleState.APPROVED
    cycle.approved_by = actor
    cycle.approved_at = timezone.now()
    cycle.save(update_fields=["state", "approved_by", "approved_at", "updated_at"])
    pensioner_counts_refresh(period=cycle.period)
    _audit(actor, cycle, AuditAction.STATE, {"state": ["computed", "approved"]})
    return cycle


# Namespace of the per-month advisory lock taken by pensioner_counts_refresh ("pens").
_PENSIONER_COUNT_LOCK = 0x70656E73


def pensioner_counts_refresh(*, period: int) -> int:
    """Recount one Jalali month's pensioners per unit (`PensionerCount`): the distinct people
    with a regular row of the month that is paid, or to be paid by an approved cycle, over
    every program; the same rows the coverage measure used to count on each read. Returns the
    number of unit rows written. Idempotent: the month's rows are replaced.

    Runs inside the caller's transaction (approval, or the import of bank results, which may
    turn payable rows into failed ones), so the counts change exactly when the rows do. Two
    programs' cycles of one month may be approved at the same moment: on PostgreSQL a lock
    per month makes the second recount wait for the first to commit, and then see its rows.
    """
    year, month = period_parts(period)
    if not 1 <= month <= 12:
        raise ValueError(f"not a Jalali year-month: {period!r}")
    statuses = [str(s) for s in PAYING_STATUSES]
    states = [str(s) for s in APPROVED_STATES]
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s::int, %s::int)", [_PENSIONER_COUNT_LOCK, period]
            )
            tune_for_bulk(cursor, work_mem="256MB")
        cursor.execute("DELETE FROM pensions_pensionercount WHERE period = %s", [period])
        cursor.execute(
            """
INSERT INTO pensions_pensionercount
    (period, pensioners, counted_at, org_unit_id, scope_province_id, scope_county_id)
SELECT e.period, COUNT(DISTINCT e.person_id), %s,
    e.org_unit_id, e.scope_province_id, e.scope_county_id
FROM pensions_entitlement e
WHERE e.cycle_id IN (
        SELECT c.id FROM pensions_paymentcycle c
        WHERE c.year = %s AND c.month = %s AND c.state IN (%s, %s, %s)
    )
    AND e.status IN (%s, %s) AND e.kind = %s AND e.period = %s
GROUP BY e.period, e.org_unit_id, e.scope_province_id, e.scope_county_id
""",
            [_now_param(), year, month, *states, *statuses, EntitlementKind.REGULAR.value, period],
        )
        if connection.vendor == "sqlite":
            cursor.execute("SELECT changes()")
            return int(cursor.fetchone()[0])
        return max(cursor.rowcount, 0)


# ---------------------------------------------------------------- bank files

# The transfer file's columns, in order (UTF-8, comma-separated, one header line).
BANK_FILE_COLUMNS = ("row_id", "sheba", "amount_rials", "payee_name", "reference", "month")
# The bank's result file: one line per transfer.
RESULT_FILE_COLUMNS = ("row_id", "reference", "status", "reason", "bank_reference")
_IN_BANK_FILE = (
    EntitlementStatus.PAYABLE,
    EntitlementStatus.PAID,
    EntitlementStatus.FAILED,
    EntitlementStatus.REISSUED,
)


def _csv_line(values: list[Any]) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(values)
    return buffer.getvalue()


def _bank_file_lines(cycle: PaymentCycle) -> Iterator[str]:
    yield _csv_line(list(BANK_FILE_COLUMNS))
    rows = (
        Entitlement.objects.filter(cycle=cycle, status__in=_IN_BANK_FILE)
        .order_by("pk")
        .values_list("pk", "sheba", "amount", "payee_name", "period")
    )
    for pk, sheba, amount, name, period in rows.iterator(chunk_size=5000):
        yield _csv_line([pk, sheba, amount, name, f"CHP-{period}-{pk}", period])


def bank_file_name(cycle: PaymentCycle) -> str:
    return f"chatr-pensions-{cycle.program.code}-{cycle.period}.csv"


def cycle_export(*, actor: Any, scope: Scope, cycle: PaymentCycle) -> Iterator[str]:
    """The bank transfer file of an approved cycle, as lines to stream. The first export moves
    the cycle on; later ones give the same file again (its rows never change after approval)."""
    require_hq(scope, Perm.PENSIONS_PREPARE)
    with transaction.atomic():
        _locked(cycle)
        if cycle.state not in (CycleState.APPROVED, CycleState.EXPORTED, CycleState.RECONCILED):
            raise _state_error(_("Only an approved cycle can be exported to a bank file."))
        first = cycle.state == CycleState.APPROVED
        if first:
            cycle.state = CycleState.EXPORTED
            cycle.exported_by = actor
            cycle.exported_at = timezone.now()
            cycle.save(update_fields=["state", "exported_by", "exported_at", "updated_at"])
        _audit(actor, cycle, AuditAction.EXPORT, {"bank_file": True, "first": first})
    return _bank_file_lines(cycle)


@dataclass
class ImportReport:
    paid: int = 0
    failed: int = 0
    unchanged: int = 0

    @property
    def total(self) -> int:
        """Transfers the file gave a result for."""
        return self.paid + self.failed + self.unchanged


_RESULT_STATUSES = {"paid": EntitlementStatus.PAID, "failed": EntitlementStatus.FAILED}


def _parse_results(content: bytes | str) -> list[tuple[int, dict[str, str]]]:
    text = content.decode("utf-8-sig") if isinstance(content, bytes) else content.lstrip("\ufeff")
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in RESULT_FILE_COLUMNS[:3] if c not in (reader.fieldnames or [])]
    if missing:
        raise ApplicationError(
            "result_file_columns",
            lazy_message(
                _("The result file must have the columns %(columns)s; missing: %(missing)s."),
                columns=", ".join(RESULT_FILE_COLUMNS),
                missing=", ".join(missing),
            ),
            fields={"results": _("The file's first line must name the columns.")},
        )
    return [(reader.line_num, row) for row in reader]


@transaction.atomic
def cycle_import_results(
    *, actor: Any, scope: Scope, cycle: PaymentCycle, content: bytes | str
) -> ImportReport:
    """Record the bank's result file (paid / failed with reason). All or nothing: a file with
    any bad line records nothing and says which lines are wrong. Importing the same file
    again changes nothing; a result already recorded is never changed to another."""
    require_hq(scope, Perm.PENSIONS_PREPARE)
    _locked(cycle)
    if cycle.state not in (CycleState.EXPORTED, CycleState.RECONCILED):
        raise _state_error(
            _("Bank results can be imported only once the cycle's bank file is exported.")
        )
    try:
        lines = _parse_results(content)
    except UnicodeDecodeError as error:
        raise ApplicationError(
            "result_file_encoding",
            _("The result file must be a UTF-8 CSV file."),
            fields={"results": _("Save the file as UTF-8 CSV.")},
        ) from error
    ids: dict[int, tuple[int, dict[str, str]]] = {}
    errors: dict[str, Any] = {}
    for line, row in lines:
        raw_id = (row.get("row_id") or "").strip()
        if not raw_id.isdigit():
            errors[f"line_{line}"] = lazy_message(
                _("Line %(line)s: the row id must be a number."), line=line
            )
            continue
        if int(raw_id) in ids:
            errors[f"line_{line}"] = lazy_message(
                _("Line %(line)s: row %(row)s appears twice in the file."), line=line, row=raw_id
            )
            continue
        ids[int(raw_id)] = (line, row)
    found = {
        e.pk: e
        for e in Entitlement.objects.filter(
            cycle=cycle, pk__in=list(ids), status__in=_IN_BANK_FILE
        ).only("pk", "period", "status", "reason", "bank_message", "bank_reference")
    }
    changes: list[Entitlement] = []
    report = ImportReport()
    now = timezone.now()
    for pk, (line, row) in ids.items():
        entitlement = found.get(pk)
        status = _RESULT_STATUSES.get((row.get("status") or "").strip().lower())
        reason = (row.get("reason") or "").strip()[:200]
        if entitlement is None:
            message = _("Line %(line)s: row %(row)s is not a transfer of this cycle.")
        elif entitlement.reference != (row.get("reference") or "").strip():
            message = _("Line %(line)s: the reference does not match row %(row)s.")
        elif status is None:
            message = _("Line %(line)s: the status must be “paid” or “failed”.")
        elif status == EntitlementStatus.FAILED and not reason:
            message = _("Line %(line)s: a failed transfer needs the bank's reason.")
        else:
            recorded = (
                EntitlementStatus.FAILED
                if entitlement.status == EntitlementStatus.REISSUED
                else entitlement.status
            )
            if recorded == status:
                report.unchanged += 1
                continue
            if recorded != EntitlementStatus.PAYABLE:
                errors[f"line_{line}"] = lazy_message(
                    _(
                        "Line %(line)s: row %(row)s is already recorded as “%(recorded)s”; "
                        "a bank result is never changed."
                    ),
                    line=line,
                    row=pk,
                    recorded=EntitlementStatus(recorded).label,
                )
                continue
            entitlement.status = status
            entitlement.reason = _reason_code(reason) if status == EntitlementStatus.FAILED else ""
            entitlement.bank_message = reason if status == EntitlementStatus.FAILED else ""
            entitlement.bank_reference = (row.get("bank_reference") or "").strip()[:60]
            entitlement.result_at = now
            changes.append(entitlement)
            if status == EntitlementStatus.PAID:
                report.paid += 1
            else:
                report.failed += 1
            continue
        errors[f"line_{line}"] = lazy_message(message, line=line, row=pk)
    if errors:
        raise ApplicationError(
            "result_file_invalid",
            lazy_message(
                ngettext_lazy(
                    "The result file has %(count)s wrong line, so nothing was recorded. "
                    "Correct it and upload the whole file again.",
                    "The result file has %(count)s wrong lines, so nothing was recorded. "
                    "Correct them and upload the whole file again.",
                    len(errors),
                ),
                count=len(errors),
            ),
            fields=errors,
        )
    Entitlement.objects.bulk_update(
        changes,
        ["status", "reason", "bank_message", "bank_reference", "result_at"],
        batch_size=1000,
    )
    if report.failed:
        # A failed transfer no longer counts as a pensioner of the month.
        pensioner_counts_refresh(period=cycle.period)
    if changes:
        cycle.results_imported_at = now
        cycle.save(update_fields=["results_imported_at", "updated_at"])
        _audit(
            actor,
            cycle,
            AuditAction.UPDATE,
            {"results": {"paid": report.paid, "failed": report.failed}},
        )
    return report


def _reason_code(text: str) -> str:
    """The bank's reason as a short code ("R03 account closed" → "R03")."""
    first = text.split()[0] if text.split() else "failed"
    return first[:40]


@transaction.atomic
def cycle_reconcile(*, actor: Any, scope: Scope, cycle: PaymentCycle) -> PaymentCycle:
    """Close an exported cycle once every transfer has a bank result; failed ones are paid
    again (once) by the program's next computed cycle."""
    require_hq(scope, Perm.PENSIONS_PREPARE)
    _locked(cycle)
    if cycle.state == CycleState.RECONCILED:
        return cycle
    if cycle.state != CycleState.EXPORTED:
        raise _state_error(_("Only a cycle whose bank file was exported can be reconciled."))
    waiting = Entitlement.objects.filter(cycle=cycle, status=EntitlementStatus.PAYABLE).count()
    if waiting:
        raise ApplicationError(
            "results_missing",
            lazy_message(
                ngettext_lazy(
                    "%(count)s transfer has no bank result yet: import the bank's results first.",
                    "%(count)s transfers have no bank result yet: import the bank's results first.",
                    waiting,
                ),
                count=waiting,
            ),
            status=409,
        )
    cycle.state = CycleState.RECONCILED
    cycle.reconciled_by = actor
    cycle.reconciled_at = timezone.now()
    cycle.save(update_fields=["state", "reconciled_by", "reconciled_at", "updated_at"])
    _audit(actor, cycle, AuditAction.STATE, {"state": ["exported", "reconciled"]})
    return cycle


__all__ = [
    "BANK_FILE_COLUMNS",
    "RESULT_FILE_COLUMNS",
    "EntitlementKind",
    "ImportReport",
    "benefit_rule_set",
    "cycle_approve",
    "cycle_compute",
    "cycle_export",
    "cycle_import_results",
    "cycle_open",
    "cycle_recompute",
    "cycle_reconcile",
    "month_compute",
    "pensioner_counts_refresh",
    "program_ensure",
    "program_update",
    "suspension_add",
    "suspension_lift",
]
