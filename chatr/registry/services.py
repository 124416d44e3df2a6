"""Writers of the registry: people, households, coverage files and their waiting-list score."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, OuterRef, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record, field_changes
from chatr.cases.choices import CaseChannel
from chatr.cases.services import case_open, case_transition
from chatr.core.errors import (
    ApplicationError,
    NotFoundError,
    PermissionDeniedError,
    lazy_message,
    required_text,
)
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
from chatr.registry.choices import (
    Area,
    ChangeChannel,
    ChangeState,
    ChangeType,
    CloseReason,
    DisabilityType,
    FileState,
    Relationship,
    Severity,
    Sex,
)
from chatr.registry.models import (
    BankAccount,
    ChangeRequest,
    ClientFile,
    CommissionDecision,
    Disability,
    Household,
    HouseholdMember,
    Person,
    ScoreFactor,
)
from chatr.registry.selectors import (
    household_reachable,
    person_for_citizen,
    person_possible_duplicates,
)
from chatr.registry.workflow import CHANGE_KIND, CHANGE_WORKFLOW

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
    """Every membership is created here, stamped with its household's unit (and so with its
    province and county keys, which the coverage figures count people by)."""
    member = HouseholdMember(
        household=household, person=person, relationship=relationship, joined_on=on
    )
    stamp_org_unit(member, household.org_unit)
    try:
        with transaction.atomic():
            member.save()
    except IntegrityError as error:
        raise ApplicationError(
            "already_in_a_household",
            _("This person is an active member of another household. Record the move instead."),
            fields={"person": _("Already in another household.")},
        ) from error
    household_facts_refresh(household_ids=[household.pk])
    return member


# The order of severities, most severe first (the household keeps its members' worst).
_SEVERITY_ORDER = Case(
    *(When(severity=value, then=Value(rank)) for rank, value in enumerate(Severity.values)),
    default=Value(len(Severity.values)),
    output_field=IntegerField(),
)


def household_facts_refresh(*, household_ids: Iterable[int]) -> int:
    """Recount the households' derived facts (current members, their most severe disability)
    from the memberships and disabilities, in one UPDATE. Every writer of a membership or a
    disability calls it; the payment cycle reads the facts instead of aggregating them."""
    current = HouseholdMember.objects.filter(household=OuterRef("pk"), left_on__isnull=True)
    size = current.order_by().values("household").annotate(n=Count("pk")).values("n")
    worst = (
        Disability.objects.filter(
            person__memberships__household=OuterRef("pk"),
            person__memberships__left_on__isnull=True,
        )
        .annotate(rank=_SEVERITY_ORDER)
        .order_by("rank")
        .values("severity")[:1]
    )
    return Household.objects.filter(pk__in=list(household_ids)).update(
        member_count=Coalesce(Subquery(size), Value(0)),
        most_severe_disability=Coalesce(Subquery(worst), Value("")),
    )


def _current_household_ids(person: Person) -> list[int]:
    return list(
        HouseholdMember.objects.filter(person=person, left_on__isnull=True).values_list(
            "household_id", flat=True
        )
    )


@transaction.atomic
def disability_record(
    *,
    actor: Any,
    person: Person,
    disability_type: str,
    severity: str,
    decided_on: date,
    commission_reference: str = "",
) -> Disability:
    """Record the specialist commission's decision on a person's disability; the household's
    derived facts follow. Permission is the caller's business (as for bank_account_set)."""
    if disability_type not in DisabilityType.values or severity not in Severity.values:
        raise ApplicationError(
            "disability_invalid", _("Choose the disability's type and severity from the lists.")
        )
    disability = Disability.objects.create(
        person=person,
        type=disability_type,
        severity=severity,
        decided_on=decided_on,
        commission_reference=normalize_identifier(commission_reference),
    )
    household_facts_refresh(household_ids=_current_household_ids(person))
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=disability,
        # The decision itself is health data: the audit names the record and its date only.
        changes={"decided_on": decided_on.isoformat()},
        org_unit=_person_unit(person),
    )
    return disability


