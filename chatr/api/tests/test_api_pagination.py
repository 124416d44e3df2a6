"""limit/offset pagination ({"items", "count"}) on /api/v1/org/units, and the OpenAPI schema."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from chatr.org.models import OrgUnit, OrgUnitKind

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/org/units"
PUBLIC_KINDS = (OrgUnitKind.HQ, OrgUnitKind.PROVINCE, OrgUnitKind.COUNTY)


def get_units(**params: Any) -> dict[str, Any]:
    response = Client().get(UNITS, params)
    assert response.status_code == 200, response.content
    return response.json()


def public_codes_in_tree_order() -> list[str]:
    return list(
        OrgUnit.objects.filter(kind__in=PUBLIC_KINDS, is_active=True)
        .order_by("path")
        .values_list("code", flat=True)
    )


def test_list_is_items_and_count_with_the_default_page_size(world) -> None:
    body = get_units()

    assert set(body) == {"items", "count"}
    assert body["count"] == len(public_codes_in_tree_order())
    assert len(body["items"]) == min(settings.NINJA_PAGINATION_PER_PAGE, body["count"])
    assert set(body["items"][0]) == {"code", "kind", "name_fa", "name_en", "parent"}


def test_count_is_hq_plus_the_31_provinces_plus_the_counties(world) -> None:
    counties = OrgUnit.objects.filter(kind=OrgUnitKind.COUNTY).count()

    assert get_units(kind="hq")["count"] == 1
    assert get_units(kind="province")["count"] == 31
    assert get_units(kind="county")["count"] == counties
    assert get_units()["count"] == 1 + 31 + counties


def test_centers_and_counters_are_not_counted(world) -> None:
    assert get_units(kind="center") == {"items": [], "count": 0}
    assert get_units(kind="counter") == {"items": [], "count": 0}


def test_limit_and_offset_walk_the_whole_list_in_tree_order(world) -> None:
    expected = public_codes_in_tree_order()

    walked: list[str] = []
    for offset in range(0, len(expected), 20):
        page = get_units(limit=20, offset=offset)
        assert page["count"] == len(expected)
        walked += [item["code"] for item in page["items"]]

    assert walked == expected
    assert get_units(limit=20, offset=len(expected)) == {"items": [], "count": len(expected)}


def test_filters_and_pagination_combine(world) -> None:
    page = get_units(kind="province", limit=5, offset=5)

    assert page["count"] == 31
    assert [item["kind"] for item in page["items"]] == ["province"] * 5
    assert [item["parent"] for item in page["items"]] == ["HQ"] * 5


def test_limit_up_to_the_maximum_is_served(world) -> None:
    body = get_units(limit=settings.NINJA_PAGINATION_MAX_LIMIT)

    assert len(body["items"]) == min(settings.NINJA_PAGINATION_MAX_LIMIT, body["count"])


@pytest.mark.parametrize(
    "params",
    [
        {"limit": settings.NINJA_PAGINATION_MAX_LIMIT + 1},
        {"limit": 0},
        {"offset": -1},
    ],
)
def test_limit_above_the_maximum_or_out_of_range_is_refused(world, params) -> None:
    response = Client().get(UNITS, params)

    assert response.status_code == 422
    assert response.json()["code"] == "validation_error"
    assert set(response.json()["fields"]) == set(params)


@pytest.mark.parametrize("limit", [5, 200])
def test_list_queries_do_not_grow_with_the_page(
    world, django_assert_max_num_queries, limit
) -> None:
    # One count and one select (parents joined): never a query per row.
    with django_assert_max_num_queries(2):
        body = get_units(limit=limit)

    assert all(item["parent"] for item in body["items"] if item["kind"] != "hq")


def test_openapi_schema_is_served_and_lists_the_units_endpoint(world) -> None:
    response = Client().get("/api/v1/openapi.json")

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/org/units" in paths
    parameters = {p["name"] for p in paths["/api/v1/org/units"]["get"]["parameters"]}
    assert {"kind", "parent", "limit", "offset"} <= parameters
