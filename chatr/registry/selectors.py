"""Reads of the registry, scoped by the households' counties. Other modules ask the registry
through these (e.g. `is_active_client`)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db.models import Count, F, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import NotFoundError
from chatr.core.national_code import is_valid_national_code, validate_national_code
from chatr.core.text import search_key
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.registry.choices import ChangeState, FileState, Sex
from chatr.registry.models import (
    BankAccount,
    ChangeRequest,
    ClientFile,
    Disability,
    Household,
    HouseholdMember,
    Person,
)
from chatr.registry.workflow import CHANGE_WORKFLOW


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


# Grants held at these kinds of unit reach households through the households' own keys.
_AREA_UNIT_KINDS = frozenset({"hq", "province", "county"})


def _holds_counter_grants(scope: Scope, perm: str) -> bool:
    return any(g.unit_kind not in _AREA_UNIT_KINDS for g in scope.grants_for(perm))


def households_via_files(*, scope: Scope, perm: str) -> QuerySet[ClientFile]:
    """Ids of the households with an open file at a unit where the reader holds `perm`.

    Households belong to their county, so a social worker at a Positive Life counter reaches
    only the households of the clients covered (or being covered) at that counter."""
    return (
        ClientFile.objects.filter(scope.stamp_q(perm))
        .exclude(state=FileState.CLOSED)
        .values("household_id")
    )


def household_reachable(*, scope: Scope, perm: str, household: Household) -> bool:
    """May the reader act on the household with `perm`? (A query only for counter grants.)"""
    if scope.covers_record(household, perm):
        return True
    if not _holds_counter_grants(scope, perm):
        return False
    return households_via_files(scope=scope, perm=perm).filter(household_id=household.pk).exists()


def households_visible(*, scope: Scope) -> QuerySet[Household]:
    """Households the reader may see (their counter's clients' households for social
    workers)."""
    households = Household.objects.visible_to(scope, Perm.REGISTRY_VIEW)
    if _holds_counter_grants(scope, Perm.REGISTRY_VIEW):
        # Only for counter grants: the extra subquery never slows county and province lists.
        households = Household.objects.filter(
            scope.stamp_q(Perm.REGISTRY_VIEW)
            | Q(pk__in=households_via_files(scope=scope, perm=Perm.REGISTRY_VIEW))
        )
    return households


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


def person_active_files(*, scope: Scope, person: Person) -> list[ClientFile]:
    """The person's active (covered) files the reader may see, oldest first: what a
    certificate of coverage states."""
    return list(
        files_visible(scope=scope)
        .filter(client=person, state=FileState.ACTIVE)
        .select_related("org_unit")
        .order_by("activated_at", "pk")
    )


def person_has_open_file(*, person: Person, sub_group: str) -> bool:
    """Whether the person already has a file in this sub-group that is not closed, anywhere in
    the country. Deliberately unscoped: it is a rule of the registry (one open file per
    sub-group), checked for a citizen's own request, and answers only yes or no."""
    return (
        ClientFile.objects.filter(client=person, sub_group=sub_group)
        .exclude(state=FileState.CLOSED)
        .exists()
    )


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


def person_identify(*, national_code: str, birth_date: date) -> Person:
    """The registry person with this national code AND birth date, anywhere in the country:
    for another module that must identify someone who may live in any county (a care center
    admitting a resident). Not scoped by the caller's units, so the caller must be authorised
    for its own purpose first; knowing both facts is the proof, and either one wrong is "not
    found", exactly like a code nobody holds."""
    if not is_valid_national_code(national_code):
        raise NotFoundError()
    person = Person.objects.filter(
        national_code=validate_national_code(national_code), birth_date=birth_date
    ).first()
    if person is None:
        raise NotFoundError()
    return person


# ---------------------------------------------------------------- change requests

OPEN_CHANGE_STATES = (ChangeState.SUBMITTED, ChangeState.UNDER_REVIEW)


def _change_requests() -> QuerySet[ChangeRequest]:
    return ChangeRequest.objects.select_related(
        "case", "household__org_unit", "person", "filed_by", "decided_by"
    )


def change_requests_visible(*, scope: Scope) -> QuerySet[ChangeRequest]:
    """Change requests of the households the reader may see, plus those they filed."""
    query = scope.stamp_q(Perm.REGISTRY_VIEW)
    if _holds_counter_grants(scope, Perm.REGISTRY_VIEW):
        query |= Q(household_id__in=households_via_files(scope=scope, perm=Perm.REGISTRY_VIEW))
    if scope.is_staff and scope.user_id:
        query |= Q(filed_by_id=scope.user_id)
    return _change_requests().filter(query)


