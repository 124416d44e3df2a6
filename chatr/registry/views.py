"""Registry pages for staff: find a person, register a household, add members, open and move
coverage files, and the waiting list. Adapters only: parse → one service or selector → render.

National codes never travel in a URL: people are found with a POST form and their pages use
the numeric id. Every staff read of a person page is written to the audit trail.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chatr.cases.selectors import case_timeline
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.core.jalali import format_date as jdate
from chatr.core.national_code import mask_national_code
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.registry import services
from chatr.registry.choices import (
    Area,
    ChangeState,
    ChangeType,
    FileState,
    Relationship,
    Severity,
    Sex,
)
from chatr.registry.forms import (
    CHANGE_FORMS,
    NATIONALITY_CHOICES,
    ActivateForm,
    ApproveForm,
    ChangeTypeForm,
    CitizenIdentifyForm,
    CloseForm,
    DecisionForm,
    DisabilityForm,
    FileOpenForm,
    HouseholdRegisterForm,
    MemberAddForm,
    PersonFindForm,
    RejectForm,
    WithdrawForm,
    counties_in_scope,
)
from chatr.registry.models import ChangeRequest, ClientFile, Household, Person
from chatr.registry.selectors import (
    CITIZEN_NOT_FOUND,
    change_request_get,
    change_request_is_open,
    change_request_queue,
    change_request_state_label,
    change_requests_visible,
    citizen_household_view,
    citizen_people,
    file_get,
    files_visible,
    household_change_requests,
    household_facts,
    household_get,
    household_members,
    household_reachable,
    households_visible,
    person_find_by_national_code,
    person_for_citizen,
    person_get,
    person_memberships,
    person_possible_duplicates,
    person_visible_q,
    waiting_list,
)
from chatr.registry.workflow import CHANGE_WORKFLOW
from chatr.ui.actions import button_action, record_form_action
from chatr.ui.form_errors import add_error_to_form

PAGE_SIZE = 25


def _page(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> tuple[Any, str]:
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


# ---------------------------------------------------------------- people


@login_required
def person_find(request: HttpRequest) -> HttpResponse:
    """Find a person by national code: a POST, so the code stays out of URLs and logs."""
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    form = PersonFindForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                person = person_find_by_national_code(
                    scope=scope, national_code=form.cleaned_data["national_code"]
                )
            except NotFoundError as error:
                form.add_error(
                    "national_code",
                    _("No one with this national code is registered in your area."),
                )
                status = error.status
            else:
                return redirect("registry:person_detail", person_id=person.pk)
    return render(request, "registry/pages/person_find.html", {"form": form}, status=status)


def _person_context(request: HttpRequest, person: Person) -> dict[str, Any]:
    """The person page. Its reads (disabilities included: health data) are audited first, so
    every rendering of it, a refused form's too, leaves its trace."""
    scope = request_scope(request)
    memberships = list(person_memberships(scope=scope, person=person))
    services.person_view_record(actor=request.user, person=person, memberships=memberships)
    may_record = services.person_disability_allowed(scope=scope, person=person)
    return {
        "person": person,
        "nationality": dict(NATIONALITY_CHOICES).get(person.nationality, person.nationality),
        "memberships": memberships,
        "disabilities": person.disabilities.order_by("-decided_on", "-pk"),
        "disability_form": DisabilityForm(prefix="disability") if may_record else None,
        "files": files_visible(scope=scope).filter(client=person).order_by("-created_at"),
    }


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person = person_get(scope=request_scope(request), person_id=person_id)
    return render(request, "registry/pages/person_detail.html", _person_context(request, person))


