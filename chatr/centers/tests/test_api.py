"""/api/v1/centers: the public directory and licence check, and the staff endpoints."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone

from chatr.centers.models import Center
from chatr.centers.tests.factories import issue_licence, register_center

pytestmark = pytest.mark.django_db

BASE = "/api/v1/centers"
TODAY = timezone.localdate()


def test_public_list_filters_and_paginates_without_personal_data(
    world, client, kerman_center, zanjan_center
) -> None:
    issue_licence(world.kerman_manager, kerman_center)
    body = client.get(f"{BASE}/", {"province": "P08", "limit": 10}).json()
    assert body["count"] == 1
    item = body["items"][0]
    assert item["id"] == kerman_center.pk
    assert item["name_fa"] == "مرکز توانبخشی امید کرمان"
    assert (item["province"], item["county"]) == ("P08", "C0801")
    assert item["is_licensed"] is True
    assert "manager_name" not in item
    by_name = client.get(f"{BASE}/", {"name": "سالمندان مهر"}).json()
    assert [i["id"] for i in by_name["items"]] == [zanjan_center.pk]
    page = client.get(f"{BASE}/", {"limit": 1, "offset": 1}).json()
    assert page["count"] == 2 and len(page["items"]) == 1


def test_public_list_reads_a_fixed_number_of_queries(
    world, client, django_assert_num_queries
) -> None:
    for _ in range(3):
        register_center(world.kerman_manager, world.unit("C0801"))
    client.get(f"{BASE}/")  # warm the throttle's cache entry
    with django_assert_num_queries(2):  # count + one page with places joined
        assert len(client.get(f"{BASE}/").json()["items"]) == 3
    for _ in range(5):
        register_center(world.kerman_manager, world.unit("C0802"))
    with django_assert_num_queries(2):
        assert len(client.get(f"{BASE}/").json()["items"]) == 8


def test_public_detail_has_the_licence_history(world, client, kerman_center) -> None:
    old = issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=TODAY - timedelta(days=400),
        valid_until=TODAY - timedelta(days=1),
    )
    new = issue_licence(world.kerman_manager, kerman_center, valid_from=TODAY)
    body = client.get(f"{BASE}/{kerman_center.pk}").json()
    assert [lic["number"] for lic in body["licences"]] == [new.number, old.number]
    assert body["licences"][1]["status"] == "expired"  # read as of today, before the daily run
    assert body["licences"][0]["renews"] == old.number
    assert "manager_name" not in body


def test_public_detail_of_a_missing_center_is_404(client) -> None:
    response = client.get(f"{BASE}/999999")
    assert response.status_code == 404
    assert response.json()["code"] == "not_found"


def test_licence_check_found_and_not_found(world, client, kerman_center) -> None:
    issue_licence(world.kerman_manager, kerman_center, number="08140300123")
    found = client.get(f"{BASE}/licences/{quote('۰۸۱۴۰۳۰۰۱۲۳')}")
    assert found.status_code == 200
    body = found.json()
    assert body["status"] == "valid"
    assert body["center_id"] == kerman_center.pk
    assert body["center_name_en"] == "Omid Rehabilitation Center, Kerman"
    assert set(body) >= {"valid_from", "valid_until", "kind", "licence_type"}
    missing = client.get(f"{BASE}/licences/08149999999")
    assert missing.status_code == 404
    error = missing.json()
    assert error["code"] == "licence_not_found"
    assert error["message_en"].startswith("No licence with this number was found.")
    assert error["message_fa"]


# ---------------------------------------------------------------- staff


def _payload(**overrides: object) -> dict[str, object]:
    payload: dict[str, object] = {
        "county": "C0801",
        "name_fa": "خانه سالمندان آرامش",
        "licence_type": "elderly_care",
        "ownership": "private",
        "care_mode": "residential",
        "grade": 2,
        "capacity": 30,
        "address": "کرمان، خیابان فردوسی، پلاک ۸",
        "postal_code": "7618713651",
        "phone": "034 3212 3456",
        "latitude": "30.28",
        "longitude": "57.08",
    }
    payload.update(overrides)
    return payload


def test_staff_register_a_center_in_their_county(client_for) -> None:
    response = client_for("kerman_manager").post(
        f"{BASE}/manage/", _payload(), content_type="application/json"
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["code"] == "CT0801001"
    assert body["phone"] == "03432123456"
    assert body["licences"] == []
    assert Center.objects.get().scope_province.code == "P08"


def test_registering_outside_scope_or_without_the_right_is_refused(client_for) -> None:
    outside = client_for("zanjan_officer").post(
        f"{BASE}/manage/", _payload(), content_type="application/json"
    )
    assert outside.status_code == 400
    assert outside.json()["code"] == "county_out_of_scope"
    inspector = client_for("zanjan_inspector").post(
        f"{BASE}/manage/", _payload(county="C1901"), content_type="application/json"
    )
    assert inspector.status_code == 403
    invalid = client_for("kerman_manager").post(
        f"{BASE}/manage/", _payload(postal_code="123"), content_type="application/json"
    )
    assert invalid.status_code == 400
    assert set(invalid.json()["fields"]) == {"postal_code"}
    assert not Center.objects.exists()


def test_anonymous_callers_get_401_on_staff_endpoints(client) -> None:
    response = client.post(f"{BASE}/manage/", _payload(), content_type="application/json")
    assert response.status_code == 401
    assert client.get(f"{BASE}/manage/").status_code == 401


def test_staff_update_changes_only_what_was_sent(world, client_for, kerman_center) -> None:
    response = client_for("kerman_manager").patch(
        f"{BASE}/manage/{kerman_center.pk}",
        {"capacity": 75, "manager_name": "زهرا نوری", "latitude": None, "longitude": None},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["capacity"], body["manager_name"]) == (75, "زهرا نوری")
    assert body["name_fa"] == "مرکز توانبخشی امید کرمان"
    refused = client_for("kerman_manager").patch(
        f"{BASE}/manage/{kerman_center.pk}", {"status": "revoked"}, content_type="application/json"
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "status_not_editable"


def test_staff_of_another_province_get_404_for_reads_and_writes(client_for, kerman_center) -> None:
    client = client_for("zanjan_officer")
    assert client.get(f"{BASE}/manage/{kerman_center.pk}").status_code == 404
    write = client.patch(
        f"{BASE}/manage/{kerman_center.pk}", {"capacity": 1}, content_type="application/json"
    )
    assert write.status_code == 404
    assert write.json()["code"] == "not_found"
    licence = client.post(
        f"{BASE}/manage/{kerman_center.pk}/licences",
        {
            "kind": "activity_licence",
            "number": "1",
            "issued_on": "2025-01-01",
            "valid_from": "2025-01-01",
            "valid_until": "2027-12-31",
        },
        content_type="application/json",
    )
    assert licence.status_code == 404
    kerman_center.refresh_from_db()
    assert kerman_center.capacity == 40


def test_staff_record_a_licence(client_for, kerman_center) -> None:
    response = client_for("kerman_manager").post(
        f"{BASE}/manage/{kerman_center.pk}/licences",
        {
            "kind": "activity_licence",
            "number": "08-1404-00077",
            "issued_on": str(TODAY - timedelta(days=3)),
            "valid_from": str(TODAY),
            "valid_until": str(TODAY + timedelta(days=3 * 365)),
        },
        content_type="application/json",
    )
    assert response.status_code == 201, response.content
    assert response.json()["number"] == "08140400077"
    assert Client().get(f"{BASE}/licences/08140400077").json()["status"] == "valid"


def test_a_center_operator_reads_their_center_but_cannot_change_it(client_for, nursery) -> None:
    client = client_for("kerman_center_operator")
    listed = client.get(f"{BASE}/manage/").json()
    assert [item["id"] for item in listed["items"]] == [nursery.pk]
    refused = client.patch(
        f"{BASE}/manage/{nursery.pk}", {"capacity": 1}, content_type="application/json"
    )
    assert refused.status_code == 403
