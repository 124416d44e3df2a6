"""Watchdog pages: public intake and tracking, the call-center form, the staff queue and case
page. Adapters only: parse → one service or selector → render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chatr.audit.middleware import client_ip
from chatr.audit.services import audit_sensitive_view
from chatr.cases import services as case_services
from chatr.cases.selectors import case_clock, case_clocks, case_timeline
from chatr.core.errors import ApplicationError
from chatr.core.ratelimit import rate_limit_hit
from chatr.core.tracking import format_tracking_code, tracking_code_read_back
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.ui.actions import record_form_action
from chatr.ui.form_errors import add_error_to_form
from chatr.watchdog import selectors, services
from chatr.watchdog.choices import MessageState
from chatr.watchdog.forms import (
    AgentMessageForm,
    AnswerForm,
    AssignForm,
    NoteForm,
    ObjectionForm,
    PublicMessageForm,
    RatingForm,
    ReplyForm,
    RouteForm,
    TrackForm,
    TransitionForm,
)
from chatr.watchdog.models import AnswerTemplate
from chatr.watchdog.selectors import MessageFilters
from chatr.watchdog.workflow import WORKFLOW

SESSION_SUBMITTED = "watchdog_submitted"
SESSION_TRACKED = "watchdog_tracked"


def _rate_limited(
    request: HttpRequest, bucket: str, limit: int, window: int, extra_key: str = ""
) -> bool:
    key = extra_key or client_ip(request) or "unknown"
    return rate_limit_hit(bucket=bucket, key=key, limit=limit, window_seconds=window)


def _submission(data: dict[str, Any], channel: str) -> services.Submission:
    return services.Submission(
        message_type=data["message_type"],
        category=data["category_obj"],
        description=data["description"],
        channel=channel,
        concerned_unit=data.get("concerned_unit_obj"),
        concerned_text=data.get("concerned_text", ""),
        contact_name=data.get("contact_name", ""),
        contact_mobile=data.get("contact_mobile") or "",
        is_anonymous=data.get("is_anonymous", False),
        identity_consent=data.get("identity_consent", False),
    )


def _channel(request: HttpRequest) -> str:
    agent = request.headers.get("User-Agent", "")
    return "mobile" if any(word in agent for word in ("Mobile", "Android", "iPhone")) else "web"


# ---------------------------------------------------------------- public intake and tracking


def submit(request: HttpRequest) -> HttpResponse:
    user = request.user
    initial = {}
    if user.is_authenticated and not user.is_staff:
        initial = {"contact_mobile": user.mobile or "", "contact_name": user.full_name}
    form = PublicMessageForm(request.POST or None, request.FILES or None, initial=initial)
    status = 200
    if request.method == "POST":
        status = 400
        if _rate_limited(request, "watchdog-submit-ip", 20, 3600):
            form.add_error(
                None,
                _(
                    "Too many messages were sent from this connection. Try again "
                    "in an hour, or call 1482."
                ),
            )
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            mobile = data.get("contact_mobile") or ""
            if mobile and _rate_limited(request, "watchdog-submit-mobile", 5, 3600, mobile):
                form.add_error(
                    "contact_mobile",
                    _(
                        "Too many messages were sent for this number "
                        "in the last hour. Try again later."
                    ),
                )
                status = 429
            else:
                try:
                    opened = services.message_submit(
                        submission=_submission(data, _channel(request)),
                        files=data.get("attachments", []),
                        requester=user if user.is_authenticated and not user.is_staff else None,
                    )
                except ApplicationError as error:
                    add_error_to_form(form, error)
                    status = error.status
                else:
                    request.session[SESSION_SUBMITTED] = {
                        "code": opened.case.tracking_code,
                        "secret": opened.secret,
                    }
                    return redirect("watchdog:submitted")
    form.refresh_challenge()
    return render(request, "watchdog/pages/submit.html", {"form": form}, status=status)


def submitted(request: HttpRequest) -> HttpResponse:
    receipt = request.session.get(SESSION_SUBMITTED)
    if not receipt:
        return redirect("watchdog:submit")
    return render(
        request,
        "watchdog/pages/submitted.html",
        {
            "code": receipt["code"],
            "secret": receipt["secret"],
            "groups": tracking_code_read_back(receipt["code"]),
        },
    )


def track(request: HttpRequest) -> HttpResponse:
    form = TrackForm(request.POST or None)
    status = 200
    if request.method == "POST":
        status = 400
        if _rate_limited(request, "watchdog-track-ip", 30, 600):
            form.add_error(None, _("Too many lookups from this connection. Wait ten minutes."))
            status = 429
        elif form.is_valid():
            data = form.cleaned_data
            try:
                case = selectors.message_for_person(
                    code=data["code"], mobile=data["mobile"], secret=data["secret"]
                )
            except ApplicationError as error:
                add_error_to_form(form, error, field="code")
                status = error.status
            else:
                request.session[SESSION_TRACKED] = case.pk
                return redirect("watchdog:track_status")
    return render(request, "watchdog/pages/track.html", {"form": form}, status=status)


def _tracked_case(request: HttpRequest) -> Any:
    """The case this browser proved it may follow (code + mobile or secret), if any."""
    case_id = request.session.get(SESSION_TRACKED)
    return selectors.message_tracked(case_id=case_id) if case_id else None


def _person_context(case: Any) -> dict[str, Any]:
    answered_or_closed = case.state in (WORKFLOW.answered | WORKFLOW.closed)
    return {
        "case": case,
        "message": case.watchdog_message,
        "state_label": WORKFLOW.label(case.state),
        "timeline": _labelled(case_timeline(case=case, public_only=True)),
        "can_reply": WORKFLOW.is_open(case.state) and case.state not in WORKFLOW.answered,
        "can_rate": case.answered_at is not None and case.rating is None,
        "can_object": answered_or_closed
        and case_services.reopen_window_open(case, services.objection_window_days(), _now()),
        "reply_form": ReplyForm(),
        "rating_form": RatingForm(),
        "objection_form": ObjectionForm(),
    }


def _labelled(timeline: Any) -> list[Any]:
    """Timeline events with their target state's label, for the templates."""
    events = list(timeline)
    for event in events:
        event.to_state_label = WORKFLOW.label(event.to_state) if event.to_state else ""
    return events


