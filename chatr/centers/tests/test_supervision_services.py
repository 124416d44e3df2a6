"""Supervision services: checklist scoring, corrective actions on the working-day calendar,
follow-up, and the sanctions ladder (order, periods, remedy, suspension and revocation)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from chatr.cases.deadlines import holidays
from chatr.cases.models import Holiday
from chatr.centers import services_supervision as services
from chatr.centers.choices import CenterStatus, LicenceStatus
from chatr.centers.models import ChecklistTemplate, Finding, Licence
from chatr.centers.models.supervision import InspectionState, SanctionStepKind
from chatr.centers.selectors import (
    CenterFilters,
    center_has_valid_licence,
    center_list,
    licence_check,
)
from chatr.centers.selectors_supervision import corrective_actions_due
from chatr.centers.tests.factories import issue_licence
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db

# A Saturday (the first working day of the Iranian week); Friday is the weekend.
SATURDAY = date(2025, 11, 1)


@pytest.fixture(autouse=True)
def checklists(db: None) -> None:
    services.checklist_templates_install()
    holidays.forget()


def full_scores(center: Any, *, minus: int = 0) -> dict[int, int]:
    """Every item at its maximum, the first item `minus` points short."""
    template = services.checklist_for(licence_type=center.licence_type)
    items = list(template.items.filter(is_active=True).order_by("position"))
    scores = {item.pk: item.max_score for item in items}
    scores[items[0].pk] -= minus
    return scores


def record(
    user: Any,
    center: Any,
    *,
    visited_on: date = SATURDAY,
    findings: tuple[services.FindingData, ...] = (),
    fixed: tuple[int, ...] = (),
    minus: int = 0,
    kind: str = "unannounced",
    today: date | None = None,
) -> Any:
    return services.inspection_record(
        actor=user,
        scope=scope_for_user(user),
        center=center,
        data=services.InspectionData(
            kind=kind,
            visited_on=visited_on,
            scores=full_scores(center, minus=minus),
            findings=findings,
            fixed_finding_ids=fixed,
        ),
        today=today or visited_on,
    )


VIOLATION = services.FindingData(
    text="داروهای سالمندان بدون ثبت در کاردکس داده می‌شود",
    severity="major",
    corrective_action="ثبت همه داروها در کاردکس",
    due_in_days=10,
)


def test_the_shipped_checklists_install_once_and_a_type_without_one_uses_the_generic(
    world: Any,
) -> None:
    assert services.checklist_templates_install() == 0
    elderly = services.checklist_for(licence_type="elderly_care")
    assert elderly.licence_type == "elderly_care"
    assert "سالمندان" in elderly.name_fa
    assert sum(i.max_score for i in elderly.items.all()) == 100
    assert services.checklist_for(licence_type="genetic_counseling").licence_type == ""
    assert ChecklistTemplate.objects.count() >= 5


def test_the_overall_score_is_the_sum_of_the_item_scores(world: Any, zanjan_center: Any) -> None:
    inspection = record(world.zanjan_inspector, zanjan_center, minus=4)
    assert inspection.state == InspectionState.RECORDED
    assert (inspection.score, inspection.max_score, inspection.percent) == (96, 100, 96)
    assert inspection.scores.count() == 8
    assert inspection.inspector == world.zanjan_inspector


def test_every_item_needs_a_score_within_its_maximum(world: Any, zanjan_center: Any) -> None:
    user = world.zanjan_inspector
    scores = full_scores(zanjan_center)
    first = next(iter(scores))
    missing = {k: v for k, v in scores.items() if k != first}
    data = services.InspectionData(kind="planned", visited_on=SATURDAY, scores=missing)
    with pytest.raises(ApplicationError) as error:
        services.inspection_record(
            actor=user, scope=scope_for_user(user), center=zanjan_center, data=data, today=SATURDAY
        )
    assert error.value.code == "score_missing"
    assert f"item_{first}" in error.value.fields
    too_high = {**scores, first: scores[first] + 1}
    data = services.InspectionData(kind="planned", visited_on=SATURDAY, scores=too_high)
    with pytest.raises(ApplicationError) as error:
        services.inspection_record(
            actor=user, scope=scope_for_user(user), center=zanjan_center, data=data, today=SATURDAY
        )
    assert error.value.code == "score_out_of_range"


def test_a_visit_cannot_be_recorded_in_the_future(world: Any, zanjan_center: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        record(
            world.zanjan_inspector,
            zanjan_center,
            visited_on=SATURDAY + timedelta(days=1),
            today=SATURDAY,
        )
    assert error.value.code == "visit_in_future"


def test_corrective_actions_are_due_in_working_days_skipping_fridays_and_holidays(
    world: Any, zanjan_center: Any
) -> None:
    # Saturday + 6 working days: Sat→Thu is 5 (Sun..Thu), Friday is off, so the next Saturday;
    # a holiday on that Saturday pushes it to Sunday.
    Holiday.objects.create(date=SATURDAY + timedelta(days=7), name_fa="تعطیل رسمی")
    holidays.forget()
    finding_data = services.FindingData(
        text="کپسول آتش‌نشانی شارژ نشده است",
        corrective_action="شارژ کپسول‌ها",
        due_in_days=6,
    )
    inspection = record(world.zanjan_inspector, zanjan_center, findings=(finding_data,))
    finding = inspection.findings.get()
    assert finding.due_on == SATURDAY + timedelta(days=8)


def test_a_due_date_needs_a_corrective_action(world: Any, zanjan_center: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        record(
            world.zanjan_inspector,
            zanjan_center,
            findings=(services.FindingData(text="x", due_on=SATURDAY + timedelta(days=5)),),
        )
    assert error.value.code == "corrective_action_required"
    assert "findings-0-corrective_action" in error.value.fields


def test_overdue_corrective_actions_are_listed_first_and_marked(
    world: Any, zanjan_center: Any
) -> None:
    record(
        world.zanjan_inspector,
        zanjan_center,
        findings=(
            services.FindingData(text="a", corrective_action="fix a", due_on=date(2025, 11, 5)),
            services.FindingData(text="b", corrective_action="fix b", due_on=date(2025, 12, 5)),
            services.FindingData(text="c (no action)"),
        ),
    )
    due = list(
        corrective_actions_due(
            scope=scope_for_user(world.zanjan_inspector),
            inspector_id=world.zanjan_inspector.pk,
            today=date(2025, 11, 20),
        )
    )
    assert [(f.text, f.is_overdue) for f in due] == [("a", True), ("b", False)]


def test_a_follow_up_visit_marks_earlier_findings_fixed(world: Any, zanjan_center: Any) -> None:
    first = record(world.zanjan_inspector, zanjan_center, findings=(VIOLATION,))
    finding = first.findings.get()
    later = SATURDAY + timedelta(days=14)
    follow_up = record(
        world.zanjan_inspector,
        zanjan_center,
        visited_on=later,
        fixed=(finding.pk,),
        kind="follow_up",
    )
    finding.refresh_from_db()
    assert (finding.fixed_on, finding.fixed_in) == (later, follow_up)


def test_a_zanjan_inspector_cannot_record_at_a_kerman_center(
    world: Any, kerman_center: Any
) -> None:
    with pytest.raises(NotFoundError):
        record(world.zanjan_inspector, kerman_center)


# ---------------------------------------------------------------- the ladder


@pytest.fixture
def violation(world: Any, zanjan_center: Any) -> Finding:
    issue_licence(world.zanjan_manager, zanjan_center, valid_from=SATURDAY - timedelta(days=400))
    return record(world.zanjan_inspector, zanjan_center, findings=(VIOLATION,)).findings.get()


def _advance(user: Any, proceeding: Any, step: str, today: date) -> Any:
    return services.sanction_advance(
        actor=user, scope=scope_for_user(user), proceeding=proceeding, step=step, today=today
    )


def _open(user: Any, finding: Finding, today: date = SATURDAY) -> Any:
    return services.sanction_open(
        actor=user, scope=scope_for_user(user), finding=finding, today=today
    )


def test_each_step_needs_the_previous_one(world: Any, violation: Finding) -> None:
    officer = world.zanjan_officer
    proceeding = _open(officer, violation)
    for skipped, needed in (
        ("first_warning", "Written notice"),
        ("second_warning", "First warning"),
        ("commission", "Second warning"),
    ):
        with pytest.raises(ApplicationError) as error:
            _advance(officer, proceeding, skipped, SATURDAY + timedelta(days=200))
        assert error.value.code == "previous_step_missing"
        assert error.value.status == 409
        assert needed in error.value.message_en
    with pytest.raises(ApplicationError) as error:
        services.sanction_decide(
            actor=world.zanjan_manager,
            scope=scope_for_user(world.zanjan_manager),
            proceeding=proceeding,
            decision="suspended",
            today=SATURDAY,
        )
    assert error.value.code == "previous_step_missing"


def test_each_step_waits_for_the_previous_period(world: Any, violation: Finding) -> None:
    officer = world.zanjan_officer
    proceeding = _open(officer, violation)
    proceeding = _advance(officer, proceeding, "notice", SATURDAY)
    notice_due = services.working_days_after(SATURDAY, 30)
    assert proceeding.due_on == notice_due
    with pytest.raises(ApplicationError) as error:
        _advance(officer, proceeding, "first_warning", notice_due)
    assert error.value.code == "period_not_elapsed"
    proceeding = _advance(officer, proceeding, "first_warning", notice_due + timedelta(days=1))
    assert proceeding.step == SanctionStepKind.FIRST_WARNING
    assert proceeding.due_on == services.working_days_after(notice_due + timedelta(days=1), 15)


def test_the_full_ladder_ends_in_suspension_of_the_licence_and_the_center(
    world: Any, violation: Finding, zanjan_center: Any
) -> None:
    officer = world.zanjan_officer
    day = SATURDAY
    proceeding = _open(officer, violation, day)
    for step in ("notice", "first_warning", "second_warning", "commission"):
        proceeding = _advance(officer, proceeding, step, day)
        day = (proceeding.due_on or day) + timedelta(days=1)
    # An officer may refer to the commission but not record its decision.
    with pytest.raises(PermissionDeniedError):
        services.sanction_decide(
            actor=officer,
            scope=scope_for_user(officer),
            proceeding=proceeding,
            decision="suspended",
            today=day,
        )
    services.sanction_decide(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        proceeding=proceeding,
        decision="suspended",
        today=day,
    )
    proceeding.refresh_from_db()
    zanjan_center.refresh_from_db()
    licence = Licence.objects.get(center=zanjan_center)
    assert (proceeding.step, proceeding.closed_on) == (SanctionStepKind.SUSPENDED, day)
    assert zanjan_center.status == CenterStatus.SUSPENDED
    assert (licence.status, licence.status_changed_on) == (LicenceStatus.SUSPENDED, day)
    assert list(proceeding.steps.values_list("kind", flat=True)) == [
        "violation",
        "notice",
        "first_warning",
        "second_warning",
        "commission",
        "suspended",
    ]
    # Subsidies stop from that day; the directory and the licence check show it.
    assert center_has_valid_licence(center=zanjan_center, on=day - timedelta(days=1))
    assert not center_has_valid_licence(center=zanjan_center, on=day)
    assert licence_check(number=licence.number).status == LicenceStatus.SUSPENDED
    listed = center_list(filters=CenterFilters(name="مهر زنجان")).get()
    assert not listed.is_licensed


def test_revocation_revokes_the_licence(world: Any, violation: Finding, zanjan_center: Any) -> None:
    proceeding = _open(world.zanjan_manager, violation)
    day = SATURDAY
    for step in ("notice", "first_warning", "second_warning", "commission"):
        proceeding = _advance(world.zanjan_manager, proceeding, step, day)
        day = (proceeding.due_on or day) + timedelta(days=1)
    services.sanction_decide(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        proceeding=proceeding,
        decision="revoked",
        today=day,
    )
    zanjan_center.refresh_from_db()
    assert zanjan_center.status == CenterStatus.REVOKED
    assert Licence.objects.get(center=zanjan_center).status == LicenceStatus.REVOKED


def test_a_fixed_violation_closes_the_ladder_as_remedied_and_stops_it(
    world: Any, violation: Finding, zanjan_center: Any
) -> None:
    officer = world.zanjan_officer
    proceeding = _open(officer, violation)
    proceeding = _advance(officer, proceeding, "notice", SATURDAY)
    with pytest.raises(ApplicationError) as error:
        services.sanction_close_remedied(
            actor=officer, scope=scope_for_user(officer), proceeding=proceeding, today=SATURDAY
        )
    assert error.value.code == "violation_not_fixed"
    later = SATURDAY + timedelta(days=20)
    record(world.zanjan_inspector, zanjan_center, visited_on=later, fixed=(violation.pk,))
    after_period = proceeding.due_on + timedelta(days=1)
    with pytest.raises(ApplicationError) as error:
        _advance(officer, proceeding, "first_warning", after_period)
    assert error.value.code == "violation_fixed"
    services.sanction_close_remedied(
        actor=officer, scope=scope_for_user(officer), proceeding=proceeding, today=later
    )
    proceeding.refresh_from_db()
    assert (proceeding.step, proceeding.closed_on) == (SanctionStepKind.REMEDIED, later)
    zanjan_center.refresh_from_db()
    assert zanjan_center.status == CenterStatus.ACTIVE


def test_one_open_proceeding_per_center(world: Any, violation: Finding) -> None:
    _open(world.zanjan_officer, violation)
    with pytest.raises(ApplicationError) as error:
        _open(world.zanjan_officer, violation)
    assert error.value.code == "sanction_already_open"


def test_an_inspector_records_but_does_not_run_the_ladder(world: Any, violation: Finding) -> None:
    with pytest.raises(PermissionDeniedError):
        _open(world.zanjan_inspector, violation)


def test_hq_edits_a_checklist_and_past_inspections_keep_their_copy(
    world: Any, zanjan_center: Any
) -> None:
    inspection = record(world.zanjan_inspector, zanjan_center)
    template = services.checklist_for(licence_type="elderly_care")
    first, *rest = list(template.items.order_by("position"))
    services.checklist_save(
        actor=world.hq_manager,
        scope=scope_for_user(world.hq_manager),
        licence_type="elderly_care",
        name_fa=template.name_fa,
        name_en=template.name_en,
        items=[
            services.ChecklistItemData(text_fa="بند تازه", max_score=20),
            *[
                services.ChecklistItemData(text_fa=i.text_fa, max_score=i.max_score, item_id=i.pk)
                for i in rest
            ],
        ],
    )
    first.refresh_from_db()
    assert not first.is_active
    assert template.items.filter(is_active=True).first().text_fa == "بند تازه"  # type: ignore[union-attr]
    assert inspection.scores.filter(text_fa=first.text_fa).exists()
    with pytest.raises(PermissionDeniedError):
        services.checklist_save(
            actor=world.zanjan_manager,
            scope=scope_for_user(world.zanjan_manager),
            licence_type="elderly_care",
            name_fa="x",
            name_en="",
            items=[services.ChecklistItemData(text_fa="y", max_score=1)],
        )
