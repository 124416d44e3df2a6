"""Pensions pages: programs and rules (HQ edits), payment cycles with their actions, the
entitlements of the reader's area, and the citizen's "My payments". Adapters only: parse → one
service or selector → render.

Sheba numbers are shown masked; national codes never travel in a URL (a citizen sharing a
mobile names themself in a POST body, and the choice is kept in the session).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.core.national_code import mask_national_code
from chatr.core.text import format_number
from chatr.org.models import OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.pensions import services
from chatr.pensions.conditions import condition_get, reason_labels
from chatr.pensions.forms import (
    CycleOpenForm,
    ProgramForm,
    ResultsUploadForm,
    RuleForm,
    WhoAmIForm,
)
from chatr.pensions.models import CycleState, EntitlementStatus, PaymentCycle
from chatr.pensions.selectors import (
    SESSION_NATIONAL_CODE,
    citizen_payments,
    cycle_exceptions,
    cycle_failures,
    cycle_get,
    cycle_totals,
    cycles_list,
    entitlement_get,
    entitlement_list,
    mask_sheba,
    months_with_open_cycles,
    program_get,
    program_rules,
    programs_list,
)
from chatr.registry.selectors import citizen_people, person_for_citizen
from chatr.ui.form_errors import add_error_to_form

PAGE_SIZE = 25
EXCEPTIONS_SHOWN = 50


def _at_hq(scope: Scope, perm: str) -> bool:
    return any(g.unit_kind == OrgUnitKind.HQ for g in scope.grants_for(perm))


def _page(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> tuple[Any, str]:
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _rows(entitlements: Any) -> list[dict[str, Any]]:
    labels = reason_labels()
    return [
        {
            "e": e,
            "sheba": mask_sheba(e.sheba),
            "reason": labels.get(e.reason) or e.bank_message or e.reason,
        }
        for e in entitlements
    ]


# ---------------------------------------------------------------- programs


@login_required
def program_list(request: HttpRequest) -> HttpResponse:
    programs = programs_list(scope=request_scope(request)).prefetch_related("rules")
    return render(request, "pensions/pages/program_list.html", {"programs": programs})


def _program_context(request: HttpRequest, program: Any, **forms: Any) -> dict[str, Any]:
    scope = request_scope(request)
    can_edit = _at_hq(scope, Perm.PENSIONS_PROGRAMS)
    latest = program_rules(program=program).first()
    initial_rule = (
        {
            "year": latest.year + 1,
            **{f: getattr(latest, f) for f in [*services.RULE_AMOUNT_FIELDS, "max_extra_members"]},
        }
        if latest
        else {"max_extra_members": 4}
    )
    return {
        "program": program,
        "rules": program_rules(program=program),
        "conditions": [condition_get(c) for c in program.conditions if condition_get(c)],
        "can_edit": can_edit,
        "rule_form": forms.get("rule_form")
        or (RuleForm(initial=initial_rule, prefix="rule") if can_edit else None),
        "program_form": forms.get("program_form")
        or (
            ProgramForm(
                prefix="program",
                initial={
                    "name_fa": program.name_fa,
                    "name_en": program.name_en,
                    "sub_groups": program.sub_groups,
                    "conditions": program.conditions,
                    "is_active": program.is_active,
                },
            )
            if can_edit
            else None
        ),
        "failed_form": forms.get("failed_form", ""),
    }


@login_required
def program_detail(request: HttpRequest, program_id: int) -> HttpResponse:
    program = program_get(scope=request_scope(request), program_id=program_id)
    return render(request, "pensions/pages/program_detail.html", _program_context(request, program))


def _program_action(
    request: HttpRequest, program_id: int, key: str, form: Any, act: Any
) -> HttpResponse:
    scope = request_scope(request)
    program = program_get(scope=scope, program_id=program_id)
    if not _at_hq(scope, Perm.PENSIONS_PROGRAMS):
        raise PermissionDeniedError()
    status = 400
    if form.is_valid():
        try:
            act(scope, program, form.cleaned_data)
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            flash.success(request, _("Saved."))
            return redirect("pensions:program_detail", program_id=program.pk)
    context = _program_context(request, program, **{key: form, "failed_form": key})
    return render(request, "pensions/pages/program_detail.html", context, status=status)


@login_required
@require_POST
def program_rule_set(request: HttpRequest, program_id: int) -> HttpResponse:
    form = RuleForm(request.POST, prefix="rule")
    return _program_action(
        request,
        program_id,
        "rule_form",
        form,
        lambda scope, program, data: services.benefit_rule_set(
            actor=request.user,
            scope=scope,
            program=program,
            year=data["year"],
            values=form.values(),
        ),
    )


@login_required
@require_POST
def program_edit(request: HttpRequest, program_id: int) -> HttpResponse:
    form = ProgramForm(request.POST, prefix="program")
    return _program_action(
        request,
        program_id,
        "program_form",
        form,
        lambda scope, program, data: services.program_update(
            actor=request.user,
            scope=scope,
            program=program,
            name_fa=data["name_fa"],
            name_en=data["name_en"],
            sub_groups=list(data["sub_groups"]),
            conditions=list(data["conditions"]),
            is_active=data["is_active"],
        ),
    )


# ---------------------------------------------------------------- cycles


@login_required
def cycle_list(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    page, query = _page(request, cycles_list(scope=scope))
    can_prepare = _at_hq(scope, Perm.PENSIONS_PREPARE)
    return render(
        request,
        "pensions/pages/cycle_list.html",
        {
            "page": page,
            "query": query,
            "can_prepare": can_prepare,
            "open_months": months_with_open_cycles(scope=scope) if can_prepare else [],
        },
    )


@login_required
@require_POST
def month_compute(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """Compute every open cycle of a month in one pass; back to the cycles with what happened.
    (How many cycles were open is read just before, for the message.)"""
    scope = request_scope(request)
    open_cycles = {
        (m.year, m.month): m.open_cycles for m in months_with_open_cycles(scope=scope)
    }.get((year, month), 0)
    try:
        created = services.month_compute(actor=request.user, scope=scope, year=year, month=month)
    except PermissionDeniedError:
        raise
    except ApplicationError as error:
        flash.error(request, str(error.message))
        return redirect("pensions:cycles")
    if not open_cycles:
        flash.info(request, _("No cycle of this month is open: nothing was computed."))
        return redirect("pensions:cycles")
    flash.success(
        request,
        " ".join(
            (
                ngettext(
                    "%(count)s payment cycle of the month was computed.",
                    "%(count)s payment cycles of the month were computed.",
                    open_cycles,
                )
                % {"count": format_number(open_cycles)},
                ngettext(
                    "%(count)s entitlement was computed.",
                    "%(count)s entitlements were computed.",
                    created,
                )
                % {"count": format_number(created)},
            )
        ),
    )
    return redirect("pensions:cycles")


@login_required
def cycle_open(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.PENSIONS_PREPARE)
    from django.utils import timezone

    from chatr.core.jalali import to_jalali

    today = to_jalali(timezone.localdate())
    form = CycleOpenForm(
        request.POST or None,
        programs=programs_list(scope=scope).filter(is_active=True),
        initial={"year": today.year, "month": today.month},
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                cycle = services.cycle_open(
                    actor=request.user,
                    scope=scope,
                    program=data["program"],
                    year=data["year"],
                    month=data["month"],
                )
            except (NotFoundError, PermissionDeniedError):
                raise
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The payment cycle is open."))
                return redirect("pensions:cycle_detail", cycle_id=cycle.pk)
    return render(request, "pensions/pages/cycle_open.html", {"form": form}, status=status)


def _cycle_context(request: HttpRequest, cycle: PaymentCycle, **extra: Any) -> dict[str, Any]:
    scope = request_scope(request)
    prepare = _at_hq(scope, Perm.PENSIONS_PREPARE)
    approve = _at_hq(scope, Perm.PENSIONS_APPROVE)
    state = cycle.state
    exceptions = cycle_exceptions(scope=scope, cycle=cycle)
    return {
        "cycle": cycle,
        "totals": cycle_totals(scope=scope, cycle=cycle),
        "exceptions": _rows(exceptions[:EXCEPTIONS_SHOWN]),
        "exception_count": exceptions.count(),
        "failures": _rows(cycle_failures(scope=scope, cycle=cycle)[:EXCEPTIONS_SHOWN]),
        "steps": [(value, label) for value, label in CycleState.choices],
        "can_compute": prepare and state in (CycleState.OPEN, CycleState.COMPUTED),
        "can_approve": approve and state == CycleState.COMPUTED,
        "is_preparer": request.user.pk in (cycle.prepared_by_id, cycle.opened_by_id),
        "can_export": prepare
        and state in (CycleState.APPROVED, CycleState.EXPORTED, CycleState.RECONCILED),
        "results_form": extra.get("results_form")
        or (
            ResultsUploadForm(prefix="results")
            if prepare and state == CycleState.EXPORTED
            else None
        ),
        "can_reconcile": prepare and state == CycleState.EXPORTED,
        "report": extra.get("report"),
    }


@login_required
def cycle_detail(request: HttpRequest, cycle_id: int) -> HttpResponse:
    cycle = cycle_get(scope=request_scope(request), cycle_id=cycle_id)
    return render(request, "pensions/pages/cycle_detail.html", _cycle_context(request, cycle))


def _cycle_step(request: HttpRequest, cycle_id: int, act: Any, done: str) -> HttpResponse:
    """A button on the cycle page: run one service, say what happened, back to the page."""
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    try:
        message = act(scope, cycle)
    except NotFoundError:
        raise
    except ApplicationError as error:
        flash.error(request, str(error.message))
    else:
        flash.success(request, message or done)
    return redirect("pensions:cycle_detail", cycle_id=cycle.pk)


@login_required
@require_POST
def cycle_compute(request: HttpRequest, cycle_id: int) -> HttpResponse:
    def act(scope: Scope, cycle: PaymentCycle) -> str:
        if request.POST.get("again") and cycle.state == CycleState.COMPUTED:
            created = services.cycle_recompute(actor=request.user, scope=scope, cycle=cycle)
        else:
            created = services.cycle_compute(actor=request.user, scope=scope, cycle=cycle)
        if not created:
            return _("The cycle was already computed; nothing changed.")
            return ngettext(
                "%(count)s entitlement was computed.",
                "%(count)s entitlements were computed.",
                created,
            ) % {"count": format_number(created)}

    return _cycle_step(request, cycle_id, act, "")


@login_required
@require_POST
def cycle_approve(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _cycle_step(
        request,
        cycle_id,
        lambda scope, cycle: (
            services.cycle_approve(actor=request.user, scope=scope, cycle=cycle) and None
        ),
        _("The payment cycle is approved."),
    )


@login_required
@require_POST
def cycle_reconcile(request: HttpRequest, cycle_id: int) -> HttpResponse:
    return _cycle_step(
        request,
        cycle_id,
        lambda scope, cycle: (
            services.cycle_reconcile(actor=request.user, scope=scope, cycle=cycle) and None
        ),
        _("The cycle is reconciled and closed. Failed transfers will be paid in the next cycle."),
    )


@login_required
@require_POST
def cycle_bank_file(request: HttpRequest, cycle_id: int) -> HttpResponse:
    """The bank transfer file, streamed (a POST: the first download moves the cycle on)."""
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    try:
        lines = services.cycle_export(actor=request.user, scope=scope, cycle=cycle)
    except NotFoundError:
        raise
    except ApplicationError as error:
        flash.error(request, str(error.message))
        return redirect("pensions:cycle_detail", cycle_id=cycle.pk)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{services.bank_file_name(cycle)}"'
    return response


@login_required
@require_POST
def cycle_results(request: HttpRequest, cycle_id: int) -> HttpResponse:
    scope = request_scope(request)
    cycle = cycle_get(scope=scope, cycle_id=cycle_id)
    form = ResultsUploadForm(request.POST, request.FILES, prefix="results")
    status = 400
    if form.is_valid():
        try:
            report = services.cycle_import_results(
                actor=request.user,
                scope=scope,
                cycle=cycle,
                content=form.cleaned_data["results"].read(),
            )
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            form.add_error(None, str(error.message))
            for message in error.fields.values():
                form.add_error("results", str(message))
            status = error.status
        else:
            flash.success(
                request,
                ngettext(
                    "Results of %(count)s transfer recorded: %(paid)s paid, %(failed)s failed, "
                    "%(same)s already recorded.",
                    "Results of %(count)s transfers recorded: %(paid)s paid, %(failed)s failed, "
                    "%(same)s already recorded.",
                    report.total,
                )
                % {
                    "count": report.total,
                    "paid": report.paid,
                    "failed": report.failed,
                    "same": report.unchanged,
                },
            )
            return redirect("pensions:cycle_detail", cycle_id=cycle.pk)
    context = _cycle_context(request, cycle, results_form=form)
    return render(request, "pensions/pages/cycle_detail.html", context, status=status)


# ---------------------------------------------------------------- entitlements


@login_required
def entitlements(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    cycle = None
    cycle_id = request.GET.get("cycle") or ""
    if cycle_id.isdigit():
        cycle = cycle_get(scope=scope, cycle_id=int(cycle_id))
    status = request.GET.get("status") or ""
    rows = entitlement_list(scope=scope, cycle=cycle, status=status or None)
    page, query = _page(request, rows)
    return render(
        request,
        "pensions/pages/entitlement_list.html",
        {
            "page": page,
            "rows": _rows(page.object_list),
            "query": query,
            "cycle": cycle,
            "status": status,
            "statuses": EntitlementStatus.choices,
        },
    )


@login_required
def entitlement_detail(request: HttpRequest, entitlement_id: int) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.PENSIONS_VIEW)
    entitlement = entitlement_get(scope=scope, entitlement_id=entitlement_id)
    return render(
        request,
        "pensions/pages/entitlement_detail.html",
        {
            "e": entitlement,
            "sheba": mask_sheba(entitlement.sheba),
            "reason": reason_labels().get(entitlement.reason) or entitlement.bank_message,
            "facts": sorted(entitlement.facts.items()),
        },
    )


# ---------------------------------------------------------------- citizens


@login_required(login_url="accounts:citizen_sign_in")
def my_payments(request: HttpRequest) -> HttpResponse:
    """The signed-in citizen's payments. When several people share the mobile, the citizen
    names themself once (POST); the choice stays in the session, never in the URL."""
    form = WhoAmIForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            code = form.cleaned_data["national_code"]
            try:
                person_for_citizen(user=request.user, national_code=code)
            except NotFoundError:
                form.add_error(
                    "national_code",
                    _("No one with this national code uses your mobile number in our records."),
                )
                status = 404
            else:
                request.session[SESSION_NATIONAL_CODE] = code
                return redirect("pensions:my_payments")
    person = None
    shared = False
    try:
        person = person_for_citizen(
            user=request.user, national_code=request.session.get(SESSION_NATIONAL_CODE)
        )
    except NotFoundError:
        shared = citizen_people(user=request.user) > 1
    payments = []
    if person is not None:
        payments = _rows(citizen_payments(person=person))
    return render(
        request,
        "pensions/pages/my_payments.html",
        {
            "person": person,
            "masked_code": mask_national_code(person.national_code or "") if person else "",
            "shared": shared,
            "form": form,
            "payments": payments,
            "total_paid": sum(r["e"].amount for r in payments if r["e"].status == "paid"),
        },
        status=status,
    )