def change_request_queue(*, scope: Scope, state: str | None = None) -> QuerySet[ChangeRequest]:
    """Open requests a supervisor may decide (those they filed included: the page says they
    cannot decide them), oldest first; `state` narrows to one state (any state if given)."""
    requests = _change_requests().filter(scope.stamp_q(Perm.REGISTRY_APPROVE))
    if state in ChangeState.values:
        requests = requests.filter(case__state=state)
    else:
        requests = requests.filter(case__state__in=OPEN_CHANGE_STATES)
    return requests.order_by("created_at", "pk")


def change_request_get(*, scope: Scope, request_id: int) -> ChangeRequest:
    found = change_requests_visible(scope=scope).filter(pk=request_id).first()
    if found is None:
        raise NotFoundError()
    return found


def household_change_requests(*, household: Household) -> QuerySet[ChangeRequest]:
    """Every request on the household, newest first (the caller has checked access)."""
    return _change_requests().filter(household=household).order_by("-created_at", "-pk")


def change_request_state_label(request: ChangeRequest) -> Any:
    return CHANGE_WORKFLOW.label(request.case.state)


def change_request_is_open(request: ChangeRequest) -> bool:
    return request.case.state in OPEN_CHANGE_STATES


# ---------------------------------------------------------------- the citizen's own file


def citizen_household(*, person: Person) -> Household | None:
    """The household the person is an active member of, if any."""
    member = (
        HouseholdMember.objects.filter(person=person, left_on__isnull=True)
        .select_related("household__org_unit", "household__head")
        .first()
    )
    return member.household if member else None


def citizen_change_requests(*, user: Any, person: Person) -> QuerySet[ChangeRequest]:
    """The requests the citizen filed, and those on their current household (whoever filed
    them): their own household's pending changes are their business."""
    household = citizen_household(person=person)
    query = Q(filed_by_id=user.pk)
    if household is not None:
        query |= Q(household=household)
    return _change_requests().filter(query).order_by("-created_at", "-pk")


@dataclass
class CitizenMember:
    name: str
    relationship: str
    relationship_label: Any
    person_id: int
    is_self: bool


@dataclass
class CitizenView:
    person: Person
    household: Household | None
    members: list[CitizenMember]
    files: list[ClientFile]
    requests: list[ChangeRequest]


def citizen_person(*, user: Any, person_id: int | None = None) -> Person:
    """The registry person the citizen is: the one they chose earlier (kept in their session,
    still checked against their mobile), or the only one with their mobile."""
    if person_id is None:
        return person_for_citizen(user=user)
    mobile = getattr(user, "mobile", None)
    person = (
        Person.objects.filter(pk=person_id, mobile=mobile, death_date__isnull=True).first()
        if mobile
        else None
    )
    if person is None:
        raise NotFoundError()
    return person


def citizen_household_view(
    *, user: Any, national_code: str | None = None, person_id: int | None = None
) -> CitizenView:
    """What a signed-in citizen may see of their own record: themself, their current household
    (members' names and relationships only), the coverage files of that household and their
    own, and the change requests. Not found unless the citizen is a registry person."""
    if national_code:
        person = person_for_citizen(user=user, national_code=national_code)
    else:
        person = citizen_person(user=user, person_id=person_id)
    household = citizen_household(person=person)
    members: list[CitizenMember] = []
    files_q = Q(client=person)
    if household is not None:
        files_q |= Q(household=household)
        for member in household_members(household=household):
            members.append(
                CitizenMember(
                    name=str(member.person),
                    relationship=member.relationship,
                    relationship_label=member.get_relationship_display(),
                    person_id=member.person_id,
                    is_self=member.person_id == person.pk,
                )
            )
    files = list(
        ClientFile.objects.filter(files_q)
        .select_related("client", "counter", "social_worker")
        .order_by("-created_at")
    )
    requests = list(citizen_change_requests(user=user, person=person))
    return CitizenView(
        person=person, household=household, members=members, files=files, requests=requests
    )


def citizen_households(*, user: Any) -> list[Household]:
    """The households a signed-in citizen belongs to through their verified mobile: those of
    every living registry person with that mobile (a family phone may be on several people,
    usually of one household), current memberships only, oldest household first."""
    mobile = getattr(user, "mobile", None)
    if not mobile:
        return []
    return list(
        Household.objects.filter(
            members__person__mobile=mobile,
            members__person__death_date__isnull=True,
            members__left_on__isnull=True,
        )
        .select_related("org_unit")
        .distinct()
        .order_by("pk")
    )


def citizen_people(*, user: Any) -> int:
    """How many living registry people have the citizen's mobile (more than one: the citizen
    names themself by national code)."""
    mobile = getattr(user, "mobile", None)
    if not mobile:
        return 0
    return Person.objects.filter(mobile=mobile, death_date__isnull=True).count()


CITIZEN_NOT_FOUND = _(
    "We could not find your record in the registry by your mobile number. If you are "
    "covered by the organization, ask your social worker to record this mobile number."
)