@login_required
@require_POST
def person_disability_add(request: HttpRequest, person_id: int) -> HttpResponse:
    """Record a commission decision from the person page. Those who may not are told before
    the form is read (404 outside their area, 403 where they may only read)."""
    scope = request_scope(request)
    person = person_get(scope=scope, person_id=person_id)
    services.person_disability_require(scope=scope, person=person)
    return record_form_action(
        request,
        form=DisabilityForm(request.POST, prefix="disability"),
        act=lambda data: services.person_disability_record(
            actor=request.user,
            scope=scope,
            person=person,
            disability_type=data["disability_type"],
            severity=data["severity"],
            decided_on=data["decided_on"],
            commission_reference=data["commission_reference"],
        ),
        success_url=reverse("registry:person_detail", args=[person.pk]),
        template="registry/pages/person_detail.html",
        context=lambda: _person_context(request, person),
        form_key="disability_form",
    )


# ---------------------------------------------------------------- households


@login_required
def household_list(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    households = (
        households_visible(scope=scope)
        .select_related("head", "org_unit")
        .annotate(size=Count("members", filter=Q(members__left_on__isnull=True)))
        .order_by("-created_at", "-pk")
    )
    page, query = _page(request, households)
    return render(
        request,
        "registry/pages/household_list.html",
        {
            "page": page,
            "rows": [(h, mask_national_code(h.head.national_code or "")) for h in page],
            "query": query,
            "can_edit": scope.has_perm(Perm.REGISTRY_EDIT),
        },
    )


def _possible_duplicates(scope: Scope, form: Any) -> list[tuple[Person, str, bool]]:
    """The people the service found, each with a masked code and whether the reader may open
    their page (the search is national; the pages stay scoped)."""
    data = form.cleaned_data
    found = person_possible_duplicates(
        first_name=data["first_name"],
        last_name=data["last_name"],
        father_name=data.get("father_name") or "",
        birth_date=data["birth_date"],
    )
    visible = set(
        Person.objects.filter(person_visible_q(scope), pk__in=[p.pk for p in found]).values_list(
            "pk", flat=True
        )
    )
    return [(p, mask_national_code(p.national_code or ""), p.pk in visible) for p in found]


@login_required
def household_register(request: HttpRequest) -> HttpResponse:
    """The head's details and the address in one form. Possible duplicates are listed and the
    officer confirms; every typed field is kept when the form comes back."""
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_EDIT)
    form = HouseholdRegisterForm(request.POST or None, scope=scope)
    duplicates: list[Any] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                # One transaction: a refused household must not leave its head behind.
                with transaction.atomic():
                    head = services.person_register(
                        actor=request.user,
                        scope=scope,
                        data=form.person_data(),
                        duplicates_confirmed=form.duplicates_confirmed,
                    )
                    household = services.household_create(
                        actor=request.user, scope=scope, head=head, data=form.household_data()
                    )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
                if error.code == "possible_duplicate":
                    duplicates = _possible_duplicates(scope, form)
            else:
                flash.success(request, _("The household was registered."))
                return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/pages/household_register.html",
        {"form": form, "duplicates": duplicates},
        status=status,
    )


@login_required
def household_detail(request: HttpRequest, household_id: int) -> HttpResponse:
    scope = request_scope(request)
    household = household_get(scope=scope, household_id=household_id)
    members = list(household_members(household=household, include_past=True))
    facts = household_facts(household=household)
    return render(
        request,
        "registry/pages/household_detail.html",
        {
            "household": household,
            "members": [(m, mask_national_code(m.person.national_code or "")) for m in members],
            "facts": facts,
            "severity_counts": [
                (Severity(severity).label, facts.disabilities_by_severity[severity])
                for severity in Severity.values
                if facts.disabilities_by_severity.get(severity)
            ],
            "files": files_visible(scope=scope).filter(household=household).order_by("-created_at"),
            "can_edit": scope.covers_record(household, Perm.REGISTRY_EDIT),
            "can_file_change": household_reachable(
                scope=scope, perm=Perm.REGISTRY_EDIT, household=household
            ),
            "change_requests": list(household_change_requests(household=household)[:50]),
        },
    )


