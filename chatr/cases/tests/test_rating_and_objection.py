"""The person's say after an answer: a 1–5 rating (a low one reopens once) and an objection
within the window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import IntegrityError

from chatr.cases.choices import EventKind
from chatr.cases.models import Case
from chatr.cases.services import case_answer, case_object, case_rate, case_transition
from chatr.cases.tests.conftest import scope_of
from chatr.core.errors import ApplicationError
from chatr.watchdog.choices import MessageState as S

pytestmark = pytest.mark.django_db

WINDOW_DAYS = 7


@pytest.fixture
def answer(world):
    manager = world.kerman_manager

    def give(case: Case, text: str = "مستمری شما واریز شد") -> Case:
        return case_answer(actor=manager, scope=scope_of(manager), case=case, text=text)

    return give


@pytest.fixture
def answered(open_case, answer) -> Case:
    case = case_transition(actor=None, scope=None, case=open_case(), to_state=S.SCREENED)
    return answer(case)


def _age_answer(case: Case, days: float) -> None:
    """Pretend the answer (and any closing) happened `days` ago."""
    stored = Case.objects.get(pk=case.pk)
    moved = {
        name: getattr(stored, name) - timedelta(days=days)
        for name in ("answered_at", "closed_at")
        if getattr(stored, name)
    }
    Case.objects.filter(pk=case.pk).update(**moved)


# --- rating --------------------------------------------------------------------------------


def test_a_case_cannot_be_rated_before_it_is_answered(open_case) -> None:
    case = open_case()
    with pytest.raises(ApplicationError) as refused:
        case_rate(case=case, rating=5)
    assert refused.value.code == "not_answered"
    assert Case.objects.get(pk=case.pk).rating is None


def test_a_case_closed_without_an_answer_cannot_be_rated(open_case) -> None:
    case = case_transition(actor=None, scope=None, case=open_case(), to_state=S.CLOSED)
    with pytest.raises(ApplicationError) as refused:
        case_rate(case=case, rating=1)
    assert refused.value.code == "not_answered"


@pytest.mark.parametrize("rating", [0, 6, -1, 10])
def test_a_rating_outside_one_to_five_is_refused(answered, rating) -> None:
    with pytest.raises(ApplicationError) as refused:
        case_rate(case=answered, rating=rating)
    assert refused.value.code == "rating_range"
    assert "rating" in refused.value.fields
    assert Case.objects.get(pk=answered.pk).rating is None


def test_the_database_refuses_a_rating_outside_one_to_five(answered) -> None:
    with pytest.raises(IntegrityError):
        Case.objects.filter(pk=answered.pk).update(rating=6)


@pytest.mark.parametrize("rating", [3, 4, 5])
def test_a_fair_rating_is_stored_and_the_case_stays_answered(answered, rating) -> None:
    case = case_rate(case=answered, rating=rating, comment="ممنون")
    stored = Case.objects.get(pk=case.pk)
    assert (stored.rating, stored.state, stored.reopen_count) == (rating, S.ANSWERED, 0)
    assert stored.rated_at is not None
    event = stored.events.get(kind=EventKind.RATED)
    assert event.is_public
    assert event.text == "ممنون"


def test_an_answer_is_rated_only_once(answered) -> None:
    case_rate(case=answered, rating=4)
    with pytest.raises(ApplicationError) as refused:
        case_rate(case=answered, rating=5)
    assert refused.value.code == "already_rated"
    assert Case.objects.get(pk=answered.pk).rating == 4


@pytest.mark.parametrize("rating", [1, 2])
def test_a_low_rating_reopens_the_case(answered, rating) -> None:
    case = case_rate(case=answered, rating=rating)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.REOPENED
    assert stored.reopen_count == 1
    assert stored.rating == rating
    assert stored.clock_started_at > answered.clock_started_at
    kinds = list(stored.events.order_by("at", "id").values_list("kind", flat=True))
    assert kinds[-2:] == [EventKind.RATED, EventKind.REOPENED]


def test_a_second_low_rating_after_a_second_answer_does_not_reopen_again(answered, answer) -> None:
    reopened = case_rate(case=answered, rating=1)
    second = answer(reopened, "پرونده دوباره بررسی و مستمری پرداخت شد")
    case = case_rate(case=second, rating=2)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.ANSWERED
    assert stored.reopen_count == 1
    assert stored.rating == 2  # the rating of the latest answer
    assert stored.events.filter(kind=EventKind.RATED).count() == 2
    assert stored.events.filter(kind=EventKind.REOPENED).count() == 1


def test_a_low_rating_after_an_objection_reopened_it_does_not_reopen_again(
    answered, answer
) -> None:
    reopened = case_object(case=answered, text="پاسخ مشکل را حل نکرد", window_days=WINDOW_DAYS)
    case = case_rate(case=answer(reopened), rating=1)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.ANSWERED
    assert stored.reopen_count == 1


def test_a_closed_answered_case_is_reopened_by_a_low_rating(answered) -> None:
    closed = case_transition(actor=None, scope=None, case=answered, to_state=S.CLOSED)
    case = case_rate(case=closed, rating=1)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.REOPENED
    assert stored.closed_at is None


# --- objection -----------------------------------------------------------------------------


def test_an_objection_within_the_window_reopens_the_case(answered) -> None:
    _age_answer(answered, WINDOW_DAYS - 1)
    case = case_object(case=answered, text="پاسخ مشکل را حل نکرد", window_days=WINDOW_DAYS)
    stored = Case.objects.get(pk=case.pk)
    assert stored.state == S.REOPENED
    assert stored.reopen_count == 1
    event = stored.events.get(kind=EventKind.REOPENED)
    assert event.is_public
    assert event.text == "پاسخ مشکل را حل نکرد"
    assert (event.from_state, event.to_state) == (S.ANSWERED, S.REOPENED)


def test_an_objection_restarts_the_clock(answered) -> None:
    case = case_object(case=answered, text="حل نشد", window_days=WINDOW_DAYS)
    assert case.clock_started_at > answered.clock_started_at
    assert case.paused_at is None


def test_an_objection_after_the_window_is_refused(answered) -> None:
    _age_answer(answered, WINDOW_DAYS)
    with pytest.raises(ApplicationError) as refused:
        case_object(case=answered, text="حل نشد", window_days=WINDOW_DAYS)
    assert refused.value.code == "objection_window_passed"
    assert str(WINDOW_DAYS) in refused.value.message_en
    stored = Case.objects.get(pk=answered.pk)
    assert (stored.state, stored.reopen_count) == (S.ANSWERED, 0)


def test_the_objection_window_of_a_closed_case_counts_from_its_closing(answered) -> None:
    _age_answer(answered, WINDOW_DAYS + 3)
    closed = case_transition(actor=None, scope=None, case=answered, to_state=S.CLOSED)
    case = case_object(case=closed, text="حل نشد", window_days=WINDOW_DAYS)
    assert case.state == S.REOPENED


def test_a_case_still_being_handled_cannot_be_objected_to(open_case) -> None:
    case = case_transition(actor=None, scope=None, case=open_case(), to_state=S.SCREENED)
    with pytest.raises(ApplicationError) as refused:
        case_object(case=case, text="دیر شد", window_days=WINDOW_DAYS)
    assert refused.value.code == "cannot_object"


def test_an_objection_needs_a_reason(answered) -> None:
    with pytest.raises(ApplicationError) as refused:
        case_object(case=answered, text="  ", window_days=WINDOW_DAYS)
    assert refused.value.code == "objection_empty"
    assert Case.objects.get(pk=answered.pk).state == S.ANSWERED
