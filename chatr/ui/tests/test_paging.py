"""`CappedPaginator`: pages up to the cap, a count that stops there and says so."""

from __future__ import annotations

import pytest

from chatr.core.models import TrackingCode
from chatr.ui.paging import CappedPaginator

pytestmark = pytest.mark.django_db


@pytest.fixture
def six_codes() -> None:
    TrackingCode.objects.bulk_create(
        TrackingCode(code=f"10000000000{n}", namespace="test") for n in range(6)
    )


def test_a_capped_count_reads_one_query(six_codes, django_assert_num_queries) -> None:
    paginator = CappedPaginator(TrackingCode.objects.order_by("pk"), 2)
    paginator.cap = 4
    with django_assert_num_queries(1):
        assert (paginator.count, paginator.count_is_capped, paginator.num_pages) == (4, True, 2)


def test_below_the_cap_the_count_is_exact(six_codes) -> None:
    paginator = CappedPaginator(TrackingCode.objects.order_by("pk"), 4)
    assert (paginator.count, paginator.count_is_capped, paginator.num_pages) == (6, False, 2)


def test_pages_stop_at_the_cap(six_codes) -> None:
    paginator = CappedPaginator(TrackingCode.objects.order_by("pk"), 2)
    paginator.cap = 3
    last = paginator.get_page(99)  # past the last page: the last one, as Django's paginator
    assert last.number == 2
    assert [code.pk for code in last.object_list] == ["100000000002"]  # the cap's row
