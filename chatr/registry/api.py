"""/api/v1/registry: households, coverage files, the waiting list and people, for staff
clients. Thin adapters over the registry selectors, scoped by the caller's Scope: a record
outside it is "not found", exactly like a missing one.

National codes never travel in a URL: a person is looked up with a POST, and addressed by id.
Every read of a person (which shows the full national code) is written to the audit trail.
"""

from datetime import date, datetime
from decimal import Decimal
from typing import Any

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.pagination import paginate

from chatr.api.base import ErrorOut, Pagination, citizen_auth, staff_auth
from chatr.core.errors import NotFoundError
from chatr.core.national_code import mask_national_code
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.registry.choices import ChangeChannel, ChangeState, ChangeType, FileState
from chatr.registry.models import ChangeRequest, ClientFile, Household, HouseholdMember, Person
from chatr.registry.selectors import (
    change_request_get,
    change_request_queue,
    change_request_state_label,
    change_requests_visible,
    citizen_household_view,
    file_get,
    files_visible,
    household_facts,
    household_get,
    household_members,
    households_visible,
    person_find_by_national_code,
    person_for_citizen,
    person_get,
    person_memberships,
    waiting_list,
)
from chatr.registry.services import (
    change_request_approve,
    change_request_file,
    change_request_reject,
    person_view_record,
)

router = Router(tags=["registry"], auth=staff_auth)

ERRORS: dict[int, type[Schema]] = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 422: ErrorOut}


# ---------------------------------------------------------------- schemas


class HouseholdFields(Schema):
    id: int
    county: str
    county_name: str
    area: str
    head_id: int
    head_name: str
    head_national_code_masked: str
    size: int
    income_decile: int | None
    housing: str
    created_at: datetime


class HouseholdOut(HouseholdFields):
    """One row of the list, read from a Household with its head and county joined."""

    @staticmethod
    def resolve_county(obj: Household) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_county_name(obj: Household) -> str:
        return obj.org_unit.name

    @staticmethod
    def resolve_head_name(obj: Household) -> str:
        return str(obj.head)

    @staticmethod
    def resolve_head_national_code_masked(obj: Household) -> str:
        return mask_national_code(obj.head.national_code or "")


class MemberOut(Schema):
    person_id: int
    name: str
    national_code_masked: str
    sex: str
    birth_date: date
    relationship: str
    joined_on: date
    left_on: date | None


class FactsOut(Schema):
    size: int
    female_headed: bool
    members_with_disability: int
    disabilities_by_severity: dict[str, int]


class FileOut(Schema):
    id: int
    file_number: str
    state: str
    state_label: str
    target_group: str
    sub_group: str
    score: Decimal
    household_id: int
    client_id: int
    client_name: str
    county: str
    counter: str | None
    social_worker: str | None
    created_at: datetime

    @staticmethod
    def resolve_state_label(obj: ClientFile) -> str:
        return str(FileState(obj.state).label)

    @staticmethod
    def resolve_client_name(obj: ClientFile) -> str:
        return str(obj.client)

    @staticmethod
    def resolve_county(obj: ClientFile) -> str:
        return obj.org_unit.code

    @staticmethod
    def resolve_counter(obj: ClientFile) -> str | None:
        return obj.counter.code if obj.counter else None

    @staticmethod
    def resolve_social_worker(obj: ClientFile) -> str | None:
        return obj.social_worker.username if obj.social_worker else None


class HouseholdDetailOut(HouseholdFields):  # built as a dict: HouseholdOut's resolvers
    # would read attributes of it
    village: str
    address: str
    postal_code: str
    facts: FactsOut
    members: list[MemberOut]
    files: list[FileOut]


class ScoreLineOut(Schema):
    factor: str
    name_fa: str
    name_en: str
    detail: str
    points: Decimal


class DecisionOut(Schema):
    decided_on: date
    approved: bool
    members: str
    notes: str


class FileDetailOut(FileOut):
    close_reason: str
    score_breakdown: list[ScoreLineOut]
    decisions: list[DecisionOut]
    activated_at: datetime | None
    closed_at: datetime | None

    @staticmethod
    def resolve_decisions(obj: ClientFile) -> list[Any]:
        return list(obj.decisions.order_by("decided_on", "pk"))


class WaitingOut(FileOut):
    rank: int


class DisabilityOut(Schema):
    type: str
    severity: str
    decided_on: date