def _now() -> Any:
    from django.utils import timezone

    return timezone.now()


def track_status(request: HttpRequest) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        return redirect("watchdog:track")
    return render(request, "watchdog/pages/track_status.html", _person_context(case))


def _person_action(
    request: HttpRequest, form_class: Any, form_key: str, action: Any
) -> HttpResponse:
    case = _tracked_case(request)
    if case is None:
        return redirect("watchdog:track")
    form = form_class(request.POST, request.FILES)
    if form.is_valid():
        try:
            action(case, form.cleaned_data)
        except (ApplicationError, ValidationError) as error:
            add_error_to_form(form, error)
        else:
            flash.success(request, _("Thank you. Your message was saved."))
            return redirect("watchdog:track_status")
    context = _person_context(case)
    context[form_key] = form
    return render(request, "watchdog/pages/track_status.html", context, status=400)


@require_POST
def track_reply(request: HttpRequest) -> HttpResponse:
    return _person_action(
        request,
        ReplyForm,
        "reply_form",
        lambda case, d: services.message_person_reply(
            case=case, text=d["text"], files=d["attachments"]
        ),
    )


@require_POST
def track_rate(request: HttpRequest) -> HttpResponse:
    return _person_action(
        request,
        RatingForm,
        "rating_form",
        lambda case, d: services.message_person_rate(
            case=case, rating=d["rating"], comment=d["comment"]
        ),
    )


@require_POST
def track_object(request: HttpRequest) -> HttpResponse:
    return _person_action(
        request,
        ObjectionForm,
        "objection_form",
        lambda case, d: services.message_person_object(case=case, text=d["text"]),
    )


# ---------------------------------------------------------------- call center


