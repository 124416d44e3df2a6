"""Writers of the registry: people, households, coverage files and their waiting-list score."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record, field_changes
from chatr.core.errors import ApplicationError, lazy_message
from chatr.core.national_code import validate_national_code
from chatr.core.postal_code import validate_postal_code
from chatr.core.services import tracking_code_issue
from chatr.core.sheba import validate_sheba
from chatr.core.text import normalize_identifier, normalize_persian, search_key
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm, Role
from chatr.org.scope import Scope, scope_for_user
from chatr.org.services import stamp_org_unit
from chatr.registry.choices import FileState, Relationship, Severity
from chatr.registry.models import (
    BankAccount,
    ClientFile,
    CommissionDecision,
    Household,
    HouseholdMember,
    Person,
    ScoreFactor,
)
from chatr.registry.selectors import person_possible_duplicates

FILE_NAMESPACE = "registry.file"


def name_key(first_name: str, last_name: str, father_name: str) -> str:
    return search_key(f"{first_name} {last_name} {father_name}")


@dataclass(frozen=True)
class PersonData:
    first_name: str
    last_name: str
    birth_date: date
    sex: str
    national_code: str = ""
    residence_code: str = ""
    father_name: str = ""
    nationality: str = "IR"
    mobile: str = ""
    education: str = ""
    employment: str = ""


def _identity(data: PersonData) -> tuple[str | None, str | None]:
    if data.national_code:
        return validate_national_code(data.national_code), None
    if data.residence_code:
        return None, normalize_identifier(data.residence_code)
    raise ApplicationError(
        "identity_code_required",
        _("Enter the national code, or the residence code of a foreign national."),
        fields={"national_code": _("Enter the national code.")},
    )


@transaction.atomic
def person_register(
    *, actor: Any, scope: Scope, data: PersonData, duplicates_confirmed: bool = False
) -> Person:
    """Save a new person. Possible duplicates are refused until the officer confirms."""
    require(scope, Perm.REGISTRY_EDIT)
    national_code, residence_code = _identity(data)
    first, last = normalize_persian(data.first_name), normalize_persian(data.last_name)
    father = normalize_persian(data.father_name)
    if national_code and Person.objects.filter(national_code=national_code).exists():
        raise ApplicationError(
            "national_code_taken",
            _("A person with this national code is already registered."),
            fields={"national_code": _("This national code is already registered.")},
        )
    if not duplicates_confirmed and person_possible_duplicates(
        first_name=first, last_name=last, father_name=father, birth_date=data.birth_date
    ):
        raise ApplicationError(
            "possible_duplicate",
            _(
                "People with the same name, father's name and birth date are already "
                "registered. Check the list; if this is a different person, confirm and save."
            ),
            status=409,
        )
    person = Person.objects.create(
        national_code=national_code,
        residence_code=residence_code,
        first_name=first,
        last_name=last,
        father_name=father,
        birth_date=data.birth_date,
        sex=data.sex,
        nationality=data.nationality or "IR",
        mobile=data.mobile,
        education=data.education,
        employment=data.employment,
        name_key=name_key(first, last, father),
    )
    # A new person belongs to no unit yet: file the event under the registering officer's unit.
    # (Without it the audit trail guesses from `person.memberships`, which are household
    # memberships with no org unit, and fails.)
    unit = OrgUnit.objects.filter(pk=scope.grants_for(Perm.REGISTRY_EDIT)[0].unit_id).first()
    audit_record(actor=actor, action=AuditAction.CREATE, target=person, changes={}, org_unit=unit)
    return person


@dataclass(frozen=True)
class HouseholdData:
    county: OrgUnit
    area: str
    address: str
    housing: str
    village: str = ""
    postal_code: str = ""
    income_decile: int | None = None


@transaction.atomic
def household_create(
    *, actor: Any, scope: Scope, head: Person, data: HouseholdData, joined_on: date | None = None
) -> Household:
    """A new household in a county the officer covers, with its head as first member."""
    require(scope, Perm.REGISTRY_EDIT)
    if data.county.kind != OrgUnitKind.COUNTY or not scope.covers(data.county, Perm.REGISTRY_EDIT):
        raise ApplicationError(
            "county_out_of_scope",
            _("Choose a county in your province."),
            fields={"county": _("Choose a county in your province.")},
        )
    household = Household(
        head=head,
        area=data.area,
        village=normalize_persian(data.village),
        address=normalize_persian(data.address),
        postal_code=validate_postal_code(data.postal_code) if data.postal_code else "",
        income_decile=data.income_decile,
        housing=data.housing,
    )
    stamp_org_unit(household, data.county)
    household.save()
    _join(household, head, Relationship.HEAD, joined_on or timezone.localdate())
    audit_record(actor=actor, action=AuditAction.CREATE, target=household, changes={})
    return household


def _join(household: Household, person: Person, relationship: str, on: date) -> HouseholdMember:
    try:
        with transaction.atomic():
            return HouseholdMember.objects.create(
                household=household, person=person, relationship=relationship, joined_on=on
            )
    except IntegrityError as error:
        raise ApplicationError(
            "already_in_a_household",
            _("This person is an active member of another household. Record the move instead."),
            fields={"person": _("Already in another household.")},
        ) from error


@transaction.atomic
def household_member_add(
    *,
    actor: Any,
    scope: Scope,
    household: Household,
    person: Person,
    relationship: str,
    joined_on: date | None = None,
) -> HouseholdMember:
    require(scope, Perm.REGISTRY_EDIT, household)
    member = _join(household, person, relationship, joined_on or timezone.localdate())
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=household,
        changes={"member_joined": person.pk},
    )
    return member


@transaction.atomic
def household_member_move(
    *,
    actor: Any,
    scope: Scope,
    person: Person,
    to: Household,
    relationship: str,
    on: date | None = None,
) -> HouseholdMember:
    """Leave the current household and join another the same day; history is kept."""
    require(scope, Perm.REGISTRY_EDIT, to)
    day = on or timezone.localdate()
    current = (
        HouseholdMember.objects.select_for_update()
        .filter(person=person, left_on__isnull=True)
        .first()
    )
    if current is not None:
        require(scope, Perm.REGISTRY_EDIT, current.household)
        if current.household_id == to.pk:
            raise ApplicationError("same_household", _("The person is already in this household."))
        current.left_on = day
        current.save(update_fields=["left_on"])
    member = _join(to, person, relationship, day)
    audit_record(
        actor=actor, action=AuditAction.UPDATE, target=to, changes={"member_moved_in": person.pk}
    )
    return member


# ---------------------------------------------------------------- coverage files

_TRANSITIONS = {
    FileState.APPLICANT: {FileState.WAITING, FileState.CLOSED},
    FileState.WAITING: {FileState.APPROVED, FileState.CLOSED},
    FileState.APPROVED: {FileState.ACTIVE, FileState.CLOSED},
    FileState.ACTIVE: {FileState.CLOSED},
    FileState.CLOSED: set(),
}


def _move(file: ClientFile, to_state: str, *, actor: Any) -> None:
    if to_state not in _TRANSITIONS[file.state]:
        raise ApplicationError(
            "illegal_transition",
            lazy_message(
                _("A file that is “%(current)s” cannot become “%(target)s”."),
                current=FileState(file.state).label,
                target=FileState(to_state).label,
            ),
            status=409,
        )
    old = file.state
    file.state = to_state
    file.save()
    audit_record(
        actor=actor, action=AuditAction.STATE, target=file, changes={"state": [old, to_state]}
    )


@transaction.atomic
def file_open(
    *,
    actor: Any,
    scope: Scope,
    household: Household,
    client: Person,
    target_group: str,
    sub_group: str,
) -> ClientFile:
    """An applicant file for a client of a household in the officer's scope."""
    require(scope, Perm.REGISTRY_EDIT, household)
    if not HouseholdMember.objects.filter(
        household=household, person=client, left_on__isnull=True
    ).exists():
        raise ApplicationError(
            "client_not_in_household", _("The client must be an active member of the household.")
        )
    file = ClientFile(
        file_number=tracking_code_issue(namespace=FILE_NAMESPACE),
        household=household,
        client=client,
        target_group=target_group,
        sub_group=sub_group,
    )
    stamp_org_unit(file, household.org_unit)
    file.save()
    audit_record(actor=actor, action=AuditAction.CREATE, target=file, changes={})
    return file


