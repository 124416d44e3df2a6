"""Helpers for the case-engine tests: the watchdog workflow is the concrete workflow."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

import pytest

from chatr.accounts.models import User
from chatr.cases.models import Case
from chatr.cases.services import Opened, case_open
from chatr.demo.world import World
from chatr.org.roles import Role
from chatr.org.scope import Scope, scope_for_user
from chatr.org.services import membership_grant
from chatr.watchdog.workflow import KIND

CONTACT_MOBILE = "+989121234567"


def scope_of(user: Any) -> Scope:
    return scope_for_user(user)


def force_state(case: Case, state: str) -> Case:
    """Put a case in a state directly (test set-up only: services never skip the workflow)."""
    Case.objects.filter(pk=case.pk).update(state=state)
    case.refresh_from_db()
    return case


OpenCase = Callable[..., Case]


@pytest.fixture
def open_full(world: World) -> Callable[..., Opened]:
    def make(
        unit_code: str = "C0801",
        *,
        deadline_days: int = 15,
        now: datetime | None = None,
        **extra: Any,
    ) -> Opened:
        extra.setdefault("contact_mobile", "" if extra.get("is_anonymous") else CONTACT_MOBILE)
        return case_open(
            kind=KIND,
            unit=world.unit(unit_code),
            channel="web",
            subject="شکایت از تأخیر در پرداخت مستمری",
            deadline_days=deadline_days,
            now=now,
            **extra,
        )

    return make


@pytest.fixture
def open_case(open_full: Callable[..., Opened]) -> OpenCase:
    def make(unit_code: str = "C0801", **kwargs: Any) -> Case:
        return open_full(unit_code, **kwargs).case

    return make


@pytest.fixture
def kerman_officer(world: World) -> User:
    """A province officer of Kerman (the shared world has none)."""
    user = User.objects.create_user(
        "kerman_officer", "pw-for-tests-only", is_staff=True, full_name="Kerman Officer"
    )
    membership_grant(user=user, role=Role.PROVINCE_OFFICER, org_unit=world.unit("P08"))
    return user
