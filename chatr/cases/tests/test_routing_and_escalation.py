"""Referral between units and the overdue escalation pass (county → province → HQ)."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from chatr.cases.choices import EventKind
from chatr.cases.deadlines import due_at_after
from chatr.cases.models import Case
from chatr.cases.services import case_answer, case_escalate_overdue, case_route, case_transition
from chatr.cases.tests.conftest import scope_of
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.watchdog.choices import MessageState as S
from chatr.watchdog.workflow import KIND

pytestmark = pytest.mark.django_db

TEHRAN = ZoneInfo("Asia/Tehran")
FILED = datetime(2025, 6, 2, 9, 0, tzinfo=TEHRAN)  # Monday; 5 working days → Sunday 8th
OVERDUE = datetime(2025, 6, 9, 9, 0, tzinfo=TEHRAN)


@pytest.fixture
def manager(world):
    return world.kerman_manager


@pytest.fixture
def make_screened(open_case, world):
    def make(unit_code: str = "C0801", *, at: datetime = FILED, **extra) -> Case:
        case = open_case(unit_code, deadline_days=5, now=at, **extra)
        return case_transition(actor=None, scope=None, case=case, to_state=S.SCREENED, now=at)

    return make


def _escalate(now: datetime) -> list[Case]:
    return case_escalate_overdue(kind=KIND, now=now)


# --- referral ------------------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["", "   ", "\n\t"])
def test_a_referral_needs_a_reason(world, make_screened, manager, reason) -> None:
    case = make_screened()
    with pytest.raises(ApplicationError) as refused:
        case_route(
            actor=manager,
            scope=scope_of(manager),
            case=case,
            to_unit=world.unit("C0802"),
            reason=reason,
        )
    assert refused.value.code == "route_reason_required"
    assert "reason" in refused.value.fields
    assert Case.objects.get(pk=case.pk).org_unit == world.unit("C0801")


def test_a_case_cannot_be_referred_to_the_unit_that_has_it(world, make_screened, manager) -> None:
    case = make_screened()
    with pytest.raises(ApplicationError) as refused:
        case_route(
            actor=manager,
            scope=scope_of(manager),
            case=case,
            to_unit=world.unit("C0801"),
            reason="اشتباه",
        )
    assert refused.value.code == "route_same_unit"
    assert not case.events.filter(kind=EventKind.ROUTED).exists()


def test_an_officer_cannot_refer_a_case_outside_their_scope(world, make_screened) -> None:
    case = make_screened()
    officer = world.zanjan_officer
    with pytest.raises(NotFoundError):
        case_route(
            actor=officer,
            scope=scope_of(officer),
            case=case,
            to_unit=world.unit("C1901"),
            reason="به زنجان",
        )
    assert Case.objects.get(pk=case.pk).org_unit == world.unit("C0801")


def test_a_referred_case_leaves_the_old_units_scope(world, make_screened, manager) -> None:
    from chatr.cases.selectors import case_queryset

    case = make_screened()
    case_route(
        actor=manager,
        scope=scope_of(manager),
        case=case,
        to_unit=world.unit("C1901"),
        reason="محل سکونت زنجان",
    )
    assert not case_queryset(scope=scope_of(manager)).filter(pk=case.pk).exists()
    assert case_queryset(scope=scope_of(world.zanjan_officer)).filter(pk=case.pk).exists()


def test_a_closed_case_cannot_be_referred(world, make_screened, manager) -> None:
    case = case_transition(actor=None, scope=None, case=make_screened(), to_state=S.CLOSED)
    with pytest.raises(ApplicationError) as refused:
        case_route(
            actor=manager,
            scope=scope_of(manager),
            case=case,
            to_unit=world.unit("C0802"),
            reason="به رفسنجان",
        )
    assert refused.value.code == "illegal_transition"
    assert Case.objects.get(pk=case.pk).org_unit == world.unit("C0801")


# --- escalation ----------------------------------------------------------------------------


def test_an_overdue_county_case_escalates_to_its_province(
    world, make_screened, kerman_officer
) -> None:
    case = make_screened()
    Case.objects.filter(pk=case.pk).update(assigned_to=kerman_officer)
    moved = _escalate(OVERDUE)
    assert [c.pk for c in moved] == [case.pk]
    stored = Case.objects.get(pk=case.pk)
    assert stored.org_unit == world.unit("P08")
    assert (stored.scope_province, stored.scope_county) == (world.unit("P08"), None)
    assert stored.state == S.ESCALATED
    assert stored.escalation_count == 1
    assert stored.assigned_to is None
    assert stored.clock_started_at == OVERDUE
    assert stored.due_at == due_at_after(OVERDUE, 5)
    event = stored.events.get(kind=EventKind.ESCALATED)
    assert (event.from_unit, event.to_unit) == (world.unit("C0801"), world.unit("P08"))
    assert (event.from_state, event.to_state) == (S.SCREENED, S.ESCALATED)
    assert event.text


def test_an_escalated_case_is_not_moved_again_until_its_new_deadline_passes(
    world, make_screened
) -> None:
    case = make_screened()
    _escalate(OVERDUE)
    assert _escalate(OVERDUE + timedelta(hours=1)) == []
    assert Case.objects.get(pk=case.pk).org_unit == world.unit("P08")


def test_a_province_case_overdue_again_escalates_to_hq(world, make_screened) -> None:
    case = make_screened()
    _escalate(OVERDUE)
    second_due = Case.objects.get(pk=case.pk).due_at
    moved = _escalate(second_due + timedelta(seconds=1))
    assert [c.escalation_count for c in moved] == [2]
    stored = Case.objects.get(pk=case.pk)
    assert stored.org_unit == world.unit("HQ")
    assert (stored.scope_province, stored.scope_county) == (None, None)
    assert stored.state == S.ESCALATED
    assert stored.escalation_count == 2
    assert stored.events.filter(kind=EventKind.ESCALATED).count() == 2


def test_an_overdue_hq_case_stays_at_hq(world, make_screened) -> None:
    case = make_screened("HQ")
    assert _escalate(OVERDUE) == []
    stored = Case.objects.get(pk=case.pk)
    assert stored.org_unit == world.unit("HQ")
    assert stored.escalation_count == 0
    assert not stored.events.filter(kind=EventKind.ESCALATED).exists()


def test_a_center_case_escalates_to_its_county_first(world, make_screened) -> None:
    case = make_screened("K0801")
    _escalate(OVERDUE)
    assert Case.objects.get(pk=case.pk).org_unit == world.unit("C0801")


def test_a_case_waiting_for_the_person_is_not_escalated(world, make_screened) -> None:
    case = make_screened()
    case_transition(
        actor=None, scope=None, case=case, to_state=S.WAITING, now=FILED + timedelta(hours=1)
    )
    assert _escalate(OVERDUE + timedelta(days=30)) == []
    assert Case.objects.get(pk=case.pk).org_unit == world.unit("C0801")


def test_answered_and_closed_cases_are_not_escalated(world, make_screened, manager) -> None:
    answered = make_screened()
    case_answer(actor=manager, scope=scope_of(manager), case=answered, text="انجام شد")
    closed = case_transition(actor=None, scope=None, case=make_screened(), to_state=S.CLOSED)
    assert _escalate(OVERDUE) == []
    for case in (answered, closed):
        stored = Case.objects.get(pk=case.pk)
        assert stored.org_unit == world.unit("C0801")
        assert stored.escalation_count == 0


def test_a_case_not_yet_due_is_not_escalated(world, make_screened) -> None:
    case = make_screened()
    assert _escalate(case.due_at - timedelta(seconds=1)) == []
    assert _escalate(case.due_at) == []  # due until the last second of the day


def test_only_cases_of_the_given_kind_are_escalated(world, make_screened) -> None:
    make_screened()
    assert case_escalate_overdue(kind=KIND, now=FILED) == []
    with pytest.raises(KeyError):
        case_escalate_overdue(kind="no.such_kind", now=OVERDUE)


def test_an_overdue_case_nobody_screened_still_escalates(world, open_case) -> None:
    # The most common overdue case is one nobody looked at: it must move up (and still be
    # marked for screening), not stop the whole pass with an illegal transition.
    unscreened = open_case(deadline_days=5, now=FILED)
    moved = _escalate(OVERDUE)
    assert [c.pk for c in moved] == [unscreened.pk]
    stored = Case.objects.get(pk=unscreened.pk)
    assert stored.org_unit == world.unit("P08")
    assert stored.state == S.NEW  # still to be screened, now by the province
    assert stored.escalation_count == 1
    assert stored.events.filter(kind=EventKind.ESCALATED).exists()


def test_one_case_that_cannot_move_does_not_stop_the_others(
    world, open_case, make_screened
) -> None:
    open_case(deadline_days=5, now=FILED - timedelta(days=1))  # first in due order
    screened = make_screened()
    _escalate(OVERDUE)
    assert Case.objects.get(pk=screened.pk).org_unit == world.unit("P08")
