"""Supervision pages: the inspector's list (their inspections and corrective actions due),
record or plan an inspection, the inspection page, a center's sanctions page with the ladder's
steps, and HQ's checklists. Adapters only: parse → one service or selector → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chatr.centers import services_supervision as services
from chatr.centers.choices import LicenceType
from chatr.centers.forms_supervision import (
    ChecklistHeaderForm,
    ChecklistItemFormSet,
    InspectionForm,
    PlanForm,
    SanctionAdvanceForm,
    SanctionDecideForm,
    SanctionOpenForm,
    SanctionRemediedForm,
    checklist_items,
)
from chatr.centers.models import Center, Inspection, SanctionProceeding
from chatr.centers.models.supervision import InspectionKind, InspectionState
from chatr.centers.selectors import center_get
from chatr.centers.selectors_supervision import (
    checklist_get,
    checklist_list,
    corrective_actions_due,
    inspection_get,
    inspection_list,
    inspectors_for,
    ladder_status,
    ladder_steps,
    open_findings,
    sanction_get,
    sanction_list,
)
from chatr.core.errors import ApplicationError
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.ui.actions import form_action
from chatr.ui.form_errors import add_error_to_form

LIST_LIMIT = 50
GENERIC = "generic"  # the URL key of the generic checklist (licence_type "")


# ---------------------------------------------------------------- inspector's list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The inspector's own inspections (planned first) and the corrective actions due at the
    centers they inspected, overdue ones marked."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_INSPECT)
    user_id = request.user.pk
    return render(
        request,
        "centers/supervision/pages/home.html",
        {
            "planned": list(
                inspection_list(scope=scope, inspector_id=user_id, state=InspectionState.PLANNED)[
                    :LIST_LIMIT
                ]
            ),
            "recorded": list(
                inspection_list(scope=scope, inspector_id=user_id, state=InspectionState.RECORDED)[
                    :LIST_LIMIT
                ]
            ),
            "actions": list(corrective_actions_due(scope=scope, inspector_id=user_id)[:LIST_LIMIT]),
            "can_checklists": scope.has_perm(Perm.CENTERS_CHECKLISTS),
        },
    )


# ---------------------------------------------------------------- inspections


def _center(request: HttpRequest, center_id: int, perm: str) -> tuple[Scope, Center]:
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    require(scope, perm, center)
    return scope, center


def _record(
    request: HttpRequest, scope: Scope, center: Center, planned: Inspection | None
) -> HttpResponse:
    try:
        template = services.checklist_for(licence_type=center.licence_type)
    except ApplicationError as error:
        flash.error(request, str(error.message))
        return redirect("centers:manage_detail", center_id=center.pk)
    findings = list(open_findings(center=center))
    initial: dict[str, Any] = {"visited_on": timezone.localdate()}
    if planned is not None:
        initial["kind"] = planned.kind
    else:
        initial["kind"] = InspectionKind.UNANNOUNCED
    form = InspectionForm(
        request.POST or None,
        template=template,
        open_findings=findings,
        watchdog_locked=bool(planned and planned.watchdog_code),
        initial=initial,
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                inspection = services.inspection_record(
                    actor=request.user,
                    scope=scope,
                    center=center,
                    data=form.inspection_data(),
                    planned=planned,
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The inspection was recorded."))
                return redirect("centers:supervision:inspection", inspection_id=inspection.pk)
    return render(
        request,
        "centers/supervision/pages/inspection_form.html",
        {"form": form, "center": center, "template": template, "planned": planned},
        status=status,
    )


@login_required
def inspection_new(request: HttpRequest, center_id: int) -> HttpResponse:
    scope, center = _center(request, center_id, Perm.CENTERS_INSPECT)
    return _record(request, scope, center, None)


@login_required
def inspection_complete(request: HttpRequest, inspection_id: int) -> HttpResponse:
    """Record a planned inspection."""
    scope = request_scope(request)
    planned = inspection_get(scope=scope, inspection_id=inspection_id)
    require(scope, Perm.CENTERS_INSPECT, planned)
    if planned.state != InspectionState.PLANNED:
        return redirect("centers:supervision:inspection", inspection_id=planned.pk)
    return _record(request, scope, planned.center, planned)


@login_required
def inspection_plan(request: HttpRequest, center_id: int) -> HttpResponse:
    scope, center = _center(request, center_id, Perm.CENTERS_SANCTION)
    form = PlanForm(request.POST or None, inspectors=inspectors_for(center=center))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                inspection = services.inspection_plan(
                    actor=request.user,
                    scope=scope,
                    center=center,
                    planned_on=data["planned_on"],
                    inspector=data["inspector"],
                    kind=data["kind"],
                    watchdog_code=data["watchdog_code"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The inspection was planned."))
                return redirect("centers:supervision:inspection", inspection_id=inspection.pk)
    return render(
        request,
        "centers/supervision/pages/plan_form.html",
        {"form": form, "center": center},
        status=status,
    )


@login_required
def inspection_detail(request: HttpRequest, inspection_id: int) -> HttpResponse:
    scope = request_scope(request)
    inspection = inspection_get(scope=scope, inspection_id=inspection_id)
    today = timezone.localdate()
    findings = list(inspection.findings.all())
    for finding in findings:
        finding.is_overdue = bool(  # type: ignore[attr-defined]
            finding.due_on and not finding.fixed_on and finding.due_on < today
        )
    return render(
        request,
        "centers/supervision/pages/inspection.html",
        {
            "inspection": inspection,
            "center": inspection.center,
            "findings": findings,
            "can_record": inspection.state == InspectionState.PLANNED
            and scope.covers_record(inspection, Perm.CENTERS_INSPECT),
            "can_sanction": scope.covers_record(inspection, Perm.CENTERS_SANCTION),
            "can_see_case": scope.has_perm(Perm.CASE_VIEW),
        },
    )


# ---------------------------------------------------------------- sanctions


def _sanctions_context(
    request: HttpRequest, scope: Scope, center: Center, **forms: Any
) -> dict[str, Any]:
    proceedings = list(sanction_list(scope=scope, center=center))
    open_proceeding = next((p for p in proceedings if p.is_open), None)
    can_sanction = scope.covers_record(center, Perm.CENTERS_SANCTION)
    status = ladder_status(open_proceeding) if open_proceeding else None
    context: dict[str, Any] = {
        "center": center,
        "proceedings": proceedings,
        "open_proceeding": open_proceeding,
        "ladder": ladder_steps(),
        "status": status,
        "can_sanction": can_sanction,
        "can_decide": scope.covers_record(center, Perm.CENTERS_SANCTION_DECIDE),
        "can_plan": can_sanction,
        "inspections": list(inspection_list(scope=scope, center=center)[:LIST_LIMIT]),
    }
    if can_sanction and open_proceeding is None:
        findings = list(open_findings(center=center))
        context["open_form"] = forms.get("open_form") or (
            SanctionOpenForm(findings=findings, prefix="open") if findings else None
        )
    if open_proceeding is not None and status is not None:
        context["advance_form"] = forms.get("advance_form") or SanctionAdvanceForm(
            prefix="advance", initial={"step": status.next_step}
        )
        context["decide_form"] = forms.get("decide_form") or SanctionDecideForm(prefix="decide")
        context["remedied_form"] = forms.get("remedied_form") or SanctionRemediedForm(
            prefix="remedied"
        )
    return context


@login_required
def sanctions(request: HttpRequest, center_id: int) -> HttpResponse:
    scope = request_scope(request)
    center = center_get(scope=scope, center_id=center_id)
    return render(
        request,
        "centers/supervision/pages/sanctions.html",
        _sanctions_context(request, scope, center),
    )


def _sanction_action(
    request: HttpRequest,
    center: Center,
    form_key: str,
    form: Any,
    act: Any,
) -> HttpResponse:
    scope = request_scope(request)

    def failed(bound: Any, status: int) -> HttpResponse:
        context = _sanctions_context(request, scope, center, **{form_key: bound})
        context["failed_form"] = form_key
        return render(request, "centers/supervision/pages/sanctions.html", context, status=status)

    return form_action(
        request,
        form=form,
        act=act,
        success_url=reverse("centers:supervision:sanctions", args=[center.pk]),
        on_failure=failed,
    )


@login_required
@require_POST
def sanction_open(request: HttpRequest, center_id: int) -> HttpResponse:
    scope, center = _center(request, center_id, Perm.CENTERS_SANCTION)
    findings = list(open_findings(center=center))
    form = SanctionOpenForm(request.POST, findings=findings, prefix="open")

    def act(data: dict[str, Any]) -> None:
        services.sanction_open(
            actor=request.user,
            scope=scope,
            finding=form.findings[data["finding"]],
            note=data["note"],
        )

    return _sanction_action(request, center, "open_form", form, act)


def _proceeding(request: HttpRequest, proceeding_id: int) -> tuple[Scope, SanctionProceeding]:
    scope = request_scope(request)
    proceeding = sanction_get(scope=scope, proceeding_id=proceeding_id)
    require(scope, Perm.CENTERS_SANCTION, proceeding)
    return scope, proceeding


@login_required
@require_POST
def sanction_advance(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    scope, proceeding = _proceeding(request, proceeding_id)
    form = SanctionAdvanceForm(request.POST, prefix="advance")
    return _sanction_action(
        request,
        proceeding.center,
        "advance_form",
        form,
        lambda data: services.sanction_advance(
            actor=request.user,
            scope=scope,
            proceeding=proceeding,
            step=data["step"],
            note=data["note"],
        ),
    )


@login_required
@require_POST
def sanction_decide(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    scope, proceeding = _proceeding(request, proceeding_id)
    form = SanctionDecideForm(request.POST, prefix="decide")
    return _sanction_action(
        request,
        proceeding.center,
        "decide_form",
        form,
        lambda data: services.sanction_decide(
            actor=request.user,
            scope=scope,
            proceeding=proceeding,
            decision=data["decision"],
            note=data["note"],
        ),
    )


@login_required
@require_POST
def sanction_remedied(request: HttpRequest, proceeding_id: int) -> HttpResponse:
    scope, proceeding = _proceeding(request, proceeding_id)
    form = SanctionRemediedForm(request.POST, prefix="remedied")
    return _sanction_action(
        request,
        proceeding.center,
        "remedied_form",
        form,
        lambda data: services.sanction_close_remedied(
            actor=request.user, scope=scope, proceeding=proceeding, note=data["note"]
        ),
    )


# ---------------------------------------------------------------- checklists (HQ)


def _licence_type(key: str) -> str:
    if key == GENERIC:
        return ""
    if key not in LicenceType.values:
        raise Http404
    return key


@login_required
def checklists(request: HttpRequest) -> HttpResponse:
    require(request_scope(request), Perm.CENTERS_CHECKLISTS)
    templates = {t.licence_type: t for t in checklist_list()}
    rows = [
        {"key": GENERIC, "label": _("Generic (other types)"), "template": templates.get("")},
        *[
            {"key": value, "label": label, "template": templates.get(value)}
            for value, label in LicenceType.choices
        ],
    ]
    return render(request, "centers/supervision/pages/checklists.html", {"rows": rows})


@login_required
def checklist_edit(request: HttpRequest, key: str) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.CENTERS_CHECKLISTS)
    licence_type = _licence_type(key)
    template = checklist_get(licence_type=licence_type)
    items = [i for i in template.items.all() if i.is_active] if template else []
    header = ChecklistHeaderForm(
        request.POST or None,
        initial={"name_fa": template.name_fa, "name_en": template.name_en} if template else {},
    )
    formset = ChecklistItemFormSet(
        request.POST or None,
        prefix="items",
        initial=[
            {"item_id": i.pk, "text_fa": i.text_fa, "text_en": i.text_en, "max_score": i.max_score}
            for i in items
        ],
    )
    status = 200
    if request.method == "POST":
        status = 400
        if header.is_valid() and formset.is_valid():
            try:
                services.checklist_save(
                    actor=request.user,
                    scope=scope,
                    licence_type=licence_type,
                    name_fa=header.cleaned_data["name_fa"],
                    name_en=header.cleaned_data["name_en"],
                    items=checklist_items(formset),
                )
            except ApplicationError as error:
                add_error_to_form(header, error)
                status = error.status
            else:
                flash.success(request, _("The checklist was saved."))
                return redirect("centers:supervision:checklists")
    label = _("Generic (other types)") if not licence_type else LicenceType(licence_type).label
    return render(
        request,
        "centers/supervision/pages/checklist_form.html",
        {"header": header, "formset": formset, "label": label},
        status=status,
    )