def person_disability_require(*, scope: Scope, person: Person) -> Household:
    """Refuse unless the reader holds REGISTRY_EDIT over the person's current household (the
    one whose derived facts the decision changes); return that household.

    Through `_require_household` (a household outside the reader's area is "not found", one
    they may see but not edit is forbidden). A person in no household has no one to edit them.
    """
    member = (
        HouseholdMember.objects.filter(person=person, left_on__isnull=True)
        .select_related("household")
        .first()
    )
    if member is None:
        raise PermissionDeniedError(
            _("The person is not a member of any household, so no one can record this here.")
        )
    household: Household = member.household
    _require_household(scope, Perm.REGISTRY_EDIT, household)
    return household


def person_disability_allowed(*, scope: Scope, person: Person) -> bool:
    """Whether the reader may record a disability for the person (to offer the form or not)."""
    try:
        person_disability_require(scope=scope, person=person)
    except (NotFoundError, PermissionDeniedError):
        return False
    return True


def _check_decision_date(person: Person, decided_on: date) -> None:
    def refuse(code: str, message: Any) -> ApplicationError:
        return ApplicationError(code, message, fields={"decided_on": message})

    if decided_on > timezone.localdate():
        raise refuse(
            "decision_in_future", _("The commission's decision date cannot be in the future.")
        )
    if decided_on < person.birth_date:
        raise refuse(
            "decision_before_birth", _("The decision date is before the person's birth date.")
        )
    if person.death_date is not None and decided_on > person.death_date:
        raise refuse("decision_after_death", _("The person had died before this decision date."))


@transaction.atomic
def person_disability_record(
    *,
    actor: Any,
    scope: Scope,
    person: Person,
    disability_type: str,
    severity: str,
    decided_on: date,
    commission_reference: str = "",
) -> Disability:
    """Staff record the specialist commission's decision on a person's disability: the reader
    must hold REGISTRY_EDIT over the person's current household, and the decision date must be
    a real past date in the person's life. `disability_record` writes it."""
    person_disability_require(scope=scope, person=person)
    _check_decision_date(person, decided_on)
    return disability_record(
        actor=actor,
        person=person,
        disability_type=disability_type,
        severity=severity,
        decided_on=decided_on,
        commission_reference=commission_reference,
    )


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
        household_facts_refresh(household_ids=[current.household_id])
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


# ---------------------------------------------------------------- household changes
# The writers a change request's approval applies; officers may also call them directly.


@transaction.atomic
def household_address_update(
    *,
    actor: Any,
    scope: Scope,
    household: Household,
    area: str,
    address: str,
    postal_code: str = "",
    village: str = "",
) -> Household:
    """A new address in the same county; the old values stay in the audit trail."""
    require(scope, Perm.REGISTRY_EDIT, household)
    household = Household.objects.select_for_update().get(pk=household.pk)
    after = _clean_address(area=area, address=address, postal_code=postal_code, village=village)
    before = {name: getattr(household, name) for name in after}
    changes = field_changes(before, after)
    if changes:
        for name, value in after.items():
            setattr(household, name, value)
        household.save(update_fields=[*after, "updated_at"])
        audit_record(actor=actor, action=AuditAction.UPDATE, target=household, changes=changes)
    return household


def _not_future(day: date, field: str) -> date:
    if day > timezone.localdate():
        raise ApplicationError(
            "date_in_future",
            _("The date cannot be in the future."),
            fields={field: _("The date cannot be in the future.")},
        )
    return day


