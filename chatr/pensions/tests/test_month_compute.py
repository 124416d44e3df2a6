"""Computing a whole month in one pass (`month_compute`): every open cycle of the month gets
exactly the rows, amounts, statuses, reasons and snapshots it gets when computed alone."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib.contenttypes.models import ContentType

from chatr.audit.models import AuditEvent
from chatr.core.errors import ApplicationError, PermissionDeniedError
from chatr.org.scope import scope_for_user
from chatr.pensions import services
from chatr.pensions.models import (
    BenefitRule,
    CycleState,
    Entitlement,
    EntitlementKind,
    EntitlementStatus,
    PaymentCycle,
    Program,
    period_of,
)
from chatr.pensions.tests.factories import (
    MONTH,
    YEAR,
    active_file,
    approve,
    beneficiary,
    compute,
    export,
    import_results,
    open_cycle,
    reconcile,
    results_file,
    valid_sheba,
)
from chatr.registry import services as registry_services
from chatr.registry.models import Person
from chatr.registry.tests.factories import add_disability, add_member

pytestmark = pytest.mark.django_db

PERIOD = period_of(YEAR, MONTH)

# Every column but the row's id and its creation time.
_COMPARED = [
    f.attname for f in Entitlement._meta.concrete_fields if f.attname not in ("id", "created_at")
]


def _month(world: Any, year: int = YEAR, month: int = MONTH, who: str = "hq_finance") -> int:
    actor = getattr(world, who)
    return services.month_compute(actor=actor, scope=scope_for_user(actor), year=year, month=month)


def _rows(cycles: list[PaymentCycle]) -> dict[tuple[Any, ...], dict[str, Any]]:
    rows = Entitlement.objects.filter(cycle__in=cycles).values(*_COMPARED)
    keyed = {(r["cycle_id"], r["person_id"], r["kind"], r["period"]): r for r in rows}
    assert len(keyed) == len(rows)
    return keyed


def _reopen(cycles: list[PaymentCycle]) -> None:
    """Undo the cycles' computation (as cycle_recompute does), so they can be computed again
    on the same data."""
    reissued = Entitlement.objects.filter(cycle__in=cycles, reissue_of__isnull=False)
    Entitlement.objects.filter(
        pk__in=list(reissued.values_list("reissue_of_id", flat=True))
    ).update(status=EntitlementStatus.FAILED)
    Entitlement.objects.filter(cycle__in=cycles).delete()
    PaymentCycle.objects.filter(pk__in=[c.pk for c in cycles]).update(
        state=CycleState.OPEN, prepared_by=None, prepared_at=None
    )


def _paid_last_month(world: Any, program: Program, fail: tuple[Any, ...]) -> PaymentCycle:
    cycle = open_cycle(world, program, month=MONTH - 1)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)
    rows = Entitlement.objects.filter(cycle=cycle, status=EntitlementStatus.PAYABLE)
    import_results(
        world,
        cycle,
        results_file(
            [(e, "failed", "R03 closed") if e.person in fail else (e, "paid", "") for e in rows]
        ),
    )
    return reconcile(world, cycle)


def _suspend(world: Any, person: Any, program: Program | None) -> None:
    services.suspension_add(
        actor=world.hq_finance,
        scope=scope_for_user(world.hq_finance),
        person=person,
        reason="Under review",
        program=program,
    )


def _registry(world: Any, programs: dict[str, Program]) -> dict[str, Any]:
    """Beneficiaries of every standard program with every kind of exception, households of
    all sizes and severities, Shebas shared within and across programs, suspensions for one
    program and for all, a client served by two programs, and a failed transfer of last month."""
    actor = world.zanjan_manager
    fh = {
        "alone": beneficiary(world, "C1901", "female_headed"),
        "family": beneficiary(world, "C1901", "female_headed"),
        "large": beneficiary(world, "C1902", "female_headed"),
        "no_sheba": beneficiary(world, "C1901", "female_headed", sheba=None),
        "invalid": beneficiary(world, "C1901", "female_headed", sheba="invalid"),
        "deceased": beneficiary(world, "C1901", "female_headed"),
        "suspended_here": beneficiary(world, "C1901", "female_headed"),
        "bounced": beneficiary(world, "C0801", "female_headed"),
    }
    add_disability(add_member(actor, fh["family"].household), "moderate")
    add_member(actor, fh["family"].household)
    for _ in range(6):
        add_member(actor, fh["large"].household)
    Person.objects.filter(pk=fh["deceased"].client_id).update(death_date=date(2026, 9, 1))
    _suspend(world, fh["suspended_here"].client, programs["female_headed_pension"])
    shared_in_program = valid_sheba()
    fh["twin_a"] = beneficiary(world, "C1901", "female_headed", sheba=shared_in_program)
    fh["twin_b"] = beneficiary(world, "C1902", "female_headed", sheba=shared_in_program)
    shared_across = valid_sheba()
    fh["across"] = beneficiary(world, "C1901", "female_headed", sheba=shared_across)

    dis = {
        "very_severe": beneficiary(world, "C1901", "disability"),
        "moderate": beneficiary(world, "C1902", "disability"),
        "none": beneficiary(world, "C0801", "disability"),
        "suspended_everywhere": beneficiary(world, "C1901", "disability"),
        "across": beneficiary(world, "C1902", "disability", sheba=shared_across),
    }
    add_disability(dis["very_severe"].client, "mild")
    add_disability(dis["very_severe"].client, "very_severe")
    add_disability(dis["moderate"].client, "moderate")
    _suspend(world, dis["suspended_everywhere"].client, None)
    # Suspended in another program only: paid here.
    _suspend(world, dis["none"].client, programs["elderly_pension"])

    orphans = {
        "one": beneficiary(world, "C1901", "children_without_guardians"),
        "many": beneficiary(world, "C0801", "children_without_guardians"),
    }
    for _ in range(5):
        add_member(world.kerman_manager, orphans["many"].household)

    elderly = {
        "one": beneficiary(world, "C1901", "elderly"),
        "couple": beneficiary(world, "C1902", "elderly"),
    }
    add_disability(add_member(actor, elderly["couple"].household), "severe")
    # The client of a female-headed file is also elderly: paid by both programs.
    both = active_file(world, fh["family"].household, "elderly")
    # A second, newer file in the same sub-group: still one row, from the oldest file.
    active_file(world, elderly["one"].household, "elderly")

    beneficiary(world, "C1901", "addiction")  # no program serves it
    closed = beneficiary(world, "C1901", "elderly")
    registry_services.file_close(
        actor=actor, scope=scope_for_user(actor), file=closed, reason="self_sufficient"
    )
    return {"fh": fh, "dis": dis, "orphans": orphans, "elderly": elderly, "both": both}


def _assert_one_pass_equals_each_alone(world: Any, cycles: list[PaymentCycle]) -> dict:
    for cycle in cycles:
        compute(world, cycle)
    alone = _rows(cycles)
    _reopen(cycles)

    created = _month(world)

    together = _rows(cycles)
    assert created == len(together) == len(alone)
    assert together == alone
    return together


def test_one_pass_gives_every_standard_program_the_rows_it_gets_alone(world, programs) -> None:
    data = _registry(world, programs)
    _paid_last_month(world, programs["female_headed_pension"], fail=(data["fh"]["bounced"].client,))
    cycles = [open_cycle(world, program) for program in programs.values()]

    rows = _assert_one_pass_equals_each_alone(world, cycles)

    # What the comparison covered: every program, every reason, a re-issue.
    by_cycle = {c.program.code: c.pk for c in cycles}
    assert {key[0] for key in rows} == set(by_cycle.values())
    reasons = {r["reason"] for r in rows.values()}
    assert {"", "no_sheba", "invalid_sheba", "deceased", "suspended", "duplicate_sheba"} <= reasons
    assert [r["kind"] for r in rows.values()].count(EntitlementKind.REISSUE) == 1
    fh, dis = by_cycle["female_headed_pension"], by_cycle["disability_care_allowance"]
    elderly = by_cycle["elderly_pension"]
    across = data["fh"]["across"].client_id, data["dis"]["across"].client_id
    # A Sheba shared across two programs is a duplicate in neither.
    assert rows[(fh, across[0], "regular", PERIOD)]["status"] == EntitlementStatus.PAYABLE
    assert rows[(dis, across[1], "regular", PERIOD)]["status"] == EntitlementStatus.PAYABLE
    # A suspension for one program holds that program's payment only.
    none = data["dis"]["none"].client_id
    assert rows[(dis, none, "regular", PERIOD)]["status"] == EntitlementStatus.PAYABLE
    both = data["both"]
    assert rows[(elderly, both.client_id, "regular", PERIOD)]["file_id"] == both.pk
    assert rows[(fh, both.client_id, "regular", PERIOD)]["file_id"] != both.pk
    for cycle in cycles:
        cycle.refresh_from_db()
        assert (cycle.state, cycle.prepared_by) == (CycleState.COMPUTED, world.hq_finance)


def test_programs_with_their_own_conditions_and_sub_groups_keep_their_rows(world, programs) -> None:
    """A program serving several sub-groups (so several files of one client) with fewer
    conditions: each row is checked against its own program's conditions only."""
    _registry(world, programs)
    lenient = services.program_ensure(
        code="care_and_age",
        name_fa="مراقبت و سالمندی",
        name_en="Care and old age",
        sub_groups=["disability", "elderly"],
        conditions=["client_alive", "has_sheba"],
    )
    BenefitRule.objects.create(
        program=lenient,
        year=YEAR,
        base_amount=3_000_000_000,
        per_member_amount=1_000_000,
        max_extra_members=2,
        severe_amount=7_000_000,
    )
    cycles = [
        open_cycle(world, programs["disability_care_allowance"]),
        open_cycle(world, lenient),
        open_cycle(world, programs["elderly_pension"]),
    ]

    rows = _assert_one_pass_equals_each_alone(world, cycles)

    lenient_rows = [r for r in rows.values() if r["program_id"] == lenient.pk]
    assert {r["reason"] for r in lenient_rows} == {""}  # the suspended are paid by this one
    assert min(r["amount"] for r in lenient_rows) >= 3_000_000_000  # BIGINT amounts
    suspended = [r for r in rows.values() if r["reason"] == "suspended"]
    assert suspended and all(r["program_id"] != lenient.pk for r in suspended)


