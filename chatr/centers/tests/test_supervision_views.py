"""Supervision pages: the inspector's list, recording an inspection (nothing lost on error),
the inspection and sanctions pages, the staff center page's panel, scoping (a Zanjan
inspector never sees a Kerman center: 404), and the list pages' query counts."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from chatr.centers import services as center_services
from chatr.centers import services_supervision as services
from chatr.centers.models import Finding, Inspection, SanctionProceeding
from chatr.centers.tests.factories import center_data
from chatr.centers.tests.test_supervision_services import VIOLATION, full_scores, record
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checklists(db: None) -> None:
    services.checklist_templates_install()


def _form(center: Any, **overrides: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": "unannounced",
        "visited_on": "1404/08/10",
        **{f"item_{pk}": str(score) for pk, score in full_scores(center).items()},
        "findings-0-text": "کپسول آتش‌نشانی شارژ نشده است",
        "findings-0-severity": "major",
        "findings-0-corrective_action": "شارژ کپسول‌ها",
        "findings-0-due_in_days": "۵",
        "summary": "",
    }
    for n in (1, 2):
        data[f"findings-{n}-severity"] = "minor"
    data.update(overrides)
    return data


def test_an_inspector_records_an_inspection(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    client = client_for("zanjan_inspector")
    url = reverse("centers:supervision:inspection_new", args=[zanjan_center.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "data-inspection-form" in page.content.decode()
    response = client.post(url, _form(zanjan_center))
    inspection = Inspection.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("centers:supervision:inspection", args=[inspection.pk])
    finding = Finding.objects.get()
    assert finding.due_on is not None and finding.severity == "major"
    detail = client.get(response.url)
    assert detail.status_code == 200
    assert "شارژ کپسول‌ها" in detail.content.decode()


def test_a_refused_inspection_keeps_everything_typed(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    client = client_for("zanjan_inspector")
    url = reverse("centers:supervision:inspection_new", args=[zanjan_center.pk])
    first_item = next(iter(full_scores(zanjan_center)))
    data = _form(zanjan_center, **{f"item_{first_item}": "99", "summary": "خلاصه بازدید"})
    response = client.post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in html
    assert f'href="#id_item_{first_item}"' in html
    assert "خلاصه بازدید" in html and "کپسول آتش‌نشانی شارژ نشده است" in html
    assert not Inspection.objects.exists()


def test_the_inspectors_list_shows_planned_inspections_and_overdue_actions(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    today = timezone.localdate()
    services.inspection_plan(
        actor=world.zanjan_officer,
        scope=scope_for_user(world.zanjan_officer),
        center=zanjan_center,
        planned_on=today + timedelta(days=3),
        inspector=world.zanjan_inspector,
    )
    record(
        world.zanjan_inspector,
        zanjan_center,
        visited_on=today - timedelta(days=40),
        today=today,
        findings=(
            services.FindingData(
                text="late", corrective_action="fix it", due_on=today - timedelta(days=2)
            ),
        ),
    )
    page = client_for("zanjan_inspector").get(reverse("centers:supervision:home"))
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-state="planned"' in html
    assert 'data-overdue="true"' in html and "fix it" in html


def test_the_staff_center_page_shows_inspections_and_sanction_status(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    finding = record(world.zanjan_inspector, zanjan_center, findings=(VIOLATION,)).findings.get()
    services.sanction_open(
        actor=world.zanjan_officer, scope=scope_for_user(world.zanjan_officer), finding=finding
    )
    page = client_for("zanjan_officer").get(
        reverse("centers:manage_detail", args=[zanjan_center.pk])
    )
    html = page.content.decode()
    assert "data-center-supervision" in html
    assert 'data-sanction-status="violation"' in html


def test_the_sanctions_page_refuses_a_step_out_of_order_with_a_clear_message(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    finding = record(world.zanjan_inspector, zanjan_center, findings=(VIOLATION,)).findings.get()
    client = client_for("zanjan_officer")
    opened = client.post(
        reverse("centers:supervision:sanction_open", args=[zanjan_center.pk]),
        {"open-finding": str(finding.pk), "open-note": ""},
    )
    assert opened.status_code == 302
    proceeding = SanctionProceeding.objects.get()
    response = client.post(
        reverse("centers:supervision:sanction_advance", args=[proceeding.pk]),
        {"advance-step": "second_warning", "advance-note": ""},
    )
    assert response.status_code == 409
    assert "data-error-summary" in response.content.decode()
    ok = client.post(
        reverse("centers:supervision:sanction_advance", args=[proceeding.pk]),
        {"advance-step": "notice", "advance-note": "تذکر کتبی ارسال شد"},
    )
    assert ok.status_code == 302
    proceeding.refresh_from_db()
    assert proceeding.step == "notice"
    page = client.get(reverse("centers:supervision:sanctions", args=[zanjan_center.pk]))
    assert 'data-step="notice"' in page.content.decode()


@pytest.mark.parametrize(
    "name", ["inspection_new", "sanctions", "plan"], ids=["record", "sanctions", "plan"]
)
def test_a_zanjan_inspector_never_sees_a_kerman_center(
    world: Any, client_for: Any, kerman_center: Any, name: str
) -> None:
    url = reverse(f"centers:supervision:{name}", args=[kerman_center.pk])
    assert client_for("zanjan_inspector").get(url).status_code == 404


def test_a_kerman_inspection_is_missing_for_zanjan_staff(
    world: Any, client_for: Any, kerman_center: Any
) -> None:
    inspection = record(world.kerman_manager, kerman_center)
    url = reverse("centers:supervision:inspection", args=[inspection.pk])
    assert client_for("kerman_manager").get(url).status_code == 200
    for reader in ("zanjan_inspector", "zanjan_officer"):
        assert client_for(reader).get(url).status_code == 404
    page = client_for("zanjan_inspector").get(reverse("centers:supervision:home"))
    assert kerman_center.org_unit.name_fa not in page.content.decode()


def test_a_center_operator_cannot_record_inspections(
    world: Any, client_for: Any, nursery: Any
) -> None:
    client = client_for("kerman_center_operator")
    assert client.get(reverse("centers:supervision:home")).status_code == 403
    url = reverse("centers:supervision:inspection_new", args=[nursery.pk])
    assert client.get(url).status_code == 403


def test_hq_edits_checklists_on_a_page(world: Any, client_for: Any) -> None:
    client = client_for("hq_manager")
    assert client.get(reverse("centers:supervision:checklists")).status_code == 200
    url = reverse("centers:supervision:checklist_edit", args=["genetic_counseling"])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "name_fa": "چک‌لیست مشاوره ژنتیک",
            "name_en": "Genetic counseling checklist",
            "items-TOTAL_FORMS": "2",
            "items-INITIAL_FORMS": "0",
            "items-0-text_fa": "مشاور ژنتیک دارای مدرک معتبر است",
            "items-0-max_score": "۶۰",
            "items-1-text_fa": "رضایت آگاهانه ثبت می‌شود",
            "items-1-max_score": "40",
        },
    )
    assert response.status_code == 302
    template = services.checklist_for(licence_type="genetic_counseling")
    assert [i.max_score for i in template.items.order_by("position")] == [60, 40]
    assert client_for("zanjan_manager").get(url).status_code == 403


def test_province_staff_plan_an_inspection_for_an_inspector(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    client = client_for("zanjan_officer")
    url = reverse("centers:supervision:plan", args=[zanjan_center.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Hamid Moradi" in page.content.decode()
    response = client.post(
        url,
        {
            "planned_on": "1499/01/15",
            "inspector": str(world.zanjan_inspector.pk),
            "kind": "planned",
            "watchdog_code": "",
        },
    )
    assert response.status_code == 302
    planned = Inspection.objects.get()
    assert (planned.state, planned.inspector) == ("planned", world.zanjan_inspector)
    # Only someone who covers the center may be given it.
    refused = client.post(
        url,
        {"planned_on": "1499/01/15", "inspector": str(world.kerman_manager.pk), "kind": "planned"},
    )
    assert refused.status_code == 400
    # The inspector completes it from their list.
    record_url = reverse("centers:supervision:inspection_complete", args=[planned.pk])
    assert client_for("zanjan_inspector").get(record_url).status_code == 200


# ---------------------------------------------------------------- query counts


def _plan(world: Any, center: Any, days: int) -> None:
    services.inspection_plan(
        actor=world.zanjan_officer,
        scope=scope_for_user(world.zanjan_officer),
        center=center,
        planned_on=timezone.localdate() + timedelta(days=days),
        inspector=world.zanjan_inspector,
    )


def _visit_with_actions(world: Any, center: Any, days_ago: int) -> Any:
    today = timezone.localdate()
    return record(
        world.zanjan_inspector,
        center,
        visited_on=today - timedelta(days=days_ago),
        today=today,
        findings=(
            services.FindingData(
                text="late", corrective_action="fix it", due_on=today - timedelta(days=2)
            ),
            services.FindingData(
                text="soon", corrective_action="fix that", due_on=today + timedelta(days=9)
            ),
        ),
    )


def test_the_inspectors_list_reads_a_fixed_number_of_queries(
    world: Any, client_for: Any, zanjan_center: Any, django_assert_num_queries: Any
) -> None:
    _plan(world, zanjan_center, 3)
    _visit_with_actions(world, zanjan_center, 40)
    client = client_for("zanjan_inspector")
    url = reverse("centers:supervision:home")
    client.get(url)
    # session, user, scope, planned, recorded, corrective actions due
    with django_assert_num_queries(6):
        client.get(url)
    other = center_services.center_register(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        county=world.unit("C1901"),
        data=center_data(name_fa="مرکز دوم زنجان", name_en="Second Zanjan center"),
    )
    for n in range(3):
        _plan(world, other, 5 + n)
        _visit_with_actions(world, other, 30 + n)
    with django_assert_num_queries(6):
        html = client.get(url).content.decode()
    assert html.count('data-state="planned"') == 4 and html.count('data-overdue="true"') == 4


def test_the_sanctions_page_reads_a_fixed_number_of_queries(
    world: Any, client_for: Any, zanjan_center: Any, django_assert_num_queries: Any
) -> None:
    officer, scope = world.zanjan_officer, scope_for_user(world.zanjan_officer)
    first = record(world.zanjan_inspector, zanjan_center, findings=(VIOLATION,)).findings.get()
    proceeding = services.sanction_open(actor=officer, scope=scope, finding=first)
    client = client_for("zanjan_officer")
    url = reverse("centers:supervision:sanctions", args=[zanjan_center.pk])
    client.get(url)
    # session, user, scope, the center, proceedings, their steps with who took them,
    # the center's inspections
    expected = 7
    with django_assert_num_queries(expected):
        client.get(url)
    # A remedied proceeding with its steps, a new open one further up the ladder, more
    # inspections: the same number of queries.
    proceeding = services.sanction_advance(
        actor=officer, scope=scope, proceeding=proceeding, step="notice"
    )
    fixed_on = timezone.localdate()
    record(world.zanjan_inspector, zanjan_center, visited_on=fixed_on, fixed=(first.pk,))
    services.sanction_close_remedied(
        actor=officer, scope=scope, proceeding=proceeding, today=fixed_on
    )
    second = record(
        world.zanjan_inspector, zanjan_center, visited_on=fixed_on, findings=(VIOLATION,)
    ).findings.get()
    reopened = services.sanction_open(actor=officer, scope=scope, finding=second)
    services.sanction_advance(actor=officer, scope=scope, proceeding=reopened, step="notice")
    with django_assert_num_queries(expected):
        html = client.get(url).content.decode()
    assert 'data-step="notice"' in html and html.count("<caption") >= 3
