"""/api/v1/centers/licensing: the staff workflow and the applicant's status."""

from __future__ import annotations

import json
from typing import Any

import pytest

from chatr.centers.choices_licensing import LicensingState as S
from chatr.centers.tests.test_licensing_services import apply

BASE = "/api/v1/centers/licensing"


def _post(client: Any, url: str, body: dict[str, Any]) -> Any:
    return client.post(url, json.dumps(body), content_type="application/json")


@pytest.mark.django_db
def test_staff_take_the_steps_through_the_api(world: Any, client_for: Any) -> None:
    application = apply(world)
    code = application.case.tracking_code
    officer = client_for("zanjan_officer")
    listed = officer.get(f"{BASE}/").json()
    assert [row["tracking_code"] for row in listed["items"]] == [code]
    response = _post(officer, f"{BASE}/{code}/actions", {"action": "send_inquiries"})
    assert response.status_code == 200, response.content
    assert response.json()["state"] == S.INQUIRIES_SENT
    response = _post(officer, f"{BASE}/{code}/actions", {"action": "issue_agreement"})
    assert response.status_code == 403
    response = _post(officer, f"{BASE}/{code}/actions", {"action": "approve"})
    assert response.status_code in (403, 409)
    response = _post(officer, f"{BASE}/{code}/actions", {"action": "forward"})
    assert response.json()["state"] == S.AT_COMMISSION
    manager = client_for("zanjan_manager")
    response = _post(manager, f"{BASE}/{code}/actions", {"action": "refuse", "reason": ""})
    assert response.status_code == 400
    assert response.json()["code"] == "reason_required"


@pytest.mark.django_db
def test_out_of_scope_is_not_found(world: Any, client_for: Any) -> None:
    code = apply(world).case.tracking_code
    kerman = client_for("kerman_manager")
    assert kerman.get(f"{BASE}/{code}").status_code == 404
    assert _post(kerman, f"{BASE}/{code}/actions", {"action": "forward"}).status_code == 404
    assert kerman.get(f"{BASE}/").json()["items"] == []


@pytest.mark.django_db
def test_applicant_sees_their_own_status(world: Any, client_for: Any) -> None:
    application = apply(world)
    citizen = client_for("citizen")
    mine = citizen.get(f"{BASE}/mine/").json()
    assert mine["items"][0]["tracking_code"] == application.case.tracking_code
    detail = citizen.get(f"{BASE}/mine/{application.case.tracking_code}").json()
    assert detail["state"] == S.SUBMITTED
    assert detail["timeline"]
    assert citizen.get(f"{BASE}/").status_code == 401