class PersonHouseholdOut(Schema):
    household_id: int
    county: str
    relationship: str
    joined_on: date
    left_on: date | None


class PersonOut(Schema):
    id: int
    national_code: str | None
    residence_code: str | None
    first_name: str
    last_name: str
    father_name: str
    birth_date: date
    sex: str
    nationality: str
    mobile: str
    education: str
    employment: str
    death_date: date | None
    disabilities: list[DisabilityOut]
    households: list[PersonHouseholdOut]
    files: list[FileOut]


class FileQuery(Schema):
    state: FileState | None = None


class LookupIn(Schema):
    national_code: str


# ---------------------------------------------------------------- presentation


def _households(scope: Scope) -> QuerySet[Household]:
    return (
        households_visible(scope=scope)
        .select_related("head", "org_unit")
        .annotate(size=Count("members", filter=Q(members__left_on__isnull=True)))
    )


def _member(member: HouseholdMember) -> dict[str, Any]:
    person = member.person
    return {
        "person_id": person.pk,
        "name": str(person),
        "national_code_masked": mask_national_code(person.national_code or ""),
        "sex": person.sex,
        "birth_date": person.birth_date,
        "relationship": member.relationship,
        "joined_on": member.joined_on,
        "left_on": member.left_on,
    }


_PERSON_FIELDS = [
    "id",
    "national_code",
    "residence_code",
    "first_name",
    "last_name",
    "father_name",
    "birth_date",
    "sex",
    "nationality",
    "mobile",
    "education",
    "employment",
    "death_date",
]


def _person(scope: Scope, person: Person, actor: Any) -> dict[str, Any]:
    """The person as the reader may see them; the read is audited under the county of the
    household through which it is allowed."""
    memberships = list(person_memberships(scope=scope, person=person))
    person_view_record(actor=actor, person=person, memberships=memberships)
    return {
        **{name: getattr(person, name) for name in _PERSON_FIELDS},
        "disabilities": list(person.disabilities.order_by("-decided_on", "-pk")),
        "households": [
            {
                "household_id": m.household_id,
                "county": m.household.org_unit.code,
                "relationship": m.relationship,
                "joined_on": m.joined_on,
                "left_on": m.left_on,
            }
            for m in memberships
        ],
        "files": list(files_visible(scope=scope).filter(client=person).order_by("-created_at")),
    }


# ---------------------------------------------------------------- endpoints


@router.get("/households", response=list[HouseholdOut], summary="Households in the caller's scope")
@paginate(Pagination)
def list_households(request: HttpRequest):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    return _households(scope).order_by("-created_at", "-pk")


