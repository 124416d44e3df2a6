"""Public reads (directory, licence check), the subsidy question, and the staff scope."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from chatr.centers.choices import LicenceKind, LicenceStatus, LicenceType
from chatr.centers.models import Licence
from chatr.centers.selectors import (
    CenterFilters,
    center_get_public,
    center_has_valid_licence,
    center_list,
    center_list_for_staff,
    licence_check,
)
from chatr.centers.tests.factories import issue_licence, register_center
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def names(centers) -> set[str]:  # type: ignore[no-untyped-def]
    return {c.org_unit.name_fa for c in centers}


@pytest.fixture
def kowsar(world):  # type: ignore[no-untyped-def]
    return register_center(
        world.kerman_manager,
        world.unit("C0802"),
        name_fa="مرکز مشاوره کوثر ۲",
        name_en="Kowsar Counseling Center 2",
        licence_type=LicenceType.SOCIAL_COUNSELING,
    )


@pytest.fixture
def rainbow(world):  # type: ignore[no-untyped-def]
    return register_center(
        world.kerman_manager,
        world.unit("C0801"),
        name_fa="مهدکودک رنگین‌کمان",
        name_en="Rainbow Kindergarten",
        licence_type=LicenceType.KINDERGARTEN,
    )


@pytest.mark.parametrize(
    "typed",
    [
        "كوثر 2",  # Arabic kaf, ASCII digit
        "کوثر ۲",  # Persian letters and digit
        "مشاوره   كوثر",  # extra spaces, words in any order of the name
        "kowsar",  # the English name, any case
    ],
)
def test_name_search_is_persian_normalized(kowsar, rainbow, zanjan_center, typed) -> None:
    assert names(center_list(filters=CenterFilters(name=typed))) == {"مرکز مشاوره کوثر ۲"}


def test_a_zwnj_and_a_space_match_alike(kowsar, rainbow) -> None:
    found = center_list(filters=CenterFilters(name="رنگین کمان"))
    assert names(found) == {"مهدکودک رنگین‌کمان"}


def test_filters_by_province_county_and_type(kowsar, rainbow, zanjan_center) -> None:
    assert names(center_list(filters=CenterFilters(province="P08"))) == {
        "مرکز مشاوره کوثر ۲",
        "مهدکودک رنگین‌کمان",
    }
    assert names(center_list(filters=CenterFilters(county="C0801"))) == {"مهدکودک رنگین‌کمان"}
    assert names(center_list(filters=CenterFilters(licence_type="elderly_care"))) == {
        "خانه سالمندان مهر زنجان"
    }
    assert not center_list(filters=CenterFilters(province="P08", county="C1901")).exists()


def test_the_public_never_sees_a_closed_unit(kowsar) -> None:
    OrgUnit.objects.filter(pk=kowsar.org_unit_id).update(is_active=False)
    assert not center_list(filters=CenterFilters()).exists()
    with pytest.raises(NotFoundError):
        center_get_public(center_id=kowsar.pk)


def test_the_directory_says_whether_a_licence_is_in_force(world, kowsar, rainbow) -> None:
    issue_licence(world.kerman_manager, kowsar)
    licensed = {c.org_unit.name_fa: c.is_licensed for c in center_list(filters=CenterFilters())}
    assert licensed == {"مرکز مشاوره کوثر ۲": True, "مهدکودک رنگین‌کمان": False}


# ---------------------------------------------------------------- licence check


def test_licence_check_finds_a_number_typed_with_persian_digits_and_separators(
    world, kowsar
) -> None:
    issue_licence(world.kerman_manager, kowsar, number="08140300123")
    result = licence_check(number="۰۸-۱۴۰۳/۰۰۱۲۳")
    assert result.status == LicenceStatus.VALID
    assert result.center_name_fa == "مرکز مشاوره کوثر ۲"
    assert result.licence_type == LicenceType.SOCIAL_COUNSELING
    assert result.kind == LicenceKind.ACTIVITY_LICENCE
    assert result.province_name_en == "Kerman"


def test_licence_check_reports_a_lapsed_licence_as_expired(world, kowsar) -> None:
    issue_licence(
        world.kerman_manager,
        kowsar,
        number="08140000001",
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    assert licence_check(number="08140000001").status == LicenceStatus.EXPIRED


@pytest.mark.parametrize("number", ["08149999999", "", "///", "abc"])
def test_licence_check_says_not_found_in_both_languages(number) -> None:
    with pytest.raises(ApplicationError) as refused:
        licence_check(number=number)
    error = refused.value
    assert (error.code, error.status) == ("licence_not_found", 404)
    assert error.message_en.startswith("No licence with this number was found.")
    assert error.message_fa


# ---------------------------------------------------------------- subsidies ask this


def test_center_has_valid_licence_follows_the_licence_periods(world, kowsar) -> None:
    old = issue_licence(
        world.kerman_manager,
        kowsar,
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=10),
    )
    assert center_has_valid_licence(center=kowsar, on=TODAY - timedelta(days=10))
    assert not center_has_valid_licence(center=kowsar, on=TODAY)
    issue_licence(world.kerman_manager, kowsar, valid_from=TODAY - timedelta(days=5))
    assert not center_has_valid_licence(center=kowsar, on=TODAY - timedelta(days=7))
    assert center_has_valid_licence(center=kowsar, on=TODAY)
    # Expired since: still valid for the days it covered.
    Licence.objects.filter(pk=old.pk).update(status=LicenceStatus.EXPIRED)
    assert center_has_valid_licence(center=kowsar, on=TODAY - timedelta(days=100))


def test_a_principle_agreement_is_not_a_licence_to_operate(world, kowsar) -> None:
    issue_licence(world.kerman_manager, kowsar, kind=LicenceKind.PRINCIPLE_AGREEMENT)
    assert not center_has_valid_licence(center=kowsar, on=TODAY)


def test_a_revoked_licence_stops_counting_from_the_day_of_revocation(world, kowsar) -> None:
    licence = issue_licence(world.kerman_manager, kowsar, valid_from=TODAY - timedelta(days=60))
    Licence.objects.filter(pk=licence.pk).update(
        status=LicenceStatus.REVOKED, status_changed_on=TODAY - timedelta(days=10)
    )
    assert center_has_valid_licence(center=kowsar, on=TODAY - timedelta(days=11))
    assert not center_has_valid_licence(center=kowsar, on=TODAY - timedelta(days=10))


# ---------------------------------------------------------------- staff scope


def test_staff_lists_follow_the_scope(world, kowsar, zanjan_center) -> None:
    def seen(username: str) -> set[str]:
        scope = scope_for_user(world.users[username])
        return names(center_list_for_staff(scope=scope))

    assert seen("kerman_manager") == {"مرکز مشاوره کوثر ۲"}
    assert seen("zanjan_officer") == {"خانه سالمندان مهر زنجان"}
    assert seen("zanjan_inspector") == {"خانه سالمندان مهر زنجان"}
    assert seen("hq_manager") == {"مرکز مشاوره کوثر ۲", "خانه سالمندان مهر زنجان"}
    assert seen("kerman_center_operator") == set()
    assert seen("call_center_agent") == set()


def test_a_center_operator_sees_only_their_own_center(world, kowsar, nursery) -> None:
    scope = scope_for_user(world.kerman_center_operator)
    assert list(center_list_for_staff(scope=scope)) == [nursery]
