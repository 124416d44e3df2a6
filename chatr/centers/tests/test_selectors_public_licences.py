"""The public list of licences issued (what the transparency portal publishes) and the day
the public directory last changed: only the directory's centers, with the public status."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chatr.centers.choices import LicenceKind, LicenceStatus, LicenceType
from chatr.centers.models import Licence
from chatr.centers.selectors import (
    PublicLicenceFilters,
    directory_last_changed,
    licences_issued_public,
)
from chatr.centers.tests.factories import issue_licence, register_center
from chatr.org.models import OrgUnit

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def kerman(world):  # type: ignore[no-untyped-def]
    return register_center(
        world.kerman_manager,
        world.unit("C0801"),
        name_fa="مرکز توانبخشی امید کرمان",
        name_en="Omid Rehabilitation Center",
        licence_type=LicenceType.REHABILITATION,
    )


@pytest.fixture
def zanjan(world):  # type: ignore[no-untyped-def]
    return register_center(
        world.zanjan_manager,
        world.unit("C1901"),
        name_fa="خانه سالمندان مهر زنجان",
        name_en="Mehr Elderly Care Home",
        licence_type=LicenceType.ELDERLY_CARE,
    )


def numbers(filters: PublicLicenceFilters) -> list[str]:
    return [licence.number for licence in licences_issued_public(filters=filters)]


def test_lists_every_licence_issued_newest_first_with_center_and_places(
    world, kerman, zanjan
) -> None:
    older = issue_licence(
        world.kerman_manager, kerman, number="08140100001", valid_from=TODAY - timedelta(days=400)
    )
    newer = issue_licence(world.zanjan_manager, zanjan, number="19140300002")
    found = list(licences_issued_public(filters=PublicLicenceFilters()))
    assert [licence.number for licence in found] == [newer.number, older.number]
    first = found[0]
    assert first.center.org_unit.name_fa == "خانه سالمندان مهر زنجان"
    assert first.center.scope_province.code == "P19"
    assert first.center.scope_county.code == "C1901"


def test_a_valid_licence_past_its_end_is_public_as_expired_and_filters_so(
    world, kerman, zanjan
) -> None:
    issue_licence(
        world.kerman_manager,
        kerman,
        number="08139900001",
        valid_from=TODAY - timedelta(days=800),
        valid_until=TODAY - timedelta(days=1),
    )
    issue_licence(world.zanjan_manager, zanjan, number="19140300002")
    # Nobody has run the daily expiry pass: the row still says "valid".
    assert Licence.objects.get(number="08139900001").status == LicenceStatus.VALID
    by_number = {
        licence.number: licence.public_status
        for licence in licences_issued_public(filters=PublicLicenceFilters())
    }
    assert by_number == {"08139900001": "expired", "19140300002": "valid"}
    assert numbers(PublicLicenceFilters(status="expired")) == ["08139900001"]
    assert numbers(PublicLicenceFilters(status="valid")) == ["19140300002"]


def test_filters_by_province_county_type_kind_and_number_or_name(world, kerman, zanjan) -> None:
    issue_licence(
        world.kerman_manager, kerman, kind=LicenceKind.PRINCIPLE_AGREEMENT, number="08140300010"
    )
    issue_licence(world.zanjan_manager, zanjan, number="19140300020")
    assert numbers(PublicLicenceFilters(province="P08")) == ["08140300010"]
    assert numbers(PublicLicenceFilters(county="C1901")) == ["19140300020"]
    assert numbers(PublicLicenceFilters(licence_type=LicenceType.ELDERLY_CARE)) == ["19140300020"]
    assert numbers(PublicLicenceFilters(kind=LicenceKind.PRINCIPLE_AGREEMENT)) == ["08140300010"]
    # A number typed with Persian digits and separators, and a name with an Arabic yeh.
    assert numbers(PublicLicenceFilters(q="۱۹-۱۴۰۳-۰۰۰۲۰")) == ["19140300020"]
    assert numbers(PublicLicenceFilters(q="اميد")) == ["08140300010"]


def test_licences_of_a_center_no_longer_in_the_directory_are_not_listed(
    world, kerman, zanjan
) -> None:
    issue_licence(world.kerman_manager, kerman, number="08140300010")
    issue_licence(world.zanjan_manager, zanjan, number="19140300020")
    OrgUnit.objects.filter(pk=kerman.org_unit_id).update(is_active=False)
    assert numbers(PublicLicenceFilters()) == ["19140300020"]


def test_directory_last_changed_follows_the_latest_center_or_licence(world, kerman) -> None:
    assert directory_last_changed() == TODAY
    long_ago = timezone.now() - timedelta(days=30)
    type(kerman).objects.filter(pk=kerman.pk).update(updated_at=long_ago)
    assert directory_last_changed() == timezone.localdate(long_ago)
    issue_licence(world.kerman_manager, kerman, number="08140300010")
    assert directory_last_changed() == TODAY


def test_directory_last_changed_is_none_without_centers(world) -> None:
    from chatr.centers.models import Center

    Center.objects.all().delete()
    assert directory_last_changed() is None
