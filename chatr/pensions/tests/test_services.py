"""The payment cycle's services: one set-based computation, exceptions, snapshots, maker–checker,
no double payment, idempotent bank files, and failed transfers re-issued exactly once."""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from chatr.audit.models import AuditEvent
from chatr.core.errors import ApplicationError, PermissionDeniedError
from chatr.core.sheba import is_valid_sheba
from chatr.org.scope import scope_for_user
from chatr.pensions import services
from chatr.pensions.conditions import sheba_valid_sql
from chatr.pensions.models import (
    BenefitRule,
    CycleState,
    Entitlement,
    EntitlementKind,
    EntitlementStatus,
    PaymentCycle,
)
from chatr.pensions.selectors import pensioners_count_by_unit
from chatr.pensions.tests.factories import (
    MONTH,
    YEAR,
    approve,
    beneficiary,
    compute,
    export,
    import_results,
    invalid_sheba,
    open_cycle,
    reconcile,
    results_file,
    set_sheba,
    valid_sheba,
)
from chatr.registry import services as registry_services
from chatr.registry.models import Disability, HouseholdMember, Person
from chatr.registry.tests.factories import add_disability, add_member

pytestmark = pytest.mark.django_db


def _row(cycle: PaymentCycle, person: Any, **filters: Any) -> Entitlement:
    return Entitlement.objects.get(cycle=cycle, person=person, **filters)


def _paid_cycle(world: Any, program: Any, month: int = MONTH, fail: tuple[Any, ...] = ()) -> Any:
    """Open, compute, approve, export, import (failing the given people) and reconcile."""
    cycle = open_cycle(world, program, month=month)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)
    rows = Entitlement.objects.filter(cycle=cycle, status=EntitlementStatus.PAYABLE)
    import_results(
        world,
        cycle,
        results_file(
            [
                (e, "failed", "R03 account closed") if e.person in fail else (e, "paid", "")
                for e in rows
            ]
        ),
    )
    return reconcile(world, cycle)


# ---------------------------------------------------------------- computation


def test_amount_grows_with_household_size_up_to_the_cap(world, female_headed) -> None:
    alone = beneficiary(world, "C1901", "female_headed")
    family = beneficiary(world, "C1901", "female_headed")
    for _ in range(2):
        add_member(world.zanjan_manager, family.household)
    large = beneficiary(world, "C1902", "female_headed")
    for _ in range(6):
        add_member(world.zanjan_manager, large.household)
    cycle = open_cycle(world, female_headed)

    assert compute(world, cycle) == 3

    m = 1_000_000
    assert _row(cycle, alone.client).amount == 20 * m
    assert _row(cycle, family.client).amount == 20 * m + 2 * 5 * m
    assert _row(cycle, large.client).amount == 20 * m + 4 * 5 * m  # at most 4 extra members
    row = _row(cycle, large.client)
    assert row.facts == {
        "household_id": large.household_id,
        "household_size": 7,
        "extra_members": 4,
        "severity": None,
        "sub_group": "female_headed",
        "file_number": large.file_number,
        "county_id": world.unit("C1902").pk,
        "rule_year": YEAR,
        "base_amount": 20 * m,
        "member_amount": 4 * 5 * m,
        "severity_amount": 0,
    }
    cycle.refresh_from_db()
    assert cycle.state == CycleState.COMPUTED
    assert cycle.prepared_by == world.hq_finance


def test_disability_allowance_follows_the_most_severe_disability(world, disability) -> None:
    severe = beneficiary(world, "C1901", "disability")
    add_disability(severe.client, "mild")
    add_disability(severe.client, "very_severe")
    moderate = beneficiary(world, "C1901", "disability")
    add_disability(moderate.client, "moderate")
    none = beneficiary(world, "C1901", "disability")
    cycle = open_cycle(world, disability)

    compute(world, cycle)

    m = 1_000_000
    assert _row(cycle, severe.client).amount == 30 * m
    assert _row(cycle, severe.client).facts["severity"] == "very_severe"
    assert _row(cycle, moderate.client).amount == 12 * m
    assert _row(cycle, none.client).amount == 0
    assert _row(cycle, none.client).facts["severity"] is None


