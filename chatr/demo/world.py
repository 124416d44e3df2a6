"""The shared world: reference units plus well-known demo units and one account per role.

Tests build it with `build_world()` (fixture `world`), and `chatr seed-demo` loads the same
world into the demo database, so what the tests prove is what the demo shows. Idempotent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import transaction

from chatr.accounts.models import User
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.roles import Role
from chatr.org.services import load_reference_units, membership_grant, org_unit_ensure

DEMO_PASSWORD = "chatr-demo-1405"  # noqa: S105 - printed by `make demo`; demo data only
DEMO_CITIZEN_MOBILE = "+989121234567"


# Units beyond the reference data: a second county in two provinces, a state-run center and a
# Positive Life counter, so scoping has siblings to tell apart.
DEMO_UNITS: tuple[tuple[str, str, str, str, str], ...] = (
    (OrgUnitKind.CENTER, "K0801", "C0801", "شیرخوارگاه کرمان", "Kerman Infant Nursery"),
    (
        OrgUnitKind.COUNTER,
        "Z1901",
        "C1901",
        "مرکز مثبت زندگی زنجان ۱",
        "Zanjan Positive Life Counter 1",
    ),
    (OrgUnitKind.COUNTY, "C1902", "P19", "ابهر", "Abhar"),
    (OrgUnitKind.COUNTY, "C0802", "P08", "رفسنجان", "Rafsanjan"),
)


@dataclass(frozen=True)
class DemoAccount:
    username: str
    role: str
    unit_code: str
    full_name: str


# One account per role, at the unit where such a person really works.
DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount("call_center_agent", Role.CALL_CENTER_AGENT, "HQ", "Maryam Ahmadi"),
    DemoAccount("zanjan_officer", Role.PROVINCE_OFFICER, "P19", "Reza Karimi"),
    DemoAccount("kerman_manager", Role.PROVINCE_MANAGER, "P08", "Fatemeh Rezaei"),
    DemoAccount("zanjan_manager", Role.PROVINCE_MANAGER, "P19", "Saeed Rahimi"),
    DemoAccount("hq_officer", Role.HQ_OFFICER, "HQ", "Ali Hosseini"),
    DemoAccount("hq_manager", Role.HQ_MANAGER, "HQ", "Zahra Mohammadi"),
    DemoAccount("kerman_center_operator", Role.CENTER_OPERATOR, "K0801", "Narges Kazemi"),
    DemoAccount("zanjan_inspector", Role.INSPECTOR, "C1901", "Hamid Moradi"),
    DemoAccount("kerman_finance", Role.FINANCE_OFFICER, "P08", "Mohsen Jafari"),
    DemoAccount("hq_finance", Role.FINANCE_OFFICER, "HQ", "Hossein Najafi"),
    DemoAccount("hq_finance_checker", Role.FINANCE_OFFICER, "HQ", "Parisa Ebrahimi"),
    DemoAccount("tehran_counselor", Role.COUNSELOR, "P23", "Leila Sadeghi"),
    DemoAccount("zanjan_social_worker", Role.SOCIAL_WORKER, "Z1901", "Maryam Ghasemi"),
    DemoAccount("sysadmin", Role.SYSADMIN, "HQ", "System Administrator"),
)


@dataclass
class World:
    units: dict[str, OrgUnit]
    users: dict[str, User]
    citizen: User

    def unit(self, code: str) -> OrgUnit:
        return self.units[code]

    def __getattr__(self, name: str) -> Any:
        users = self.__dict__.get("users", {})
        if name in users:
            return users[name]
        raise AttributeError(name)


@transaction.atomic
def build_world(*, password: str = DEMO_PASSWORD) -> World:
    """Create (or bring up to date) the shared world and return handles to it."""
    load_reference_units()
    for kind, code, parent_code, name_fa, name_en in DEMO_UNITS:
        org_unit_ensure(
            kind=kind,
            code=code,
            parent=OrgUnit.objects.get(code=parent_code),
            name_fa=name_fa,
            name_en=name_en,
        )
    units = {unit.code: unit for unit in OrgUnit.objects.all()}

    users: dict[str, User] = {}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(username=account.username).first()
        if user is None:
            user = User.objects.create_user(
                account.username, password, is_staff=True, full_name=account.full_name
            )
        is_superuser = account.role == Role.SYSADMIN
        if user.is_superuser != is_superuser:
            user.is_superuser = is_superuser
            user.save(update_fields=["is_superuser"])
        membership_grant(user=user, role=account.role, org_unit=units[account.unit_code])
        users[account.username] = user
    citizen, _created = User.objects.get_or_create(
        mobile=DEMO_CITIZEN_MOBILE, defaults={"full_name": "Sara Ebrahimi", "is_staff": False}
    )
    return World(units=units, users=users, citizen=citizen)