@login_required
def agent_new(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.CASE_FILE_FOR_PERSON)
    form = AgentMessageForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                opened = services.message_submit(
                    submission=_submission(form.cleaned_data, "phone"),
                    files=form.cleaned_data.get("attachments", []),
                    filed_by=request.user,
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                request.session[SESSION_SUBMITTED] = {
                    "code": opened.case.tracking_code,
                    "secret": opened.secret,
                }
                return redirect("watchdog:agent_done")
    return render(request, "watchdog/pages/agent_new.html", {"form": form}, status=status)


@login_required
def agent_done(request: HttpRequest) -> HttpResponse:
    require(request_scope(request), Perm.CASE_FILE_FOR_PERSON)
    receipt = request.session.get(SESSION_SUBMITTED)
    if not receipt:
        return redirect("watchdog:agent_new")
    return render(
        request,
        "watchdog/pages/agent_done.html",
        {
            "code": receipt["code"],
            "secret": receipt["secret"],
            "groups": tracking_code_read_back(receipt["code"]),
        },
    )


@login_required
@require_POST
def agent_caller_history(request: HttpRequest) -> HttpResponse:
    """htmx: the caller's earlier messages, by the number typed (POST: no number in a URL)."""
    scope = request_scope(request)
    require(scope, Perm.CASE_FILE_FOR_PERSON)
    items = selectors.messages_by_caller(scope=scope, mobile=request.POST.get("contact_mobile", ""))
    return render(request, "watchdog/partials/caller_history.html", {"items": items})


@login_required
def agent_lookup(request: HttpRequest) -> HttpResponse:
    """Agents read a message's public status to a caller by its tracking code."""
    scope = request_scope(request)
    require(scope, Perm.CASE_FILE_FOR_PERSON)
    code = request.POST.get("code", "") if request.method == "POST" else ""
    context: dict[str, Any] = {"code": code}
    if code:
        try:
            case = selectors.message_public_status(code=code)
        except ApplicationError as error:
            context["error"] = error.message
        else:
            context.update(
                {
                    "case": case,
                    "state_label": WORKFLOW.label(case.state),
                    "timeline": _labelled(case_timeline(case=case, public_only=True)),
                }
            )
    return render(request, "watchdog/pages/agent_lookup.html", context)


# ---------------------------------------------------------------- staff queue and case page


def _filters(request: HttpRequest) -> MessageFilters:
    get = request.GET
    mine = get.get("mine") == "1"
    unit = None
    if get.get("unit"):
        found = selectors.queue_units(scope=request_scope(request)).filter(code=get["unit"]).first()
        unit = found.pk if found else None
    return MessageFilters(
        unit=unit,
        state=get.get("state") or None,
        message_type=get.get("type") or None,
        assigned_to=request.user.pk if mine else None,
        unassigned=get.get("unassigned") == "1",
        band=get.get("band") or None,
        open_only=get.get("open") == "1",
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    # Handlers see their units' messages; call-center agents see the ones they filed.
    if not scope.has_perm(Perm.CASE_FILE_FOR_PERSON):
        require(scope, Perm.CASE_VIEW)
    cases = selectors.message_list(scope=scope, filters=_filters(request))
    counts = selectors.queue_counts(scope=scope)
    page = Paginator(cases, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "watchdog/pages/queue.html",
        {
            "page": page,
            "rows": [
                (c, clock, WORKFLOW.label(c.state))
                for c, clock in zip(
                    page.object_list, case_clocks(list(page.object_list)), strict=True
                )
            ],
            "query": query.urlencode(),
            "state_tabs": [
                (state, label, counts[state])
                for state, label in WORKFLOW.labels.items()
                if state in counts
            ],
            "can_assign": scope.has_perm(Perm.CASE_ASSIGN),
            "units": selectors.queue_units(scope=scope),
            "officers": selectors.officers_in_scope(scope=scope)
            if scope.has_perm(Perm.CASE_ASSIGN)
            else [],
            "filters": request.GET,
        },
    )


def _detail_context(request: HttpRequest, case: Any) -> dict[str, Any]:
    scope = request_scope(request)
    moves = sorted(
        WORKFLOW.transitions.get(case.state, frozenset())
        - WORKFLOW.answered
        - {WORKFLOW.routed_to, WORKFLOW.escalated_to, WORKFLOW.assigned_to}
    )
    return {
        "case": case,
        "message": case.watchdog_message,
        "state_label": WORKFLOW.label(case.state),
        "clock": case_clock(case),
        "timeline": _labelled(case_timeline(case=case, public_only=False)),
        "show_contact": selectors.contact_visible(scope=scope, case=case),
        "can_handle": scope.covers_record(case, Perm.CASE_HANDLE),
        "can_assign": scope.covers_record(case, Perm.CASE_ASSIGN),
        "is_new": case.state == MessageState.NEW,
        # Prefixes keep the ids of the several forms on this page unique (labels, summaries).
        "route_form": RouteForm(
            prefix="route", units=selectors.routing_targets(scope=scope, case=case)
        ),
        "assign_form": AssignForm(prefix="assign", officers=selectors.officers_for(case=case)),
        "transition_form": TransitionForm(prefix="state", states=list(moves)) if moves else None,
        "answer_form": AnswerForm(prefix="answer"),
        "answer_templates": {
            str(t.pk): t.text for t in AnswerTemplate.objects.filter(is_active=True)
        },
        "note_form": NoteForm(prefix="note"),
        "can_answer": bool(WORKFLOW.transitions.get(case.state, frozenset()) & WORKFLOW.answered),
        "code_display": format_tracking_code(case.tracking_code),
    }


@login_required
def staff_detail(request: HttpRequest, code: str) -> HttpResponse:
    case = selectors.message_get(scope=request_scope(request), code=code)
    context = _detail_context(request, case)
    if case.is_sensitive or context["show_contact"]:
        audit_sensitive_view(actor=request.user, target=case)
    return render(request, "watchdog/pages/staff_detail.html", context)


def _staff_action(
    request: HttpRequest, code: str, form_key: str, build: Any, act: Any
) -> HttpResponse:
    """One of the handling forms of the case page, after the scoped lookup."""
    scope = request_scope(request)
    case = selectors.message_get(scope=scope, code=code)
    return record_form_action(
        request,
        form=build(request, case),
        act=lambda data: act(scope, case, data),
        success_url=reverse("watchdog:staff_detail", args=[case.tracking_code]),
        template="watchdog/pages/staff_detail.html",
        context=lambda: _detail_context(request, case),
        form_key=form_key,
    )


@login_required
@require_POST
def staff_route(request: HttpRequest, code: str) -> HttpResponse:
    def act(scope: Any, case: Any, d: dict[str, Any]) -> None:
        screen = case.state == MessageState.NEW
        action = services.message_screen if screen else services.message_route
        action(actor=request.user, scope=scope, case=case, to_unit=d["to_unit"], reason=d["reason"])

    return _staff_action(
        request,
        code,
        "route_form",
        lambda r, case: RouteForm(
            r.POST,
            prefix="route",
            units=selectors.routing_targets(scope=request_scope(r), case=case),
        ),
        act,
    )


@login_required
@require_POST
def staff_assign(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_action(
        request,
        code,
        "assign_form",
        lambda r, case: AssignForm(
            r.POST, prefix="assign", officers=selectors.officers_for(case=case)
        ),
        lambda scope, case, d: case_services.case_assign(
            actor=request.user, scope=scope, cases=[case], officer=d["officer"]
        ),
    )


@login_required
@require_POST
def staff_transition(request: HttpRequest, code: str) -> HttpResponse:
    def build(r: HttpRequest, case: Any) -> TransitionForm:
        return TransitionForm(
            r.POST, prefix="state", states=list(WORKFLOW.transitions.get(case.state, ()))
        )

    return _staff_action(
        request,
        code,
        "transition_form",
        build,
        lambda scope, case, d: services.message_transition(
            actor=request.user, scope=scope, case=case, to_state=d["to_state"], text=d["text"]
        ),
    )


@login_required
@require_POST
def staff_answer(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_action(
        request,
        code,
        "answer_form",
        lambda r, case: AnswerForm(r.POST, r.FILES, prefix="answer"),
        lambda scope, case, d: services.message_answer(
            actor=request.user, scope=scope, case=case, text=d["text"], files=d["attachments"]
        ),
    )


@login_required
@require_POST
def staff_note(request: HttpRequest, code: str) -> HttpResponse:
    return _staff_action(
        request,
        code,
        "note_form",
        lambda r, case: NoteForm(r.POST, prefix="note"),
        lambda scope, case, d: case_services.case_note(
            actor=request.user, scope=scope, case=case, text=d["text"]
        ),
    )


@login_required
@require_POST
def staff_bulk_assign(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.CASE_ASSIGN)
    codes = request.POST.getlist("codes")
    officer = (
        selectors.officers_in_scope(scope=scope)
        .filter(username=request.POST.get("officer", ""))
        .first()
    )
    if not codes or officer is None:
        flash.error(request, _("Choose messages and an officer."))
        return redirect(reverse("watchdog:queue"))
    try:
        cases = [selectors.message_get(scope=scope, code=code) for code in codes]
        count = case_services.case_assign(
            actor=request.user, scope=scope, cases=cases, officer=officer
        )
    except ApplicationError as error:
        flash.error(request, str(error.message))
    else:
        flash.success(request, _("%(count)d messages were assigned.") % {"count": count})
    return redirect(reverse("watchdog:queue"))


def _attachment_response(attachment: Any) -> HttpResponse:
    from django.http import FileResponse

    response = FileResponse(
        attachment.file.open("rb"),
        content_type=attachment.content_type,
        as_attachment=True,
        filename=f"{attachment.pk}.{attachment.file.name.rsplit('.', 1)[-1]}",
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def staff_attachment(request: HttpRequest, code: str, attachment_id: int) -> HttpResponse:
    case = selectors.message_get(scope=request_scope(request), code=code)
    attachment = case.attachments.filter(pk=attachment_id).first()
    if attachment is None:
        from django.http import Http404

        raise Http404
    return _attachment_response(attachment)


def track_attachment(request: HttpRequest, attachment_id: int) -> HttpResponse:
    """The person downloads the public files of the case they opened on the tracking page."""
    from django.http import Http404

    case = _tracked_case(request)
    attachment = (
        case.attachments.filter(pk=attachment_id, is_public=True).first()
        if case is not None
        else None
    )
    if attachment is None:
        raise Http404
    return _attachment_response(attachment)
