"""A count that stops at a cap: exact up to the cap, the cap and "more" past it."""

from __future__ import annotations

import pytest

from chatr.core.models import TrackingCode
from chatr.core.paging import capped_count

pytestmark = pytest.mark.django_db


@pytest.fixture
def six_codes() -> None:
    TrackingCode.objects.bulk_create(
        TrackingCode(code=f"10000000000{n}", namespace="test") for n in range(6)
    )


@pytest.mark.parametrize(
    ("cap", "expected"), [(10, (6, False)), (6, (6, False)), (5, (5, True)), (1, (1, True))]
)
def test_the_count_is_exact_up_to_the_cap_and_says_when_there_are_more(
    six_codes, cap, expected
) -> None:
    assert capped_count(TrackingCode.objects.all(), cap) == expected


def test_the_capped_count_is_one_query_whatever_the_order(
    six_codes, django_assert_num_queries
) -> None:
    with django_assert_num_queries(1) as captured:
        assert capped_count(TrackingCode.objects.order_by("-created_at"), 3) == (3, True)
    # The order is dropped: counting needs no sort.
    assert "ORDER BY" not in captured.captured_queries[0]["sql"]