@router.get(
    "/households/{household_id}",
    response={200: HouseholdDetailOut, **ERRORS},
    summary="One household with its members (past ones too), derived facts and files",
)
def get_household(request: HttpRequest, household_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    household = household_get(scope=scope, household_id=household_id)
    facts = household_facts(household=household)
    household.size = facts.size  # type: ignore[attr-defined]
    return {
        **HouseholdOut.from_orm(household).model_dump(),
        "village": household.village,
        "address": household.address,
        "postal_code": household.postal_code,
        "facts": {
            "size": facts.size,
            "female_headed": facts.female_headed,
            "members_with_disability": facts.members_with_disability,
            "disabilities_by_severity": dict(facts.disabilities_by_severity),
        },
        "members": [_member(m) for m in household_members(household=household, include_past=True)],
        "files": list(
            files_visible(scope=scope).filter(household=household).order_by("-created_at")
        ),
    }


@router.get("/files", response=list[FileOut], summary="Coverage files in the caller's scope")
@paginate(Pagination)
def list_files(request: HttpRequest, filters: Query[FileQuery]):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    files = files_visible(scope=scope).order_by("-created_at", "-pk")
    return files.filter(state=filters.state) if filters.state else files


@router.get(
    "/files/{file_number}",
    response={200: FileDetailOut, **ERRORS},
    summary="One coverage file with its score breakdown and commission decisions",
)
def get_file(request: HttpRequest, file_number: str):  # type: ignore[no-untyped-def]
    return file_get(scope=request_scope(request), file_number=file_number)


@router.get(
    "/waiting-list",
    response=list[WaitingOut],
    summary="The waiting list in the caller's scope, ranked by score (then by age)",
)
@paginate(Pagination)
def get_waiting_list(request: HttpRequest):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    return waiting_list(scope=scope).annotate(
        rank=Window(RowNumber(), order_by=[F("score").desc(), F("created_at").asc()])
    )


@router.post(
    "/persons/lookup",
    response={200: PersonOut, **ERRORS},
    summary="Find a person by national code (POST, so the code stays out of URLs and logs)",
)
def lookup_person(request: HttpRequest, payload: LookupIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    person = person_find_by_national_code(scope=scope, national_code=payload.national_code)
    return _person(scope, person, request.user)


@router.get(
    "/persons/{person_id}",
    response={200: PersonOut, **ERRORS},
    summary="One person, with their disabilities, households and files (audited)",
)
def get_person(request: HttpRequest, person_id: int):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    return _person(scope, person_get(scope=scope, person_id=person_id), request.user)


# ---------------------------------------------------------------- change requests


class ChangeRequestOut(Schema):
    id: int
    tracking_code: str
    change_type: str
    change_type_label: str
    state: str
    state_label: str
    household_id: int
    person_id: int | None
    person_name: str | None
    channel: str
    filed_by: str | None
    decided_by: str | None
    decided_at: datetime | None
    reason: str
    created_at: datetime
    # Proposed values; a national code and a Sheba are masked (the full ones stay on the
    # request, read on its page).
    data: dict[str, Any]

    @staticmethod
    def resolve_tracking_code(obj: ChangeRequest) -> str:
        return obj.case.tracking_code

    @staticmethod
    def resolve_change_type_label(obj: ChangeRequest) -> str:
        return str(ChangeType(obj.change_type).label)

    @staticmethod
    def resolve_state(obj: ChangeRequest) -> str:
        return obj.case.state

    @staticmethod
    def resolve_state_label(obj: ChangeRequest) -> str:
        return str(change_request_state_label(obj))

    @staticmethod
    def resolve_person_name(obj: ChangeRequest) -> str | None:
        return str(obj.person) if obj.person else None

    @staticmethod
    def resolve_filed_by(obj: ChangeRequest) -> str | None:
        return str(obj.filed_by) if obj.filed_by else None

    @staticmethod
    def resolve_decided_by(obj: ChangeRequest) -> str | None:
        return str(obj.decided_by) if obj.decided_by else None

    @staticmethod
    def resolve_data(obj: ChangeRequest) -> dict[str, Any]:
        data = dict(obj.data)
        if data.get("national_code"):
            data["national_code"] = mask_national_code(data["national_code"])
        if data.get("sheba"):
            data["sheba"] = "IR" + "*" * 20 + str(data["sheba"])[-4:]
        return data


class ChangeRequestIn(Schema):
    change_type: ChangeType
    # Per type: address {area, address, postal_code, village}; member_join {relationship,
    # joined_on, national_code | residence_code, first_name, last_name, father_name,
    # birth_date, sex}; member_leave {person, left_on}; death {person, died_on};
    # bank_account {person, sheba, holder_name}. `person` is a member's id; dates ISO.
    data: dict[str, Any]


class ChangeQuery(Schema):
    state: ChangeState | None = None


class ApproveIn(Schema):
    duplicates_confirmed: bool = False


class RejectIn(Schema):
    reason: str


@router.get(
    "/changes",
    response=list[ChangeRequestOut],
    summary="Change requests in the caller's scope (supervisors: open ones by default)",
)
@paginate(Pagination)
def list_change_requests(request: HttpRequest, filters: Query[ChangeQuery]):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    if scope.has_perm(Perm.REGISTRY_APPROVE):
        return change_request_queue(scope=scope, state=filters.state)
    rows = change_requests_visible(scope=scope).order_by("-created_at", "-pk")
    return rows.filter(case__state=filters.state) if filters.state else rows


@router.get(
    "/changes/{request_id}",
    response={200: ChangeRequestOut, **ERRORS},
    summary="One change request",
)
def get_change_request(request: HttpRequest, request_id: int):  # type: ignore[no-untyped-def]
    return change_request_get(scope=request_scope(request), request_id=request_id)


@router.post(
    "/households/{household_id}/changes",
    response={201: ChangeRequestOut, **ERRORS, 409: ErrorOut},
    summary="File a change request for a household (applied when a supervisor approves)",
)
def file_change_request(request: HttpRequest, household_id: int, payload: ChangeRequestIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    household = household_get(scope=scope, household_id=household_id)
    filed = change_request_file(
        actor=request.user,
        scope_or_none=scope,
        household=household,
        change_type=payload.change_type,
        data=payload.data,
        channel=ChangeChannel.API,
    )
    return Status(201, filed)


@router.post(
    "/changes/{request_id}/approve",
    response={200: ChangeRequestOut, **ERRORS, 409: ErrorOut},
    summary="Approve and apply a change request (never the filer's own)",
)
def approve_change_request(request: HttpRequest, request_id: int, payload: ApproveIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    change = change_request_get(scope=scope, request_id=request_id)
    return change_request_approve(
        actor=request.user,
        scope=scope,
        request=change,
        duplicates_confirmed=payload.duplicates_confirmed,
    )


@router.post(
    "/changes/{request_id}/reject",
    response={200: ChangeRequestOut, **ERRORS, 409: ErrorOut},
    summary="Reject a change request with a reason the person sees",
)
def reject_change_request(request: HttpRequest, request_id: int, payload: RejectIn):  # type: ignore[no-untyped-def]
    scope = request_scope(request)
    change = change_request_get(scope=scope, request_id=request_id)
    return change_request_reject(
        actor=request.user, scope=scope, request=change, reason=payload.reason
    )


# ---------------------------------------------------------------- the citizen's own file


CITIZEN_PERSON_KEY = "registry.citizen_person_id"  # the same session key as the pages


class MyMemberOut(Schema):
    name: str
    relationship: str
    is_self: bool


class MyFileOut(Schema):
    file_number: str
    client_name: str
    sub_group: str
    state: str
    state_label: str
    counter: str | None
    social_worker: str | None


class MyHouseholdOut(Schema):
    id: int
    county: str
    address: str
    members: list[MyMemberOut]


class MyRecordOut(Schema):
    name: str
    national_code_masked: str
    birth_date: date
    household: MyHouseholdOut | None
    files: list[MyFileOut]
    change_requests: list[ChangeRequestOut]


class IdentifyIn(Schema):
    national_code: str


def _my_record(view: Any) -> dict[str, Any]:
    household = view.household
    return {
        "name": str(view.person),
        "national_code_masked": mask_national_code(view.person.national_code or ""),
        "birth_date": view.person.birth_date,
        "household": {
            "id": household.pk,
            "county": household.org_unit.name,
            "address": household.address,
            "members": [
                {"name": m.name, "relationship": m.relationship, "is_self": m.is_self}
                for m in view.members
            ],
        }
        if household
        else None,
        "files": [
            {
                "file_number": f.file_number,
                "client_name": str(f.client),
                "sub_group": f.sub_group,
                "state": f.state,
                "state_label": str(FileState(f.state).label),
                "counter": f.counter.name if f.counter else None,
                "social_worker": str(f.social_worker) if f.social_worker else None,
            }
            for f in view.files
        ],
        "change_requests": view.requests,
    }


def _citizen_view(request: HttpRequest) -> Any:
    return citizen_household_view(
        user=request.user, person_id=request.session.get(CITIZEN_PERSON_KEY)
    )


@router.get(
    "/my",
    response={200: MyRecordOut, **ERRORS},
    auth=citizen_auth,
    summary="The signed-in citizen's own file, household, coverage and change requests",
)
def my_record(request: HttpRequest):  # type: ignore[no-untyped-def]
    return _my_record(_citizen_view(request))


@router.post(
    "/my/identify",
    response={200: MyRecordOut, **ERRORS},
    auth=citizen_auth,
    summary="When several people share the citizen's mobile: say which one (national code "
    "in the body; the choice is kept in the session)",
)
def my_identify(request: HttpRequest, payload: IdentifyIn):  # type: ignore[no-untyped-def]
    person = person_for_citizen(user=request.user, national_code=payload.national_code)
    request.session[CITIZEN_PERSON_KEY] = person.pk
    return _my_record(_citizen_view(request))


@router.post(
    "/my/changes",
    response={201: ChangeRequestOut, **ERRORS, 409: ErrorOut},
    auth=citizen_auth,
    summary="The citizen files a change request for their own household",
)
def my_change_request(request: HttpRequest, payload: ChangeRequestIn):  # type: ignore[no-untyped-def]
    view = _citizen_view(request)
    if view.household is None:
        raise NotFoundError()
    filed = change_request_file(
        actor=request.user,
        scope_or_none=None,
        household=view.household,
        change_type=payload.change_type,
        data=payload.data,
        channel=ChangeChannel.API,
        citizen=view.person,
    )
    return Status(201, filed)
