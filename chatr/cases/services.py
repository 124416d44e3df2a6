"""Writers of the case machinery. Modules call these with their own workflow's states."""

from __future__ import annotations

import logging
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.cases.choices import EventKind
from chatr.cases.deadlines import due_at_after, remaining_working_days
from chatr.cases.files import check_upload, safe_name
from chatr.cases.models import Case, CaseAttachment, CaseEvent
from chatr.cases.workflow import Workflow, workflow_for
from chatr.core.errors import ApplicationError, lazy_message, required_text
from chatr.core.services import tracking_code_issue
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.org.services import stamp_org_unit

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Opened:
    case: Case
    secret: str | None  # shown once to an anonymous person; only its hash is kept


def _hash_secret(case_code: str, secret: str) -> str:
    return salted_hmac("case-secret", f"{case_code}:{secret}").hexdigest()


def secret_matches(case: Case, secret: str) -> bool:
    if not case.secret_hash:
        return False
    return constant_time_compare(
        case.secret_hash, _hash_secret(case.tracking_code, secret.strip().upper())
    )


def _event(
    case: Case,
    *,
    kind: str,
    actor: Any = None,
    public: bool = False,
    text: str = "",
    from_state: str = "",
    to_state: str = "",
    from_unit: OrgUnit | None = None,
    to_unit: OrgUnit | None = None,
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        is_public=public,
        text=text,
        from_state=from_state,
        to_state=to_state,
        from_unit=from_unit,
        to_unit=to_unit,
    )


def _start_clock(case: Case, now: datetime) -> None:
    case.clock_started_at = now
    case.due_at = due_at_after(now, case.deadline_days) if case.deadline_days else None
    case.paused_at = None
    case.paused_remaining_days = None


def _restart_clock(case: Case, now: datetime, days: int) -> None:
    """A step with its own deadline begins: `days` working days from now (0: no deadline).
    Called after the state moved: a step that begins paused keeps all its days for later."""
    if days < 0:
        raise ValueError("deadline_days cannot be negative")
    paused_at = case.paused_at
    case.deadline_days = days
    _start_clock(case, now)
    if paused_at is not None:
        case.paused_at = paused_at
        case.paused_remaining_days = days if case.due_at else None


# No savepoint when a module opens the case inside its own transaction (as intake does): a
# failure here fails the caller's transaction anyway, and the savepoint costs two statements.
@transaction.atomic(savepoint=False)
def case_open(
    *,
    kind: str,
    unit: OrgUnit,
    channel: str,
    subject: str,
    deadline_days: int,
    requester: Any = None,
    contact_name: str = "",
    contact_mobile: str = "",
    is_anonymous: bool = False,
    identity_consent: bool = False,
    filed_by: Any = None,
    is_sensitive: bool = False,
    is_urgent: bool = False,
    now: datetime | None = None,
) -> Opened:
    """Open a case: tracking code at once, owner unit stamped, clock started, timeline begun."""
    workflow = workflow_for(kind)
    now = now or timezone.now()
    case = Case(
        kind=kind,
        tracking_code=tracking_code_issue(namespace=kind),
        state=workflow.initial,
        channel=channel,
        subject=subject[:200],
        requester=requester,
        contact_name="" if is_anonymous else contact_name,
        contact_mobile="" if is_anonymous else contact_mobile,
        is_anonymous=is_anonymous,
        identity_consent=identity_consent,
        filed_by=filed_by,
        is_sensitive=is_sensitive,
        is_urgent=is_urgent,
        deadline_days=deadline_days,
        filed_at=now,
    )
    secret = None
    if is_anonymous:
        # Eight characters from an alphabet without look-alikes, easy to write down.
        alphabet = "ACDEFGHJKLMNPQRTUVWXY345679"
        secret = "".join(secrets.choice(alphabet) for _ in range(8))
        case.secret_hash = _hash_secret(case.tracking_code, secret)
    stamp_org_unit(case, unit)
    _start_clock(case, now)
    case.save()
    _event(
        case,
        kind=EventKind.FILED,
        actor=filed_by or requester,
        public=True,
        to_state=case.state,
        to_unit=unit,
    )
    audit_record(
        actor=filed_by or requester,
        action=AuditAction.CREATE,
        target=case,
        changes={"kind": kind, "channel": channel},
    )
    return Opened(case=case, secret=secret)


