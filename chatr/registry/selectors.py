"""Reads of the registry, scoped by the households' counties. Other modules ask the registry
through these (e.g. `is_active_client`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet

from chatr.core.errors import NotFoundError
from chatr.core.national_code import is_valid_national_code, validate_national_code
from chatr.core.text import search_key
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.registry.choices import FileState, Sex
from chatr.registry.models import (
    BankAccount,
    ClientFile,
    Disability,
    Household,
    HouseholdMember,
    Person,
)


def person_possible_duplicates(
    *, first_name: str, last_name: str, father_name: str, birth_date: date, limit: int = 10
) -> list[Person]:
    """People with the same normalized name and father's name born the same day, or the same
    name born within a year (near matches after Persian normalization)."""
    key = search_key(f"{first_name} {last_name} {father_name}")
    exact = list(Person.objects.filter(name_key=key, birth_date=birth_date)[:limit])
    if exact:
        return exact
    short = search_key(f"{first_name} {last_name}")
    return list(
        Person.objects.filter(
            name_key__startswith=short,
            birth_date__year__in=[birth_date.year - 1, birth_date.year, birth_date.year + 1],
        )[:limit]
    )


def households_visible(*, scope: Scope) -> QuerySet[Household]:
    return Household.objects.visible_to(scope, Perm.REGISTRY_VIEW)


def person_visible_q(scope: Scope) -> Q:
    """People who are (or were) members of a household the reader may see."""
    households = Household.objects.filter(scope.stamp_q(Perm.REGISTRY_VIEW)).values("pk")
    return Q(pk__in=HouseholdMember.objects.filter(household__in=households).values("person_id"))


def person_get(*, scope: Scope, person_id: int) -> Person:
    person = Person.objects.filter(person_visible_q(scope), pk=person_id).first()
    if person is None:
        raise NotFoundError()
    return person


def person_find_by_national_code(*, scope: Scope, national_code: str) -> Person:
    """Lookup by national code within the reader's scope (a bad code is refused first)."""
    if not is_valid_national_code(national_code):
        raise NotFoundError()
    code = validate_national_code(national_code)
    person = Person.objects.filter(person_visible_q(scope), national_code=code).first()
    if person is None:
        raise NotFoundError()
    return person


@dataclass
class HouseholdFacts:
    size: int = 0
    female_headed: bool = False
    members_with_disability: int = 0
    disabilities_by_severity: Counter[str] = field(default_factory=Counter)


def household_facts(*, household: Household) -> HouseholdFacts:
    """Derived flags of a household from its active members (two queries)."""
    members = list(
        HouseholdMember.objects.filter(household=household, left_on__isnull=True).values_list(
            "person_id", flat=True
        )
    )
    facts = HouseholdFacts(size=len(members), female_headed=household.head.sex == Sex.FEMALE)
    disabled: set[int] = set()
    for person_id, severity in Disability.objects.filter(person_id__in=members).values_list(
        "person_id", "severity"
    ):
        facts.disabilities_by_severity[severity] += 1
        disabled.add(person_id)
    facts.members_with_disability = len(disabled)
    return facts


def household_get(*, scope: Scope, household_id: int) -> Household:
    household = (
        households_visible(scope=scope)
        .select_related("head", "org_unit")
        .filter(pk=household_id)
        .first()
    )
    if household is None:
        raise NotFoundError()
    return household


def household_members(
    *, household: Household, include_past: bool = False
) -> QuerySet[HouseholdMember]:
    members = household.members.select_related("person").order_by("joined_on", "pk")
    return members if include_past else members.filter(left_on__isnull=True)


def files_visible(*, scope: Scope) -> QuerySet[ClientFile]:
    return ClientFile.objects.visible_to(scope, Perm.REGISTRY_VIEW).select_related(
        "client", "household", "org_unit", "counter", "social_worker"
    )


def file_get(*, scope: Scope, file_number: str) -> ClientFile:
    file = files_visible(scope=scope).filter(file_number=file_number).first()
    if file is None:
        raise NotFoundError()
    return file


def waiting_list(*, scope: Scope) -> QuerySet[ClientFile]:
    """Files waiting for a place, highest score first (then the oldest)."""
    return (
        files_visible(scope=scope).filter(state=FileState.WAITING).order_by("-score", "created_at")
    )


def caseloads(*, counter_ids: list[int]) -> dict[str, dict[Any, int]]:
    """Active files per counter and per social worker (for assignment choices)."""
    active = ClientFile.objects.filter(state=FileState.ACTIVE)
    return {
        "counter": dict(
            active.filter(counter_id__in=counter_ids)
            .values_list("counter_id")
            .annotate(n=Count("pk"))
            .order_by()
        ),
        "social_worker": dict(
            active.values_list("social_worker_id").annotate(n=Count("pk")).order_by()
        ),
    }


def is_active_client(*, national_code: str) -> bool:
    """The question every other service asks: is this person covered right now?"""
    if not is_valid_national_code(national_code):
        return False
    return ClientFile.objects.filter(
        client__national_code=validate_national_code(national_code), state=FileState.ACTIVE
    ).exists()


def person_memberships(*, scope: Scope, person: Person) -> QuerySet[HouseholdMember]:
    """The person's memberships of households the reader may see, current first."""
    return (
        HouseholdMember.objects.filter(
            person=person, household__in=households_visible(scope=scope).values("pk")
        )
        .select_related("household__org_unit", "household__head")
        .order_by(F("left_on").desc(nulls_first=True), "-joined_on", "-pk")
    )


def bank_account_current(*, person: Person) -> BankAccount | None:
    """The person's current Sheba for payments, if any."""
    return BankAccount.objects.filter(person=person, ended_on__isnull=True).first()


def person_for_citizen(*, user: Any, national_code: str | None = None) -> Person:
    """The registry person a signed-in citizen is: the one whose recorded mobile is the mobile
    the citizen verified by one-time code. When several people share that mobile (a family
    phone), the citizen names themself by national code. Anything else is "not found"."""
    mobile = getattr(user, "mobile", None)
    if not mobile:
        raise NotFoundError()
    people = Person.objects.filter(mobile=mobile, death_date__isnull=True)
    if national_code:
        if not is_valid_national_code(national_code):
            raise NotFoundError()
        people = people.filter(national_code=validate_national_code(national_code))
    found = list(people[:2])
    if len(found) != 1:
        raise NotFoundError()
    return found[0]
