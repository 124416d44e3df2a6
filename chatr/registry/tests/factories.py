"""Registry test data, written through the services like real data."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date
from typing import Any

from chatr.core.national_code import national_code_check_digit
from chatr.org.scope import scope_for_user
from chatr.registry import services
from chatr.registry.choices import Area, Housing, Relationship, Sex
from chatr.registry.models import ClientFile, Disability, Household, Person

_serial = itertools.count(1)


def national_code() -> str:
    """A new valid national code (never the same digit ten times)."""
    body = f"{271_000_000 + next(_serial):09d}"
    return body + str(national_code_check_digit(body))


def person_data(**overrides: Any) -> services.PersonData:
    n = next(_serial)
    data = services.PersonData(
        first_name=f"نام{n}",
        last_name=f"خانواده{n}",
        father_name="حسن",
        birth_date=date(1985, 3, 21),
        sex=Sex.MALE,
        national_code=national_code(),
    )
    return replace(data, **overrides)


def register_person(actor: Any, **overrides: Any) -> Person:
    return services.person_register(
        actor=actor,
        scope=scope_for_user(actor),
        data=person_data(**overrides),
        duplicates_confirmed=True,
    )


def register_household(
    actor: Any, county: Any, *, head: Person | None = None, **overrides: Any
) -> Household:
    head = head or register_person(actor)
    data = services.HouseholdData(
        county=county,
        area=overrides.pop("area", Area.URBAN),
        address=overrides.pop("address", "خیابان امام، پلاک ۱۲"),
        housing=overrides.pop("housing", Housing.RENTED),
        **overrides,
    )
    return services.household_create(actor=actor, scope=scope_for_user(actor), head=head, data=data)


def add_member(
    actor: Any, household: Household, relationship: str = Relationship.CHILD, **overrides: Any
) -> Person:
    person = register_person(actor, **overrides)
    services.household_member_add(
        actor=actor,
        scope=scope_for_user(actor),
        household=household,
        person=person,
        relationship=relationship,
    )
    return person


def add_disability(person: Person, severity: str, kind: str = "physical_motor") -> Disability:
    return services.disability_record(
        actor=None,
        person=person,
        disability_type=kind,
        severity=severity,
        decided_on=date(2025, 1, 1),
    )


def open_file(
    actor: Any, household: Household, state: str = "applicant", **extra: Any
) -> ClientFile:
    """A file of the household's head, moved on through the services up to `state`."""
    scope = scope_for_user(actor)
    file = services.file_open(
        actor=actor,
        scope=scope,
        household=household,
        client=household.head,
        target_group=extra.get("target_group", "rehabilitation"),
        sub_group=extra.get("sub_group", "disability"),
    )
    if state == "applicant":
        return file
    file = services.file_to_waiting_list(actor=actor, scope=scope, file=file)
    if state == "waiting":
        return file
    file = services.file_commission_decide(
        actor=actor,
        scope=scope,
        file=file,
        decided_on=date(2026, 10, 7),
        members="دکتر سمیعی، خانم کاظمی",
        approved=True,
    )
    if state == "approved":
        return file
    file = services.file_activate(
        actor=actor,
        scope=scope,
        file=file,
        counter=extra["counter"],
        social_worker=extra["social_worker"],
    )
    if state == "active":
        return file
    return services.file_close(actor=actor, scope=scope, file=file, reason="self_sufficient")
