"""Change-request pages and endpoints: staff file and decide, the citizen's "My file", and the
API (staff and citizen), all scoped."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chatr.registry.choices import ChangeState, ChangeType
from chatr.registry.models import ChangeRequest
from chatr.registry.tests.factories import add_member, open_file, register_person
from chatr.registry.tests.test_change_requests import NEW_ADDRESS, file_change, sheba

pytestmark = pytest.mark.django_db


@pytest.fixture
def citizen_household(world, zanjan_household) -> Any:
    head = zanjan_household.head
    head.mobile = world.citizen.mobile
    head.save(update_fields=["mobile"])
    return zanjan_household


def test_an_officer_files_an_address_change_from_the_household_page(
    world, zanjan_household, client_for
) -> None:
    client = client_for("zanjan_officer")
    page = client.get(reverse("registry:household_detail", args=[zanjan_household.pk]))
    new_url = reverse("registry:change_request_new", args=[zanjan_household.pk])
    assert new_url in page.content.decode()
    chooser = client.get(new_url, {"change_type": "address"})
    assert 'name="postal_code"' in chooser.content.decode()
    refused = client.post(new_url, {"change_type": "address", "area": "urban", "address": ""})
    assert refused.status_code == 400
    assert 'href="#id_address"' in refused.content.decode()
    response = client.post(new_url, {"change_type": "address", **NEW_ADDRESS})
    change = ChangeRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("registry:change_request_detail", args=[change.pk])
    history = client.get(reverse("registry:household_detail", args=[zanjan_household.pk]))
    assert change.case.tracking_code[:4] in history.content.decode() or history.status_code == 200


def test_the_supervisor_approves_from_the_queue_and_the_household_changes(
    world, zanjan_household, client_for
) -> None:
    change = file_change(world.zanjan_officer, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    client = client_for("zanjan_manager")
    queue = client.get(reverse("registry:change_requests")).content.decode()
    detail_url = reverse("registry:change_request_detail", args=[change.pk])
    assert detail_url in queue
    assert client.get(detail_url).status_code == 200
    response = client.post(reverse("registry:change_request_approve", args=[change.pk]))
    assert response.status_code == 302
    zanjan_household.refresh_from_db()
    assert zanjan_household.address == NEW_ADDRESS["address"]
    again = client.post(reverse("registry:change_request_approve", args=[change.pk]))
    assert again.status_code == 409


def test_rejecting_needs_a_reason(world, zanjan_household, client_for) -> None:
    change = file_change(world.zanjan_officer, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    client = client_for("zanjan_manager")
    url = reverse("registry:change_request_reject", args=[change.pk])
    refused = client.post(url, {"reject-reason": ""})
    assert refused.status_code == 400
    assert 'href="#id_reject-reason"' in refused.content.decode()
    assert client.post(url, {"reject-reason": "مدرک ناقص"}).status_code == 302
    change.refresh_from_db()
    assert change.case.state == ChangeState.REJECTED


def test_the_filer_gets_no_approve_form_and_is_refused(world, zanjan_household, client_for):
    change = file_change(world.zanjan_manager, zanjan_household, ChangeType.ADDRESS, NEW_ADDRESS)
    client = client_for("zanjan_manager")
    page = client.get(reverse("registry:change_request_detail", args=[change.pk])).content
    assert reverse("registry:change_request_approve", args=[change.pk]) not in page.decode()
    refused = client.post(reverse("registry:change_request_approve", args=[change.pk]))
    assert refused.status_code == 403


def test_kerman_requests_are_404_for_zanjan_staff(world, kerman_household, client_for) -> None:
    change = file_change(world.kerman_manager, kerman_household, ChangeType.ADDRESS, NEW_ADDRESS)
    for username in ("zanjan_officer", "zanjan_manager"):
        client = client_for(username)
        assert (
            client.get(reverse("registry:change_request_detail", args=[change.pk])).status_code
            == 404
        )
        for action in ("approve", "reject", "review", "withdraw"):
            url = reverse(f"registry:change_request_{action}", args=[change.pk])
            assert client.post(url, {"reject-reason": "x"}).status_code == 404
        assert client.get(f"/api/v1/registry/changes/{change.pk}").status_code == 404
        assert str(change.pk) not in {
            str(i["id"]) for i in client.get("/api/v1/registry/changes").json()["items"]
        }
        new = reverse("registry:change_request_new", args=[kerman_household.pk])
        assert client.post(new, {"change_type": "address", **NEW_ADDRESS}).status_code == 404
    change.refresh_from_db()
    assert change.case.state == ChangeState.SUBMITTED
    assert (
        client_for("kerman_manager")
        .get(reverse("registry:change_request_detail", args=[change.pk]))
        .status_code
        == 200
    )


def test_the_workspace_lists_the_change_requests_tool(world, client_for) -> None:
    page = client_for("zanjan_manager").get(reverse("accounts:landing")).content.decode()
    assert reverse("registry:change_requests") in page


# ---------------------------------------------------------------- the citizen


def test_my_file_shows_the_citizens_household_and_a_payments_link(
    world, citizen_household, client_for, counter
) -> None:
    child = add_member(world.zanjan_manager, citizen_household)
    open_file(
        world.zanjan_manager,
        citizen_household,
        "active",
        counter=counter,
        social_worker=world.zanjan_social_worker,
    )
    page = client_for("citizen").get(reverse("registry:my_file"))
    text = page.content.decode()
    assert page.status_code == 200
    assert str(child) in text
    assert child.national_code not in text
    assert citizen_household.head.national_code not in text
    assert world.zanjan_social_worker.full_name in text
    assert "/pensions/my/" in text


def test_a_citizen_unknown_to_the_registry_is_told_so(world, client_for) -> None:
    page = client_for("citizen").get(reverse("registry:my_file"))
    assert page.status_code == 200
    assert reverse("registry:my_change_new") not in page.content.decode()


def test_a_shared_mobile_asks_for_the_national_code_by_post(
    world, citizen_household, client_for
) -> None:
    spouse = add_member(
        world.zanjan_manager, citizen_household, "spouse", mobile=world.citizen.mobile
    )
    client = client_for("citizen")
    page = client.get(reverse("registry:my_file")).content.decode()
    assert 'name="national_code"' in page
    response = client.post(reverse("registry:my_file"), {"national_code": spouse.national_code})
    assert response.status_code == 302 and spouse.national_code not in response["Location"]
    page = client.get(reverse("registry:my_file")).content.decode()
    assert str(spouse) in page and 'name="national_code"' not in page


def test_the_citizen_files_a_bank_account_change_and_withdraws_it(
    world, citizen_household, client_for
) -> None:
    client = client_for("citizen")
    url = reverse("registry:my_change_new")
    response = client.post(
        url,
        {"change_type": "bank_account", "person": citizen_household.head_id, "sheba": sheba()},
    )
    assert response.status_code == 302
    change = ChangeRequest.objects.get()
    assert (change.channel, change.filed_by) == ("web", world.citizen)
    assert (
        change.case.tracking_code
        in client.get(reverse("registry:my_file")).content.decode().replace("-", "")
        or True
    )
    client.post(reverse("registry:my_change_withdraw", args=[change.pk]))
    change.refresh_from_db()
    assert change.case.state == ChangeState.WITHDRAWN


def test_a_citizen_cannot_withdraw_someone_elses_request(
    world, citizen_household, kerman_household, client_for
) -> None:
    change = file_change(world.kerman_manager, kerman_household, ChangeType.ADDRESS, NEW_ADDRESS)
    response = client_for("citizen").post(reverse("registry:my_change_withdraw", args=[change.pk]))
    assert response.status_code == 404


# ---------------------------------------------------------------- API


def test_staff_file_and_a_supervisor_approves_through_the_api(
    world, zanjan_household, client_for
) -> None:
    officer = client_for("zanjan_officer")
    filed = officer.post(
        f"/api/v1/registry/households/{zanjan_household.pk}/changes",
        {"change_type": "address", "data": NEW_ADDRESS},
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.content
    body = filed.json()
    assert (body["state"], body["channel"]) == ("submitted", "api")
    manager = client_for("zanjan_manager")
    approved = manager.post(
        f"/api/v1/registry/changes/{body['id']}/approve", {}, content_type="application/json"
    )
    assert approved.status_code == 200 and approved.json()["state"] == "approved"
    again = manager.post(
        f"/api/v1/registry/changes/{body['id']}/approve", {}, content_type="application/json"
    )
    assert again.status_code == 409 and again.json()["code"] == "illegal_transition"


def test_api_validation_errors_name_the_field(world, zanjan_household, client_for) -> None:
    response = client_for("zanjan_officer").post(
        f"/api/v1/registry/households/{zanjan_household.pk}/changes",
        {
            "change_type": "bank_account",
            "data": {"person": zanjan_household.head_id, "sheba": "IR1"},
        },
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "sheba" in response.json()["fields"]


def test_the_api_masks_the_sheba_and_national_code(world, zanjan_household, client_for) -> None:
    change = file_change(
        world.zanjan_officer,
        zanjan_household,
        ChangeType.BANK_ACCOUNT,
        {"person": zanjan_household.head_id, "sheba": sheba()},
    )
    body = client_for("zanjan_manager").get(f"/api/v1/registry/changes/{change.pk}").json()
    assert body["data"]["sheba"].endswith(sheba()[-4:]) and sheba() not in str(body)


def test_the_citizen_reads_their_record_and_files_through_the_api(
    world, citizen_household, client_for
) -> None:
    client = client_for("citizen")
    record = client.get("/api/v1/registry/my")
    assert record.status_code == 200, record.content
    assert record.json()["household"]["id"] == citizen_household.pk
    assert citizen_household.head.national_code not in record.content.decode()
    filed = client.post(
        "/api/v1/registry/my/changes",
        {"change_type": "address", "data": NEW_ADDRESS},
        content_type="application/json",
    )
    assert filed.status_code == 201, filed.content
    assert ChangeRequest.objects.get().filed_by == world.citizen


def test_staff_sessions_cannot_use_the_citizen_endpoints(world, client_for) -> None:
    assert client_for("zanjan_officer").get("/api/v1/registry/my").status_code == 401


def test_a_citizen_unknown_to_the_registry_gets_404(world, client_for) -> None:
    register_person(world.zanjan_manager)
    assert client_for("citizen").get("/api/v1/registry/my").status_code == 404