def test_month_compute_computes_the_open_cycles_once(world, programs) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "elderly")
    beneficiary(world, "C1902", "elderly")
    done = open_cycle(world, programs["female_headed_pension"])
    assert compute(world, done) == 1
    elderly = open_cycle(world, programs["elderly_pension"])
    orphans = open_cycle(world, programs["orphan_support"])
    other_month = open_cycle(world, programs["disability_care_allowance"], month=MONTH + 1)
    before = list(Entitlement.objects.filter(cycle=done).values())

    assert _month(world) == 2

    assert list(Entitlement.objects.filter(cycle=done).values()) == before
    for cycle, rows in ((elderly, 2), (orphans, 0)):
        cycle.refresh_from_db()
        assert (cycle.state, cycle.prepared_by) == (CycleState.COMPUTED, world.hq_finance)
        event = AuditEvent.objects.get(
            target_type=ContentType.objects.get_for_model(PaymentCycle),
            target_id=str(cycle.pk),
            action="state",
        )
        assert event.changes == {"state": ["open", "computed"], "rows": rows}
    other_month.refresh_from_db()
    assert other_month.state == CycleState.OPEN
    # Running it again is safe: nothing is open any more.
    assert _month(world) == 0
    assert Entitlement.objects.count() == 3


def test_only_hq_finance_computes_a_month(world, programs) -> None:
    cycle = open_cycle(world, programs["female_headed_pension"])
    for who in ("kerman_finance", "hq_manager"):
        with pytest.raises(PermissionDeniedError):
            _month(world, who=who)
    with pytest.raises(ApplicationError) as refused:
        _month(world, month=13)
    assert refused.value.code == "month_invalid"
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN


def test_cycles_of_different_months_are_never_computed_together(world, programs) -> None:
    first = open_cycle(world, programs["female_headed_pension"])
    second = open_cycle(world, programs["elderly_pension"], month=MONTH + 1)
    with pytest.raises(ValueError, match="same month"):
        services._compute([first, second])