def file_score(*, file: ClientFile) -> tuple[Decimal, list[dict[str, Any]]]:
    """The waiting-list score and each line of it (factor, why, points)."""
    from chatr.registry.selectors import household_facts

    facts = household_facts(household=file.household)
    factors = {f.code: f for f in ScoreFactor.objects.filter(is_active=True)}
    lines: list[dict[str, Any]] = []

    def add(code: str, times: Decimal = Decimal(1), detail: str = "") -> None:
        factor = factors.get(code)
        if factor is not None and times:
            lines.append(
                {
                    "factor": code,
                    "name_fa": factor.name_fa,
                    "name_en": factor.name_en,
                    "detail": detail,
                    "points": str(factor.points * times),
                }
            )

    if file.household.income_decile:
        add(
            "low_income_decile",
            Decimal(max(0, 5 - file.household.income_decile)),
            str(file.household.income_decile),
        )
    for severity in (Severity.VERY_SEVERE, Severity.SEVERE, Severity.MODERATE, Severity.MILD):
        count = facts.disabilities_by_severity.get(severity, 0)
        add(f"disability_{severity}", Decimal(count), str(count))
    if facts.female_headed:
        add("female_headed")
    add("household_size", Decimal(max(0, facts.size - 1)), str(facts.size))
    if facts.members_with_disability >= 2:
        add("several_with_disability", detail=str(facts.members_with_disability))
    if file.household.area == "rural":
        add("deprived_area")
    total = sum((Decimal(line["points"]) for line in lines), Decimal(0))
    return total, lines


