from __future__ import annotations

import pytest
from django.urls import reverse

from chatr.eservices.choices import RequestState
from chatr.eservices.demo import seed_eservices_demo
from chatr.eservices.models import FormDefinition, Service, ServiceRequest

pytestmark = pytest.mark.django_db


def test_demo_has_one_request_per_state_and_is_idempotent(world) -> None:
    # One online request per state, plus the Positive Life counter's (test_counters.py).
    expected = len(RequestState.values) + 4
    assert seed_eservices_demo(world) == expected
    states = sorted(
        ServiceRequest.objects.filter(channel="web").values_list("case__state", flat=True)
    )
    assert states == sorted(RequestState.values)
    counts = (Service.objects.count(), FormDefinition.objects.count())
    assert seed_eservices_demo(world) == expected
    assert (Service.objects.count(), FormDefinition.objects.count()) == counts
    for service in Service.objects.exclude(owner_url_name=""):
        assert reverse(service.owner_url_name)  # the module-owned flows exist


def test_demo_pages_render(world, client_for) -> None:
    seed_eservices_demo(world)
    assert client_for("zanjan_officer").get("/services/staff/").status_code == 200
    for request in ServiceRequest.objects.all():
        assert client_for("zanjan_officer").get(f"/services/staff/{request.pk}/").status_code == 200
        code = request.case.tracking_code
        assert client_for("citizen").get(f"/services/my/{code}/").status_code == 200
    for service in Service.objects.all():
        assert client_for("citizen").get(f"/services/{service.code}/").status_code == 200
        if not service.owner_url_name:
            apply = client_for("citizen").get(f"/services/{service.code}/apply/")
            assert apply.status_code == 200