def _apply_state(case: Case, workflow: Workflow, to_state: str, now: datetime) -> str:
    """Move the state and keep the clock and milestones in step; return the old state."""
    old = case.state
    workflow.check_move(old, to_state)
    case.state = to_state
    if to_state in workflow.paused and old not in workflow.paused:
        case.paused_at = now
        if case.due_at:
            case.paused_remaining_days = max(0, remaining_working_days(now, case.due_at))
    elif old in workflow.paused and to_state not in workflow.paused:
        if case.paused_remaining_days is not None:
            case.due_at = due_at_after(now, max(1, case.paused_remaining_days))
        case.paused_at = None
        case.paused_remaining_days = None
    if to_state in workflow.answered:
        case.answered_at = now
        case.first_answered_at = case.first_answered_at or now
    if to_state in workflow.closed:
        case.closed_at = now
    elif old in workflow.closed:
        case.closed_at = None
    return old


@transaction.atomic
def case_transition(
    *,
    actor: Any,
    scope: Scope | None,
    case: Case,
    to_state: str,
    text: str = "",
    public: bool = True,
    now: datetime | None = None,
    deadline_days: int | None = None,
) -> Case:
    """Change state. `scope=None` only for the system (tasks, the person's own actions).

    `deadline_days`: the step that begins has its own deadline, so the clock restarts with
    that many working days (0: the step has none). Without it the clock runs on (or pauses
    and resumes, as the workflow says)."""
    if scope is not None:
        require(scope, Perm.CASE_HANDLE, case)
    workflow = workflow_for(case.kind)
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    old = _apply_state(case, workflow, to_state, now)
    if deadline_days is not None:
        _restart_clock(case, now, deadline_days)
    case.save()
    _event(
        case,
        kind=EventKind.STATE,
        actor=actor,
        public=public,
        text=text,
        from_state=old,
        to_state=to_state,
    )
    audit_record(
        actor=actor, action=AuditAction.STATE, target=case, changes={"state": [old, to_state]}
    )
    return case


@transaction.atomic
def case_route(
    *,
    actor: Any,
    scope: Scope | None,
    case: Case,
    to_unit: OrgUnit,
    reason: str,
    now: datetime | None = None,
    kind: str = EventKind.ROUTED,
    to_state: str | None = None,
    deadline_days: int | None = None,
) -> Case:
    """Refer the case to another unit (down, up or sideways): new owner, clock restarts
    (with `deadline_days` working days when the step that begins has its own deadline)."""
    if scope is not None:
        require(scope, Perm.CASE_HANDLE, case)
    reason = required_text(
        reason,
        code="route_reason_required",
        field="reason",
        message=_("Give the reason for the referral."),
        max_length=None,
    )
    if to_unit.pk == case.org_unit_id:
        raise ApplicationError(
            "route_same_unit",
            _("The case is already with this unit."),
            fields={"to_unit": _("Choose another unit.")},
        )
    workflow = workflow_for(case.kind)
    now = now or timezone.now()
    case = Case.objects.select_for_update().get(pk=case.pk)
    from_unit = case.org_unit
    old_state = case.state
    target = to_state or workflow.routed_to
    if target and case.state != target:
        _apply_state(case, workflow, target, now)
    stamp_org_unit(case, to_unit)
    case.assigned_to = None
    if deadline_days is not None:
        case.deadline_days = deadline_days
    _start_clock(case, now)
    case.save()
    _event(
        case,
        kind=kind,
        actor=actor,
        public=False,
        text=reason,
        from_unit=from_unit,
        to_unit=to_unit,
        from_state=old_state,
        to_state=case.state,
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        changes={"org_unit": [from_unit.code, to_unit.code]},
    )
    return case


@transaction.atomic
def case_assign(*, actor: Any, scope: Scope, cases: Sequence[Case], officer: Any) -> int:
    """Assign one or many cases to an officer who works in each case's unit."""
    from chatr.org.scope import scope_for_user

    officer_scope = scope_for_user(officer)
    count = 0
    for case in cases:
        require(scope, Perm.CASE_ASSIGN, case)
        if not officer_scope.covers_record(case, Perm.CASE_HANDLE):
            raise ApplicationError(
                "assignee_out_of_scope",
                lazy_message(_("%(name)s does not handle cases of this unit."), name=str(officer)),
                fields={"officer": _("Choose an officer of the unit that has the case.")},
            )
        locked = Case.objects.select_for_update().get(pk=case.pk)
        locked.assigned_to = officer
        workflow = workflow_for(locked.kind)
        old = locked.state
        if workflow.assigned_to and workflow.can_move(locked.state, workflow.assigned_to):
            _apply_state(locked, workflow, workflow.assigned_to, timezone.now())
        locked.save()
        _event(
            locked,
            kind=EventKind.ASSIGNED,
            actor=actor,
            text=str(officer),
            from_state=old,
            to_state=locked.state,
        )
        audit_record(
            actor=actor,
            action=AuditAction.UPDATE,
            target=locked,
            changes={"assigned_to": officer.pk},
        )
        count += 1
    return count


