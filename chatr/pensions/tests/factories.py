"""Pensions test data: beneficiaries made through the registry's services, like real data."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model

from chatr.core.sheba import sheba_check_digits
from chatr.org.models import OrgUnitKind
from chatr.org.roles import Role
from chatr.org.scope import scope_for_user
from chatr.org.services import membership_grant, org_unit_ensure
from chatr.pensions import services
from chatr.pensions.models import PaymentCycle, Program
from chatr.registry import services as registry_services
from chatr.registry.models import BankAccount, ClientFile, Household
from chatr.registry.tests.factories import open_file, register_household

YEAR = 1405
MONTH = 7

_account = iter(range(10_000_000, 99_999_999))


def valid_sheba() -> str:
    """A new Sheba that passes the mod-97 check."""
    bban = f"0170000000{next(_account):012d}"
    return "IR" + sheba_check_digits(bban) + bban


def invalid_sheba() -> str:
    """Right shape, wrong check digits (a mistyped digit)."""
    good = valid_sheba()
    wrong = "00" if good[2:4] != "00" else "01"
    return "IR" + wrong + good[4:]


def _counter_for(world: Any, household: Household) -> tuple[Any, Any]:
    """A Positive Life counter with a social worker in the household's province."""
    if household.scope_province_id == world.unit("P19").pk:
        return world.unit("Z1901"), world.zanjan_social_worker
    county = household.org_unit
    counter = org_unit_ensure(
        kind=OrgUnitKind.COUNTER,
        code=f"T{county.code}",
        name_fa=f"مرکز آزمایشی {county.name_fa}",
        name_en=f"Test counter {county.name_en}",
        parent=county,
    )
    worker, _created = get_user_model().objects.get_or_create(
        username=f"sw_{county.code}", defaults={"is_staff": True}
    )
    membership_grant(user=worker, role=Role.SOCIAL_WORKER, org_unit=counter)
    return counter, worker


def manager_for(world: Any, household: Household) -> Any:
    return (
        world.zanjan_manager
        if household.scope_province_id == world.unit("P19").pk
        else world.kerman_manager
    )


def active_file(world: Any, household: Household, sub_group: str) -> ClientFile:
    counter, worker = _counter_for(world, household)
    return open_file(
        manager_for(world, household),
        household,
        "active",
        sub_group=sub_group,
        target_group="social_affairs",
        counter=counter,
        social_worker=worker,
    )


def set_sheba(world: Any, person: Any, sheba: str | None = None) -> None:
    registry_services.bank_account_set(
        actor=world.zanjan_manager, person=person, sheba=sheba or valid_sheba()
    )


def set_legacy_sheba(person: Any, sheba: str) -> None:
    """A Sheba migrated from an old system without the check (the service refuses it)."""
    from datetime import date

    BankAccount.objects.create(person=person, sheba=sheba, valid_from=date(2020, 1, 1))


def beneficiary(
    world: Any, county_code: str, sub_group: str, *, sheba: str | None = "valid", **household: Any
) -> ClientFile:
    """A household in the county whose head has an active file in `sub_group`."""
    unit = world.unit(county_code)
    manager = world.zanjan_manager if county_code.startswith("C19") else world.kerman_manager
    home = register_household(manager, unit, **household)
    file = active_file(world, home, sub_group)
    if sheba == "valid":
        set_sheba(world, home.head)
    elif sheba == "invalid":
        set_legacy_sheba(home.head, invalid_sheba())
    elif sheba:
        set_sheba(world, home.head, sheba)
    return file


def open_cycle(world: Any, program: Program, month: int = MONTH, year: int = YEAR) -> PaymentCycle:
    actor = world.hq_finance
    return services.cycle_open(
        actor=actor, scope=scope_for_user(actor), program=program, year=year, month=month
    )


def compute(world: Any, cycle: PaymentCycle) -> int:
    actor = world.hq_finance
    return services.cycle_compute(actor=actor, scope=scope_for_user(actor), cycle=cycle)


def approve(world: Any, cycle: PaymentCycle) -> PaymentCycle:
    actor = world.hq_finance_checker
    return services.cycle_approve(actor=actor, scope=scope_for_user(actor), cycle=cycle)


def export(world: Any, cycle: PaymentCycle) -> str:
    actor = world.hq_finance
    return "".join(services.cycle_export(actor=actor, scope=scope_for_user(actor), cycle=cycle))


def results_file(rows: list[tuple[Any, str, str]]) -> str:
    """A bank result file: (entitlement, status, reason) per line."""
    lines = ["row_id,reference,status,reason,bank_reference"]
    for entitlement, status, reason in rows:
        lines.append(
            f"{entitlement.pk},{entitlement.reference},{status},{reason},BNK{entitlement.pk}"
        )
    return "\r\n".join(lines) + "\r\n"


def import_results(world: Any, cycle: PaymentCycle, content: str) -> services.ImportReport:
    actor = world.hq_finance
    return services.cycle_import_results(
        actor=actor, scope=scope_for_user(actor), cycle=cycle, content=content
    )


def reconcile(world: Any, cycle: PaymentCycle) -> PaymentCycle:
    actor = world.hq_finance
    return services.cycle_reconcile(actor=actor, scope=scope_for_user(actor), cycle=cycle)
