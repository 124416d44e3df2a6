"""Invariants the database keeps: grades, map points, licence periods, one current licence."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import IntegrityError, transaction

from chatr.centers.choices import LicenceKind, LicenceStatus
from chatr.centers.models import Center, Licence
from chatr.centers.tests.factories import issue_licence
from chatr.org.models import OrgUnitKind

pytestmark = pytest.mark.django_db


def _refused(**values: object) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        Center.objects.all().update(**values)


def test_a_center_is_an_org_unit_under_its_county_with_copied_down_scope_keys(
    world, kerman_center
) -> None:
    unit = kerman_center.org_unit
    assert unit.kind == OrgUnitKind.CENTER
    assert unit.parent == world.unit("C0801")
    assert kerman_center.scope_county == world.unit("C0801")
    assert kerman_center.scope_province == world.unit("P08")
    assert unit.center == kerman_center


def test_grade_is_1_or_2(kerman_center) -> None:
    _refused(grade=3)


def test_a_map_point_has_both_coordinates(kerman_center) -> None:
    _refused(latitude=30)


def test_coordinates_stay_in_range(kerman_center) -> None:
    _refused(latitude=91, longitude=57)
    _refused(latitude=30, longitude=181)


def test_a_licence_cannot_end_before_it_starts(world, kerman_center) -> None:
    licence = issue_licence(world.kerman_manager, kerman_center)
    with pytest.raises(IntegrityError), transaction.atomic():
        Licence.objects.filter(pk=licence.pk).update(
            valid_until=licence.valid_from - timedelta(days=1)
        )


def test_a_center_has_one_current_licence_of_each_kind(world, kerman_center) -> None:
    licence = issue_licence(world.kerman_manager, kerman_center)
    issue_licence(world.kerman_manager, kerman_center, kind=LicenceKind.PRINCIPLE_AGREEMENT)
    duplicate = Licence(
        center=kerman_center,
        kind=LicenceKind.ACTIVITY_LICENCE,
        number="123456",
        issued_on=licence.issued_on,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        org_unit=kerman_center.org_unit,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        duplicate.save()


def test_licence_numbers_are_unique(world, kerman_center, zanjan_center) -> None:
    licence = issue_licence(world.kerman_manager, kerman_center)
    copy = Licence(
        center=zanjan_center,
        kind=LicenceKind.ACTIVITY_LICENCE,
        number=licence.number,
        issued_on=licence.issued_on,
        valid_from=licence.valid_from,
        valid_until=licence.valid_until,
        org_unit=zanjan_center.org_unit,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        copy.save()


def test_status_on_reads_a_lapsed_valid_licence_as_expired() -> None:
    licence = Licence(
        valid_from=date(2024, 1, 1), valid_until=date(2024, 12, 31), status=LicenceStatus.VALID
    )
    assert licence.status_on(date(2024, 12, 31)) == LicenceStatus.VALID
    assert licence.status_on(date(2025, 1, 1)) == LicenceStatus.EXPIRED


def test_a_suspended_licence_was_in_force_until_the_day_it_was_suspended() -> None:
    licence = Licence(
        valid_from=date(2024, 1, 1),
        valid_until=date(2026, 12, 31),
        status=LicenceStatus.SUSPENDED,
        status_changed_on=date(2025, 3, 1),
    )
    assert licence.in_force_on(date(2025, 2, 28))
    assert not licence.in_force_on(date(2025, 3, 1))
    assert not licence.in_force_on(date(2023, 12, 31))
