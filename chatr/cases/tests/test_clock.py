"""The deadline clock: paused while waiting for the person, restarted on referral, never
touched by internal notes; milestones of the first answer."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from chatr.cases.choices import DeadlineBand, EventKind
from chatr.cases.deadlines import due_at_after
from chatr.cases.models import Case
from chatr.cases.selectors import case_clock
from chatr.cases.services import case_answer, case_note, case_reply, case_route, case_transition
from chatr.cases.tests.conftest import force_state, scope_of
from chatr.core.errors import ApplicationError
from chatr.watchdog.choices import MessageState as S

pytestmark = pytest.mark.django_db

TEHRAN = ZoneInfo("Asia/Tehran")
FILED = datetime(2025, 6, 2, 9, 0, tzinfo=TEHRAN)  # Monday; 10 working days → Saturday 14th


@pytest.fixture
def manager(world):
    return world.kerman_manager


@pytest.fixture
def scope(manager):
    return scope_of(manager)


@pytest.fixture
def screened(open_case, manager, scope) -> Case:
    """A Kerman county case with a 10-working-day clock, screened on the day it was filed."""
    case = open_case(deadline_days=10, now=FILED)
    return case_transition(actor=manager, scope=scope, case=case, to_state=S.SCREENED, now=FILED)


def _wait_for_person(case: Case, manager, scope, at: datetime) -> Case:
    return case_transition(
        actor=manager,
        scope=scope,
        case=case,
        to_state=S.WAITING,
        text="لطفاً تصویر حکم را بفرستید",
        now=at,
    )


def test_opening_starts_the_clock(screened) -> None:
    assert screened.clock_started_at == FILED
    assert screened.due_at == datetime(2025, 6, 14, 23, 59, 59, tzinfo=TEHRAN)
    assert screened.paused_at is None


def test_waiting_for_the_person_pauses_the_clock_with_the_days_left(
    screened, manager, scope
) -> None:
    pause_at = datetime(2025, 6, 8, 10, 0, tzinfo=TEHRAN)  # 5 working days used
    case = _wait_for_person(screened, manager, scope, pause_at)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.WAITING
    assert stored.paused_at == pause_at
    assert stored.paused_remaining_days == 5
    assert case_clock(stored, now=pause_at + timedelta(days=60)).band == DeadlineBand.PAUSED


def test_a_paused_case_is_not_overdue_however_long_it_waits(screened, manager, scope) -> None:
    case = _wait_for_person(screened, manager, scope, datetime(2025, 6, 8, 10, tzinfo=TEHRAN))
    assert case_clock(case, now=datetime(2025, 9, 1, tzinfo=TEHRAN)).band != DeadlineBand.RED


def test_resuming_gives_back_exactly_the_days_that_were_left(screened, manager, scope) -> None:
    case = _wait_for_person(screened, manager, scope, datetime(2025, 6, 8, 10, tzinfo=TEHRAN))
    resume_at = datetime(2025, 6, 22, 10, 0, tzinfo=TEHRAN)  # Sunday, two weeks later
    case = case_transition(
        actor=manager, scope=scope, case=case, to_state=S.IN_PROGRESS, now=resume_at
    )
    # 23, 24, 25, 26 and 28 June (Friday 27th skipped).
    assert case.due_at == datetime(2025, 6, 28, 23, 59, 59, tzinfo=TEHRAN)
    assert (case.paused_at, case.paused_remaining_days) == (None, None)


def test_a_reply_from_the_person_resumes_the_case_with_the_days_left(
    screened, manager, scope
) -> None:
    case = _wait_for_person(screened, manager, scope, datetime(2025, 6, 8, 10, tzinfo=TEHRAN))
    before = timezone.now()
    case = case_reply(case=case, text="تصویر حکم پیوست شد")
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.IN_PROGRESS
    assert (stored.paused_at, stored.paused_remaining_days) == (None, None)
    assert stored.due_at in {due_at_after(before, 5), due_at_after(timezone.now(), 5)}
    assert stored.due_at > screened.due_at  # the weeks spent waiting were not counted
    reply = stored.events.get(kind=EventKind.REPLY)
    assert reply.is_public
    assert (reply.from_state, reply.to_state) == (S.WAITING, S.IN_PROGRESS)


def test_a_case_paused_after_its_deadline_gets_one_working_day_on_resuming(
    screened, manager, scope
) -> None:
    case = _wait_for_person(screened, manager, scope, datetime(2025, 6, 20, 10, tzinfo=TEHRAN))
    assert case.paused_remaining_days == 0
    resumed = case_transition(
        actor=manager,
        scope=scope,
        case=case,
        to_state=S.IN_PROGRESS,
        now=datetime(2025, 6, 22, 10, tzinfo=TEHRAN),
    )
    assert resumed.due_at == datetime(2025, 6, 23, 23, 59, 59, tzinfo=TEHRAN)


def test_a_reply_to_a_running_case_leaves_state_and_clock_alone(screened) -> None:
    case = case_reply(case=screened, text="یک توضیح دیگر")
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.SCREENED
    assert stored.due_at == screened.due_at
    assert stored.events.filter(kind=EventKind.REPLY).count() == 1


def test_a_closed_case_takes_no_reply(screened, manager, scope) -> None:
    case = case_transition(actor=manager, scope=scope, case=screened, to_state=S.CLOSED)
    with pytest.raises(ApplicationError) as refused:
        case_reply(case=case, text="هنوز حل نشده")
    assert refused.value.code == "case_closed"
    assert not case.events.filter(kind=EventKind.REPLY).exists()


def test_an_empty_reply_is_refused(screened) -> None:
    with pytest.raises(ApplicationError) as refused:
        case_reply(case=screened, text="   ")
    assert refused.value.code == "reply_empty"


def test_routing_restarts_the_clock_and_restamps_the_scope_keys(
    world, screened, manager, scope, kerman_officer
) -> None:
    Case.objects.filter(pk=screened.pk).update(assigned_to=kerman_officer)
    routed_at = datetime(2025, 6, 10, 11, 0, tzinfo=TEHRAN)
    case = case_route(
        actor=manager,
        scope=scope,
        case=screened,
        to_unit=world.unit("C1901"),
        reason="محل سکونت متقاضی زنجان است",
        now=routed_at,
    )
    stored = Case.objects.get(pk=case.pk)
    assert stored.org_unit == world.unit("C1901")
    assert stored.scope_province == world.unit("P19")
    assert stored.scope_county == world.unit("C1901")
    assert stored.assigned_to is None
    assert stored.clock_started_at == routed_at
    assert stored.due_at == due_at_after(routed_at, 10)
    assert stored.state == S.SCREENED


def test_routing_writes_an_internal_routed_event_with_the_reason(
    world, screened, manager, scope
) -> None:
    case_route(
        actor=manager,
        scope=scope,
        case=screened,
        to_unit=world.unit("K0801"),
        reason="مربوط به شیرخوارگاه است",
    )
    event = screened.events.get(kind=EventKind.ROUTED)
    assert not event.is_public
    assert event.text == "مربوط به شیرخوارگاه است"
    assert (event.from_unit, event.to_unit) == (world.unit("C0801"), world.unit("K0801"))
    assert event.actor == manager
    stored = Case.objects.get(pk=screened.pk)
    assert (stored.scope_province, stored.scope_county) == (world.unit("P08"), world.unit("C0801"))


def test_routing_up_to_a_province_clears_the_county_key(world, screened, manager, scope) -> None:
    case = case_route(
        actor=manager,
        scope=scope,
        case=screened,
        to_unit=world.unit("P08"),
        reason="نیاز به تصمیم استان",
    )
    stored = Case.objects.get(pk=case.pk)
    assert stored.scope_province == world.unit("P08")
    assert stored.scope_county is None


def test_routing_a_new_case_marks_it_screened(world, open_case, manager, scope) -> None:
    case = case_route(
        actor=manager,
        scope=scope,
        case=open_case(),
        to_unit=world.unit("C0802"),
        reason="مربوط به رفسنجان",
    )
    assert case.state == S.SCREENED


def test_routing_a_paused_case_unpauses_and_restarts_the_full_clock(
    world, screened, manager, scope
) -> None:
    case = _wait_for_person(screened, manager, scope, datetime(2025, 6, 8, 10, tzinfo=TEHRAN))
    routed_at = datetime(2025, 6, 9, 10, tzinfo=TEHRAN)
    case = case_route(
        actor=manager,
        scope=scope,
        case=case,
        to_unit=world.unit("C0802"),
        reason="مربوط به رفسنجان",
        now=routed_at,
    )
    assert (case.paused_at, case.paused_remaining_days) == (None, None)
    assert case.due_at == due_at_after(routed_at, 10)


def test_a_note_never_changes_the_state_or_the_clock(screened, manager, scope) -> None:
    for state in (S.SCREENED, S.WAITING):
        case = force_state(screened, state)
        before = Case.objects.get(pk=case.pk)
        event = case_note(actor=manager, scope=scope, case=case, text="با مددکار هماهنگ شد")
        after = Case.objects.get(pk=case.pk)
        assert (after.state, after.due_at, after.paused_at, after.clock_started_at) == (
            before.state,
            before.due_at,
            before.paused_at,
            before.clock_started_at,
        )
        assert event.kind == EventKind.NOTE
        assert not event.is_public


def test_an_empty_note_is_refused(screened, manager, scope) -> None:
    with pytest.raises(ApplicationError) as refused:
        case_note(actor=manager, scope=scope, case=screened, text=" \n ")
    assert refused.value.code == "note_empty"


def test_answering_sets_first_answered_at_once(screened, manager, scope) -> None:
    case = case_answer(actor=manager, scope=scope, case=screened, text="مستمری واریز شد")
    assert case.state == S.ANSWERED
    assert case.first_answered_at is not None
    assert case.answered_at == case.first_answered_at
    first = case.first_answered_at - timedelta(days=3)
    Case.objects.filter(pk=case.pk).update(first_answered_at=first, answered_at=first)
    case = case_transition(actor=manager, scope=scope, case=case, to_state=S.REOPENED)
    case = case_answer(actor=manager, scope=scope, case=case, text="پاسخ تکمیلی")
    stored = Case.objects.get(pk=case.pk)
    assert stored.first_answered_at == first
    assert stored.answered_at > first


def test_an_answer_is_a_public_answer_event(screened, manager, scope) -> None:
    case_answer(actor=manager, scope=scope, case=screened, text="مستمری واریز شد")
    event = screened.events.get(kind=EventKind.ANSWER)
    assert event.is_public
    assert event.text == "مستمری واریز شد"
    assert (event.from_state, event.to_state) == (S.SCREENED, S.ANSWERED)


def test_an_empty_answer_is_refused_and_nothing_changes(screened, manager, scope) -> None:
    with pytest.raises(ApplicationError) as refused:
        case_answer(actor=manager, scope=scope, case=screened, text="")
    assert refused.value.code == "answer_empty"
    assert Case.objects.get(pk=screened.pk).first_answered_at is None


# A module whose steps have their own deadlines restarts the clock through the engine.
STEP_AT = datetime(2025, 6, 10, 11, 0, tzinfo=TEHRAN)  # Tuesday


def test_a_transition_with_deadline_days_restarts_the_clock_for_the_new_step(
    screened, manager, scope
) -> None:
    case = case_transition(
        actor=manager,
        scope=scope,
        case=screened,
        to_state=S.IN_PROGRESS,
        now=STEP_AT,
        deadline_days=3,
    )
    stored = Case.objects.get(pk=case.pk)
    assert stored.deadline_days == 3
    assert stored.clock_started_at == STEP_AT
    # 11, 12 and 14 June (Friday 13th skipped).
    assert stored.due_at == datetime(2025, 6, 14, 23, 59, 59, tzinfo=TEHRAN)
    assert stored.due_at == due_at_after(STEP_AT, 3)
    assert case_clock(stored, now=STEP_AT).band == DeadlineBand.GREEN


def test_a_transition_without_deadline_days_leaves_the_clock_running(
    screened, manager, scope
) -> None:
    case = case_transition(
        actor=manager, scope=scope, case=screened, to_state=S.IN_PROGRESS, now=STEP_AT
    )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.deadline_days, stored.clock_started_at, stored.due_at) == (
        10,
        FILED,
        screened.due_at,
    )


def test_zero_deadline_days_leaves_the_new_step_without_a_due_date(
    screened, manager, scope
) -> None:
    case = case_transition(
        actor=manager,
        scope=scope,
        case=screened,
        to_state=S.IN_PROGRESS,
        now=STEP_AT,
        deadline_days=0,
    )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.deadline_days, stored.due_at) == (0, None)
    assert case_clock(stored, now=STEP_AT).band == DeadlineBand.NONE


def test_a_step_that_begins_paused_keeps_all_its_new_days_for_when_it_resumes(
    screened, manager, scope
) -> None:
    case = case_transition(
        actor=manager,
        scope=scope,
        case=screened,
        to_state=S.WAITING,
        now=STEP_AT,
        deadline_days=4,
    )
    assert (case.paused_at, case.paused_remaining_days) == (STEP_AT, 4)
    resume_at = datetime(2025, 6, 22, 10, 0, tzinfo=TEHRAN)
    resumed = case_transition(
        actor=manager, scope=scope, case=case, to_state=S.IN_PROGRESS, now=resume_at
    )
    assert resumed.due_at == due_at_after(resume_at, 4)


def test_routing_with_deadline_days_restarts_the_clock_with_the_new_steps_days(
    world, screened, manager, scope
) -> None:
    case = case_route(
        actor=manager,
        scope=scope,
        case=screened,
        to_unit=world.unit("P08"),
        reason="نیاز به تصمیم استان",
        now=STEP_AT,
        deadline_days=5,
    )
    stored = Case.objects.get(pk=case.pk)
    assert (stored.deadline_days, stored.clock_started_at) == (5, STEP_AT)
    assert stored.due_at == due_at_after(STEP_AT, 5)
