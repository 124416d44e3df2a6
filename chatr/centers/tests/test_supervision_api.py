"""/api/v1/centers/supervision: record, read, the ladder's order, and scoping."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chatr.centers import services_supervision as services
from chatr.centers.tests.test_supervision_services import VIOLATION, full_scores, record

pytestmark = pytest.mark.django_db

BASE = "/api/v1/centers/supervision"


@pytest.fixture(autouse=True)
def checklists(db: None) -> None:
    services.checklist_templates_install()


def post(client: Any, url: str, payload: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(payload), content_type="application/json")


def test_an_inspector_records_an_inspection_through_the_api(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    client = client_for("zanjan_inspector")
    scores = {str(k): v for k, v in full_scores(zanjan_center, minus=3).items()}
    response = post(
        client,
        f"{BASE}/centers/{zanjan_center.pk}/inspections",
        {
            "kind": "unannounced",
            "visited_on": "2025-11-01",
            "scores": scores,
            "findings": [
                {"text": "نبود دستگیره در حمام", "corrective_action": "نصب", "due_in_days": 10}
            ],
        },
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["score"], body["max_score"], body["percent"]) == (97, 100, 97)
    assert body["findings"][0]["due_on"]
    listed = client.get(f"{BASE}/inspections/?mine=true").json()
    assert [i["id"] for i in listed["items"]] == [body["id"]]
    assert client.get(f"{BASE}/corrective-actions/").json()["count"] == 1


def test_a_missing_score_is_refused_in_the_one_error_shape(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    response = post(
        client_for("zanjan_inspector"),
        f"{BASE}/centers/{zanjan_center.pk}/inspections",
        {"kind": "planned", "visited_on": "2025-11-01", "scores": {}},
    )
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "score_missing" and body["message_fa"] and body["fields"]


def test_the_ladder_refuses_a_skipped_step_through_the_api(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    finding = record(world.zanjan_inspector, zanjan_center, findings=(VIOLATION,)).findings.get()
    client = client_for("zanjan_officer")
    opened = post(
        client, f"{BASE}/centers/{zanjan_center.pk}/sanctions", {"finding_id": finding.pk}
    )
    assert opened.status_code == 201, opened.content
    proceeding = opened.json()
    assert (proceeding["step"], proceeding["next_step"]) == ("violation", "notice")
    skipped = post(client, f"{BASE}/sanctions/{proceeding['id']}/steps", {"step": "first_warning"})
    assert skipped.status_code == 409
    assert skipped.json()["code"] == "previous_step_missing"
    notice = post(client, f"{BASE}/sanctions/{proceeding['id']}/steps", {"step": "notice"})
    assert notice.status_code == 200
    assert notice.json()["due_on"] and notice.json()["next_step"] == "first_warning"
    early = post(client, f"{BASE}/sanctions/{proceeding['id']}/steps", {"step": "first_warning"})
    assert early.status_code == 409 and early.json()["code"] == "period_not_elapsed"
    listed = client.get(f"{BASE}/centers/{zanjan_center.pk}/sanctions").json()
    assert [s["kind"] for s in listed[0]["steps"]] == ["violation", "notice"]


def test_kerman_records_are_missing_for_a_zanjan_inspector(
    world: Any, client_for: Any, kerman_center: Any
) -> None:
    inspection = record(world.kerman_manager, kerman_center)
    client = client_for("zanjan_inspector")
    assert client.get(f"{BASE}/inspections/{inspection.pk}").status_code == 404
    assert client.get(f"{BASE}/inspections/").json()["count"] == 0
    assert client.get(f"{BASE}/centers/{kerman_center.pk}/sanctions").status_code == 404
    response = post(
        client,
        f"{BASE}/centers/{kerman_center.pk}/inspections",
        {"kind": "planned", "visited_on": "2025-11-01", "scores": {}},
    )
    assert response.status_code == 404


def test_the_api_needs_a_signed_in_staff_member(world: Any, client: Any) -> None:
    assert client.get(f"{BASE}/inspections/").status_code == 401


def test_planning_offers_only_inspectors_who_cover_the_center(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    client = client_for("zanjan_officer")
    url = f"{BASE}/centers/{zanjan_center.pk}/inspections/planned"
    stranger = post(client, url, {"planned_on": "2026-12-20", "inspector": "kerman_manager"})
    assert stranger.status_code == 400 and stranger.json()["code"] == "inspector_unknown"
    planned = post(client, url, {"planned_on": "2026-12-20", "inspector": "zanjan_inspector"})
    assert planned.status_code == 201, planned.content


def test_a_sanction_starts_only_from_an_open_finding_of_the_center(
    world: Any, client_for: Any, zanjan_center: Any, kerman_center: Any
) -> None:
    elsewhere = record(world.kerman_manager, kerman_center, findings=(VIOLATION,)).findings.get()
    client = client_for("zanjan_officer")
    refused = post(
        client, f"{BASE}/centers/{zanjan_center.pk}/sanctions", {"finding_id": elsewhere.pk}
    )
    assert refused.status_code == 400 and refused.json()["code"] == "finding_unknown"