_SEVERITY_ORDER = ("very_severe", "severe", "moderate", "mild")


def _expected(file: Any, rule: BenefitRule) -> tuple[int, int, str | None]:
    """The amount by the rules, computed here with the ORM: (amount, household size,
    severity) over the household's current members."""
    members = HouseholdMember.objects.filter(household_id=file.household_id, left_on__isnull=True)
    size = members.count()
    extra = min(max(size - 1, 0), rule.max_extra_members)
    severities = Disability.objects.filter(
        person_id__in=members.values("person_id"), severity__in=_SEVERITY_ORDER
    ).values_list("severity", flat=True)
    severity = min(severities, key=_SEVERITY_ORDER.index, default=None)
    by_severity = {name: getattr(rule, f"{name}_amount") for name in _SEVERITY_ORDER}
    amount = rule.base_amount + rule.per_member_amount * extra + by_severity.get(severity, 0)
    return amount, size, severity


def test_sizes_and_severities_count_only_current_members_of_each_household(
    world, female_headed
) -> None:
    """The candidate query aggregates the candidates' households only: every amount is still
    the one the rules give, whatever the other households hold."""
    m = 1_000_000
    BenefitRule.objects.filter(program=female_headed, year=YEAR).update(
        very_severe_amount=40 * m, severe_amount=30 * m, moderate_amount=20 * m, mild_amount=10 * m
    )
    rule = BenefitRule.objects.get(program=female_headed, year=YEAR)
    actor, scope = world.zanjan_manager, scope_for_user(world.zanjan_manager)
    alone = beneficiary(world, "C1901", "female_headed")
    carer = beneficiary(world, "C1901", "female_headed")
    add_disability(carer.client, "mild")
    add_disability(add_member(actor, carer.household), "moderate")  # the child she looks after
    add_member(actor, carer.household)
    large = beneficiary(world, "C1902", "female_headed")
    members = [add_member(actor, large.household) for _ in range(6)]
    add_disability(members[0], "severe")
    add_disability(members[1], "very_severe")
    # Members[1] moves to the lone household: their disability follows them.
    registry_services.household_member_move(
        actor=actor, scope=scope, person=members[1], to=alone.household, relationship="child"
    )
    # Another program's household, with members and disabilities of its own.
    elderly = beneficiary(world, "C1901", "elderly")
    add_disability(elderly.client, "very_severe")
    add_member(actor, elderly.household)
    cycle = open_cycle(world, female_headed)

    assert compute(world, cycle) == 3

    expected = {
        alone: (20 * m + 5 * m + 40 * m, 2, "very_severe"),
        carer: (20 * m + 2 * 5 * m + 20 * m, 3, "moderate"),
        large: (20 * m + 4 * 5 * m + 30 * m, 6, "severe"),
    }
    for file, (amount, size, severity) in expected.items():
        assert _expected(file, rule) == (amount, size, severity)
        row = _row(cycle, file.client)
        assert (row.amount, row.facts["household_size"], row.facts["severity"]) == (
            amount,
            size,
            severity,
        )
        assert row.facts["extra_members"] == min(size - 1, rule.max_extra_members)
    assert not Entitlement.objects.filter(cycle=cycle, person=elderly.client).exists()


def test_only_active_files_of_the_programs_sub_groups_are_paid(world, female_headed) -> None:
    paid = beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "elderly")  # another program's sub-group
    cycle = open_cycle(world, female_headed)

    compute(world, cycle)

    assert list(Entitlement.objects.filter(cycle=cycle).values_list("person_id", flat=True)) == [
        paid.client_id
    ]


