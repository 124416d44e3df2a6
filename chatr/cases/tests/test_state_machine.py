"""Every legal move of the watchdog workflow goes through the engine; every other is refused."""

from __future__ import annotations

import re
from itertools import product

import pytest
from django.contrib.contenttypes.models import ContentType
from django.utils import translation

from chatr.audit.models import AuditAction, AuditEvent
from chatr.cases.choices import EventKind
from chatr.cases.models import Case, CaseEvent
from chatr.cases.services import case_transition
from chatr.cases.tests.conftest import force_state, scope_of
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.watchdog.choices import MessageState as S
from chatr.watchdog.workflow import KIND, WORKFLOW

pytestmark = pytest.mark.django_db

STATES = [str(state) for state in S.values]
LEGAL = sorted((a, b) for a, b in product(STATES, STATES) if WORKFLOW.can_move(a, b))
ILLEGAL = sorted((a, b) for a, b in product(STATES, STATES) if not WORKFLOW.can_move(a, b))
PERSIAN_LETTERS = re.compile("[\u0600-\u06ff]")


def test_the_watchdog_workflow_is_registered_under_its_kind() -> None:
    from chatr.cases.workflow import workflow_for

    assert workflow_for(KIND) is WORKFLOW
    assert WORKFLOW.initial == S.NEW


def test_every_state_is_reachable_from_new_and_none_is_a_dead_end() -> None:
    reachable, frontier = {WORKFLOW.initial}, [WORKFLOW.initial]
    while frontier:
        for target in WORKFLOW.transitions.get(frontier.pop(), frozenset()):
            if target not in reachable:
                reachable.add(target)
                frontier.append(target)
    assert reachable == set(STATES)
    assert all(WORKFLOW.transitions.get(state) for state in STATES)


def test_the_hook_states_are_reachable_from_where_the_engine_uses_them() -> None:
    # The person's reply resumes a paused case; objections and low ratings reopen an answer.
    for paused in WORKFLOW.paused:
        assert WORKFLOW.resume_to is not None
        assert WORKFLOW.can_move(paused, WORKFLOW.resume_to)
    for done in WORKFLOW.answered | WORKFLOW.closed:
        assert WORKFLOW.reopen_to is not None
        assert WORKFLOW.can_move(done, WORKFLOW.reopen_to)


@pytest.mark.parametrize(("from_state", "to_state"), LEGAL)
def test_legal_move_passes_case_transition(world, open_case, from_state, to_state) -> None:
    case = force_state(open_case(), from_state)
    moved = case_transition(
        actor=world.kerman_manager,
        scope=scope_of(world.kerman_manager),
        case=case,
        to_state=to_state,
        text="بررسی شد",
    )
    assert moved.state == to_state
    assert Case.objects.get(pk=case.pk).state == to_state


@pytest.mark.parametrize(("from_state", "to_state"), ILLEGAL)
def test_illegal_move_is_refused_with_409(world, open_case, from_state, to_state) -> None:
    case = force_state(open_case(), from_state)
    events_before = CaseEvent.objects.filter(case=case).count()
    with pytest.raises(ApplicationError) as refused:
        case_transition(
            actor=world.kerman_manager,
            scope=scope_of(world.kerman_manager),
            case=case,
            to_state=to_state,
        )
    assert refused.value.code == "illegal_transition"
    assert refused.value.status == 409
    assert Case.objects.get(pk=case.pk).state == from_state
    assert CaseEvent.objects.filter(case=case).count() == events_before


@pytest.mark.parametrize(
    ("from_state", "to_state"), [(S.NEW, S.ANSWERED), (S.CLOSED, S.IN_PROGRESS)]
)
def test_refusal_names_both_states_in_english_and_persian(
    world, open_case, from_state, to_state
) -> None:
    case = force_state(open_case(), from_state)
    with pytest.raises(ApplicationError) as refused:
        case_transition(
            actor=world.kerman_manager,
            scope=scope_of(world.kerman_manager),
            case=case,
            to_state=to_state,
        )
    error = refused.value
    with translation.override("en"):
        current_en, target_en = str(WORKFLOW.label(from_state)), str(WORKFLOW.label(to_state))
    with translation.override("fa"):
        current_fa, target_fa = str(WORKFLOW.label(from_state)), str(WORKFLOW.label(to_state))
    assert current_en in error.message_en and target_en in error.message_en
    assert error.message_en.index(current_en) < error.message_en.index(target_en)
    assert current_fa in error.message_fa and target_fa in error.message_fa
    assert error.as_dict()["code"] == "illegal_transition"