@transaction.atomic
def file_to_waiting_list(*, actor: Any, scope: Scope, file: ClientFile) -> ClientFile:
    require(scope, Perm.REGISTRY_EDIT, file)
    file = ClientFile.objects.select_for_update().get(pk=file.pk)
    file.score, file.score_breakdown = file_score(file=file)
    _move(file, FileState.WAITING, actor=actor)
    return file


@transaction.atomic
def file_commission_decide(
    *,
    actor: Any,
    scope: Scope,
    file: ClientFile,
    decided_on: date,
    members: str,
    approved: bool,
    notes: str = "",
) -> ClientFile:
    """Record the commission's decision: approved files move on, refused ones close."""
    require(scope, Perm.REGISTRY_APPROVE, file)
    if not members.strip():
        raise ApplicationError(
            "commission_members_required",
            _("List the commission members present."),
            fields={"members": _("List the members present.")},
        )
    file = ClientFile.objects.select_for_update().get(pk=file.pk)
    CommissionDecision.objects.create(
        file=file,
        decided_on=decided_on,
        members=members,
        approved=approved,
        notes=notes,
        recorded_by=actor,
    )
    if approved:
        _move(file, FileState.APPROVED, actor=actor)
    else:
        file.close_reason = "ineligible"
        file.closed_at = timezone.now()
        _move(file, FileState.CLOSED, actor=actor)
    return file


def caseload_limits() -> tuple[int, int]:
    return (
        int(getattr(settings, "REGISTRY_CASELOAD_PER_SOCIAL_WORKER", 200)),
        int(getattr(settings, "REGISTRY_CASELOAD_PER_COUNTER", 600)),
    )


