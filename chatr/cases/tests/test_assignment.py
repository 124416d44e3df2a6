"""Assigning cases to officers: only managers in scope, only to officers of the case's unit."""

from __future__ import annotations

import pytest

from chatr.audit.models import AuditEvent
from chatr.cases.choices import EventKind
from chatr.cases.models import Case
from chatr.cases.services import case_assign, case_transition
from chatr.cases.tests.conftest import scope_of
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.watchdog.choices import MessageState as S

pytestmark = pytest.mark.django_db


@pytest.fixture
def manager(world):
    return world.kerman_manager


@pytest.fixture
def screened(open_case):
    def make(unit_code: str = "C0801") -> Case:
        return case_transition(
            actor=None, scope=None, case=open_case(unit_code), to_state=S.SCREENED
        )

    return make


def test_a_manager_assigns_a_case_to_an_officer_of_its_unit(
    screened, manager, kerman_officer
) -> None:
    case = screened()
    count = case_assign(
        actor=manager, scope=scope_of(manager), cases=[case], officer=kerman_officer
    )
    assert count == 1
    stored = Case.objects.get(pk=case.pk)
    assert stored.assigned_to == kerman_officer
    assert stored.state == S.ASSIGNED
    event = stored.events.get(kind=EventKind.ASSIGNED)
    assert (event.from_state, event.to_state) == (S.SCREENED, S.ASSIGNED)
    assert event.actor == manager
    assert not event.is_public
    assert AuditEvent.objects.filter(
        target_id=str(case.pk), changes={"assigned_to": kerman_officer.pk}
    ).exists()


def test_assigning_a_case_whose_workflow_forbids_the_assigned_state_keeps_its_state(
    open_case, manager, kerman_officer
) -> None:
    case = open_case()  # NEW cannot move straight to ASSIGNED
    case_assign(actor=manager, scope=scope_of(manager), cases=[case], officer=kerman_officer)
    stored = Case.objects.get(pk=case.pk)
    assert stored.assigned_to == kerman_officer
    assert stored.state == S.NEW


def test_an_officer_of_another_province_cannot_be_assigned(world, screened, manager) -> None:
    case = screened()
    with pytest.raises(ApplicationError) as refused:
        case_assign(
            actor=manager, scope=scope_of(manager), cases=[case], officer=world.zanjan_officer
        )
    assert refused.value.code == "assignee_out_of_scope"
    assert "officer" in refused.value.fields
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_staff_who_do_not_handle_cases_cannot_be_assigned(world, screened, manager) -> None:
    # The call-center agent works at HQ (above every unit) but does not handle cases.
    case = screened()
    for person in (world.call_center_agent, world.kerman_finance, world.citizen):
        with pytest.raises(ApplicationError) as refused:
            case_assign(actor=manager, scope=scope_of(manager), cases=[case], officer=person)
        assert refused.value.code == "assignee_out_of_scope"


def test_an_hq_officer_may_be_assigned_a_county_case(world, screened, manager) -> None:
    case = screened()
    assert (
        case_assign(
            actor=world.hq_manager,
            scope=scope_of(world.hq_manager),
            cases=[case],
            officer=world.hq_officer,
        )
        == 1
    )


def test_a_manager_out_of_scope_is_told_the_case_does_not_exist(
    world, screened, kerman_officer
) -> None:
    case = screened()
    outsider = world.zanjan_manager
    with pytest.raises(NotFoundError) as refused:
        case_assign(actor=outsider, scope=scope_of(outsider), cases=[case], officer=kerman_officer)
    assert refused.value.status == 404
    assert Case.objects.get(pk=case.pk).assigned_to is None


def test_an_officer_may_handle_but_not_assign(screened, kerman_officer) -> None:
    case = screened()
    with pytest.raises(PermissionDeniedError) as refused:
        case_assign(
            actor=kerman_officer,
            scope=scope_of(kerman_officer),
            cases=[case],
            officer=kerman_officer,
        )
    assert refused.value.status == 403


def test_bulk_assignment_counts_the_cases_it_assigned(screened, manager, kerman_officer) -> None:
    cases = [screened("C0801"), screened("K0801"), screened("C0802")]
    count = case_assign(actor=manager, scope=scope_of(manager), cases=cases, officer=kerman_officer)
    assert count == 3
    assert set(Case.objects.filter(assigned_to=kerman_officer).values_list("pk", flat=True)) == {
        c.pk for c in cases
    }
    assert all(c.state == S.ASSIGNED for c in Case.objects.filter(pk__in=[c.pk for c in cases]))


def test_bulk_assignment_is_all_or_nothing(world, screened, manager, kerman_officer) -> None:
    kerman_cases = [screened("C0801"), screened("K0801")]
    zanjan_case = screened("C1901")
    with pytest.raises(NotFoundError):
        case_assign(
            actor=manager,
            scope=scope_of(manager),
            cases=[*kerman_cases, zanjan_case],
            officer=kerman_officer,
        )
    assert not Case.objects.filter(assigned_to__isnull=False).exists()
    assert not Case.objects.filter(state=S.ASSIGNED).exists()


def test_reassigning_replaces_the_officer(world, screened, manager, kerman_officer) -> None:
    case = screened()
    scope = scope_of(world.hq_manager)
    case_assign(actor=world.hq_manager, scope=scope, cases=[case], officer=kerman_officer)
    case_assign(actor=world.hq_manager, scope=scope, cases=[case], officer=world.hq_officer)
    stored = Case.objects.get(pk=case.pk)
    assert stored.assigned_to == world.hq_officer
    assert stored.state == S.ASSIGNED
    assert stored.events.filter(kind=EventKind.ASSIGNED).count() == 2
