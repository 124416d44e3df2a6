from __future__ import annotations

import pytest
from django.test import Client

from chatr.eservices.models import ServiceRequest
from chatr.eservices.tests.factories import GOOD, make_service

pytestmark = pytest.mark.django_db


def test_catalogue_and_service_are_public(world) -> None:
    make_service(world)
    make_service(
        world, code="complaint", unit="HQ", owner_url_name="watchdog:submit", title_fa="ثبت شکایت"
    )
    body = Client().get("/api/v1/eservices/services", {"q": "بازديد"}).json()
    assert [item["code"] for item in body["items"]] == ["home-visit"]
    detail = Client().get("/api/v1/eservices/services/home-visit").json()
    assert detail["form_version"] == 1 and detail["form_fields"][0]["key"] == "national_code"
    owned = Client().get("/api/v1/eservices/services/complaint").json()
    assert owned["owned_elsewhere"] is True and owned["form_fields"] == []
    missing = Client().get("/api/v1/eservices/services/nope")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"


def test_citizen_files_and_lists_their_requests(world, client_for) -> None:
    make_service(world)
    client = client_for("citizen")
    bad = client.post(
        "/api/v1/eservices/services/home-visit/requests",
        {"answers": {**GOOD, "national_code": "12"}},
        content_type="application/json",
    )
    assert bad.status_code == 400
    error = bad.json()
    assert error["code"] == "answers_invalid"
    assert error["fields"]["national_code"]["message_fa"]
    assert error["fields"]["national_code"]["message_en"]
    filed = client.post(
        "/api/v1/eservices/services/home-visit/requests",
        {"answers": {**GOOD, "size": 3, "has_card": False}},
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.content
    assert filed.json()["state"] == "submitted" and filed.json()["form_version"] == 1
    assert ServiceRequest.objects.get().channel == "api"
    mine = client.get("/api/v1/eservices/my/requests").json()
    assert mine["count"] == 1 and mine["items"][0]["tracking_code"] == filed.json()["tracking_code"]


def test_staff_and_anonymous_cannot_use_the_citizen_endpoints(world, client_for) -> None:
    make_service(world)
    assert Client().get("/api/v1/eservices/my/requests").status_code == 401
    assert client_for("zanjan_officer").get("/api/v1/eservices/my/requests").status_code == 401


def test_catalogue_endpoint_pins_its_query_count(world, django_assert_num_queries) -> None:
    for code in ("a-one", "a-two", "a-three"):
        make_service(world, code=code)
    with django_assert_num_queries(1):  # the catalogue, units joined, read once
        assert Client().get("/api/v1/eservices/services").status_code == 200