@transaction.atomic
def file_activate(
    *, actor: Any, scope: Scope, file: ClientFile, counter: OrgUnit, social_worker: Any
) -> ClientFile:
    """Cover the client: assign a counter and a social worker there, within the caseloads."""
    require(scope, Perm.REGISTRY_APPROVE, file)
    if counter.kind != OrgUnitKind.COUNTER or not scope.covers(counter):
        raise ApplicationError(
            "counter_invalid",
            _("Choose a Positive Life counter in your province."),
            fields={"counter": _("Choose a counter in your province.")},
        )
    if not scope_for_user(social_worker).covers_path(counter.path) or not any(
        g.role == Role.SOCIAL_WORKER and counter.path.startswith(g.unit_path)
        for g in scope_for_user(social_worker).grants
    ):
        raise ApplicationError(
            "social_worker_invalid",
            _("Choose a social worker of this counter."),
            fields={"social_worker": _("Choose a social worker of this counter.")},
        )
    # Lock the counter row so two officers cannot both take the last places.
    OrgUnit.objects.select_for_update().get(pk=counter.pk)
    per_worker, per_counter = caseload_limits()
    active = ClientFile.objects.filter(state=FileState.ACTIVE)
    if active.filter(social_worker=social_worker).count() >= per_worker:
        raise ApplicationError(
            "caseload_social_worker",
            lazy_message(
                _(
                    "This social worker already has %(limit)d active files, the most "
                    "allowed. Choose another social worker."
                ),
                limit=per_worker,
            ),
            fields={"social_worker": _("This social worker's caseload is full.")},
        )
    if active.filter(counter=counter).count() >= per_counter:
        raise ApplicationError(
            "caseload_counter",
            lazy_message(
                _(
                    "This counter already has %(limit)d active files, the most "
                    "allowed. Choose another counter."
                ),
                limit=per_counter,
            ),
            fields={"counter": _("This counter's caseload is full.")},
        )
    file = ClientFile.objects.select_for_update().get(pk=file.pk)
    before = {"counter": file.counter_id, "social_worker": file.social_worker_id}
    file.counter, file.social_worker = counter, social_worker
    # An active file belongs to its counter (still inside the same county and province), so
    # the counter's social workers see it and the county and province still do.
    stamp_org_unit(file, counter)
    file.activated_at = timezone.now()
    _move(file, FileState.ACTIVE, actor=actor)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=file,
        changes=field_changes(before, {"counter": counter.pk, "social_worker": social_worker.pk}),
    )
    return file


@transaction.atomic
def file_close(*, actor: Any, scope: Scope, file: ClientFile, reason: str) -> ClientFile:
    require(scope, Perm.REGISTRY_APPROVE, file)
    file = ClientFile.objects.select_for_update().get(pk=file.pk)
    file.close_reason = reason
    file.closed_at = timezone.now()
    _move(file, FileState.CLOSED, actor=actor)
    return file


def person_view_record(*, actor: Any, person: Person, memberships: list[HouseholdMember]) -> None:
    """Audit a staff read of a person under the county of the household through which it was
    allowed, so the province's managers see it in their audit trail."""
    unit = memberships[0].household.org_unit if memberships else None
    audit_record(actor=actor, action=AuditAction.VIEW, target=person, org_unit=unit)


def _person_unit(person: Person) -> OrgUnit | None:
    """The county of the person's current household (where their records are audited)."""
    member = (
        HouseholdMember.objects.filter(person=person, left_on__isnull=True)
        .select_related("household__org_unit")
        .first()
    )
    return member.household.org_unit if member else None


@transaction.atomic
def bank_account_set(
    *, actor: Any, person: Person, sheba: str, holder_name: str = "", on: date | None = None
) -> BankAccount:
    """Record the person's Sheba for payments; the current one (if any) ends the same day.

    Permission is the caller's business: a supervisor approving a change request, or the
    registering officer. Setting the same Sheba again changes nothing."""
    try:
        sheba = validate_sheba(sheba)
    except DjangoValidationError as error:
        raise ApplicationError(
            "invalid_sheba", error.messages[0], fields={"sheba": error.messages[0]}
        ) from error
    on = on or timezone.localdate()
    current = (
        BankAccount.objects.select_for_update().filter(person=person, ended_on__isnull=True).first()
    )
    if current and current.sheba == sheba:
        return current
    if current:
        current.ended_on = on
        current.save(update_fields=["ended_on"])
    account = BankAccount.objects.create(
        person=person,
        sheba=sheba,
        holder_name=normalize_persian(holder_name),
        valid_from=on,
        recorded_by=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE if current else AuditAction.CREATE,
        target=account,
        changes={"sheba": "****" + sheba[-4:]},
        org_unit=_person_unit(person),
    )
    return account