@transaction.atomic
def household_member_leave(
    *, actor: Any, scope: Scope, household: Household, person: Person, on: date | None = None
) -> HouseholdMember:
    """The member leaves: `left_on` is set and the membership stays in the history."""
    require(scope, Perm.REGISTRY_EDIT, household)
    day = _not_future(on or timezone.localdate(), "left_on")
    member = (
        HouseholdMember.objects.select_for_update()
        .filter(household=household, person=person, left_on__isnull=True)
        .first()
    )
    if member is None:
        raise ApplicationError(
            "not_a_member",
            _("This person is not a current member of the household."),
            fields={"person": _("Choose a current member.")},
        )
    if member.relationship == Relationship.HEAD or household.head_id == person.pk:
        raise ApplicationError(
            "head_cannot_leave",
            _("The head of household cannot leave it; the household needs a new head first."),
            fields={"person": _("The head cannot leave.")},
        )
    if day < member.joined_on:
        raise ApplicationError(
            "left_before_joining",
            _("The date of leaving is before the date the member joined."),
            fields={"left_on": _("Give a date after the member joined.")},
        )
    member.left_on = day
    member.save(update_fields=["left_on"])
    household_facts_refresh(household_ids=[household.pk])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=household,
        changes={"member_left": person.pk, "left_on": day.isoformat()},
    )
    return member


