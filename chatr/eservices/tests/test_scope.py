"""Service requests honour the scoped-record contract: an officer of another province never
sees a Kerman request, through the staff pages or the API, and cannot act on it."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chatr.eservices.tests.factories import file_request, make_service
from chatr.org.testing import ScopedRecordContract

pytestmark = pytest.mark.django_db


class TestServiceRequestScope(ScopedRecordContract):
    reader_in_scope = "kerman_manager"
    reader_out_of_scope = "zanjan_officer"
    owner_unit_code = "P08"

    def make_record(self, world: Any, unit: Any) -> Any:
        return file_request(world, make_service(world, unit=unit.code))

    def list_url(self) -> str:
        return reverse("eservices:staff_requests")

    def detail_url(self, record: Any) -> str:
        return reverse("eservices:staff_request", args=[record.pk])

    def api_list_url(self) -> str:
        return "/api/v1/eservices/requests?limit=200"

    def api_detail_url(self, record: Any) -> str:
        return f"/api/v1/eservices/requests/{record.pk}"


class TestServiceRequestScopeForManager(TestServiceRequestScope):
    reader_out_of_scope = "zanjan_manager"


def test_writes_outside_scope_are_refused_as_not_found(world, client_for) -> None:
    request = file_request(world, make_service(world, unit="P08"))
    client = client_for("zanjan_manager")
    for action in ("review", "reject", "approve"):
        response = client.post(
            f"/api/v1/eservices/requests/{request.pk}/{action}",
            {"text": "x"},
            content_type="application/json",
        )
        assert response.status_code == 404
    request.case.refresh_from_db()
    assert request.case.state == "submitted"


def test_an_officer_moves_a_request_through_the_api(world, client_for) -> None:
    request = file_request(world, make_service(world))
    client = client_for("zanjan_officer")
    url = f"/api/v1/eservices/requests/{request.pk}"

    def act(action: str, text: str = "") -> Any:
        return client.post(f"{url}/{action}", {"text": text}, content_type="application/json")

    assert act("approve").status_code == 409  # must be reviewed first
    assert act("review").json()["state"] == "under_review"
    refused = act("ask-info")
    assert refused.status_code == 400 and "message" in refused.json()["fields"]
    assert act("ask-info", "کارت ملی").json()["info_requested"] == "کارت ملی"
    assert act("dance").status_code == 404