def _attach(
    case: Case, event: CaseEvent | None, files: Sequence[UploadedFile], actor: Any, public: bool
) -> list[CaseAttachment]:
    checked = [(upload, check_upload(upload)) for upload in files]  # refuse before saving any
    saved = []
    for upload, content_type in checked:
        attachment = CaseAttachment(
            case=case,
            event=event,
            original_name=(upload.name or "")[:200],
            content_type=content_type,
            size=upload.size or 0,
            is_public=public,
            uploaded_by=actor if getattr(actor, "pk", None) else None,
        )
        attachment.file.save(safe_name(content_type), upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved


def case_attach(
    *,
    case: Case,
    files: Sequence[UploadedFile],
    actor: Any = None,
    public: bool = True,
    event: CaseEvent | None = None,
) -> list[CaseAttachment]:
    """Check every file by content, then store them all (none are kept if one is refused)."""
    with transaction.atomic():
        return _attach(case, event, files, actor, public)


@transaction.atomic
def case_answer(
    *,
    actor: Any,
    scope: Scope,
    case: Case,
    text: str,
    files: Sequence[UploadedFile] = (),
    to_state: str | None = None,
) -> Case:
    """An answer the person sees; moves the case to the workflow's answered state."""
    require(scope, Perm.CASE_HANDLE, case)
    text = required_text(
        text, code="answer_empty", field="text", message=_("Write the answer."), max_length=None
    )
    workflow = workflow_for(case.kind)
    target = to_state or next(iter(sorted(workflow.answered)))
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    old = _apply_state(case, workflow, target, now)
    case.save()
    event = _event(
        case,
        kind=EventKind.ANSWER,
        actor=actor,
        public=True,
        text=text,
        from_state=old,
        to_state=target,
    )
    _attach(case, event, files, actor, True)
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=case,
        changes={"state": [old, target], "answered": True},
    )
    return case


@transaction.atomic
def case_note(
    *, actor: Any, scope: Scope, case: Case, text: str, files: Sequence[UploadedFile] = ()
) -> CaseEvent:
    """An internal note: never shown to the person, and not an answer (the clock runs on)."""
    require(scope, Perm.CASE_HANDLE, case)
    text = required_text(
        text, code="note_empty", field="text", message=_("Write the note."), max_length=None
    )
    event = _event(case, kind=EventKind.NOTE, actor=actor, public=False, text=text)
    _attach(case, event, files, actor, False)
    return event


@transaction.atomic
def case_reply(
    *, case: Case, text: str, files: Sequence[UploadedFile] = (), actor: Any = None
) -> Case:
    """The person adds a message or files while the case is open; a paused case resumes."""
    workflow = workflow_for(case.kind)
    case = Case.objects.select_for_update().get(pk=case.pk)
    if not workflow.is_open(case.state):
        raise ApplicationError("case_closed", _("This case is closed; it cannot take replies."))
    if not text.strip() and not files:
        raise ApplicationError(
            "reply_empty",
            _("Write your message or attach a file."),
            fields={"text": _("Write your message or attach a file.")},
        )
    old = case.state
    if case.state in workflow.paused and workflow.resume_to:
        _apply_state(case, workflow, workflow.resume_to, timezone.now())
        case.save()
    event = _event(
        case,
        kind=EventKind.REPLY,
        actor=actor,
        public=True,
        text=text,
        from_state=old,
        to_state=case.state,
    )
    _attach(case, event, files, actor, True)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        target=case,
        changes={"reply": True, "files": len(files)},
    )
    return case


def reopen_window_open(case: Case, days: int, now: datetime) -> bool:
    return (
        bool(case.answered_at or case.closed_at)
        and (now - (case.closed_at or case.answered_at)).days < days
    )  # type: ignore[operator]