def test_rows_are_scoped_to_the_files_unit(world, female_headed) -> None:
    zanjan = beneficiary(world, "C1902", "female_headed")
    kerman = beneficiary(world, "C0801", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)

    zanjan_row, kerman_row = _row(cycle, zanjan.client), _row(cycle, kerman.client)
    assert zanjan_row.scope_province_id == world.unit("P19").pk
    assert zanjan_row.org_unit_id == world.unit("C1902").pk  # the household's county
    assert kerman_row.scope_province_id == world.unit("P08").pk
    assert kerman_row.payee_name == f"{kerman.client.first_name} {kerman.client.last_name}"


def test_exceptions_name_what_is_wrong(world, female_headed) -> None:
    good = beneficiary(world, "C1901", "female_headed")
    no_sheba = beneficiary(world, "C1901", "female_headed", sheba=None)
    bad_sheba = beneficiary(world, "C1901", "female_headed", sheba="invalid")
    deceased = beneficiary(world, "C1901", "female_headed")
    Person.objects.filter(pk=deceased.client_id).update(death_date=date(2026, 9, 1))
    shared = valid_sheba()
    twin_a = beneficiary(world, "C1901", "female_headed", sheba=shared)
    twin_b = beneficiary(world, "C1902", "female_headed", sheba=shared)
    suspended = beneficiary(world, "C1901", "female_headed")
    services.suspension_add(
        actor=world.hq_finance,
        scope=scope_for_user(world.hq_finance),
        person=suspended.client,
        reason="Under review",
    )
    cycle = open_cycle(world, female_headed)

    compute(world, cycle)

    assert _row(cycle, good.client).status == EntitlementStatus.PAYABLE
    expected = {
        no_sheba: "no_sheba",
        bad_sheba: "invalid_sheba",
        deceased: "deceased",
        twin_a: "duplicate_sheba",
        twin_b: "duplicate_sheba",
        suspended: "suspended",
    }
    for file, reason in expected.items():
        row = _row(cycle, file.client)
        assert (row.status, row.reason) == (EntitlementStatus.EXCEPTION, reason)


def test_the_sql_sheba_check_agrees_with_the_python_one(world) -> None:
    rng = random.Random(7)
    samples = [valid_sheba() for _ in range(20)] + [invalid_sheba() for _ in range(20)]
    for _ in range(20):
        good = list(valid_sheba())
        position = rng.randrange(4, 26)
        good[position] = str((int(good[position]) + rng.randrange(1, 10)) % 10)
        samples.append("".join(good))
    samples += ["IR12", "XX" + "1" * 24, "IR" + "1" * 23 + "a", ""]
    with connection.cursor() as cursor:
        for sheba in samples:
            sql = sheba_valid_sql("%s", connection.vendor).replace("%s", "s.v")
            cursor.execute(f"SELECT {sql} FROM (SELECT %s AS v) s", [sheba])  # noqa: S608
            assert bool(cursor.fetchone()[0]) == is_valid_sheba(sheba), sheba
    # The registry stores Shebas normalized ("IR" + ASCII digits): any other spelling of a
    # valid number is refused by the SQL check, never read as some other number.
    good = samples[0]
    persian_digits = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")
    spellings = [
        "ir" + good[2:],
        good[:2] + good[2:].translate(persian_digits),
        good + " ",
        " " + good[:-1],
        good + "0",
        good[2:],
        good[:2] + "+" + good[3:],
    ]
    with connection.cursor() as cursor:
        for sheba in spellings:
            sql = sheba_valid_sql("%s", connection.vendor).replace("%s", "s.v")
            cursor.execute(f"SELECT {sql} FROM (SELECT %s AS v) s", [sheba])  # noqa: S608
            assert not cursor.fetchone()[0], sheba


