"""Staff sign in with username and password: lockout, no username enumeration, safe `next`,
Argon2 in production, and an audit trail."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.hashers import make_password
from django.test import Client, override_settings
from django.urls import reverse

import config.base
from chatr.accounts.models import User
from chatr.audit.models import AuditEvent

pytestmark = pytest.mark.django_db

PASSWORD = "pw-for-tests-only"  # what the `world` fixture gives every staff account
WRONG = "not-the-password"


def sign_in(client: Client, username: str, password: str, **extra: str) -> Any:
    return client.post(
        reverse("accounts:staff_sign_in"), {"username": username, "password": password, **extra}
    )


def signed_in_user_id(client: Client) -> str | None:
    return client.session.get(SESSION_KEY)


def fail_until_locked(client: Client, username: str) -> list[int]:
    """Send wrong passwords THRESHOLD times; return the status codes seen."""
    return [
        sign_in(client, username, WRONG).status_code
        for _ in range(settings.CHATR_LOCKOUT_THRESHOLD)
    ]


def test_correct_password_signs_in_and_lands_on_the_workspace_with_role_and_unit(
    world, english
) -> None:
    response = sign_in(english, "zanjan_officer", PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:landing")
    assert signed_in_user_id(english) == str(world.zanjan_officer.pk)
    workspace = english.get(response["Location"])
    assert workspace.status_code == 200
    assert f"Province officer — {world.unit('P19').name_en}" in workspace.content.decode()


def test_wrong_password_shows_the_error_summary_and_keeps_the_username(world, english) -> None:
    response = sign_in(english, "zanjan_officer", WRONG)

    page = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in page
    assert "Check your username and password" in page
    assert 'value="zanjan_officer"' in page
    assert WRONG not in page
    assert signed_in_user_id(english) is None


def test_account_locks_after_threshold_failures_and_refuses_even_the_right_password(
    world, english
) -> None:
    statuses = fail_until_locked(english, "zanjan_officer")

    assert statuses == [400] * (settings.CHATR_LOCKOUT_THRESHOLD - 1) + [429]
    response = sign_in(english, "zanjan_officer", PASSWORD)
    minutes = settings.CHATR_LOCKOUT_SECONDS // 60
    assert response.status_code == 429
    assert f"Try again in {minutes} minutes" in response.content.decode()
    assert signed_in_user_id(english) is None


def test_locked_account_unlocks_once_the_lockout_period_is_over(world, english, clock) -> None:
    fail_until_locked(english, "zanjan_officer")

    clock.advance(settings.CHATR_LOCKOUT_SECONDS - 1)
    assert sign_in(english, "zanjan_officer", PASSWORD).status_code == 429
    clock.advance(2)
    response = sign_in(english, "zanjan_officer", PASSWORD)

    assert response.status_code == 302
    assert signed_in_user_id(english) == str(world.zanjan_officer.pk)


def test_locked_account_unlocks_when_locked_until_has_passed(world, english) -> None:
    fail_until_locked(english, "kerman_manager")
    user = User.objects.get(username="kerman_manager")
    assert user.locked_until is not None
    User.objects.filter(pk=user.pk).update(locked_until=user.locked_until.replace(year=2000))

    assert sign_in(english, "kerman_manager", PASSWORD).status_code == 302


def test_unknown_username_locks_exactly_like_a_real_one(world) -> None:
    """Same statuses and messages attempt by attempt, so nobody can tell which names exist."""
    attempts = settings.CHATR_LOCKOUT_THRESHOLD + 1
    real = [sign_in(Client(), "zanjan_officer", WRONG) for _ in range(attempts)]
    ghost = [sign_in(Client(), "nobody_here", WRONG) for _ in range(attempts)]

    assert [r.status_code for r in ghost] == [r.status_code for r in real]
    assert ghost[-1].status_code == 429
    for real_response, ghost_response in zip(real, ghost, strict=True):
        real_page = real_response.content.decode().replace("zanjan_officer", "NAME")
        ghost_page = ghost_response.content.decode().replace("nobody_here", "NAME")
        assert _error_summary(ghost_page) == _error_summary(real_page)


def _error_summary(page: str) -> str:
    start = page.index("data-error-summary")
    return page[start : page.index("</div>", start)]


def test_citizen_account_cannot_use_the_staff_form_even_with_a_password(world, english) -> None:
    User.objects.create_user("sara", PASSWORD, is_staff=False, mobile="+989351112233")

    response = sign_in(english, "sara", PASSWORD)

    assert response.status_code == 400
    assert "data-error-summary" in response.content.decode()
    assert signed_in_user_id(english) is None


def test_citizen_mobile_is_not_accepted_as_a_staff_username(world, english) -> None:
    response = sign_in(english, world.citizen.mobile, PASSWORD)

    assert response.status_code == 400
    assert signed_in_user_id(english) is None


def test_sign_in_page_carries_next_from_the_query_string_into_the_form(world, client) -> None:
    response = client.get(reverse("accounts:staff_sign_in"), {"next": "/audit/"})

    assert 'name="next" value="/audit/"' in response.content.decode()


def test_next_on_the_same_host_is_followed_after_sign_in(world, client) -> None:
    response = sign_in(client, "kerman_manager", PASSWORD, next="/audit/?action=sign_in")

    assert response.status_code == 302
    assert response["Location"] == "/audit/?action=sign_in"


@pytest.mark.parametrize(
    "next_url",
    [
        "https://evil.example/steal",
        "//evil.example/steal",
        "http://testserver.evil.example/",
        "javascript:alert(1)",
    ],
)
def test_next_to_another_host_falls_back_to_the_landing_page(world, client, next_url) -> None:
    response = sign_in(client, "kerman_manager", PASSWORD, next=next_url)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:landing")


def test_base_settings_hash_passwords_with_argon2() -> None:
    # config.test swaps in MD5 for speed; production runs on config.base.
    assert config.base.PASSWORD_HASHERS[0] == "django.contrib.auth.hashers.Argon2PasswordHasher"
    with override_settings(PASSWORD_HASHERS=config.base.PASSWORD_HASHERS):
        assert make_password("a staff password").startswith("argon2$")


def test_successful_sign_in_writes_an_audit_event(world, client) -> None:
    sign_in(client, "kerman_manager", PASSWORD)

    event = AuditEvent.objects.get(action="sign_in")
    user = world.kerman_manager
    assert (event.actor_id, event.target_id) == (user.pk, str(user.pk))
    assert event.changes == {"method": "password"}
    assert event.channel == "web"
    assert event.org_unit == world.unit("P08")


def test_failed_sign_in_writes_no_sign_in_event(world, client) -> None:
    sign_in(client, "kerman_manager", WRONG)

    assert not AuditEvent.objects.filter(action="sign_in").exists()


def test_lockout_writes_an_audit_event(world, client) -> None:
    fail_until_locked(client, "kerman_manager")

    event = AuditEvent.objects.get(action="lockout")
    assert event.target_id == str(world.kerman_manager.pk)
    assert event.actor_id is None
