"""Care-center figures, counted by hand on a small world: services by ownership (shares add up
to 100), children in care per province by the residents slice's definition of a child's
record, centers per licence type per province, and scoping (Zanjan sees only Zanjan)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from types import SimpleNamespace
from typing import Any

import pytest
from django.utils import timezone

from chatr.centers import services
from chatr.centers.models import Admission
from chatr.centers.reports import (
    center_figures,
    centers_by_type_and_province,
    children_in_care_by_province,
    services_by_ownership,
    shares,
)
from chatr.centers.tests.factories import register_center
from chatr.centers.tests.test_subsidies_support import admit, discharge, jd, person
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.org.roles import ROLE_PERMISSIONS, Perm
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db

ON = jd(1405, 8, 10)
ADULT = date(1985, 3, 21)


def figures_world(world: Any) -> SimpleNamespace:
    """Kerman: an NGO children's home (10 places), a private elderly home (20), the state
    nursery (40). Zanjan: an NGO rehabilitation center (30) and an NGO elderly home (5)
    made inactive. On ON: 4 in care in Kerman (3 children's records, one of them an adult in
    the children's home), 3 in Zanjan (1 child: a 16-year-old)."""
    kerman, zanjan = world.kerman_manager, world.zanjan_manager
    home = register_center(
        kerman, world.unit("C0801"), licence_type="childrens_home", ownership="ngo",
        care_mode="residential", capacity=10,
    )  # fmt: skip
    elderly = register_center(
        kerman, world.unit("C0802"), licence_type="elderly_care", ownership="private",
        care_mode="residential", capacity=20,
    )  # fmt: skip
    nursery = services.center_register(
        actor=kerman,
        scope=scope_for_user(kerman),
        county=world.unit("C0801"),
        data=services.CenterData(
            name_fa="شیرخوارگاه کرمان",
            name_en="Kerman Infant Nursery",
            licence_type="childrens_home",
            ownership="state",
            care_mode="residential",
            grade=1,
            capacity=40,
            address="کرمان",
        ),
        org_unit=world.unit("K0801"),
    )
    rehab = register_center(
        zanjan, world.unit("C1901"), licence_type="rehabilitation", ownership="ngo",
        capacity=30,
    )  # fmt: skip
    closed = register_center(
        zanjan, world.unit("C1902"), licence_type="elderly_care", ownership="ngo", capacity=5
    )

    start = jd(1405, 8, 1)
    admit(kerman, home, person(world, birth_date=date(2015, 6, 1)), start)  # a child
    admit(kerman, home, person(world, birth_date=ADULT), start)  # adult, children's home
    admit(kerman, elderly, person(world, birth_date=date(1950, 1, 1)), start)
    left = admit(kerman, elderly, person(world, birth_date=date(1950, 1, 1)), start)
    discharge(kerman, left, ON)  # the discharge day is not a day in care
    admit(kerman, elderly, person(world, birth_date=date(1950, 1, 1)), ON + timedelta(days=1))
    admit(kerman, nursery, person(world, birth_date=date(2025, 1, 1)), jd(1405, 8, 5))
    admit(zanjan, rehab, person(world, county="C1901", birth_date=date(2010, 1, 1)), start)
    admit(zanjan, rehab, person(world, county="C1901", birth_date=ADULT), start)
    admit(zanjan, closed, person(world, county="C1901", birth_date=ADULT), start)
    services.center_update(
        actor=zanjan,
        scope=scope_for_user(zanjan),
        center=closed,
        data=services.center_data_of(closed),
        status="inactive",
    )
    return SimpleNamespace(home=home, elderly=elderly, nursery=nursery, rehab=rehab)


@pytest.fixture
def data(world: Any) -> SimpleNamespace:
    return figures_world(world)


def scope(world: Any, username: str) -> Any:
    return scope_for_user(world.users[username])


# ---------------------------------------------------------------- arithmetic


def test_shares_add_up_to_exactly_100_by_the_largest_remainder() -> None:
    assert shares([1, 5, 1]) == [Decimal("14.3"), Decimal("71.4"), Decimal("14.3")]
    assert sum(shares([1, 1, 1])) == Decimal("100.0")
    assert shares([0, 0]) == [Decimal("0.0"), Decimal("0.0")]
    # Parts of a larger whole (a province of the nation): each rounded on its own.
    assert shares([1], 4) == [Decimal("25.0")]
    assert shares([1, 1], 3) == [Decimal("33.3"), Decimal("33.3")]


# ---------------------------------------------------------------- ownership


def test_hq_sees_services_by_ownership_counted_by_hand(world: Any, data: Any) -> None:
    figure = services_by_ownership(scope=scope(world, "hq_manager"), on=ON)
    rows = {r.ownership: r for r in figure.rows}
    assert [r.ownership for r in figure.rows] == ["state", "ngo", "private"]
    # The inactive Zanjan elderly home is not an operating center; its resident is in care.
    assert [(rows[o].centers, rows[o].capacity, rows[o].residents) for o in rows] == [
        (1, 40, 1),
        (2, 40, 5),
        (1, 20, 1),
    ]
    assert [rows[o].centers_share for o in rows] == [
        Decimal("25.0"),
        Decimal("50.0"),
        Decimal("25.0"),
    ]
    assert [rows[o].capacity_share for o in rows] == [
        Decimal("40.0"),
        Decimal("40.0"),
        Decimal("20.0"),
    ]
    assert [rows[o].residents_share for o in rows] == [
        Decimal("14.3"),
        Decimal("71.4"),
        Decimal("14.3"),
    ]
    total = figure.total
    assert (total.centers, total.capacity, total.residents) == (4, 100, 7)
    assert total.centers_share == total.capacity_share == total.residents_share == Decimal("100.0")


def test_residents_are_counted_on_the_day_asked(world: Any, data: Any) -> None:
    hq = scope(world, "hq_manager")
    before = services_by_ownership(scope=hq, on=jd(1405, 7, 30)).total
    assert before.residents == 0 and before.residents_share == Decimal("0.0")
    # The day after ON: one discharged on ON is gone already, one admitted that day is in.
    after = services_by_ownership(scope=hq, on=ON + timedelta(days=1)).total
    assert after.residents == 8


# ---------------------------------------------------------------- children


def test_children_are_counted_by_the_residents_slices_definition(world: Any, data: Any) -> None:
    figure = children_in_care_by_province(scope=scope(world, "hq_manager"), on=ON)
    by_code = {r.province.code: r for r in figure.rows}
    assert len(figure.rows) == 31  # every province, zero rows included
    # Kerman: the child and the adult of the children's home, and the nursery's baby.
    assert by_code["P08"].children == 3 and by_code["P19"].children == 1
    assert figure.national_total == figure.total.children == 4
    assert (by_code["P08"].national_share, by_code["P19"].national_share) == (
        Decimal("75.0"),
        Decimal("25.0"),
    )
    assert sum(r.national_share for r in figure.rows) == Decimal("100.0")
    assert figure.total.national_share == Decimal("100.0")
    # The same count as the stored children's records in care that day, one by one.
    by_hand = [a for a in Admission.objects.all() if a.is_child_record and a.in_care_on(ON)]
    assert len(by_hand) == figure.national_total


# ---------------------------------------------------------------- types


def test_centers_per_type_per_province(world: Any, data: Any) -> None:
    figure = centers_by_type_and_province(scope=scope(world, "hq_manager"))
    by_code = {r.province.code: r for r in figure.rows}
    kerman, zanjan = by_code["P08"], by_code["P19"]
    assert kerman.counts["childrens_home"] == 2 and kerman.counts["elderly_care"] == 1
    assert kerman.total == 3
    assert zanjan.counts["rehabilitation"] == 1 and zanjan.counts["elderly_care"] == 0
    assert zanjan.total == 1
    assert figure.total.total == 4
    assert figure.total.counts["childrens_home"] == 2
    assert [code for code, _label in figure.types][-1] == "positive_life"
    assert all(len(r.counts) == 14 for r in figure.rows)


# ---------------------------------------------------------------- scope and permission


def test_a_zanjan_manager_sees_only_zanjan(world: Any, data: Any) -> None:
    figures = center_figures(scope=scope(world, "zanjan_manager"), on=ON)
    assert [r.province.code for r in figures.children.rows] == ["P19"]
    assert [r.province.code for r in figures.types.rows] == ["P19"]
    ngo = figures.ownership.rows[1]
    assert (ngo.centers, ngo.capacity, ngo.residents) == (1, 30, 3)
    assert ngo.centers_share == ngo.residents_share == Decimal("100.0")
    assert figures.ownership.total.residents == 3
    # Zanjan's share is of the whole country, the one number counted outside Zanjan.
    zanjan = figures.children.rows[0]
    assert (zanjan.children, zanjan.national_share) == (1, Decimal("25.0"))
    assert figures.children.national_total == 4
    assert figures.types.total.total == 1


def test_one_province_of_the_area_and_none_outside_it(world: Any, data: Any) -> None:
    hq = center_figures(scope=scope(world, "hq_manager"), on=ON, province="p19")
    assert hq.province is not None and hq.province.code == "P19"
    assert [r.children for r in hq.children.rows] == [1]
    assert hq.children.national_total == 4
    assert hq.ownership.total.residents == 3
    with pytest.raises(NotFoundError):
        center_figures(scope=scope(world, "zanjan_manager"), province="P08")
    with pytest.raises(NotFoundError):
        center_figures(scope=scope(world, "hq_manager"), province="P99")


def test_figures_need_the_figures_permission(world: Any) -> None:
    for username in ("kerman_center_operator", "zanjan_officer", "hq_officer", "hq_finance"):
        with pytest.raises(PermissionDeniedError):
            center_figures(scope=scope(world, username))


def test_whoever_sees_the_figures_may_also_see_childrens_records() -> None:
    # Children's figures are counts, not records; still, the permission is only ever given
    # with the children's one, so granting it wider is a decision to make deliberately.
    for permissions in ROLE_PERMISSIONS.values():
        if Perm.CENTERS_FIGURES in permissions:
            assert Perm.CENTERS_RESIDENTS_CHILDREN in permissions


def test_a_day_still_to_come_is_refused(world: Any) -> None:
    with pytest.raises(ApplicationError) as refused:
        center_figures(
            scope=scope(world, "hq_manager"), on=timezone.localdate() + timedelta(days=1)
        )
    assert refused.value.code == "figures_day_future"


def test_the_figures_are_a_few_grouped_queries_whatever_the_data(
    world: Any, data: Any, django_assert_num_queries: Any
) -> None:
    hq, zanjan = scope(world, "hq_manager"), scope(world, "zanjan_manager")
    # provinces, centers by ownership, residents by ownership, children, types
    with django_assert_num_queries(5):
        center_figures(scope=hq, on=ON)
    # + the national count of children
    with django_assert_num_queries(6):
        center_figures(scope=zanjan, on=ON)
    for _ in range(3):
        register_center(world.zanjan_manager, world.unit("C1901"))
        admit(world.zanjan_manager, data.rehab, person(world, county="C1901"), ON)
    with django_assert_num_queries(5):
        assert center_figures(scope=hq, on=ON).ownership.total.residents == 10