def _editable_household(request: HttpRequest, household_id: int) -> Household:
    scope = request_scope(request)
    household = household_get(scope=scope, household_id=household_id)
    require(scope, Perm.REGISTRY_EDIT, household)
    return household


def _add_member(request: HttpRequest, household: Household, form: MemberAddForm) -> None:
    scope = request_scope(request)
    data = form.cleaned_data
    if form.is_existing:
        person = person_find_by_national_code(scope=scope, national_code=data["national_code"])
        if data["move_from_current"]:
            services.household_member_move(
                actor=request.user,
                scope=scope,
                person=person,
                to=household,
                relationship=data["relationship"],
                on=data["joined_on"],
            )
            return
    else:
        person = services.person_register(
            actor=request.user,
            scope=scope,
            data=form.person_data(),
            duplicates_confirmed=form.duplicates_confirmed,
        )
    services.household_member_add(
        actor=request.user,
        scope=scope,
        household=household,
        person=person,
        relationship=data["relationship"],
        joined_on=data["joined_on"],
    )


@login_required
def member_add(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _editable_household(request, household_id)
    form = MemberAddForm(request.POST or None)
    duplicates: list[Any] = []
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                with transaction.atomic():
                    _add_member(request, household, form)
            except NotFoundError as error:
                form.add_error(
                    "national_code",
                    _(
                        "No one with this national code is registered in your area. "
                        "Register them as a new person."
                    ),
                )
                status = error.status
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
                if error.code == "possible_duplicate":
                    duplicates = _possible_duplicates(request_scope(request), form)
            else:
                flash.success(request, _("The member was added."))
                return redirect("registry:household_detail", household_id=household.pk)
    return render(
        request,
        "registry/pages/member_add.html",
        {"household": household, "form": form, "duplicates": duplicates},
        status=status,
    )


@login_required
def file_open(request: HttpRequest, household_id: int) -> HttpResponse:
    household = _editable_household(request, household_id)
    members = list(household_members(household=household))
    form = FileOpenForm(request.POST or None, members=members)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                file = services.file_open(
                    actor=request.user,
                    scope=request_scope(request),
                    household=household,
                    client=form.people[data["client"]],
                    target_group=data["target_group"],
                    sub_group=data["sub_group"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The file was opened."))
                return redirect("registry:file_detail", file_number=file.file_number)
    return render(
        request,
        "registry/pages/file_open.html",
        {"household": household, "form": form},
        status=status,
    )


# ---------------------------------------------------------------- coverage files


_STATE_ORDER = [FileState.APPLICANT, FileState.WAITING, FileState.APPROVED, FileState.ACTIVE]


@login_required
def file_list(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    state = request.GET.get("state") or ""
    files = files_visible(scope=scope).order_by("-created_at", "-pk")
    if state in FileState.values:
        files = files.filter(state=state)
    page, query = _page(request, files)
    return render(
        request,
        "registry/pages/file_list.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "states": FileState.choices,
        },
    )


def _score_lines(file: ClientFile) -> tuple[Any, list[dict[str, Any]], bool]:
    """The stored score, or for an applicant what it would be today (a preview)."""
    if file.state == FileState.APPLICANT:
        total, lines = services.file_score(file=file)
        preview = True
    else:
        total, lines, preview = file.score, list(file.score_breakdown or []), False
    # Points are stored as text (exact decimals in JSON): numbers again for display.
    return total, [{**line, "points": Decimal(line["points"])} for line in lines], preview


def _file_context(request: HttpRequest, file: ClientFile) -> dict[str, Any]:
    scope = request_scope(request)
    total, lines, preview = _score_lines(file)
    can_edit = scope.covers_record(file, Perm.REGISTRY_EDIT)
    can_approve = scope.covers_record(file, Perm.REGISTRY_APPROVE)
    state = file.state
    return {
        "file": file,
        "client_code": mask_national_code(file.client.national_code or ""),
        "score_total": total,
        "score_lines": lines,
        "score_preview": preview,
        "decisions": file.decisions.select_related("recorded_by").order_by("decided_on", "pk"),
        "steps": [(s, FileState(s).label, _STATE_ORDER.index(s)) for s in _STATE_ORDER],
        "state_index": _STATE_ORDER.index(state) if state in _STATE_ORDER else None,
        "can_queue": can_edit and state == FileState.APPLICANT,
        "decision_form": DecisionForm(prefix="decision")
        if can_approve and state == FileState.WAITING
        else None,
        "activate_form": ActivateForm(
            prefix="activate", scope=scope, province_id=file.scope_province_id
        )
        if can_approve and state == FileState.APPROVED
        else None,
        "close_form": CloseForm(prefix="close")
        if can_approve and state != FileState.CLOSED
        else None,
    }


@login_required
def file_detail(request: HttpRequest, file_number: str) -> HttpResponse:
    file = file_get(scope=request_scope(request), file_number=file_number)
    return render(request, "registry/pages/file_detail.html", _file_context(request, file))


def _file_action(
    request: HttpRequest, file_number: str, form_key: str, build: Any, act: Any
) -> HttpResponse:
    """Run one action from the file page; on refusal, show the page again with the form's
    errors (and the service's status: 409 for a move the file's state does not allow).
    Every action here is an approver's: those who may not are told before the form is read."""
    scope = request_scope(request)
    file = file_get(scope=scope, file_number=file_number)
    require(scope, Perm.REGISTRY_APPROVE, file)
    return record_form_action(
        request,
        form=build(request, file),
        act=lambda data: act(scope, file, data),
        success_url=reverse("registry:file_detail", args=[file.file_number]),
        template="registry/pages/file_detail.html",
        context=lambda: _file_context(request, file),
        form_key=form_key,
    )


@login_required
@require_POST
def file_queue(request: HttpRequest, file_number: str) -> HttpResponse:
    """Put an applicant's file on the waiting list (its score is computed now)."""
    scope = request_scope(request)
    file = file_get(scope=scope, file_number=file_number)
    try:
        services.file_to_waiting_list(actor=request.user, scope=scope, file=file)
    except NotFoundError:
        raise
    except ApplicationError as error:
        flash.error(request, str(error.message))
    else:
        flash.success(request, _("The file is on the waiting list."))
    return redirect("registry:file_detail", file_number=file.file_number)


@login_required
@require_POST
def file_decide(request: HttpRequest, file_number: str) -> HttpResponse:
    return _file_action(
        request,
        file_number,
        "decision_form",
        lambda r, file: DecisionForm(r.POST, prefix="decision"),
        lambda scope, file, d: services.file_commission_decide(
            actor=request.user,
            scope=scope,
            file=file,
            decided_on=d["decided_on"],
            members=d["members"],
            approved=d["approved"],
            notes=d["notes"],
        ),
    )


@login_required
@require_POST
def file_activate(request: HttpRequest, file_number: str) -> HttpResponse:
    return _file_action(
        request,
        file_number,
        "activate_form",
        lambda r, file: ActivateForm(
            r.POST, prefix="activate", scope=request_scope(r), province_id=file.scope_province_id
        ),
        lambda scope, file, d: services.file_activate(
            actor=request.user,
            scope=scope,
            file=file,
            counter=d["counter"],
            social_worker=d["social_worker"],
        ),
    )


@login_required
@require_POST
def file_close(request: HttpRequest, file_number: str) -> HttpResponse:
    return _file_action(
        request,
        file_number,
        "close_form",
        lambda r, file: CloseForm(r.POST, prefix="close"),
        lambda scope, file, d: services.file_close(
            actor=request.user, scope=scope, file=file, reason=d["reason"]
        ),
    )


# ---------------------------------------------------------------- waiting list


def ranked_waiting_list(*, scope: Scope, county_id: int | None = None) -> QuerySet[ClientFile]:
    """The scoped waiting list with each file's rank (1 = first to be covered)."""
    files = waiting_list(scope=scope)
    if county_id:
        files = files.filter(scope_county_id=county_id)
    return files.annotate(
        rank=Window(RowNumber(), order_by=[F("score").desc(), F("created_at").asc()])
    )


@login_required
def waiting_list_page(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    counties = list(counties_in_scope(scope, Perm.REGISTRY_VIEW))
    county = next((c for c in counties if c.code == request.GET.get("county")), None)
    files = ranked_waiting_list(scope=scope, county_id=county.pk if county else None)
    page, query = _page(request, files, 50)
    return render(
        request,
        "registry/pages/waiting_list.html",
        {"page": page, "query": query, "counties": counties, "county": county},
    )


# ---------------------------------------------------------------- change requests (staff)


def _change_type(value: str | None) -> str | None:
    return value if value in ChangeType.values else None


def _change_page(
    request: HttpRequest,
    household: Household,
    members: list[Any],
    template: str,
    file: Any,
    extra: dict[str, Any],
) -> HttpResponse:
    """Choose a type (a GET form), then fill in that type's form (a POST to the same page).
    `file(change_type, form)` calls the service and returns the URL to go to."""
    change_type = _change_type(request.POST.get("change_type") or request.GET.get("change_type"))
    type_form = ChangeTypeForm(initial={"change_type": change_type})
    form = None
    status = 200
    if change_type:
        form_class = CHANGE_FORMS[change_type]
        form = form_class(request.POST or None, members=members)
        if request.method == "POST":
            status = 400
            if form.is_valid():
                try:
                    url = file(change_type, form)
                except (NotFoundError, PermissionDeniedError):
                    raise
                except ApplicationError as error:
                    add_error_to_form(form, error)
                    status = error.status
                else:
                    flash.success(
                        request,
                        _(
                            "The change request was filed. It takes effect once a supervisor "
                            "approves it."
                        ),
                    )
                    return redirect(url)
    return render(
        request,
        template,
        {
            "household": household,
            "type_form": type_form,
            "form": form,
            "change_type": change_type,
            "change_type_label": ChangeType(change_type).label if change_type else "",
            **extra,
        },
        status=status,
    )


@login_required
def change_request_new(request: HttpRequest, household_id: int) -> HttpResponse:
    scope = request_scope(request)
    household = household_get(scope=scope, household_id=household_id)
    if not household_reachable(scope=scope, perm=Perm.REGISTRY_EDIT, household=household):
        raise PermissionDeniedError()
    members = list(household_members(household=household))

    def file(change_type: str, form: Any) -> str:
        filed = services.change_request_file(
            actor=request.user,
            scope_or_none=scope,
            household=household,
            change_type=change_type,
            data=form.change_data(),
        )
        return reverse("registry:change_request_detail", args=[filed.pk])

    return _change_page(
        request, household, members, "registry/pages/change_request_new.html", file, {}
    )


@login_required
def change_request_list(request: HttpRequest) -> HttpResponse:
    """The supervisors' queue of open requests (anyone else: the requests they may see)."""
    scope = request_scope(request)
    require(scope, Perm.REGISTRY_VIEW)
    is_supervisor = scope.has_perm(Perm.REGISTRY_APPROVE)
    state = request.GET.get("state") or ""
    if is_supervisor:
        rows = change_request_queue(scope=scope, state=state or None)
    else:
        rows = change_requests_visible(scope=scope).order_by("-created_at", "-pk")
        if state in ChangeState.values:
            rows = rows.filter(case__state=state)
    page, query = _page(request, rows)
    return render(
        request,
        "registry/pages/change_request_list.html",
        {
            "page": page,
            "query": query,
            "state": state,
            "states": ChangeState.choices,
            "is_supervisor": is_supervisor,
        },
    )


def _masked_data(change: ChangeRequest) -> list[tuple[Any, str]]:
    """The proposed values as (label, text) rows; a national code is shown masked."""
    data = change.data
    labels = {
        "area": _("Urban or rural"),
        "address": _("New address"),
        "postal_code": _("Postal code"),
        "village": _("Village (rural areas)"),
        "relationship": _("Relationship to the head"),
        "joined_on": _("Joined on"),
        "national_code": _("National code"),
        "residence_code": _("Residence code (foreign nationals)"),
        "first_name": _("First name"),
        "last_name": _("Last name"),
        "father_name": _("Father's name"),
        "birth_date": _("Birth date"),
        "sex": _("Sex"),
        "left_on": _("Left on"),
        "died_on": _("Date of death"),
        "sheba": _("Sheba number"),
        "holder_name": _("Account holder"),
    }
    choices: dict[str, dict[str, Any]] = {
        "area": dict(Area.choices),
        "relationship": dict(Relationship.choices),
        "sex": dict(Sex.choices),
    }
    rows: list[tuple[Any, str]] = []
    for key, label in labels.items():
        value = data.get(key)
        if value in (None, ""):
            continue
        if key in choices:
            value = choices[key].get(value, value)
        elif key == "national_code":
            value = mask_national_code(str(value))
        elif key in {"joined_on", "birth_date", "left_on", "died_on"}:
            value = jdate(date.fromisoformat(str(value)))
        rows.append((label, str(value)))
    return rows


def _change_context(request: HttpRequest, change: ChangeRequest) -> dict[str, Any]:
    scope = request_scope(request)
    is_open = change_request_is_open(change)
    may_decide = is_open and scope.covers_record(change, Perm.REGISTRY_APPROVE)
    own = change.filed_by_id == request.user.pk
    return {
        "change": change,
        "state_label": change_request_state_label(change),
        "rows": _masked_data(change),
        "current_members": list(household_members(household=change.household)),
        "timeline": [
            (event, CHANGE_WORKFLOW.label(event.to_state) if event.to_state else "")
            for event in case_timeline(case=change.case, public_only=False)
        ],
        "is_open": is_open,
        "own": own,
        "review_allowed": may_decide and change.case.state == ChangeState.SUBMITTED,
        "approve_form": ApproveForm(prefix="approve") if may_decide and not own else None,
        "needs_confirmation": change.change_type == ChangeType.MEMBER_JOIN
        and change.person_id is None,
        "reject_form": RejectForm(prefix="reject") if may_decide else None,
        "withdraw_form": WithdrawForm(prefix="withdraw") if is_open and own else None,
    }


@login_required
def change_request_detail(request: HttpRequest, request_id: int) -> HttpResponse:
    scope = request_scope(request)
    change = change_request_get(scope=scope, request_id=request_id)
    return render(
        request, "registry/pages/change_request_detail.html", _change_context(request, change)
    )


def _change_action(
    request: HttpRequest, request_id: int, form_key: str, form: Any, act: Any
) -> HttpResponse:
    """One of the forms of the change request page, after the scoped lookup."""
    scope = request_scope(request)
    change = change_request_get(scope=scope, request_id=request_id)
    return record_form_action(
        request,
        form=form,
        act=lambda data: act(scope, change, data),
        success_url=reverse("registry:change_request_detail", args=[change.pk]),
        template="registry/pages/change_request_detail.html",
        context=lambda: _change_context(request, change),
        form_key=form_key,
    )


@login_required
@require_POST
def change_request_review(request: HttpRequest, request_id: int) -> HttpResponse:
    scope = request_scope(request)
    change = change_request_get(scope=scope, request_id=request_id)
    return button_action(
        request,
        act=lambda: services.change_request_review(actor=request.user, scope=scope, request=change),
        success_url=reverse("registry:change_request_detail", args=[change.pk]),
    )


@login_required
@require_POST
def change_request_approve(request: HttpRequest, request_id: int) -> HttpResponse:
    return _change_action(
        request,
        request_id,
        "approve_form",
        ApproveForm(request.POST, prefix="approve"),
        lambda scope, change, data: services.change_request_approve(
            actor=request.user,
            scope=scope,
            request=change,
            duplicates_confirmed=data["confirm_different_person"],
        ),
    )


@login_required
@require_POST
def change_request_reject(request: HttpRequest, request_id: int) -> HttpResponse:
    return _change_action(
        request,
        request_id,
        "reject_form",
        RejectForm(request.POST, prefix="reject"),
        lambda scope, change, data: services.change_request_reject(
            actor=request.user, scope=scope, request=change, reason=data["reason"]
        ),
    )


@login_required
@require_POST
def change_request_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    return _change_action(
        request,
        request_id,
        "withdraw_form",
        WithdrawForm(request.POST, prefix="withdraw"),
        lambda scope, change, data: services.change_request_withdraw(
            actor=request.user, request=change, reason=data["reason"]
        ),
    )


# ---------------------------------------------------------------- the citizen's own file

CITIZEN_PERSON_KEY = "registry.citizen_person_id"


def _payments_url() -> str:
    try:
        return reverse("pensions:my_payments")
    except NoReverseMatch:
        return "/pensions/my/"


def _citizen_view(request: HttpRequest) -> Any:
    """The citizen's own record, or None when the registry does not know them (or several
    people share their mobile and they have not said which they are)."""
    person_id = request.session.get(CITIZEN_PERSON_KEY)
    try:
        return citizen_household_view(user=request.user, person_id=person_id)
    except NotFoundError:
        if person_id is not None:
            del request.session[CITIZEN_PERSON_KEY]
        return None


@login_required
def my_file(request: HttpRequest) -> HttpResponse:
    """The signed-in citizen's file: themself, their household, coverage and requests."""
    view = _citizen_view(request)
    identify_form = None
    status = 200
    if view is None and citizen_people(user=request.user) > 1:
        identify_form = CitizenIdentifyForm(request.POST or None)
        if request.method == "POST":
            status = 400
            if identify_form.is_valid():
                try:
                    person = person_for_citizen(
                        user=request.user,
                        national_code=identify_form.cleaned_data["national_code"],
                    )
                except NotFoundError:
                    identify_form.add_error(
                        "national_code",
                        _("No one with this national code is registered with your mobile."),
                    )
                    status = 404
                else:
                    request.session[CITIZEN_PERSON_KEY] = person.pk
                    return redirect("registry:my_file")
    return render(
        request,
        "registry/pages/my_file.html",
        {
            "view": view,
            "identify_form": identify_form,
            "not_found_message": CITIZEN_NOT_FOUND,
            "masked_code": mask_national_code(view.person.national_code or "") if view else "",
            "requests": [
                (r, change_request_state_label(r), change_request_is_open(r))
                for r in (view.requests if view else [])
            ],
            "payments_url": _payments_url(),
        },
        status=status,
    )


@login_required
def my_change_new(request: HttpRequest) -> HttpResponse:
    view = _citizen_view(request)
    if view is None or view.household is None:
        return redirect("registry:my_file")
    members = list(household_members(household=view.household))

    def file(change_type: str, form: Any) -> str:
        services.change_request_file(
            actor=request.user,
            scope_or_none=None,
            household=view.household,
            change_type=change_type,
            data=form.change_data(),
            citizen=view.person,
        )
        return reverse("registry:my_file")

    return _change_page(
        request, view.household, members, "registry/pages/my_change_new.html", file, {}
    )


@login_required
@require_POST
def my_change_withdraw(request: HttpRequest, request_id: int) -> HttpResponse:
    view = _citizen_view(request)
    change = next((r for r in (view.requests if view else []) if r.pk == request_id), None)
    if change is None:
        raise NotFoundError()
    try:
        services.change_request_withdraw(actor=request.user, request=change)
    except NotFoundError:
        raise
    except ApplicationError as error:
        flash.error(request, str(error.message))
    else:
        flash.success(request, _("The request was withdrawn."))
    return redirect("registry:my_file")
