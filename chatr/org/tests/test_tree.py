"""The org tree: reference data, paths, and the one "is X within Y" question."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chatr.core.errors import ApplicationError
from chatr.org.data.provinces import PROVINCES
from chatr.org.models import OrgUnit, OrgUnitKind, encode_segment
from chatr.org.services import load_reference_units, org_unit_create

pytestmark = pytest.mark.django_db


def test_reference_data_has_the_31_provinces_with_official_codes_and_capitals() -> None:
    load_reference_units()
    provinces = OrgUnit.objects.filter(kind=OrgUnitKind.PROVINCE)
    assert provinces.count() == 31
    assert sorted(p.code for p in provinces) == [f"P{n:02d}" for n in range(31)]
    zanjan = provinces.get(code="P19")
    assert (zanjan.name_fa, zanjan.name_en) == ("زنجان", "Zanjan")
    for province in provinces:
        capital = province.children.get(kind=OrgUnitKind.COUNTY)
        assert capital.province_id == province.pk
        assert capital.county_id == capital.pk
    assert len({p.name_en for p in PROVINCES}) == 31


def test_loading_reference_data_twice_changes_nothing() -> None:
    load_reference_units()
    before = list(OrgUnit.objects.values_list("code", "path"))
    load_reference_units()
    assert list(OrgUnit.objects.values_list("code", "path")) == before


def test_within_answers_subtree_membership_in_one_query(world, django_assert_num_queries) -> None:
    kerman = world.unit("P08")
    with django_assert_num_queries(1):
        codes = set(OrgUnit.objects.within(kerman).values_list("code", flat=True))
    assert codes == {"P08", "C0801", "C0802", "K0801"}
    assert world.unit("K0801").is_within(kerman)
    assert world.unit("K0801").is_within(world.unit("HQ"))
    assert not world.unit("K0801").is_within(world.unit("P19"))
    assert not kerman.is_within(world.unit("C0801"))


def test_center_copies_down_its_province_and_county(world) -> None:
    nursery = world.unit("K0801")
    assert nursery.province_id == world.unit("P08").pk
    assert nursery.county_id == world.unit("C0801").pk
    assert nursery.depth == 3


def test_a_county_cannot_hang_directly_under_hq(world) -> None:
    with pytest.raises(ApplicationError) as error:
        org_unit_create(
            kind=OrgUnitKind.COUNTY, code="X1", name_fa="x", name_en="x", parent=world.unit("HQ")
        )
    assert error.value.code == "org_unit_parent_invalid"


@given(st.integers(min_value=1, max_value=36**7 - 1), st.integers(min_value=1, max_value=36**7 - 1))
def test_path_segments_never_prefix_each_other(a: int, b: int) -> None:
    # Fixed width is what makes startswith() exact: unit 1 must not look like unit 12's parent.
    sa, sb = encode_segment(a), encode_segment(b)
    assert len(sa) == len(sb)
    assert (sa == sb) == (a == b)