def test_snapshot_keeps_what_was_paid_after_the_registry_changes(world, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    old_sheba = file.client.bank_accounts.get().sheba
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    before = _row(cycle, file.client)

    add_member(world.zanjan_manager, file.household)
    set_sheba(world, file.client)

    after = _row(cycle, file.client)
    assert (after.amount, after.facts, after.sheba) == (before.amount, before.facts, old_sheba)
    next_cycle = open_cycle(world, female_headed, month=MONTH + 1)
    compute(world, next_cycle)
    assert _row(next_cycle, file.client).facts["household_size"] == 2
    assert _row(next_cycle, file.client).amount == before.amount + 5_000_000


def test_eligibility_is_checked_again_at_every_cycle(world, female_headed) -> None:
    closing = beneficiary(world, "C1901", "female_headed")
    dying = beneficiary(world, "C1901", "female_headed")
    first = open_cycle(world, female_headed)
    compute(world, first)
    assert Entitlement.objects.filter(cycle=first, status="payable").count() == 2

    registry_services.file_close(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        file=closing,
        reason="self_sufficient",
    )
    Person.objects.filter(pk=dying.client_id).update(death_date=date(2026, 10, 1))
    second = open_cycle(world, female_headed, month=MONTH + 1)
    compute(world, second)

    assert not Entitlement.objects.filter(cycle=second, person=closing.client).exists()
    assert _row(second, dying.client).reason == "deceased"


def test_computing_twice_changes_nothing(world, female_headed) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    assert compute(world, cycle) == 2
    rows = list(Entitlement.objects.filter(cycle=cycle).values())

    beneficiary(world, "C1901", "female_headed")
    assert compute(world, cycle) == 0
    assert list(Entitlement.objects.filter(cycle=cycle).values()) == rows
    assert open_cycle(world, female_headed) == cycle  # opening again gives the same cycle


def test_recompute_picks_up_fixed_exceptions(world, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed", sheba=None)
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    assert _row(cycle, file.client).reason == "no_sheba"
    set_sheba(world, file.client)

    created = services.cycle_recompute(
        actor=world.hq_finance, scope=scope_for_user(world.hq_finance), cycle=cycle
    )

    assert created == 1
    assert _row(cycle, file.client).status == EntitlementStatus.PAYABLE


# ---------------------------------------------------------------- maker–checker


def test_the_preparer_cannot_approve_their_own_cycle(world, female_headed) -> None:
    beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)

    with pytest.raises(ApplicationError) as refused:
        services.cycle_approve(
            actor=world.hq_finance, scope=scope_for_user(world.hq_finance), cycle=cycle
        )

    assert refused.value.code == "maker_checker"
    assert refused.value.status == 403
    assert "maker–checker" in refused.value.message_en
    assert refused.value.message_fa  # Persian from the catalogue (English until translated)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.COMPUTED
    approve(world, cycle)
    cycle.refresh_from_db()
    assert (cycle.state, cycle.approved_by) == (CycleState.APPROVED, world.hq_finance_checker)


def test_the_database_refuses_an_approver_who_prepared_the_cycle(world, female_headed) -> None:
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    with pytest.raises(IntegrityError), transaction.atomic():
        PaymentCycle.objects.filter(pk=cycle.pk).update(approved_by=world.hq_finance)


def test_a_province_finance_officer_cannot_run_a_national_cycle(world, female_headed) -> None:
    scope = scope_for_user(world.kerman_finance)
    with pytest.raises(PermissionDeniedError):
        services.cycle_open(
            actor=world.kerman_finance, scope=scope, program=female_headed, year=YEAR, month=1
        )
    cycle = open_cycle(world, female_headed)
    with pytest.raises(PermissionDeniedError):
        services.cycle_compute(actor=world.kerman_finance, scope=scope, cycle=cycle)


def test_a_manager_may_approve_but_not_prepare(world, female_headed) -> None:
    scope = scope_for_user(world.hq_manager)
    with pytest.raises(PermissionDeniedError):
        services.cycle_open(
            actor=world.hq_manager, scope=scope, program=female_headed, year=YEAR, month=1
        )
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    services.cycle_approve(actor=world.hq_manager, scope=scope, cycle=cycle)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.APPROVED


def test_steps_out_of_order_are_refused(world, female_headed) -> None:
    cycle = open_cycle(world, female_headed)
    with pytest.raises(ApplicationError) as refused:
        approve(world, cycle)
    assert refused.value.code == "cycle_state"
    # One whole sentence per step, not a sentence assembled from a state and a verb.
    assert refused.value.message_en == "Only a computed cycle can be approved."
    with pytest.raises(ApplicationError):
        export(world, cycle)


def test_a_cycle_needs_the_years_rule(world, female_headed) -> None:
    with pytest.raises(ApplicationError) as refused:
        open_cycle(world, female_headed, year=YEAR + 1)
    assert refused.value.code == "rule_missing"


# ---------------------------------------------------------------- no double payment


def test_the_database_refuses_a_second_payment_for_the_same_month(world, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    row = _row(cycle, file.client)
    other = PaymentCycle.objects.create(
        program=female_headed, year=YEAR, month=MONTH + 1, opened_by=world.hq_finance
    )

    with pytest.raises(IntegrityError), transaction.atomic():
        Entitlement.objects.create(
            cycle=other,
            program=female_headed,
            person=file.client,
            file=file,
            period=row.period,
            kind=EntitlementKind.REISSUE,
            amount=row.amount,
            status=EntitlementStatus.PAYABLE,
            payee_name="x",
            org_unit=row.org_unit,
        )
    # An exception row for the same month does not pay, so it is allowed.
    Entitlement.objects.create(
        cycle=other,
        program=female_headed,
        person=file.client,
        file=file,
        period=row.period,
        kind=EntitlementKind.REISSUE,
        amount=row.amount,
        status=EntitlementStatus.EXCEPTION,
        reason="no_sheba",
        payee_name="x",
        org_unit=row.org_unit,
    )


# ---------------------------------------------------------------- bank files


def test_export_twice_gives_the_same_file(world, female_headed) -> None:
    good = beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "female_headed", sheba=None)
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    approve(world, cycle)

    first = export(world, cycle)
    second = export(world, cycle)

    assert first == second
    lines = first.strip().split("\r\n")
    assert lines[0] == ",".join(services.BANK_FILE_COLUMNS)
    assert len(lines) == 2  # the exception is not sent to the bank
    row = _row(cycle, good.client)
    assert lines[1] == (
        f"{row.pk},{row.sheba},{row.amount},{row.payee_name},{row.reference},{row.period}"
    )
    cycle.refresh_from_db()
    assert cycle.state == CycleState.EXPORTED
    events = AuditEvent.objects.filter(target_id=str(cycle.pk), action="export")
    assert events.count() == 2
    assert all(row.sheba not in str(e.changes) for e in events)


def test_importing_the_same_result_file_twice_changes_nothing(world, female_headed) -> None:
    paid = beneficiary(world, "C1901", "female_headed")
    failed = beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)
    content = results_file(
        [
            (_row(cycle, paid.client), "paid", ""),
            (_row(cycle, failed.client), "failed", "R03 account closed"),
        ]
    )

    first = import_results(world, cycle, content)
    state = list(Entitlement.objects.filter(cycle=cycle).order_by("pk").values())
    second = import_results(world, cycle, content)

    assert (first.paid, first.failed, first.unchanged) == (1, 1, 0)
    assert (second.paid, second.failed, second.unchanged) == (0, 0, 2)
    assert list(Entitlement.objects.filter(cycle=cycle).order_by("pk").values()) == state
    row = _row(cycle, failed.client)
    assert (row.status, row.reason, row.bank_message) == ("failed", "R03", "R03 account closed")


