"""The registry demo: idempotent, deterministic, valid, and showing every file state."""

from __future__ import annotations

import pytest

from chatr.core.national_code import is_valid_national_code
from chatr.core.postal_code import is_valid_postal_code
from chatr.registry.choices import FileState
from chatr.registry.demo import SCORE_FACTORS, household_plans, seed_registry_demo
from chatr.registry.models import (
    ClientFile,
    Disability,
    Household,
    HouseholdMember,
    Person,
    ScoreFactor,
)

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, ...]:
    return tuple(
        model.objects.count()
        for model in (ScoreFactor, Person, Household, HouseholdMember, Disability, ClientFile)
    )


def test_seeding_twice_adds_the_households_once(world) -> None:
    assert seed_registry_demo() == 40
    first = _counts()
    assert seed_registry_demo() == 0
    assert _counts() == first
    assert Household.objects.filter(scope_province__code="P19").count() == 24
    assert Household.objects.filter(scope_province__code="P08").count() == 16


def test_hq_changes_to_the_points_survive_a_new_seeding(world) -> None:
    seed_registry_demo()
    ScoreFactor.objects.filter(code="female_headed").update(points=33)
    seed_registry_demo()
    assert ScoreFactor.objects.get(code="female_headed").points == 33
    assert set(ScoreFactor.objects.values_list("code", flat=True)) == {
        code for code, *_rest in SCORE_FACTORS
    }
    assert not ScoreFactor.objects.filter(name_fa="").exists()


def test_the_demo_shows_every_file_state_and_covered_clients_at_the_zanjan_counter(world):
    seed_registry_demo()
    assert set(ClientFile.objects.values_list("state", flat=True)) == set(FileState.values)
    active = ClientFile.objects.filter(state=FileState.ACTIVE)
    assert active.exists()
    assert set(active.values_list("counter__code", "social_worker__username")) == {
        ("Z1901", "zanjan_social_worker")
    }
    assert ClientFile.objects.filter(state=FileState.WAITING, score__gt=0).exists()
    assert Disability.objects.exists()
    assert HouseholdMember.objects.filter(left_on__isnull=False).count() == 1  # one move


def test_the_demo_people_are_valid_and_the_same_every_time(world) -> None:
    assert [p.members[0].data for p in household_plans()] == [
        p.members[0].data for p in household_plans()
    ]
    seed_registry_demo()
    assert all(
        is_valid_national_code(code)
        for code in Person.objects.values_list("national_code", flat=True)
    )
    assert all(
        is_valid_postal_code(code)
        for code in Household.objects.values_list("postal_code", flat=True)
    )


def test_the_demo_has_change_requests_in_every_outcome_and_a_citizen_with_a_file(world):
    from chatr.registry.models import ChangeRequest
    from chatr.registry.selectors import citizen_household_view

    seed_registry_demo()
    seed_registry_demo()
    states = list(ChangeRequest.objects.values_list("case__state", "filed_by__username"))
    assert len(states) == 4
    assert ("submitted", "zanjan_social_worker") in states
    assert ("approved", "zanjan_officer") in states and ("rejected", "zanjan_officer") in states
    assert ChangeRequest.objects.filter(channel="web", filed_by=world.citizen).exists()
    assert set(ChangeRequest.objects.values_list("scope_province__code", flat=True)) == {"P19"}
    view = citizen_household_view(user=world.citizen)
    assert view.household is not None and view.household.org_unit.code == "C1901"
    assert FileState.ACTIVE in {f.state for f in view.files}
