"""`CappedPagination`: `count` stops at the cap and `count_is_capped` says so; `offset` may
still go past the cap."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.test import RequestFactory

from chatr.api.base import CappedPagination
from chatr.core.models import TrackingCode

pytestmark = pytest.mark.django_db


@pytest.fixture
def six_codes() -> None:
    TrackingCode.objects.bulk_create(
        TrackingCode(code=f"10000000000{n}", namespace="test") for n in range(6)
    )


def _page(cap: int, *, limit: int, offset: int) -> dict[str, object]:
    pagination = CappedPagination()
    pagination.cap = cap
    page = pagination.paginate_queryset(
        TrackingCode.objects.order_by("pk"),
        SimpleNamespace(limit=limit, offset=offset),
        RequestFactory().get("/"),
    )
    return {**page, "items": [code.pk for code in page["items"]]}


def test_below_the_cap_the_count_is_exact(six_codes) -> None:
    assert _page(10, limit=2, offset=0) == {
        "items": ["100000000000", "100000000001"],
        "count": 6,
        "count_is_capped": False,
    }


def test_past_the_cap_the_count_is_the_cap_and_items_are_still_read(six_codes) -> None:
    assert _page(3, limit=2, offset=4) == {
        "items": ["100000000004", "100000000005"],
        "count": 3,
        "count_is_capped": True,
    }


def test_the_openapi_schema_documents_the_capped_count() -> None:
    fields = CappedPagination.Output.model_json_schema()["properties"]
    assert set(fields) == {"items", "count", "count_is_capped"}
    assert "10,000" in fields["count"]["description"]
