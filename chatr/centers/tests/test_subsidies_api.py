"""/api/v1/centers/residents and /api/v1/centers/subsidies: admit (capacity message in the one
error shape), discharge, children's records, scoping (404), compute (idempotent), maker–checker
refusal, batches and the bank file, rates, and the lists' query counts."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

import pytest

from chatr.audit.models import AuditEvent
from chatr.centers.models import Admission, ClaimState, SubsidyClaim
from chatr.centers.tests.factories import register_center
from chatr.centers.tests.test_subsidies_support import (
    admit,
    children_home,
    compute,
    jd,
    licensed,
    person,
    rate,
    set_account,
)

pytestmark = pytest.mark.django_db

RESIDENTS = "/api/v1/centers/residents"
SUBSIDIES = "/api/v1/centers/subsidies"


def post(client: Any, url: str, payload: dict[str, Any] | None = None) -> Any:
    return client.post(url, json.dumps(payload or {}), content_type="application/json")


def _claim_ready(world: Any) -> SubsidyClaim:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    set_account(world.kerman_finance, center)
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 7)
    return SubsidyClaim.objects.get(center=center)


def test_admit_list_read_and_discharge_a_resident(world: Any, client_for: Any) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"))
    who = person(world)
    client = client_for("kerman_manager")
    created = post(
        client,
        f"{RESIDENTS}/centers/{center.pk}/",
        {
            "national_code": who.national_code,
            "birth_date": who.birth_date.isoformat(),
            "admitted_on": "2025-10-01",
        },
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["national_code_masked"].endswith(who.national_code[-4:])
    assert who.national_code not in created.content.decode()
    listed = client.get(f"{RESIDENTS}/centers/{center.pk}/?current=true").json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == body["id"]
    assert client.get(f"{RESIDENTS}/{body['id']}").status_code == 200
    assert AuditEvent.objects.filter(action="view", target_id=str(body["id"])).exists()
    refused = post(
        client,
        f"{RESIDENTS}/{body['id']}/discharge",
        {"discharged_on": "2025-10-05", "reason": "x"},
    )
    assert refused.status_code == 400
    assert refused.json()["code"] == "discharge_reason_invalid"
    assert "reason" in refused.json()["fields"]
    done = post(
        client,
        f"{RESIDENTS}/{body['id']}/discharge",
        {"discharged_on": "2025-10-05", "reason": "returned_home"},
    )
    assert done.status_code == 200 and done.json()["discharged_on"] == "2025-10-05"


def test_a_full_center_is_refused_with_the_capacity_message(world: Any, client_for: Any) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"), capacity=1)
    admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
    who = person(world)
    response = post(
        client_for("kerman_manager"),
        f"{RESIDENTS}/centers/{center.pk}/",
        {
            "national_code": who.national_code,
            "birth_date": who.birth_date.isoformat(),
            "admitted_on": "2025-10-02",
        },
    )
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "center_full" and "full" in body["message_en"]
    assert set(body) == {"code", "message_fa", "message_en", "fields"}


def test_residents_out_of_scope_and_childrens_records(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    kerman = register_center(world.kerman_manager, world.unit("C0801"))
    stay = admit(world.kerman_manager, kerman, person(world), date(2025, 10, 1))
    zanjan = client_for("zanjan_manager")
    assert zanjan.get(f"{RESIDENTS}/centers/{kerman.pk}/").status_code == 404
    assert zanjan.get(f"{RESIDENTS}/{stay.pk}").json()["code"] == "not_found"
    child = admit(
        world.zanjan_manager,
        zanjan_center,
        person(world, county="C1901", birth_date=date(2019, 1, 1)),
        jd(1404, 8, 1),
    )
    officer = client_for("zanjan_officer")
    assert officer.get(f"{RESIDENTS}/{child.pk}").status_code == 404
    assert officer.get(f"{RESIDENTS}/centers/{zanjan_center.pk}/").json()["count"] == 0
    assert zanjan.get(f"{RESIDENTS}/centers/{zanjan_center.pk}/").json()["count"] == 1
    assert Admission.objects.count() == 2


def test_compute_is_idempotent_and_the_preparer_cannot_approve(world: Any, client_for: Any) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    set_account(world.kerman_finance, center)
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    maker = client_for("kerman_finance")
    first = post(maker, f"{SUBSIDIES}/compute", {"year": 1405, "month": 7})
    assert first.status_code == 200, first.content
    assert first.json()["created"] == 1 and first.json()["totals"]["computed"] == 1
    assert post(maker, f"{SUBSIDIES}/compute", {"year": 1405, "month": 7}).json()["created"] == 0
    claim_id = maker.get(f"{SUBSIDIES}/claims?year=1405&month=7").json()["items"][0]["id"]
    own = post(maker, f"{SUBSIDIES}/claims/{claim_id}/approve")
    assert own.status_code == 403 and own.json()["code"] == "maker_checker"
    approved = post(client_for("hq_finance_checker"), f"{SUBSIDIES}/claims/{claim_id}/approve")
    assert approved.status_code == 200 and approved.json()["state"] == ClaimState.APPROVED
    bad = post(maker, f"{SUBSIDIES}/compute", {"year": 1405, "month": 13})
    assert bad.status_code == 400 and bad.json()["code"] == "month_invalid"


def test_batches_and_the_bank_file(world: Any, client_for: Any) -> None:
    claim = _claim_ready(world)
    post(client_for("kerman_manager"), f"{SUBSIDIES}/claims/{claim.pk}/approve")
    finance = client_for("kerman_finance")
    made = post(finance, f"{SUBSIDIES}/batches", {"year": 1405, "month": 7})
    assert made.status_code == 201 and made.json()["claim_count"] == 1
    batch_id = made.json()["id"]
    assert finance.get(f"{SUBSIDIES}/batches").json()["count"] == 1
    download = finance.get(f"{SUBSIDIES}/batches/{batch_id}/bank-file")
    body = b"".join(download.streaming_content).decode()
    assert f"CHS-140507-{claim.pk}" in body
    again = post(finance, f"{SUBSIDIES}/batches", {"year": 1405, "month": 7})
    assert again.status_code == 409 and again.json()["code"] == "batch_empty"
    assert client_for("zanjan_manager").get(f"{SUBSIDIES}/batches/{batch_id}").status_code == 404


def test_claims_are_scoped_and_a_center_operator_cannot_compute(
    world: Any, client_for: Any
) -> None:
    claim = _claim_ready(world)
    assert client_for("zanjan_manager").get(f"{SUBSIDIES}/claims/{claim.pk}").status_code == 404
    operator = client_for("kerman_center_operator")
    assert operator.get(f"{SUBSIDIES}/claims/{claim.pk}").status_code == 404
    assert operator.get(f"{SUBSIDIES}/claims").json()["count"] == 0
    assert post(operator, f"{SUBSIDIES}/compute", {"year": 1405, "month": 7}).status_code == 403
    months = client_for("kerman_finance").get(f"{SUBSIDIES}/months").json()
    assert months["items"][0]["claims"] == 1
    provinces = client_for("hq_finance").get(f"{SUBSIDIES}/months/1405/7/provinces").json()
    assert provinces[0]["province"] == "P08" and provinces[0]["total"] == claim.amount


def test_rates_hq_finance_only(world: Any, client_for: Any) -> None:
    payload = {
        "licence_type": "childrens_home",
        "care_mode": "residential",
        "grade": 1,
        "year": 1405,
        "effective_month": 7,
        "amount": 7_100_000,
    }
    created = post(client_for("hq_finance"), f"{SUBSIDIES}/rates", payload)
    assert created.status_code == 201 and created.json()["amount"] == 7_100_000
    assert post(client_for("kerman_finance"), f"{SUBSIDIES}/rates", payload).status_code == 403
    invalid = post(client_for("hq_finance"), f"{SUBSIDIES}/rates", {**payload, "grade": 3})
    assert invalid.status_code == 400 and "grade" in invalid.json()["fields"]
    assert client_for("kerman_finance").get(f"{SUBSIDIES}/rates?year=1405").json()["count"] == 1


def test_lists_read_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    _claim_ready(world)
    center = register_center(world.kerman_manager, world.unit("C0801"))
    admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
    client = client_for("kerman_manager")
    finance = client_for("kerman_finance")
    claims, residents = f"{SUBSIDIES}/claims", f"{RESIDENTS}/centers/{center.pk}/"
    finance.get(claims)
    client.get(residents)
    # session, user, scope, count, one page of claims with center and province
    with django_assert_num_queries(5):
        finance.get(claims)
    # session, user, scope, the center, one page with people, the audit event, count
    with django_assert_num_queries(7):
        client.get(residents)
    for _ in range(3):
        admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
        other = children_home(world)
        licensed(world, other, jd(1404, 1, 1))
    compute(world.kerman_finance, 1405, 7)
    with django_assert_num_queries(5):
        assert finance.get(claims).json()["count"] == 4
    with django_assert_num_queries(7):
        assert client.get(residents).json()["count"] == 4
