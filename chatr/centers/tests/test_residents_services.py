"""Admissions and discharges: capacity, children's records (narrower permission, audited
reads), scoping (Zanjan never sees Kerman residents)."""

from __future__ import annotations

from datetime import date

import pytest

from chatr.audit.models import AuditEvent
from chatr.centers import services_residents
from chatr.centers.models import Admission
from chatr.centers.selectors_residents import admission_get, admission_list
from chatr.centers.tests.factories import register_center
from chatr.centers.tests.test_subsidies_support import (
    admit,
    children_home,
    discharge,
    jd,
    person,
)
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db


def test_capacity_is_enforced_with_a_clear_message(world) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"), capacity=1)
    admit(world.kerman_manager, center, person(world), jd(1405, 8, 1))
    with pytest.raises(ApplicationError) as full:
        admit(world.kerman_manager, center, person(world), jd(1405, 8, 2))
    assert full.value.code == "center_full" and full.value.status == 409
    assert "full" in full.value.message_en and "1" in full.value.message_en


def test_a_discharge_frees_the_place_and_history_is_kept(world) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"), capacity=1)
    who = person(world)
    stay = admit(world.kerman_manager, center, who, jd(1405, 8, 1))
    discharge(world.kerman_manager, stay, jd(1405, 8, 5))
    admit(world.kerman_manager, center, person(world), jd(1405, 8, 5))
    assert Admission.objects.filter(person=who).count() == 1
    with pytest.raises(ApplicationError) as twice:
        discharge(world.kerman_manager, stay, jd(1405, 8, 6))
    assert twice.value.code == "already_discharged"


def test_a_person_is_in_one_center_at_a_time_and_must_match_the_birth_date(world) -> None:
    first = register_center(world.kerman_manager, world.unit("C0801"))
    second = register_center(world.kerman_manager, world.unit("C0801"))
    who = person(world)
    admit(world.kerman_manager, first, who, jd(1405, 8, 1))
    with pytest.raises(ApplicationError) as busy:
        admit(world.kerman_manager, second, who, jd(1405, 8, 2))
    assert busy.value.code == "already_in_care"
    other = person(world)
    with pytest.raises(ApplicationError) as wrong:
        services_residents.admission_create(
            actor=world.kerman_manager,
            scope=scope_for_user(world.kerman_manager),
            center=second,
            national_code=other.national_code or "",
            birth_date=date(2001, 1, 1),
            admitted_on=jd(1405, 8, 2),
        )
    assert wrong.value.code == "person_not_found"


def test_childrens_records_need_the_narrower_permission_and_reads_are_audited(world) -> None:
    zanjan_home = register_center(
        world.zanjan_manager, world.unit("C1901"), licence_type="childrens_home",
        care_mode="residential",
    )  # fmt: skip
    child = person(world, county="C1901", birth_date=date(2020, 5, 1))
    # A province officer handles residents, but not children's records.
    with pytest.raises(PermissionDeniedError):
        admit(world.zanjan_officer, zanjan_home, child, jd(1405, 8, 1))
    stay = admit(world.zanjan_manager, zanjan_home, child, jd(1405, 8, 1))
    assert stay.is_child_record
    with pytest.raises(NotFoundError):
        admission_get(scope=scope_for_user(world.zanjan_officer), admission_id=stay.pk)
    assert not admission_list(scope=scope_for_user(world.zanjan_officer)).exists()
    found = admission_get(scope=scope_for_user(world.zanjan_manager), admission_id=stay.pk)
    services_residents.admission_view_record(actor=world.zanjan_manager, admission=found)
    event = AuditEvent.objects.filter(action="view", target_id=str(stay.pk)).get()
    assert event.actor == world.zanjan_manager
    assert child.national_code not in str(event.changes)


def test_an_adult_in_an_adult_center_is_not_a_childs_record(world) -> None:
    center = register_center(world.zanjan_manager, world.unit("C1901"))
    stay = admit(world.zanjan_officer, center, person(world, county="C1901"), jd(1405, 8, 1))
    assert not stay.is_child_record
    assert admission_get(scope=scope_for_user(world.zanjan_officer), admission_id=stay.pk)


def test_zanjan_staff_never_see_kerman_residents_and_operators_only_their_center(world) -> None:
    nursery = children_home(world)
    stay = admit(world.kerman_manager, nursery, person(world), jd(1405, 8, 1))
    for user in (world.zanjan_manager, world.zanjan_officer, world.kerman_center_operator):
        with pytest.raises(NotFoundError):
            admission_get(scope=scope_for_user(user), admission_id=stay.pk)
        with pytest.raises(NotFoundError):
            discharge(user, stay, jd(1405, 8, 3))


def test_no_admission_in_the_future(world) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"))
    with pytest.raises(ApplicationError) as future:
        admit(world.kerman_manager, center, person(world), date(2099, 1, 1))
    assert future.value.code == "date_in_future"