def test_a_result_file_with_bad_lines_records_nothing(world, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)
    row = _row(cycle, file.client)
    content = (
        "row_id,reference,status,reason,bank_reference\r\n"
        f"{row.pk},{row.reference},paid,,B1\r\n"
        "999999,CHP-140507-999999,paid,,B2\r\n"
        f"{row.pk + 1},x,maybe,,B3\r\n"
    )

    with pytest.raises(ApplicationError) as refused:
        import_results(world, cycle, content)

    assert refused.value.code == "result_file_invalid"
    assert set(refused.value.fields) == {"line_3", "line_4"}
    with translation.override("en"):
        assert "not a transfer of this cycle" in str(refused.value.fields["line_3"])
    row.refresh_from_db()
    assert row.status == EntitlementStatus.PAYABLE


def test_a_recorded_result_is_never_changed(world, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)
    row = _row(cycle, file.client)
    import_results(world, cycle, results_file([(row, "paid", "")]))
    with pytest.raises(ApplicationError) as refused:
        import_results(world, cycle, results_file([(row, "failed", "R01")]))
    with translation.override("en"):
        assert "never changed" in str(refused.value.fields["line_2"])


def test_reconcile_waits_for_every_result(world, female_headed) -> None:
    beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)
    with pytest.raises(ApplicationError) as refused:
        reconcile(world, cycle)
    assert refused.value.code == "results_missing"
    assert refused.value.message_en == (
        "1 transfer has no bank result yet: import the bank's results first."
    )


