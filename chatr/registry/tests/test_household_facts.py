"""A household's derived facts (current members, their most severe disability) follow every
change of its members and of their disabilities, as the payment cycle reads them."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection

from chatr.org.scope import scope_for_user
from chatr.registry import services
from chatr.registry.choices import Relationship, Severity
from chatr.registry.models import Household
from chatr.registry.tests.factories import add_disability, add_member, register_household

pytestmark = pytest.mark.django_db


def facts(household: Household) -> tuple[int, str]:
    household.refresh_from_db()
    return household.member_count, household.most_severe_disability


@pytest.fixture
def officer(world):  # type: ignore[no-untyped-def]
    return world.users["zanjan_officer"]


def test_joining_and_leaving_recount_the_members(world, officer) -> None:
    household = register_household(officer, world.unit("C1901"))
    assert facts(household) == (1, "")
    child = add_member(officer, household)
    assert facts(household) == (2, "")
    services.household_member_leave(
        actor=officer, scope=scope_for_user(officer), household=household, person=child
    )
    assert facts(household) == (1, "")


def test_the_most_severe_disability_of_the_current_members_is_kept(world, officer) -> None:
    household = register_household(officer, world.unit("C1901"))
    child = add_member(officer, household)
    add_disability(household.head, Severity.MILD)
    assert facts(household) == (2, Severity.MILD)
    add_disability(child, Severity.SEVERE)
    assert facts(household) == (2, Severity.SEVERE)
    add_disability(household.head, Severity.MODERATE)  # a second decision, still lighter
    assert facts(household) == (2, Severity.SEVERE)
    services.household_member_leave(
        actor=officer, scope=scope_for_user(officer), household=household, person=child
    )
    assert facts(household) == (1, Severity.MODERATE)  # the head's worst of the two


def test_a_move_updates_both_households(world, officer) -> None:
    first = register_household(officer, world.unit("C1901"))
    second = register_household(officer, world.unit("C1901"))
    mover = add_member(officer, first)
    add_disability(mover, Severity.VERY_SEVERE)
    assert facts(first) == (2, Severity.VERY_SEVERE)
    services.household_member_move(
        actor=officer,
        scope=scope_for_user(officer),
        person=mover,
        to=second,
        relationship=Relationship.SPOUSE,
    )
    assert facts(first) == (1, "")
    assert facts(second) == (2, Severity.VERY_SEVERE)


def test_a_recorded_death_takes_the_member_out(world) -> None:
    manager = world.users["zanjan_manager"]
    household = register_household(manager, world.unit("C1901"))
    child = add_member(manager, household)
    add_disability(child, Severity.MODERATE)
    services.person_death_record(
        actor=manager,
        scope=scope_for_user(manager),
        household=household,
        person=child,
        died_on=date(2025, 5, 1),
    )
    assert facts(household) == (1, "")


def test_the_migration_backfill_agrees_with_the_refresh(world, officer) -> None:
    """The SQL the migration ran on existing households gives what the services keep."""
    from importlib import import_module

    backfill = import_module("chatr.registry.migrations.0005_household_facts")._BACKFILL
    households = [register_household(officer, world.unit("C1901")) for _ in range(3)]
    add_member(officer, households[0])
    add_disability(households[1].head, Severity.SEVERE)
    kept = [facts(h) for h in households]
    Household.objects.update(member_count=0, most_severe_disability="")
    with connection.cursor() as cursor:
        cursor.execute(backfill)
    assert [facts(h) for h in households] == kept == [(2, ""), (1, Severity.SEVERE), (1, "")]