@transaction.atomic
def person_death_record(
    *, actor: Any, scope: Scope, household: Household, person: Person, died_on: date
) -> Person:
    """Record a member's death: the date is kept, their open coverage files close with the
    reason "died" (as file_close does), and a member other than the head leaves the household
    on that day."""
    require(scope, Perm.REGISTRY_APPROVE, household)
    person = Person.objects.select_for_update().get(pk=person.pk)
    _check_death_date(person, died_on)
    if person.death_date is not None:
        raise ApplicationError("already_dead", _("This person's death is already recorded."))
    person.death_date = died_on
    person.save(update_fields=["death_date", "updated_at"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=person,
        changes={"death_date": [None, died_on.isoformat()]},
        org_unit=household.org_unit,
    )
    for file in ClientFile.objects.filter(client=person).exclude(state=FileState.CLOSED):
        file_close(actor=actor, scope=scope, file=file, reason=CloseReason.DIED)
    member = (
        HouseholdMember.objects.select_for_update()
        .filter(person=person, household=household, left_on__isnull=True)
        .first()
    )
    if member is not None and member.relationship != Relationship.HEAD:
        member.left_on = max(died_on, member.joined_on)
        member.save(update_fields=["left_on"])
        household_facts_refresh(household_ids=[household.pk])
    return person


# ---------------------------------------------------------------- change requests

# Working days a supervisor has to decide a request (the case clock).
CHANGE_DEADLINE_DAYS = 10

_CASE_CHANNEL = {
    ChangeChannel.WEB: CaseChannel.WEB,
    ChangeChannel.COUNTER: CaseChannel.IN_PERSON,
    ChangeChannel.API: CaseChannel.API,
}


def _clean_address(*, area: str, address: str, postal_code: str, village: str) -> dict[str, str]:
    errors: dict[str, Any] = {}
    if area not in Area.values:
        errors["area"] = _("Choose urban or rural.")
    address = normalize_persian(address or "").strip()
    if not address:
        errors["address"] = _("Enter the new address.")
    elif len(address) > 300:
        errors["address"] = _("The address is too long (at most 300 characters).")
    code = ""
    if (postal_code or "").strip():
        try:
            code = validate_postal_code(postal_code)
        except DjangoValidationError as error:
            errors["postal_code"] = error.messages[0]
    if errors:
        raise ApplicationError(
            "invalid_address", _("Check the fields of the new address."), fields=errors
        )
    return {
        "area": area,
        "address": address,
        "postal_code": code,
        "village": normalize_persian(village or "").strip()[:100],
    }


def _as_date(value: Any, field: str, *, required: bool) -> date | None:
    if value in (None, ""):
        if required:
            raise ApplicationError(
                "date_required",
                _("Enter the date."),
                fields={field: _("Enter the date.")},
            )
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError as error:
        raise ApplicationError(
            "invalid_date",
            _("The date is not valid."),
            fields={field: _("The date is not valid.")},
        ) from error


def _required_date(value: Any, field: str) -> date:
    day = _as_date(value, field, required=True)
    if day is None:  # _as_date refused it already; this keeps the type narrow
        raise ApplicationError("date_required", _("Enter the date."))
    return day


def _check_death_date(person: Person, died_on: date) -> None:
    _not_future(died_on, "died_on")
    if died_on < person.birth_date:
        raise ApplicationError(
            "death_before_birth",
            _("The date of death is before the person's birth date."),
            fields={"died_on": _("Give a date after the birth date.")},
        )


def _active_member(household: Household, data: dict[str, Any]) -> HouseholdMember:
    """The current member named by `data["person"]` (an id), or a field error."""
    raw = data.get("person")
    person_id = raw.pk if isinstance(raw, Person) else raw
    member = None
    if str(person_id or "").isdigit():
        member = (
            HouseholdMember.objects.filter(
                household=household, person_id=int(person_id), left_on__isnull=True
            )
            .select_related("person")
            .first()
        )
    if member is None:
        raise ApplicationError(
            "not_a_member",
            _("Choose a current member of the household."),
            fields={"person": _("Choose a current member of the household.")},
        )
    return member


def _new_person_fields(data: dict[str, Any]) -> dict[str, Any]:
    errors: dict[str, Any] = {}
    fields: dict[str, Any] = {}
    for name, label in (
        ("first_name", _("Enter the first name.")),
        ("last_name", _("Enter the last name.")),
    ):
        value = normalize_persian(str(data.get(name) or "")).strip()
        if not value:
            errors[name] = label
        fields[name] = value[:100]
    fields["father_name"] = normalize_persian(str(data.get("father_name") or "")).strip()[:100]
    try:
        birth = _required_date(data.get("birth_date"), "birth_date")
        _not_future(birth, "birth_date")
        fields["birth_date"] = birth.isoformat()
    except ApplicationError as error:
        errors.update(error.fields)
    if data.get("sex") not in Sex.values:
        errors["sex"] = _("Choose the sex.")
    fields["sex"] = data.get("sex") or ""
    fields["nationality"] = str(data.get("nationality") or "IR")[:40]
    if errors:
        raise ApplicationError(
            "new_person_incomplete",
            _("Give the new member's name, birth date and sex."),
            fields=errors,
        )
    return fields


def _validate_member_join(
    household: Household, data: dict[str, Any], *, by_citizen: bool
) -> tuple[Person | None, dict[str, Any]]:
    relationship = data.get("relationship")
    if relationship not in Relationship.values or relationship == Relationship.HEAD:
        raise ApplicationError(
            "relationship_required",
            _("Choose the new member's relationship to the head."),
            fields={"relationship": _("Choose the relationship to the head.")},
        )
    joined = _as_date(data.get("joined_on"), "joined_on", required=False)
    clean: dict[str, Any] = {"relationship": relationship}
    if joined:
        clean["joined_on"] = _not_future(joined, "joined_on").isoformat()
    national_code, residence_code = "", ""
    if data.get("national_code"):
        try:
            national_code = validate_national_code(str(data["national_code"]))
        except DjangoValidationError as error:
            raise ApplicationError(
                "invalid_national_code",
                error.messages[0],
                fields={"national_code": error.messages[0]},
            ) from error
    elif data.get("residence_code"):
        residence_code = normalize_identifier(str(data["residence_code"]))[:16]
    else:
        raise ApplicationError(
            "identity_code_required",
            _("Enter the national code, or the residence code of a foreign national."),
            fields={"national_code": _("Enter the national code.")},
        )
    # A citizen always gives the name, birth date and sex, so whether the code is already
    # registered shows nowhere in the answer.
    person_fields = _new_person_fields(data) if by_citizen else None
    existing = (
        Person.objects.filter(national_code=national_code).first()
        if national_code
        else Person.objects.filter(residence_code=residence_code).first()
    )
    if existing is not None:
        if HouseholdMember.objects.filter(
            household=household, person=existing, left_on__isnull=True
        ).exists():
            raise ApplicationError(
                "already_a_member",
                _("This person is already a member of the household."),
                fields={"national_code": _("Already a member of this household.")},
            )
        return existing, clean
    clean.update(person_fields or _new_person_fields(data))
    if national_code:
        clean["national_code"] = national_code
    else:
        clean["residence_code"] = residence_code
    return None, clean


def _validate_change(
    household: Household, change_type: str, data: dict[str, Any], *, by_citizen: bool
) -> tuple[Person | None, dict[str, Any]]:
    """The person concerned and the cleaned proposed values, or an ApplicationError naming
    the fields to fix."""
    if change_type == ChangeType.ADDRESS:
        clean = _clean_address(
            area=str(data.get("area") or ""),
            address=str(data.get("address") or ""),
            postal_code=str(data.get("postal_code") or ""),
            village=str(data.get("village") or ""),
        )
        current = {name: getattr(household, name) for name in clean}
        if clean == current:
            raise ApplicationError(
                "address_unchanged",
                _("The new address is the same as the current one."),
                fields={"address": _("The new address is the same as the current one.")},
            )
        return None, clean
    if change_type == ChangeType.MEMBER_JOIN:
        return _validate_member_join(household, data, by_citizen=by_citizen)
    if change_type == ChangeType.MEMBER_LEAVE:
        member = _active_member(household, data)
        if member.relationship == Relationship.HEAD or household.head_id == member.person_id:
            raise ApplicationError(
                "head_cannot_leave",
                _("The head of household cannot leave it; the household needs a new head first."),
                fields={"person": _("The head cannot leave.")},
            )
        left = _as_date(data.get("left_on"), "left_on", required=False)
        clean = {"left_on": _not_future(left, "left_on").isoformat()} if left else {}
        return member.person, clean
    if change_type == ChangeType.DEATH:
        member = _active_member(household, data)
        died = _required_date(data.get("died_on"), "died_on")
        _check_death_date(member.person, died)
        return member.person, {"died_on": died.isoformat()}
    if change_type == ChangeType.BANK_ACCOUNT:
        member = _active_member(household, data)
        try:
            sheba = validate_sheba(str(data.get("sheba") or ""))
        except DjangoValidationError as error:
            raise ApplicationError(
                "invalid_sheba", error.messages[0], fields={"sheba": error.messages[0]}
            ) from error
        holder = normalize_persian(str(data.get("holder_name") or "")).strip()[:200]
        return member.person, {"sheba": sheba, "holder_name": holder}
    raise ApplicationError(
        "change_type_invalid",
        _("Choose what should change."),
        fields={"change_type": _("Choose what should change.")},
    )


def _require_household(scope: Scope, perm: str, household: Household) -> None:
    """Like org.permissions.require, but a social worker also reaches the households of the
    clients of their counter (households belong to their county)."""
    if household_reachable(scope=scope, perm=perm, household=household):
        return
    if scope.covers_record(household) or household_reachable(
        scope=scope, perm=Perm.REGISTRY_VIEW, household=household
    ):
        raise PermissionDeniedError()
    raise NotFoundError()


@transaction.atomic
def change_request_file(
    *,
    actor: Any,
    scope_or_none: Scope | None,
    household: Household,
    change_type: str,
    data: dict[str, Any],
    channel: str | None = None,
    citizen: Person | None = None,
) -> ChangeRequest:
    """File a change to a household's record; nothing changes until a supervisor approves.

    Staff pass their scope (REGISTRY_EDIT over the household). A citizen passes
    `scope_or_none=None` and files only for the household they are an active member of
    (`citizen` is the registry person they are, from person_for_citizen; looked up here when
    not given). Anything else is "not found"."""
    by_citizen = scope_or_none is None
    if by_citizen:
        citizen = citizen or person_for_citizen(user=actor)
        if not HouseholdMember.objects.filter(
            household=household, person=citizen, left_on__isnull=True
        ).exists():
            raise NotFoundError()
        channel = channel or ChangeChannel.WEB
    elif scope_or_none is not None:
        _require_household(scope_or_none, Perm.REGISTRY_EDIT, household)
        channel = channel or ChangeChannel.COUNTER
    if channel not in ChangeChannel.values:
        raise ApplicationError("channel_invalid", _("Unknown channel."))
    person, clean = _validate_change(household, change_type, data or {}, by_citizen=by_citizen)
    contact = citizen if by_citizen else household.head
    opened = case_open(
        kind=CHANGE_KIND,
        unit=household.org_unit,
        channel=_CASE_CHANNEL[ChangeChannel(channel)],
        subject=str(ChangeType(change_type).label),
        deadline_days=CHANGE_DEADLINE_DAYS,
        requester=actor if by_citizen else None,
        contact_name=str(contact) if contact else "",
        contact_mobile=(contact.mobile if contact else "") or "",
        filed_by=None if by_citizen else actor,
        is_sensitive=True,
    )
    request = ChangeRequest(
        case=opened.case,
        change_type=change_type,
        household=household,
        person=person,
        data=clean,
        channel=channel,
        filed_by=actor if getattr(actor, "pk", None) else None,
    )
    stamp_org_unit(request, household.org_unit)
    request.save()
    # The proposed values (which may hold a national code or a Sheba) stay on the request.
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        target=request,
        changes={"change_type": change_type, "channel": channel},
    )
    return request