# ---------------------------------------------------------------- re-issue


def test_a_failed_transfer_is_reissued_once_in_the_next_cycle(world, female_headed) -> None:
    ok = beneficiary(world, "C1901", "female_headed")
    bounced = beneficiary(world, "C1901", "female_headed")
    first = _paid_cycle(world, female_headed, fail=(bounced.client,))
    failed_row = _row(first, bounced.client)
    assert failed_row.status == EntitlementStatus.FAILED

    second = open_cycle(world, female_headed, month=MONTH + 1)
    assert compute(world, second) == 3  # two for this month, one re-issue

    reissue = Entitlement.objects.get(cycle=second, kind=EntitlementKind.REISSUE)
    assert (reissue.person, reissue.period, reissue.amount) == (
        bounced.client,
        first.period,
        failed_row.amount,
    )
    assert reissue.reissue_of == failed_row
    assert reissue.facts == failed_row.facts
    failed_row.refresh_from_db()
    assert failed_row.status == EntitlementStatus.REISSUED
    assert not Entitlement.objects.filter(cycle=second, person=ok.client, kind="reissue").exists()

    # Paid this time: the month after brings nothing back.
    approve(world, second)
    export(world, second)
    import_results(
        world,
        second,
        results_file([(e, "paid", "") for e in Entitlement.objects.filter(cycle=second)]),
    )
    reconcile(world, second)
    third = open_cycle(world, female_headed, month=MONTH + 2)
    assert compute(world, third) == 2
    assert not Entitlement.objects.filter(cycle=third, kind="reissue").exists()
    # Still one payment for the failed month.
    assert (
        Entitlement.objects.filter(
            person=bounced.client, period=first.period, status__in=["payable", "paid"]
        ).count()
        == 1
    )


# ---------------------------------------------------------------- coverage


def test_pensioners_are_counted_per_province_in_the_latest_paid_month(world, female_headed) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1902", "female_headed")
    beneficiary(world, "C0801", "female_headed")
    _paid_cycle(world, female_headed)
    on = date(2026, 11, 10)  # 1405/08/19

    hq = pensioners_count_by_unit(scope=scope_for_user(world.hq_manager), on=on, level="province")
    zanjan = pensioners_count_by_unit(
        scope=scope_for_user(world.zanjan_manager), on=on, level="county"
    )

    assert hq == {world.unit("P19").pk: 2, world.unit("P08").pk: 1}
    assert zanjan == {world.unit("C1901").pk: 1, world.unit("C1902").pk: 1}
    assert (
        pensioners_count_by_unit(
            scope=scope_for_user(world.hq_manager), on=date(2026, 1, 1), level="province"
        )
        == {}
    )