def test_refusal_message_and_state_labels_are_translated_into_persian(world, open_case) -> None:
    case = open_case()
    with pytest.raises(ApplicationError) as refused:
        case_transition(
            actor=world.kerman_manager,
            scope=scope_of(world.kerman_manager),
            case=case,
            to_state=S.ANSWERED,
        )
    error = refused.value
    assert PERSIAN_LETTERS.search(error.message_fa), error.message_fa
    assert error.message_fa != error.message_en
    with translation.override("fa"):
        assert PERSIAN_LETTERS.search(str(WORKFLOW.label(S.NEW)))
        assert PERSIAN_LETTERS.search(str(WORKFLOW.label(S.ANSWERED)))


def test_a_move_puts_a_state_event_on_the_timeline(world, open_case) -> None:
    case = open_case()
    case_transition(
        actor=world.kerman_manager,
        scope=scope_of(world.kerman_manager),
        case=case,
        to_state=S.SCREENED,
        text="به واحد مربوط ارسال شد",
        public=True,
    )
    event = CaseEvent.objects.filter(case=case, kind=EventKind.STATE).get()
    assert (event.from_state, event.to_state) == (S.NEW, S.SCREENED)
    assert event.actor == world.kerman_manager
    assert event.is_public
    assert event.text == "به واحد مربوط ارسال شد"


def test_a_move_is_recorded_in_the_audit_trail(world, open_case) -> None:
    case = open_case()
    case_transition(
        actor=world.kerman_manager,
        scope=scope_of(world.kerman_manager),
        case=case,
        to_state=S.SCREENED,
    )
    event = AuditEvent.objects.filter(
        target_type=ContentType.objects.get_for_model(Case),
        target_id=str(case.pk),
        action=AuditAction.STATE,
    ).get()
    assert event.actor == world.kerman_manager
    assert event.changes == {"state": [S.NEW, S.SCREENED]}
    assert event.org_unit == world.unit("C0801")


def test_opening_a_case_starts_the_timeline_and_the_audit_trail(world, open_case) -> None:
    case = open_case()
    assert case.state == WORKFLOW.initial
    assert list(case.events.values_list("kind", flat=True)) == [EventKind.FILED]
    assert AuditEvent.objects.filter(target_id=str(case.pk), action=AuditAction.CREATE).exists()


def test_an_officer_out_of_scope_cannot_move_a_case_and_learns_nothing(world, open_case) -> None:
    case = open_case()
    with pytest.raises(NotFoundError):
        case_transition(
            actor=world.zanjan_officer,
            scope=scope_of(world.zanjan_officer),
            case=case,
            to_state=S.SCREENED,
        )
    assert Case.objects.get(pk=case.pk).state == S.NEW


def test_a_staff_member_in_scope_without_the_handle_permission_is_forbidden(
    world, open_case
) -> None:
    case = open_case("K0801")
    operator = world.kerman_center_operator
    with pytest.raises(PermissionDeniedError):
        case_transition(actor=operator, scope=scope_of(operator), case=case, to_state=S.SCREENED)


def test_closing_stamps_closed_at_and_reopening_clears_it(world, open_case) -> None:
    manager, scope = world.kerman_manager, scope_of(world.kerman_manager)
    case = open_case()
    case = case_transition(actor=manager, scope=scope, case=case, to_state=S.CLOSED)
    assert case.closed_at is not None
    case = case_transition(actor=manager, scope=scope, case=case, to_state=S.REOPENED)
    assert case.closed_at is None
