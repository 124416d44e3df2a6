"""The coverage report's "pensioners": distinct people a month pays in each unit, written when a
cycle of the month is approved (and when bank results fail transfers), read by the measure."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.db.models import Count

from chatr.org.scope import scope_for_user
from chatr.pensions import services
from chatr.pensions.models import APPROVED_STATES, Entitlement, PensionerCount
from chatr.pensions.selectors import pensioners_count_by_unit
from chatr.pensions.tests.factories import (
    MONTH,
    active_file,
    approve,
    beneficiary,
    compute,
    export,
    import_results,
    open_cycle,
    results_file,
)
from chatr.registry.tests.factories import add_disability

pytestmark = pytest.mark.django_db

# 1405/08/19: the latest month with cycles in these tests is 1405/07.
ON = date(2026, 11, 10)


def _counts(period: int) -> dict[int, int]:
    return dict(
        PensionerCount.objects.filter(period=period).values_list("org_unit_id", "pensioners")
    )


def _counted_from_entitlements(period: int) -> dict[int, int]:
    """What the measure used to count on every read, straight from the entitlements."""
    rows = (
        Entitlement.objects.filter(
            period=period,
            kind="regular",
            status__in=["payable", "paid"],
            cycle__state__in=APPROVED_STATES,
        )
        .values("org_unit_id")
        .annotate(n=Count("person_id", distinct=True))
    )
    return {row["org_unit_id"]: row["n"] for row in rows}


def _computed(world: Any, program: Any) -> Any:
    cycle = open_cycle(world, program)
    compute(world, cycle)
    return cycle


def test_approval_writes_the_months_pensioners_per_unit(world, female_headed) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "female_headed", sheba=None)  # an exception: not paid
    beneficiary(world, "C1902", "female_headed")
    beneficiary(world, "C0801", "female_headed")
    cycle = _computed(world, female_headed)
    assert _counts(cycle.period) == {}  # computed is not approved

    approve(world, cycle)

    assert _counts(cycle.period) == {
        world.unit("C1901").pk: 2,
        world.unit("C1902").pk: 1,
        world.unit("C0801").pk: 1,
    }
    assert _counts(cycle.period) == _counted_from_entitlements(cycle.period)
    row = PensionerCount.objects.get(period=cycle.period, org_unit=world.unit("C0801"))
    assert (row.scope_province_id, row.scope_county_id) == (
        world.unit("P08").pk,
        world.unit("C0801").pk,
    )


def test_approving_again_and_recounting_change_nothing(world, female_headed) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1902", "female_headed")
    cycle = _computed(world, female_headed)
    approve(world, cycle)
    first = _counts(cycle.period)

    approve(world, cycle)  # already approved: a no-op
    assert _counts(cycle.period) == first
    assert services.pensioner_counts_refresh(period=cycle.period) == 2
    assert services.pensioner_counts_refresh(period=cycle.period) == 2
    assert _counts(cycle.period) == first
    assert PensionerCount.objects.filter(period=cycle.period).count() == 2


def test_each_programs_approval_recounts_the_month_counting_people_once(
    world, female_headed, disability
) -> None:
    both = beneficiary(world, "C1901", "female_headed")
    add_disability(both.client, "severe")
    active_file(world, both.household, "disability")  # paid by both programs this month
    only_disability = beneficiary(world, "C1901", "disability")
    first = _computed(world, female_headed)
    second = _computed(world, disability)
    assert Entitlement.objects.filter(person=both.client, period=first.period).count() == 2
    assert Entitlement.objects.filter(person=only_disability.client).count() == 1

    approve(world, first)
    assert _counts(first.period) == {world.unit("C1901").pk: 1}
    approve(world, second)

    # Two people paid in C1901 this month, whichever programs pay them.
    assert _counts(first.period) == {world.unit("C1901").pk: 2}
    assert _counts(first.period) == _counted_from_entitlements(first.period)


def test_a_failed_transfer_leaves_the_months_count(world, female_headed) -> None:
    paid = beneficiary(world, "C1901", "female_headed")
    bounced = beneficiary(world, "C1901", "female_headed")
    cycle = _computed(world, female_headed)
    approve(world, cycle)
    export(world, cycle)
    assert _counts(cycle.period) == {world.unit("C1901").pk: 2}
    rows = {e.person_id: e for e in Entitlement.objects.filter(cycle=cycle)}

    import_results(
        world,
        cycle,
        results_file(
            [(rows[paid.client_id], "paid", ""), (rows[bounced.client_id], "failed", "R03")]
        ),
    )

    assert _counts(cycle.period) == {world.unit("C1901").pk: 1}
    assert _counts(cycle.period) == _counted_from_entitlements(cycle.period)


def test_the_measure_sums_the_counts_within_the_readers_scope(world, female_headed) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1902", "female_headed")
    beneficiary(world, "C0801", "female_headed")
    earlier = open_cycle(world, female_headed, month=MONTH - 1)
    compute(world, earlier)
    approve(world, earlier)
    beneficiary(world, "C1901", "female_headed")  # joins the month after
    approve(world, _computed(world, female_headed))

    def measure(user: str, level: str, on: date = ON) -> dict[int, int]:
        scope = scope_for_user(world.users[user])
        return pensioners_count_by_unit(scope=scope, on=on, level=level)

    assert measure("hq_manager", "province") == {world.unit("P19").pk: 3, world.unit("P08").pk: 1}
    assert measure("hq_manager", "county") == {
        world.unit("C1901").pk: 2,
        world.unit("C1902").pk: 1,
        world.unit("C0801").pk: 1,
    }
    assert measure("zanjan_manager", "province") == {world.unit("P19").pk: 3}
    assert measure("kerman_manager", "county") == {world.unit("C0801").pk: 1}
    # The latest month up to the date: 1405/06 before 1405/07 begins.
    assert measure("hq_manager", "province", on=date(2026, 9, 20)) == {
        world.unit("P19").pk: 2,
        world.unit("P08").pk: 1,
    }
    assert measure("hq_manager", "province", on=date(2026, 1, 1)) == {}
