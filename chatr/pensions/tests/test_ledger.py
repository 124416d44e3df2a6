"""The entitlement table as a ledger: foreign keys without database constraints (Django still
protects and joins them), only the indexes a query needs, and the constraints that keep money
from being paid twice still enforced by the database itself."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models import ProtectedError

from chatr.org.scope import scope_for_user
from chatr.pensions.models import SNAPSHOT_FACTS, Entitlement, EntitlementStatus, PaymentCycle
from chatr.pensions.selectors import entitlement_get
from chatr.pensions.tests.factories import MONTH, YEAR, beneficiary, compute, open_cycle

pytestmark = pytest.mark.django_db

_COLUMNS = (
    "cycle_id, program_id, person_id, file_id, period, kind, amount, status, reason, "
    "bank_message, bank_reference, sheba, payee_name, reissue_of_id, result_at, "
    "created_at, org_unit_id, scope_province_id, scope_county_id, "
    + ", ".join(f"fact_{name}" for name in SNAPSHOT_FACTS)
)


def _computed_row(world: Any, program: Any) -> Entitlement:
    file = beneficiary(world, "C1901", program.sub_groups[0])
    cycle = open_cycle(world, program)
    compute(world, cycle)
    return Entitlement.objects.get(cycle=cycle, person=file.client)


def _copy_in_sql(row: Entitlement, cycle: PaymentCycle, **columns: Any) -> None:
    """INSERT … SELECT of the row into another cycle, as a bulk computation writes."""
    values = {
        "cycle_id": str(int(cycle.pk)),
        "kind": "'reissue'",
        "reissue_of_id": "NULL",
        **columns,
    }
    select = ", ".join(values.get(name, name) for name in _COLUMNS.split(", "))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO pensions_entitlement ({_COLUMNS}) "  # noqa: S608
            f"SELECT {select} FROM pensions_entitlement WHERE id = %s",
            [row.pk],
        )


def _other_cycle(world: Any, program: Any) -> PaymentCycle:
    return PaymentCycle.objects.create(
        program=program, year=YEAR, month=MONTH + 1, opened_by=world.hq_finance
    )


def test_the_database_refuses_a_double_payment_written_in_sql(world, female_headed) -> None:
    row = _computed_row(world, female_headed)
    assert row.status == EntitlementStatus.PAYABLE
    other = _other_cycle(world, female_headed)

    # Without the foreign-key constraints, the partial unique index still stops a second
    # payable row for the same program, person and month, whoever writes it.
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_in_sql(row, other)
    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_in_sql(row, other, status="'paid'")
    # A row that pays nothing (an exception) for the same month is allowed.
    _copy_in_sql(row, other, status="'exception'", reason="'no_sheba'")
    assert Entitlement.objects.filter(person=row.person, period=row.period).count() == 2


def test_a_failed_row_is_reissued_at_most_once_in_the_database(world, female_headed) -> None:
    row = _computed_row(world, female_headed)
    Entitlement.objects.filter(pk=row.pk).update(status=EntitlementStatus.FAILED, reason="R03")
    other = _other_cycle(world, female_headed)
    _copy_in_sql(row, other, reissue_of_id=str(row.pk), status="'exception'", reason="'x'")

    with pytest.raises(IntegrityError), transaction.atomic():
        _copy_in_sql(row, other, reissue_of_id=str(row.pk), status="'exception'", reason="'y'")


def test_entitlement_keys_have_no_database_constraint(world) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "pensions_entitlement")
    assert [name for name, c in constraints.items() if c["foreign_key"]] == []


def test_entitlements_keep_only_the_indexes_a_query_needs(world) -> None:
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "pensions_entitlement")
    indexed = {
        name: tuple(c["columns"])
        for name, c in constraints.items()
        if (c["index"] or c["unique"]) and not c["primary_key"]
    }
    assert indexed == {
        "one_payment_per_person_program_month": ("program_id", "person_id", "period"),
        "entitlement_reissued_once": ("reissue_of_id",),
        "entitlement_cycle_status": ("cycle_id", "status"),
        "entitlement_person_period": ("person_id", "period"),
        "entitlement_failed": ("program_id", "period"),
    }


def test_django_still_protects_and_follows_the_keys(
    world, female_headed, django_assert_num_queries
) -> None:
    row = _computed_row(world, female_headed)

    for referenced in (row.cycle, row.file):
        with pytest.raises(ProtectedError) as refused, transaction.atomic():
            referenced.delete()
        assert row in refused.value.protected_objects
    scope = scope_for_user(world.hq_finance)
    with django_assert_num_queries(1):
        found = entitlement_get(scope=scope, entitlement_id=row.pk)
        assert (found.cycle.program, found.org_unit, found.file) == (
            female_headed,
            world.unit("C1901"),
            row.file,
        )
    assert list(row.person.pension_entitlements.all()) == [row]
