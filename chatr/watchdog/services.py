"""Writers of the watchdog: intake from every channel, screening and handling, the person's
own actions on the tracking page, and the counters behind the dashboard."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import connection, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chatr.cases import services as cases
from chatr.cases.choices import EventKind
from chatr.cases.deadlines import local_date
from chatr.cases.files import check_upload
from chatr.cases.models import Case, CaseEvent
from chatr.core.errors import ApplicationError, lazy_message
from chatr.core.refcache import ProcessCopy
from chatr.core.tasks import task_enqueue
from chatr.core.text import normalize_persian
from chatr.core.tracking import format_tracking_code
from chatr.notifications.services import sms_send
from chatr.org.models import Membership, OrgUnit, OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm, Role
from chatr.org.scope import Scope
from chatr.watchdog.choices import MessageState, MessageType, Urgency
from chatr.watchdog.models import Category, DailyStat, DeadlinePolicy, Message
from chatr.watchdog.workflow import KIND

DEFAULT_DEADLINE_DAYS = {Urgency.NORMAL: 15, Urgency.URGENT: 3}
_STAT_TABLE = DailyStat._meta.db_table
_MESSAGE_TABLE = Message._meta.db_table
_CASE_TABLE = Case._meta.db_table


def duplicate_window_days() -> int:
    return int(getattr(settings, "WATCHDOG_DUPLICATE_WINDOW_DAYS", 30))


def objection_window_days() -> int:
    return int(getattr(settings, "WATCHDOG_OBJECTION_WINDOW_DAYS", 14))


# Intake reads the operator unit, the deadline policies and (Open311) a category by code for
# every message. They change rarely (HQ edits them in the admin), so each process keeps one
# copy (core.refcache): a change applies to messages filed up to REFERENCE_CACHE_SECONDS later
# (at once after the cache is cleared).
REFERENCE_CACHE_SECONDS = 60


@dataclass(frozen=True)
class _Reference:
    operator_unit: OrgUnit
    deadline_days: dict[tuple[str, str], int]  # (message type, urgency) → working days
    categories: dict[str, Category]  # active categories of active areas (area loaded), by code


def _load_reference() -> _Reference:
    return _Reference(
        operator_unit=OrgUnit.objects.get(kind=OrgUnitKind.HQ, parent__isnull=True),
        deadline_days={
            (p.message_type, p.urgency): p.working_days for p in DeadlinePolicy.objects.all()
        },
        categories={
            c.code: c
            for c in Category.objects.select_related("area").filter(
                is_active=True, area__is_active=True
            )
        },
    )


_reference = ProcessCopy("watchdog:intake-reference", _load_reference, REFERENCE_CACHE_SECONDS)


def deadline_days_for(message_type: str, urgent: bool) -> int:
    urgency = Urgency.URGENT if urgent else Urgency.NORMAL
    days = _reference.get().deadline_days.get((message_type, urgency))
    return days if days is not None else DEFAULT_DEADLINE_DAYS[urgency]


def operator_unit() -> OrgUnit:
    """The national operator unit that screens new messages (HQ)."""
    return _reference.get().operator_unit


def intake_category(code: str) -> Category | None:
    """The active category (of an active area) with this code, for intake by code (Open311)."""
    return _reference.get().categories.get(code)


@dataclass(frozen=True)
class Submission:
    message_type: str
    category: Category
    description: str
    channel: str
    concerned_unit: OrgUnit | None = None
    concerned_text: str = ""
    contact_name: str = ""
    contact_mobile: str = ""  # E.164, already normalized by the form or schema
    is_anonymous: bool = False
    identity_consent: bool = False


def _stat_bump(
    *, message: Message, case: Case, province_id: int | None, state: str, delta: int
) -> None:
    """Keep the dashboard counters in step (one UPDATE, an INSERT the first time a key is
    seen; no read-modify-write race).

    Plain SQL: it runs for every message filed and every change, and building the query with
    the ORM costs several times what the database spends on it."""
    key = {
        "day": local_date(case.filed_at),
        "province_id": province_id,
        "message_type": message.message_type,
        "area_id": message.area_id,
        "category_id": message.category_id,
        "channel": case.channel,
        "state": state,
    }
    where = " AND ".join(
        f"{name} IS NULL" if value is None else f"{name} = %s" for name, value in key.items()
    )
    params = [delta, *(value for value in key.values() if value is not None)]
    sql = f"UPDATE {_STAT_TABLE} SET filed = filed + %s WHERE {where}"  # noqa: S608 - fixed names
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        updated = cursor.rowcount
    if not updated and delta > 0:
        DailyStat.objects.create(**key, filed=delta)


def _province_of(message: Message, case: Case) -> int | None:
    """Reports count a message in the province it is about (else where it is handled)."""
    return _counted_province(message, handled_in=case.scope_province_id)


def _counted_province(message: Message, *, handled_in: int | None) -> int | None:
    """The province a message counts in while the province `handled_in` handles it."""
    if message.concerned_unit_id and message.concerned_unit.province_id:  # type: ignore[union-attr]
        return message.concerned_unit.province_id  # type: ignore[union-attr]
    return handled_in


def _find_duplicate(
    *, submission: Submission, requester: Any, filed_at: datetime
) -> tuple[int, str] | None:
    """The latest earlier message of the same person, category and unit concerned inside the
    window, as (case id, tracking code); looked up before the new message is written.

    Plain SQL for the same reason as _stat_bump: every message filed runs it."""
    if requester is not None:
        person, who = "c.requester_id = %s", requester.pk
    elif submission.contact_mobile:
        person, who = "c.contact_mobile = %s", submission.contact_mobile
    else:
        return None
    unit = submission.concerned_unit
    sql = (
        f"SELECT m.case_id, c.tracking_code FROM {_MESSAGE_TABLE} m "  # noqa: S608 - fixed names
        f"JOIN {_CASE_TABLE} c ON c.id = m.case_id "
        f"WHERE {person} AND m.category_id = %s AND "
        f"m.concerned_unit_id {'IS NULL' if unit is None else '= %s'} AND c.filed_at >= %s "
        "ORDER BY c.filed_at DESC LIMIT 1"
    )
    since = filed_at - timedelta(days=duplicate_window_days())
    params = [who, submission.category.pk, *([] if unit is None else [unit.pk]), since]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    return (row[0], row[1]) if row else None


def _validate(submission: Submission) -> None:
    if submission.is_anonymous and submission.message_type != MessageType.VIOLATION_REPORT:
        raise ApplicationError(
            "anonymous_only_for_violations",
            _(
                "Only reports of a violation can be sent anonymously. Give your contact details, "
                "or choose “Report of a violation”."
            ),
            fields={"is_anonymous": _("Only reports of a violation can be anonymous.")},
        )
    if len(submission.description.strip()) < 10:
        raise ApplicationError(
            "description_too_short",
            _("Describe the matter in a few words (10 characters or more)."),
            fields={"description": _("Describe the matter in a few words.")},
        )
    if not submission.is_anonymous and not submission.contact_mobile:
        raise ApplicationError(
            "contact_required",
            _("Give a mobile number so we can send you the tracking code and the answer."),
            fields={"contact_mobile": _("Give a mobile number.")},
        )
    if not submission.category.is_active:
        raise ApplicationError(
            "category_inactive",
            _("Choose another category."),
            fields={"category": _("Choose another category.")},
        )


@transaction.atomic
def message_submit(
    *,
    submission: Submission,
    files: Sequence[UploadedFile] = (),
    requester: Any = None,
    filed_by: Any = None,
    now: datetime | None = None,
) -> cases.Opened:
    """File a message from any channel: tracking code at once, SMS, duplicates flagged."""
    _validate(submission)
    for upload in files:  # refuse a bad file before anything is written
        check_upload(upload)
    category = submission.category
    now = now or timezone.now()
    duplicate = _find_duplicate(submission=submission, requester=requester, filed_at=now)
    opened = cases.case_open(
        kind=KIND,
        unit=operator_unit(),
        channel=submission.channel,
        subject=normalize_persian(submission.description)[:80],
        deadline_days=deadline_days_for(submission.message_type, category.is_urgent),
        requester=requester,
        contact_name=normalize_persian(submission.contact_name),
        contact_mobile=submission.contact_mobile,
        is_anonymous=submission.is_anonymous,
        identity_consent=submission.identity_consent,
        filed_by=filed_by,
        is_sensitive=category.is_sensitive,
        is_urgent=category.is_urgent,
        now=now,
    )
    case = opened.case
    message = Message.objects.create(
        case=case,
        message_type=submission.message_type,
        area_id=category.area_id,
        category=category,
        concerned_unit=submission.concerned_unit,
        concerned_text=normalize_persian(submission.concerned_text),
        description=normalize_persian(submission.description),
        duplicate_of_id=duplicate[0] if duplicate else None,
    )
    if files:
        first_event = case.events.filter(kind=EventKind.FILED).first()
        cases.case_attach(
            case=case, files=files, actor=filed_by or requester, public=True, event=first_event
        )
    if duplicate is not None:
        CaseEvent.objects.create(
            case=case, kind=EventKind.DUPLICATE, is_public=False, text=duplicate[1]
        )
    _stat_bump(
        message=message,
        case=case,
        province_id=_province_of(message, case),
        state=case.state,
        delta=1,
    )
    if case.contact_mobile:
        # The outbox row and its delivery task are written with the message (and rolled
        # back with it): see core.tasks.
        _sms_tracking_code(case.contact_mobile, case.tracking_code)
    if category.is_urgent:
        _enqueue_urgent(case.pk)
    return opened


def _sms_tracking_code(mobile: str, code: str) -> None:
    with translation.override("fa"):
        text = lazy_message(
            _(
                "Your message was received. Tracking code: %(code)s. Follow it at the Watchdog "
                "or on line 1482."
            ),
            code=format_tracking_code(code),
        )
        sms_send(to=mobile, text=str(text), purpose="watchdog_tracking_code")


def _enqueue_urgent(case_id: int) -> None:
    from chatr.watchdog.tasks import notify_urgent_task

    task_enqueue(notify_urgent_task, case_id=case_id)


def notify_urgent(*, case_id: int) -> int:
    """Tell the managers of the province concerned (or HQ) at once, by SMS; return how many."""
    case = Case.objects.select_related("watchdog_message__concerned_unit").get(pk=case_id)
    message = case.watchdog_message
    province_id = _province_of(message, case)
    units = [province_id] if province_id else [operator_unit().pk]
    managers = (
        Membership.objects.filter(
            org_unit_id__in=units, role__in=[Role.PROVINCE_MANAGER, Role.HQ_MANAGER]
        )
        .select_related("user")
        .exclude(user__mobile__isnull=True)
    )
    sent = 0
    with translation.override("fa"):
        text = str(
            lazy_message(
                _("Urgent Watchdog message %(code)s needs attention now."),
                code=format_tracking_code(case.tracking_code),
            )
        )
    for membership in managers:
        sms_send(to=membership.user.mobile, text=text, purpose="watchdog_urgent")
        sent += 1
    CaseEvent.objects.create(
        case=case,
        kind=EventKind.NOTE,
        is_public=False,
        text=str(_("Urgent: the province manager was notified.")),
    )
    return sent


def _track_state(case: Case, old_state: str, old_province_id: int | None) -> None:
    """Move the message's count from its old counter to its new one after a change.

    `old_state` and `old_province_id` are case.state and case.scope_province_id as they were
    before the change: a referral moves a message with no unit concerned between provinces
    (or from the national operator to a province) even when its state stays the same."""
    state_moved = case.state != old_state
    if not state_moved and case.scope_province_id == old_province_id:
        return
    message = Message.objects.select_related("concerned_unit").get(case=case)
    before = _counted_province(message, handled_in=old_province_id)
    after = _province_of(message, case)
    if not state_moved and before == after:
        return
    _stat_bump(message=message, case=case, province_id=before, state=old_state, delta=-1)
    _stat_bump(message=message, case=case, province_id=after, state=case.state, delta=1)


@transaction.atomic
def message_screen(*, actor: Any, scope: Scope, case: Case, to_unit: OrgUnit, reason: str) -> Case:
    """The operator unit screens a new message and sends it to an HQ unit or a province."""
    require(scope, Perm.CASE_HANDLE, case)
    old, old_province = case.state, case.scope_province_id
    if case.state == MessageState.NEW:
        case = cases.case_transition(
            actor=actor, scope=scope, case=case, to_state=MessageState.SCREENED, public=True
        )
    if to_unit.pk != case.org_unit_id:
        case = cases.case_route(actor=actor, scope=scope, case=case, to_unit=to_unit, reason=reason)
    _track_state(case, old, old_province)
    return case


@transaction.atomic
def message_route(*, actor: Any, scope: Scope, case: Case, to_unit: OrgUnit, reason: str) -> Case:
    """Refer to another unit: down (county, center's supervising unit), up, or sideways."""
    old, old_province = case.state, case.scope_province_id
    case = cases.case_route(actor=actor, scope=scope, case=case, to_unit=to_unit, reason=reason)
    _track_state(case, old, old_province)
    return case


@transaction.atomic
def message_transition(
    *, actor: Any, scope: Scope, case: Case, to_state: str, text: str = ""
) -> Case:
    old, old_province = case.state, case.scope_province_id
    case = cases.case_transition(actor=actor, scope=scope, case=case, to_state=to_state, text=text)
    _track_state(case, old, old_province)
    return case


@transaction.atomic
def message_answer(
    *, actor: Any, scope: Scope, case: Case, text: str, files: Sequence[UploadedFile] = ()
) -> Case:
    """Answer the person (they see it on the tracking page and get an SMS)."""
    old, old_province = case.state, case.scope_province_id
    case = cases.case_answer(
        actor=actor, scope=scope, case=case, text=text, files=files, to_state=MessageState.ANSWERED
    )
    _track_state(case, old, old_province)
    if case.contact_mobile:
        _sms_answered(case.contact_mobile, case.tracking_code)  # outbox row; sent after commit
    return case


def _sms_answered(mobile: str, code: str) -> None:
    with translation.override("fa"):
        text = lazy_message(
            _(
                "Your message %(code)s has been answered. See the answer and rate it on the "
                "tracking page."
            ),
            code=format_tracking_code(code),
        )
        sms_send(to=mobile, text=str(text), purpose="watchdog_answered")


@transaction.atomic
def message_close(*, actor: Any, scope: Scope, case: Case, text: str = "") -> Case:
    return message_transition(
        actor=actor, scope=scope, case=case, to_state=MessageState.CLOSED, text=text
    )


@transaction.atomic
def message_person_reply(*, case: Case, text: str, files: Sequence[UploadedFile] = ()) -> Case:
    old, old_province = case.state, case.scope_province_id
    case = cases.case_reply(case=case, text=normalize_persian(text), files=files)
    _track_state(case, old, old_province)
    return case


@transaction.atomic
def message_person_object(*, case: Case, text: str) -> Case:
    old, old_province = case.state, case.scope_province_id
    case = cases.case_object(
        case=case, text=normalize_persian(text), window_days=objection_window_days()
    )
    _track_state(case, old, old_province)
    return case


@transaction.atomic
def message_person_rate(*, case: Case, rating: int, comment: str = "") -> Case:
    old, old_province = case.state, case.scope_province_id
    case = cases.case_rate(case=case, rating=rating, comment=normalize_persian(comment))
    _track_state(case, old, old_province)
    return case


def message_escalate_overdue(*, now: datetime | None = None) -> int:
    """Escalate every overdue open message one level up; return how many moved."""
    moved = cases.case_escalate_overdue(kind=KIND, now=now)
    for case in moved:
        last = (
            case.events.filter(kind=EventKind.ESCALATED)
            .select_related("from_unit")
            .order_by("-at", "-id")
            .first()
        )
        if last is not None and last.from_state:
            old_province = last.from_unit.province_id if last.from_unit else None
            _track_state(case, last.from_state, old_province)
    return len(moved)