def _lock(request: ChangeRequest) -> ChangeRequest:
    return (
        ChangeRequest.objects.select_for_update(of=("self",))
        .select_related("case", "household__org_unit", "person")
        .get(pk=request.pk)
    )


def _check_open(request: ChangeRequest, target: str) -> None:
    state = request.case.state
    if not CHANGE_WORKFLOW.can_move(state, target):
        raise ApplicationError(
            "illegal_transition",
            lazy_message(
                _("This change request is “%(current)s”; it cannot become “%(target)s”."),
                current=CHANGE_WORKFLOW.label(state),
                target=CHANGE_WORKFLOW.label(target),
            ),
            status=409,
        )


def _move_request(
    request: ChangeRequest, *, actor: Any, to_state: str, text: str = ""
) -> ChangeRequest:
    """Move the request's case (its timeline gets the event) and audit the request."""
    old = request.case.state
    # The registry checked REGISTRY_APPROVE (or that the actor is the filer); a supervisor
    # need not be a case handler, so the engine is called without a scope.
    request.case = case_transition(
        actor=actor, scope=None, case=request.case, to_state=to_state, text=text, public=True
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=request,
        changes={"state": [old, to_state]},
    )
    return request


@transaction.atomic
def change_request_review(*, actor: Any, scope: Scope, request: ChangeRequest) -> ChangeRequest:
    """A supervisor takes the request under review (the person sees it on the tracking page)."""
    require(scope, Perm.REGISTRY_APPROVE, request)
    request = _lock(request)
    _check_open(request, ChangeState.UNDER_REVIEW)
    return _move_request(request, actor=actor, to_state=ChangeState.UNDER_REVIEW)


