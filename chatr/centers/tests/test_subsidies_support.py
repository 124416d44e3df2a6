"""Shared test data for the residents and subsidies tests (no tests here)."""

from __future__ import annotations

from datetime import date
from typing import Any

import jdatetime

from chatr.centers import services_residents, services_subsidies
from chatr.centers.choices import CareMode, LicenceType, Ownership
from chatr.centers.models import Admission, Center, RateBasis
from chatr.centers.tests.factories import issue_licence, register_center
from chatr.org.scope import scope_for_user
from chatr.registry.models import Person
from chatr.registry.tests.factories import register_household, register_person

CHILD_RATE = 7_000_000
ELDERLY_RATE = 7_700_000


def jd(year: int, month: int, day: int) -> date:
    """A Jalali date as the Gregorian date stored."""
    result: date = jdatetime.date(year, month, day).togregorian()
    return result


def person(world: Any, *, county: str = "C0801", birth_date: date = date(1985, 3, 21)) -> Person:
    """A registry person (a household head, so the registry can find them)."""
    actor = world.kerman_manager if county.startswith("C08") else world.zanjan_manager
    head = register_person(actor, birth_date=birth_date)
    register_household(actor, world.unit(county), head=head)
    return head


def children_home(world: Any, *, capacity: int = 60, **overrides: Any) -> Center:
    center = register_center(
        world.kerman_manager,
        world.unit("C0801"),
        licence_type=LicenceType.CHILDRENS_HOME,
        ownership=Ownership.NGO,
        care_mode=CareMode.RESIDENTIAL,
        grade=1,
        capacity=capacity,
        **overrides,
    )
    return center


def licensed(world: Any, center: Center, start: date, end: date | None = None) -> None:
    issue_licence(
        world.kerman_manager
        if center.scope_province_id == world.unit("P08").pk
        else world.zanjan_manager,
        center,
        valid_from=start,
        valid_until=end or date(2029, 1, 1),
        today=start,
    )


def rate(
    licence_type: str = LicenceType.CHILDRENS_HOME,
    care_mode: str = CareMode.RESIDENTIAL,
    grade: int = 1,
    year: int = 1405,
    amount: int = CHILD_RATE,
    month: int = 1,
    basis: str = RateBasis.PER_PERSON,
) -> Any:
    return services_subsidies.rate_ensure(
        data=services_subsidies.RateData(
            licence_type=licence_type,
            care_mode=care_mode,
            grade=grade,
            year=year,
            effective_month=month,
            basis=basis,
            amount=amount,
        )
    )


def admit(actor: Any, center: Center, who: Person, on: date) -> Admission:
    return services_residents.admission_create(
        actor=actor,
        scope=scope_for_user(actor),
        center=center,
        national_code=who.national_code or "",
        birth_date=who.birth_date,
        admitted_on=on,
    )


def discharge(actor: Any, admission: Admission, on: date) -> Admission:
    return services_residents.admission_discharge(
        actor=actor,
        scope=scope_for_user(actor),
        admission=admission,
        discharged_on=on,
        reason="returned_home",
    )


def compute(actor: Any, year: int, month: int) -> int:
    return services_subsidies.subsidy_month_compute(
        actor=actor, scope=scope_for_user(actor), year=year, month=month
    )


def set_account(actor: Any, center: Center) -> None:
    services_subsidies.payment_account_set(
        actor=actor,
        scope=scope_for_user(actor),
        center=center,
        sheba="IR062960000000100324200001",
        holder_name="موسسه خیریه",
    )
