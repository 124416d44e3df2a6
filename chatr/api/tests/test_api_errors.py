"""Every /api/v1 error has one shape: {code, message_fa, message_en, fields}."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from ninja.throttling import BaseThrottle

from chatr.org.api import router as org_router

pytestmark = pytest.mark.django_db


def assert_error(response: Any, status: int, code: str) -> dict[str, Any]:
    """Check the one error shape and return the body."""
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert set(body) == {"code", "message_fa", "message_en", "fields"}
    assert body["code"] == code
    for language in ("message_fa", "message_en"):
        assert isinstance(body[language], str)
        assert body[language].strip()
    assert isinstance(body["fields"], dict)
    for messages in body["fields"].values():
        assert set(messages) == {"message_fa", "message_en"}
        assert all(isinstance(text, str) and text.strip() for text in messages.values())
    return body


def public_throttles(path: str) -> list[BaseThrottle]:
    """The throttles of a public org endpoint.

    `public_throttle()` builds them once, when chatr.org.api is imported, so the rate cannot be
    changed with override_settings. Mounting the router on the API clones its operations but
    shares these throttle instances, so a test lowers the live limit by setting `num_requests`
    on them (with monkeypatch, which puts it back afterwards).
    """
    return org_router.path_operations[path].operations[0].throttle_objects


def test_unknown_org_unit_is_404_in_the_error_shape(world) -> None:
    body = assert_error(Client().get("/api/v1/org/units/NOPE"), 404, "not_found")

    assert body["fields"] == {}


def test_unit_that_is_not_public_looks_exactly_like_a_missing_one(world) -> None:
    center = Client().get("/api/v1/org/units/K0801")
    missing = Client().get("/api/v1/org/units/NOPE")

    assert assert_error(center, 404, "not_found") == assert_error(missing, 404, "not_found")


def test_me_without_authentication_is_401_in_the_error_shape(world) -> None:
    assert_error(Client().get("/api/v1/org/me"), 401, "unauthorized")


def test_me_with_an_unknown_bearer_token_is_401_in_the_error_shape(world) -> None:
    response = Client().get("/api/v1/org/me", HTTP_AUTHORIZATION="Bearer chatr_not-a-token")

    assert_error(response, 401, "unauthorized")


def test_bad_query_parameter_type_is_422_naming_the_field(world) -> None:
    body = assert_error(
        Client().get("/api/v1/org/units", {"limit": "abc"}), 422, "validation_error"
    )

    assert set(body["fields"]) == {"limit"}


def test_action_outside_the_callers_role_is_403_in_the_error_shape(world, client_for) -> None:
    # A province officer holds no audit role.
    response = client_for("zanjan_officer").get("/api/v1/audit/events")

    assert_error(response, 403, "forbidden")


def test_public_endpoints_use_the_configured_rate(world) -> None:
    for path in ("/units", "/units/{code}"):
        assert [t.rate for t in public_throttles(path)] == [settings.CHATR_PUBLIC_API_RATE]


def test_exceeding_the_public_rate_limit_is_429_in_the_error_shape(world, monkeypatch) -> None:
    for throttle in public_throttles("/units"):
        monkeypatch.setattr(throttle, "num_requests", 3)
    client = Client(REMOTE_ADDR="203.0.113.7")

    allowed = [client.get("/api/v1/org/units").status_code for _ in range(3)]
    refused = client.get("/api/v1/org/units")

    assert allowed == [200, 200, 200]
    assert_error(refused, 429, "rate_limited")
    assert int(refused["Retry-After"]) > 0


def test_rate_limit_counts_each_client_address_separately(world, monkeypatch) -> None:
    for throttle in public_throttles("/units"):
        monkeypatch.setattr(throttle, "num_requests", 1)
    Client(REMOTE_ADDR="203.0.113.7").get("/api/v1/org/units")

    assert Client(REMOTE_ADDR="203.0.113.7").get("/api/v1/org/units").status_code == 429
    assert Client(REMOTE_ADDR="198.51.100.9").get("/api/v1/org/units").status_code == 200


def test_a_forged_forwarded_for_header_does_not_escape_the_rate_limit(world, monkeypatch) -> None:
    for throttle in public_throttles("/units"):
        monkeypatch.setattr(throttle, "num_requests", 1)
    client = Client(REMOTE_ADDR="203.0.113.7")
    client.get("/api/v1/org/units", HTTP_X_FORWARDED_FOR="10.0.0.1")

    response = client.get("/api/v1/org/units", HTTP_X_FORWARDED_FOR="10.0.0.2")

    assert response.status_code == 429


def test_unknown_api_path_is_404_in_the_error_shape(world) -> None:
    assert_error(Client().get("/api/v1/no-such-endpoint"), 404, "not_found")


def test_wrong_method_is_405_in_the_error_shape(world) -> None:
    assert_error(Client().post("/api/v1/org/units"), 405, "method_not_allowed")
