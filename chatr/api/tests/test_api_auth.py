"""Who may call the staff endpoints: bearer tokens of staff users, and signed-in staff browsers."""

from __future__ import annotations

import hashlib

import pytest
from django.test import Client
from django.utils import timezone

from chatr.accounts.models import User
from chatr.api.models import ApiToken
from chatr.api.services import api_token_issue, api_token_revoke
from chatr.core.errors import ApplicationError

pytestmark = pytest.mark.django_db

ME = "/api/v1/org/me"


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_issuing_a_token_returns_the_raw_key_once_and_stores_only_its_hash(world) -> None:
    token, raw = api_token_issue(user=world.kerman_manager, name="reporting script")

    stored = ApiToken.objects.filter(pk=token.pk).values().get()
    assert raw.startswith("chatr_")
    assert len(raw) > 40
    assert stored["key_hash"] == hashlib.sha256(raw.encode()).hexdigest()
    assert stored["prefix"] == raw[6:14]
    assert all(raw not in str(value) for value in stored.values())
    assert not hasattr(token, "raw") and not hasattr(token, "key")


def test_each_issue_gives_a_different_key(world) -> None:
    _first, first_raw = api_token_issue(user=world.kerman_manager, name="one")
    _second, second_raw = api_token_issue(user=world.kerman_manager, name="two")

    assert first_raw != second_raw


def test_bearer_token_returns_the_token_owners_grants(world) -> None:
    _token, raw = api_token_issue(user=world.kerman_manager, name="script")

    response = Client().get(ME, **bearer(raw))

    assert response.status_code == 200
    assert response.json() == {
        "username": "kerman_manager",
        "grants": [{"role": "province_manager", "org_unit": "P08"}],
    }


def test_using_a_token_records_when_it_was_last_used(world) -> None:
    token, raw = api_token_issue(user=world.hq_manager, name="script")
    assert token.last_used_at is None
    before = timezone.now()

    Client().get(ME, **bearer(raw))

    token.refresh_from_db()
    assert token.last_used_at is not None
    assert token.last_used_at >= before


def test_revoked_token_is_refused_with_401(world) -> None:
    token, raw = api_token_issue(user=world.hq_manager, name="script")
    api_token_revoke(token=token)

    response = Client().get(ME, **bearer(raw))

    assert response.status_code == 401
    assert response.json()["code"] == "unauthorized"
    token.refresh_from_db()
    assert token.last_used_at is None


def test_token_of_a_user_who_is_no_longer_staff_is_refused_with_401(world) -> None:
    _token, raw = api_token_issue(user=world.hq_officer, name="script")
    User.objects.filter(pk=world.hq_officer.pk).update(is_staff=False)

    assert Client().get(ME, **bearer(raw)).status_code == 401


def test_citizens_token_is_refused_with_401(world) -> None:
    # Written directly: the service refuses to issue one, but a row may exist from before.
    raw = ApiToken.new_raw_key()
    ApiToken.objects.create(
        user=world.citizen,
        name="x",
        prefix=raw[6:14],
        key_hash=hashlib.sha256(raw.encode()).hexdigest(),
    )

    assert Client().get(ME, **bearer(raw)).status_code == 401


def test_token_of_a_disabled_account_is_refused_with_401(world) -> None:
    _token, raw = api_token_issue(user=world.hq_officer, name="script")
    User.objects.filter(pk=world.hq_officer.pk).update(is_active=False)

    assert Client().get(ME, **bearer(raw)).status_code == 401


def test_tokens_cannot_be_issued_to_citizens(world) -> None:
    with pytest.raises(ApplicationError) as excinfo:
        api_token_issue(user=world.citizen, name="script")

    assert excinfo.value.code == "api_token_staff_only"
    assert not ApiToken.objects.exists()


def test_signed_in_staff_browser_is_authenticated_by_its_session(world, client_for) -> None:
    response = client_for("zanjan_officer").get(ME)

    assert response.status_code == 200
    assert response.json()["grants"] == [{"role": "province_officer", "org_unit": "P19"}]


def test_session_reads_pass_with_csrf_checks_enforced(world) -> None:
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(world.hq_manager, backend="chatr.accounts.backends.StaffPasswordBackend")

    assert browser.get(ME).status_code == 200


def test_signed_in_citizen_browser_is_refused_by_staff_endpoints(world, client_for) -> None:
    citizen = client_for("citizen")

    assert citizen.get(ME).status_code == 401
    assert citizen.get("/api/v1/audit/events").status_code == 401
