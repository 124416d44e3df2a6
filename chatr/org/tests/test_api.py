"""/api/v1/org: the public tree and the caller's own grants."""

from __future__ import annotations

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_public_units_list_filters_by_parent(world) -> None:
    response = Client().get("/api/v1/org/units", {"parent": "P19"})
    assert response.status_code == 200
    assert {item["code"] for item in response.json()["items"]} == {"C1901", "C1902"}


def test_centers_are_not_listed_in_the_public_org_tree(world) -> None:
    response = Client().get("/api/v1/org/units", {"limit": 200})
    codes = {item["code"] for item in response.json()["items"]}
    assert "K0801" not in codes and "Z1901" not in codes
    assert Client().get("/api/v1/org/units/K0801").status_code == 404


def test_me_lists_the_callers_grants(client_for) -> None:
    response = client_for("zanjan_officer").get("/api/v1/org/me")
    assert response.json()["grants"] == [{"role": "province_officer", "org_unit": "P19"}]
