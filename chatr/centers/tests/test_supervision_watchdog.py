"""A watchdog complaint about a center opens an inspection and the two stay linked: the
inspection stores the message's tracking code and links to it; the message's staff page lists
the inspection (cases.related, without watchdog importing centers)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone

from chatr.centers import services_supervision as services
from chatr.core.errors import ApplicationError
from chatr.org.scope import scope_for_user
from chatr.watchdog import services as watchdog_services
from chatr.watchdog.models import Category, SubjectArea

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def checklists(db: None) -> None:
    services.checklist_templates_install()


@pytest.fixture
def complaint(world: Any, zanjan_center: Any) -> Any:
    """A complaint about the Zanjan elderly home, screened to the Zanjan province."""
    area = SubjectArea.objects.create(code="rehab", name_fa="توانبخشی", name_en="Rehabilitation")
    category = Category.objects.create(
        code="service-quality", area=area, name_fa="کیفیت خدمات", name_en="Service quality"
    )
    opened = watchdog_services.message_submit(
        submission=watchdog_services.Submission(
            message_type="complaint",
            category=category,
            description="سالمندان در این مرکز رها شده‌اند و داروها به‌موقع داده نمی‌شود.",
            channel="web",
            concerned_unit=zanjan_center.org_unit,
            contact_name="علی رضایی",
            contact_mobile="+989121234567",
        )
    )
    watchdog_services.message_screen(
        actor=world.hq_manager,
        scope=scope_for_user(world.hq_manager),
        case=opened.case,
        to_unit=world.unit("P19"),
        reason="بررسی استان",
    )
    return opened.case


def test_a_complaint_opens_an_inspection_and_both_pages_link_to_each_other(
    world: Any, client_for: Any, zanjan_center: Any, complaint: Any
) -> None:
    inspection = services.inspection_plan(
        actor=world.zanjan_officer,
        scope=scope_for_user(world.zanjan_officer),
        center=zanjan_center,
        planned_on=timezone.localdate() + timedelta(days=2),
        inspector=world.zanjan_inspector,
        watchdog_code=complaint.tracking_code,
    )
    assert inspection.watchdog_code == complaint.tracking_code
    assert inspection.kind == "complaint"
    officer = client_for("zanjan_officer")
    page = officer.get(reverse("centers:supervision:inspection", args=[inspection.pk]))
    message_url = reverse("watchdog:staff_detail", args=[complaint.tracking_code])
    assert f'href="{message_url}"' in page.content.decode()
    message_page = officer.get(message_url).content.decode()
    assert "data-related-records" in message_page
    assert reverse("centers:supervision:inspection", args=[inspection.pk]) in message_page
    # The inspector sees the code but has no access to watchdog cases: no link.
    inspector_page = client_for("zanjan_inspector").get(
        reverse("centers:supervision:inspection", args=[inspection.pk])
    )
    assert "data-watchdog-link" in inspector_page.content.decode()
    assert f'href="{message_url}"' not in inspector_page.content.decode()


def test_an_unknown_or_out_of_scope_tracking_code_is_refused(
    world: Any, kerman_center: Any, complaint: Any
) -> None:
    # The complaint went to Zanjan: Kerman's manager cannot link it.
    with pytest.raises(ApplicationError) as error:
        services.inspection_plan(
            actor=world.kerman_manager,
            scope=scope_for_user(world.kerman_manager),
            center=kerman_center,
            planned_on=timezone.localdate(),
            inspector=world.kerman_manager,
            watchdog_code=complaint.tracking_code,
        )
    assert error.value.code == "watchdog_case_not_found"
    assert "watchdog_code" in error.value.fields


def test_the_message_page_lists_nothing_when_no_inspection_is_linked(
    world: Any, client_for: Any, complaint: Any
) -> None:
    page = client_for("zanjan_officer").get(
        reverse("watchdog:staff_detail", args=[complaint.tracking_code])
    )
    assert page.status_code == 200
    assert "data-related-records" not in page.content.decode()
