"""/api/v1/pensions: cycles for HQ finance (maker–checker included), scoped entitlements, and a
citizen's own payments."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chatr.pensions.models import CycleState, Entitlement, EntitlementStatus
from chatr.pensions.tests.factories import (
    MONTH,
    YEAR,
    approve,
    beneficiary,
    compute,
    export,
    import_results,
    open_cycle,
    reconcile,
    results_file,
)
from chatr.registry.models import Person

pytestmark = pytest.mark.django_db

BASE = "/api/v1/pensions"


def test_a_cycle_runs_end_to_end_through_the_api(world, client_for, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    maker, checker = client_for("hq_finance"), client_for("hq_finance_checker")

    opened = maker.post(
        f"{BASE}/cycles",
        {"program_id": female_headed.pk, "year": YEAR, "month": MONTH},
        content_type="application/json",
    )
    assert opened.status_code == 200, opened.content
    cycle_id = opened.json()["id"]
    computed = maker.post(f"{BASE}/cycles/{cycle_id}/compute")
    assert computed.json()["created"] == 1
    assert maker.post(f"{BASE}/cycles/{cycle_id}/compute").json()["created"] == 0

    refused = maker.post(f"{BASE}/cycles/{cycle_id}/approve")
    assert refused.status_code == 403
    body = refused.json()
    assert body["code"] == "maker_checker"
    assert body["message_en"] and body["message_fa"]

    assert checker.post(f"{BASE}/cycles/{cycle_id}/approve").json()["state"] == "approved"
    first = maker.get(f"{BASE}/cycles/{cycle_id}/bank-file")
    content = b"".join(first.streaming_content).decode()
    second = b"".join(maker.get(f"{BASE}/cycles/{cycle_id}/bank-file").streaming_content)
    assert content == second.decode()
    assert first["Content-Disposition"].startswith("attachment")
    row = Entitlement.objects.get(person=file.client)
    assert row.reference in content

    upload = results_file([(row, "paid", "")]).encode()
    for expected in (
        {"paid": 1, "failed": 0, "unchanged": 0},
        {"paid": 0, "failed": 0, "unchanged": 1},
    ):
        imported = maker.post(
            f"{BASE}/cycles/{cycle_id}/results",
            {"results": SimpleUploadedFile("r.csv", upload, content_type="text/csv")},
        )
        assert imported.json() == expected
    assert maker.post(f"{BASE}/cycles/{cycle_id}/reconcile").json()["state"] == "reconciled"

    detail = maker.get(f"{BASE}/cycles/{cycle_id}").json()
    assert detail["total"]["paid_count"] == 1
    assert detail["totals"][0]["province"] == "P19"


def test_entitlements_are_scoped_and_shebas_masked(world, client_for, female_headed) -> None:
    zanjan = beneficiary(world, "C1901", "female_headed")
    kerman = beneficiary(world, "C0801", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)

    rows = client_for("kerman_finance").get(f"{BASE}/entitlements?cycle_id={cycle.pk}").json()
    assert [item["payee_name"] for item in rows["items"]] == [
        Entitlement.objects.get(person=kerman.client).payee_name
    ]
    item = rows["items"][0]
    sheba = kerman.client.bank_accounts.get().sheba
    assert sheba not in str(rows)
    assert item["sheba_masked"].endswith(sheba[-4:])
    zanjan_row = Entitlement.objects.get(person=zanjan.client)
    assert (
        client_for("kerman_finance").get(f"{BASE}/entitlements/{zanjan_row.pk}").status_code == 404
    )


def test_an_entitlement_shows_the_facts_it_was_computed_from(
    world, client_for, female_headed
) -> None:
    file = beneficiary(world, "C0801", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    row = Entitlement.objects.get(person=file.client)
    client = client_for("kerman_finance")

    facts = client.get(f"{BASE}/entitlements/{row.pk}").json()["facts"]
    page = client.get(f"/pensions/entitlements/{row.pk}/").content.decode()

    assert facts == {
        "household_id": file.household_id,
        "household_size": 1,
        "extra_members": 0,
        "severity": None,
        "sub_group": "female_headed",
        "file_number": file.file_number,
        "county_id": world.unit("C0801").pk,
        "rule_year": YEAR,
        "base_amount": row.amount,
        "member_amount": 0,
        "severity_amount": 0,
    }
    for key in facts:
        assert f"<code>{key}</code>" in page


def test_only_hq_finance_opens_cycles(world, client_for, female_headed) -> None:
    response = client_for("kerman_finance").post(
        f"{BASE}/cycles",
        {"program_id": female_headed.pk, "year": YEAR, "month": MONTH},
        content_type="application/json",
    )
    assert response.status_code == 403


def test_staff_without_pensions_cannot_read_cycles(world, client_for, female_headed) -> None:
    assert client_for("zanjan_officer").get(f"{BASE}/cycles").status_code == 403


def _paid(world: Any, program: Any) -> Any:
    cycle = open_cycle(world, program)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)
    rows = Entitlement.objects.filter(cycle=cycle, status=EntitlementStatus.PAYABLE)
    import_results(world, cycle, results_file([(e, "paid", "") for e in rows]))
    return reconcile(world, cycle)


def test_a_citizen_reads_their_own_payments(world, client_for, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    other = beneficiary(world, "C1901", "female_headed")
    Person.objects.filter(pk=file.client_id).update(mobile=world.citizen.mobile)
    _paid(world, female_headed)
    assert Entitlement.objects.get(person=other.client).status == EntitlementStatus.PAID

    response = client_for("citizen").get(f"{BASE}/my/payments")

    assert response.status_code == 200, response.content
    payments = response.json()
    assert len(payments) == 1
    assert payments[0]["status"] == "paid"
    assert payments[0]["amount"] == 20_000_000
    assert (payments[0]["year"], payments[0]["month"]) == (YEAR, MONTH)
    assert payments[0]["paid_at"]


def test_a_cycle_awaiting_approval_is_not_shown_to_the_citizen(world, client_for, female_headed):
    file = beneficiary(world, "C1901", "female_headed")
    Person.objects.filter(pk=file.client_id).update(mobile=world.citizen.mobile)
    compute(world, open_cycle(world, female_headed))
    assert client_for("citizen").get(f"{BASE}/my/payments").json() == []


def test_citizens_sharing_a_mobile_name_themselves_in_the_body(world, client_for, female_headed):
    mine = beneficiary(world, "C1901", "female_headed")
    sister = beneficiary(world, "C1901", "female_headed")
    Person.objects.filter(pk__in=[mine.client_id, sister.client_id]).update(
        mobile=world.citizen.mobile
    )
    _paid(world, female_headed)
    client = client_for("citizen")

    assert client.get(f"{BASE}/my/payments").status_code == 404
    response = client.post(
        f"{BASE}/my/payments",
        {"national_code": mine.client.national_code},
        content_type="application/json",
    )
    assert response.status_code == 200
    assert len(response.json()) == 1


def test_staff_cannot_use_the_citizen_endpoint(world, client_for) -> None:
    assert client_for("hq_finance").get(f"{BASE}/my/payments").status_code == 401
    assert CycleState.OPEN  # the import is used


def test_a_month_is_computed_in_one_call(world, client_for, programs) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "disability", sheba=None)
    for code in ("female_headed_pension", "disability_care_allowance", "orphan_support"):
        open_cycle(world, programs[code])
    maker = client_for("hq_finance")

    response = maker.post(f"{BASE}/months/{YEAR}/{MONTH}/compute")

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["year"], body["month"], body["created"]) == (YEAR, MONTH, 2)
    assert [c["state"] for c in body["cycles"]] == ["computed"] * 3
    assert {c["prepared_by"] for c in body["cycles"]} == {world.hq_finance.username}
    assert maker.post(f"{BASE}/months/{YEAR}/{MONTH}/compute").json()["created"] == 0


def test_only_hq_finance_computes_a_month_through_the_api(world, client_for, programs) -> None:
    open_cycle(world, programs["female_headed_pension"])
    url = f"{BASE}/months/{YEAR}/{MONTH}/compute"
    for who in ("kerman_finance", "hq_manager", "zanjan_officer"):
        assert client_for(who).post(url).status_code == 403, who
    invalid = client_for("hq_finance").post(f"{BASE}/months/{YEAR}/13/compute")
    assert invalid.status_code == 400
    assert invalid.json()["code"] == "month_invalid"
    assert Entitlement.objects.count() == 0