def _concerned(request: ChangeRequest) -> Person:
    """The member a leave, death or bank-account request is about (set when it was filed)."""
    if request.person is None:
        raise ApplicationError("person_missing", _("The request does not name the member."))
    return request.person


def _apply(actor: Any, scope: Scope, request: ChangeRequest, duplicates_confirmed: bool) -> None:
    household, data = request.household, request.data
    if request.change_type == ChangeType.ADDRESS:
        household_address_update(
            actor=actor,
            scope=scope,
            household=household,
            area=data["area"],
            address=data["address"],
            postal_code=data.get("postal_code", ""),
            village=data.get("village", ""),
        )
    elif request.change_type == ChangeType.MEMBER_JOIN:
        joined = date.fromisoformat(data["joined_on"]) if data.get("joined_on") else None
        person = request.person
        if person is None:
            person = person_register(
                actor=actor,
                scope=scope,
                data=PersonData(
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    father_name=data.get("father_name", ""),
                    birth_date=date.fromisoformat(data["birth_date"]),
                    sex=data["sex"],
                    national_code=data.get("national_code", ""),
                    residence_code=data.get("residence_code", ""),
                    nationality=data.get("nationality") or "IR",
                ),
                duplicates_confirmed=duplicates_confirmed,
            )
            request.person = person
        if HouseholdMember.objects.filter(person=person, left_on__isnull=True).exists():
            try:
                household_member_move(
                    actor=actor,
                    scope=scope,
                    person=person,
                    to=household,
                    relationship=data["relationship"],
                    on=joined,
                )
            except NotFoundError as error:
                raise ApplicationError(
                    "member_of_household_elsewhere",
                    _(
                        "This person is a member of a household outside your area: the move "
                        "must be recorded there first."
                    ),
                    status=409,
                ) from error
        else:
            household_member_add(
                actor=actor,
                scope=scope,
                household=household,
                person=person,
                relationship=data["relationship"],
                joined_on=joined,
            )
    elif request.change_type == ChangeType.MEMBER_LEAVE:
        left = date.fromisoformat(data["left_on"]) if data.get("left_on") else None
        household_member_leave(
            actor=actor, scope=scope, household=household, person=_concerned(request), on=left
        )
    elif request.change_type == ChangeType.DEATH:
        person_death_record(
            actor=actor,
            scope=scope,
            household=household,
            person=_concerned(request),
            died_on=date.fromisoformat(data["died_on"]),
        )
    elif request.change_type == ChangeType.BANK_ACCOUNT:
        person = _concerned(request)
        if not HouseholdMember.objects.filter(
            household=household, person=person, left_on__isnull=True
        ).exists():
            raise ApplicationError(
                "not_a_member", _("This person is no longer a member of the household.")
            )
        bank_account_set(
            actor=actor,
            person=person,
            sheba=data["sheba"],
            holder_name=data.get("holder_name", ""),
        )