@transaction.atomic
def case_object(*, case: Case, text: str, window_days: int, actor: Any = None) -> Case:
    """The person objects to the answer within the window: the case reopens."""
    workflow = workflow_for(case.kind)
    case = Case.objects.select_for_update().get(pk=case.pk)
    now = timezone.now()
    if workflow.reopen_to is None or case.state not in (workflow.answered | workflow.closed):
        raise ApplicationError("cannot_object", _("Only an answered case can be objected to."))
    if not reopen_window_open(case, window_days, now):
        raise ApplicationError(
            "objection_window_passed",
            lazy_message(
                _("Objections are accepted within %(days)d days of the answer."), days=window_days
            ),
        )
    text = required_text(
        text,
        code="objection_empty",
        field="text",
        message=_("Say why the answer does not resolve it."),
        max_length=None,
    )
    old = _apply_state(case, workflow, workflow.reopen_to, now)
    case.reopen_count += 1
    _start_clock(case, now)
    case.save()
    _event(
        case,
        kind=EventKind.REOPENED,
        actor=actor,
        public=True,
        text=text,
        from_state=old,
        to_state=case.state,
    )
    audit_record(
        actor=actor,
        action=AuditAction.STATE,
        target=case,
        changes={"state": [old, case.state], "objection": True},
    )
    return case


@transaction.atomic
def case_rate(
    *, case: Case, rating: int, comment: str = "", low_reopens_at: int = 2, actor: Any = None
) -> Case:
    """The person rates each answer 1–5, once. A low rating reopens the case, only once."""
    workflow = workflow_for(case.kind)
    case = Case.objects.select_for_update().get(pk=case.pk)
    # Once per answer: after a low rating reopened the case, the new answer can be rated
    # (and its rating, not the first one, is what reports see).
    answered_since_rating = (
        case.rated_at is not None
        and case.answered_at is not None
        and case.answered_at > case.rated_at
    )
    if case.rating is not None and not answered_since_rating:
        raise ApplicationError("already_rated", _("This case has already been rated."))
    if case.answered_at is None:
        raise ApplicationError("not_answered", _("A case can be rated once it is answered."))
    if not 1 <= rating <= 5:
        raise ApplicationError(
            "rating_range",
            _("Choose a rating from 1 to 5."),
            fields={"rating": _("Choose a rating from 1 to 5.")},
        )
    now = timezone.now()
    case.rating, case.rated_at = rating, now
    _event(case, kind=EventKind.RATED, actor=actor, public=True, text=comment, to_state=str(rating))
    if (
        rating <= low_reopens_at
        and case.reopen_count == 0
        and workflow.reopen_to
        and workflow.can_move(case.state, workflow.reopen_to)
    ):
        old = _apply_state(case, workflow, workflow.reopen_to, now)
        case.reopen_count += 1
        _start_clock(case, now)
        _event(
            case,
            kind=EventKind.REOPENED,
            actor=actor,
            public=True,
            text=str(_("Reopened after a low rating.")),
            from_state=old,
            to_state=case.state,
        )
    case.save()
    audit_record(actor=actor, action=AuditAction.UPDATE, target=case, changes={"rating": rating})
    return case


def case_escalate_overdue(
    *, kind: str, now: datetime | None = None, limit: int = 500
) -> list[Case]:
    """Move overdue open cases one level up (county → province → HQ), restarting the clock."""
    workflow = workflow_for(kind)
    now = now or timezone.now()
    overdue = (
        Case.objects.filter(kind=kind, due_at__lt=now, paused_at__isnull=True)
        .exclude(state__in=workflow.closed | workflow.answered)
        .select_related("org_unit__parent")
        .order_by("due_at")[:limit]
    )
    moved = []
    for case in overdue:
        parent = case.org_unit.parent
        if parent is None:
            continue  # HQ has no one above it; the overdue list shows it
        target = workflow.escalated_to
        if target and case.state != target and not workflow.can_move(case.state, target):
            # E.g. a case nobody has screened yet: it moves up as it is, to be screened
            # there, instead of failing the whole pass on an illegal transition.
            target = case.state
        try:
            with transaction.atomic():
                # Re-check under the row lock: another pass or an officer may have acted.
                current = Case.objects.select_for_update().get(pk=case.pk)
                still_due = (
                    current.due_at is not None
                    and current.due_at < now
                    and current.paused_at is None
                    and current.state not in workflow.closed | workflow.answered
                    and current.org_unit_id == case.org_unit_id
                )
                if not still_due:
                    continue
                escalated = case_route(
                    actor=None,
                    scope=None,
                    case=current,
                    to_unit=parent,
                    now=now,
                    reason=str(_("The deadline passed: escalated to the next level.")),
                    kind=EventKind.ESCALATED,
                    to_state=target,
                )
                Case.objects.filter(pk=escalated.pk).update(
                    escalation_count=F("escalation_count") + 1
                )
                escalated.refresh_from_db(fields=["escalation_count"])
        except ApplicationError:
            # One case that cannot move must not stop the pass for every other case.
            logger.exception("Escalation of case %s failed", case.pk)
            continue
        moved.append(escalated)
    return moved
