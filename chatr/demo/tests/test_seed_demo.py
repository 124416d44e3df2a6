"""`chatr seed-demo` is idempotent and prints one account per role."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from chatr.accounts.models import User
from chatr.cli import ALIASES
from chatr.org.models import Membership, OrgUnit
from chatr.org.roles import Role

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int]:
    return OrgUnit.objects.count(), User.objects.count(), Membership.objects.count()


def test_seeding_twice_changes_nothing_and_prints_every_role() -> None:
    out = StringIO()
    call_command("seed_demo", "--watchdog-messages=20", stdout=out)
    first = _counts()
    call_command("seed_demo", "--watchdog-messages=20", stdout=StringIO())
    assert _counts() == first
    printed = out.getvalue()
    for role in Role.values:
        assert role in printed
    assert set(Membership.objects.values_list("role", flat=True)) == set(Role.values)


def test_demo_staff_passwords_are_stored_hashed() -> None:
    call_command("seed_demo", "--watchdog-messages=20", stdout=StringIO())
    user = User.objects.get(username="hq_manager")
    assert user.check_password("chatr-demo-1405")
    assert "chatr-demo-1405" not in user.password


def test_cli_verbs_map_to_management_commands() -> None:
    assert ALIASES["seed-demo"] == "seed_demo"
    assert ALIASES["worker"] == "db_worker"