@transaction.atomic
def change_request_approve(
    *, actor: Any, scope: Scope, request: ChangeRequest, duplicates_confirmed: bool = False
) -> ChangeRequest:
    """Approve and apply the change through the registry's writers, in one transaction (if
    applying fails, the request stays open). The filer never approves their own request."""
    require(scope, Perm.REGISTRY_APPROVE, request)
    request = _lock(request)
    _check_open(request, ChangeState.APPROVED)
    if request.filed_by_id is not None and request.filed_by_id == getattr(actor, "pk", None):
        raise ApplicationError(
            "own_change_request",
            _("You filed this request: another supervisor must approve it."),
            status=403,
        )
    _apply(actor, scope, request, duplicates_confirmed)
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["decided_by", "decided_at", "person", "updated_at"])
    return _move_request(request, actor=actor, to_state=ChangeState.APPROVED)


@transaction.atomic
def change_request_reject(
    *, actor: Any, scope: Scope, request: ChangeRequest, reason: str
) -> ChangeRequest:
    """Refuse the request with a reason the person sees; nothing is changed."""
    require(scope, Perm.REGISTRY_APPROVE, request)
    reason = required_text(
        reason,
        code="reason_required",
        field="reason",
        message=_("Give the reason for rejecting the request."),
        max_length=None,
    )
    request = _lock(request)
    _check_open(request, ChangeState.REJECTED)
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.reason = reason[:2000]
    request.save(update_fields=["decided_by", "decided_at", "reason", "updated_at"])
    return _move_request(request, actor=actor, to_state=ChangeState.REJECTED, text=request.reason)


@transaction.atomic
def change_request_withdraw(
    *, actor: Any, request: ChangeRequest, reason: str = ""
) -> ChangeRequest:
    """The filer (citizen or staff) withdraws their own open request. Anyone else: not found."""
    if request.filed_by_id is None or request.filed_by_id != getattr(actor, "pk", None):
        raise NotFoundError()
    request = _lock(request)
    _check_open(request, ChangeState.WITHDRAWN)
    request.reason = (reason or "").strip()[:2000]
    request.save(update_fields=["reason", "updated_at"])
    return _move_request(request, actor=actor, to_state=ChangeState.WITHDRAWN, text=request.reason)
