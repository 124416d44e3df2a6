"""Renewal: the window, the reminders (once per licence and stage), the renewal flow."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from chatr.centers import services_licensing as services
from chatr.centers.choices import LicenceKind
from chatr.centers.choices_licensing import ApplicantKind, ApplicationKind
from chatr.centers.choices_licensing import LicensingState as S
from chatr.centers.demo_licensing import demo_national_code, documents
from chatr.centers.models import RenewalReminder
from chatr.centers.tests.factories import issue_licence
from chatr.centers.tests.test_licensing_services import scope
from chatr.core.errors import ApplicationError
from chatr.notifications.models import SmsMessage

APPLICANT = services.ApplicantData(
    kind=ApplicantKind.PERSON,
    name="مریم احمدی",
    mobile="09131112233",
    national_code=demo_national_code("001234567"),
)


def _licence(world: Any, center: Any, days_left: int) -> Any:
    today = timezone.localdate()
    return issue_licence(
        world.zanjan_manager,
        center,
        valid_from=today - timedelta(days=3 * 365 - days_left),
        valid_until=today + timedelta(days=days_left),
    )


@pytest.mark.django_db
def test_renewal_opens_three_months_before_the_end(world: Any, zanjan_center: Any) -> None:
    licence = _licence(world, zanjan_center, 120)
    with pytest.raises(ApplicationError) as error:
        services.renewal_apply(
            actor=world.zanjan_officer,
            scope_or_none=scope(world, "zanjan_officer"),
            licence=licence,
            payment_reference="P1",
            applicant=APPLICANT,
        )
    assert error.value.code == "renewal_not_open"
    today = timezone.localdate()
    assert services.renewal_window_open(licence=licence, today=today + timedelta(days=30))


@pytest.mark.django_db
def test_renewal_ends_in_a_new_licence_that_renews_the_old_one(
    world: Any, zanjan_center: Any
) -> None:
    licence = _licence(world, zanjan_center, 40)
    renewal = services.renewal_apply(
        actor=world.zanjan_officer,
        scope_or_none=scope(world, "zanjan_officer"),
        licence=licence,
        payment_reference="P1",
        applicant=APPLICANT,
        documents=documents(ApplicationKind.RENEWAL),
    )
    assert renewal.case.deadline_days == 3
    with pytest.raises(ApplicationError) as error:
        services.renewal_apply(
            actor=world.zanjan_officer,
            scope_or_none=scope(world, "zanjan_officer"),
            licence=licence,
            payment_reference="P2",
            applicant=APPLICANT,
        )
    assert error.value.code == "application_open"
    services.application_site_visit_schedule(
        actor=world.zanjan_officer, scope=scope(world, "zanjan_officer"), application=renewal
    )
    renewal.refresh_from_db()
    assert renewal.case.deadline_days == 7
    services.application_activity_issue(
        actor=world.zanjan_manager,
        scope=scope(world, "zanjan_manager"),
        application=renewal,
        visited_on=timezone.localdate(),
        findings="مطابق ضوابط",
    )
    renewal.refresh_from_db()
    assert renewal.case.state == S.LICENCE_ISSUED
    new = renewal.licence
    assert new.renews == licence
    assert new.kind == LicenceKind.ACTIVITY_LICENCE
    assert new.valid_from == licence.valid_until + timedelta(days=1)


@pytest.mark.django_db
def test_reminders_go_once_per_licence_and_stage(world: Any, zanjan_center: Any) -> None:
    world.zanjan_officer.mobile = "+989127778899"
    world.zanjan_officer.save(update_fields=["mobile"])
    licence = _licence(world, zanjan_center, 80)
    today = timezone.localdate()
    assert services.renewal_reminders_send(today=today) == 1
    assert services.renewal_reminders_send(today=today) == 0
    assert services.renewal_reminders_send(today=today + timedelta(days=10)) == 0
    texts = SmsMessage.objects.filter(purpose="centers_licensing_renewal")
    assert texts.filter(to="+989127778899").count() == 1  # the province's licensing staff
    # A month before the end: the second and last reminder.
    assert services.renewal_reminders_send(today=today + timedelta(days=55)) == 1
    assert services.renewal_reminders_send(today=today + timedelta(days=56)) == 0
    assert set(RenewalReminder.objects.filter(licence=licence).values_list("stage", flat=True)) == {
        90,
        30,
    }


@pytest.mark.django_db
def test_no_reminder_outside_the_window_or_with_a_renewal_open(
    world: Any, zanjan_center: Any, kerman_center: Any
) -> None:
    _licence(world, zanjan_center, 200)
    licence = issue_licence(
        world.kerman_manager,
        kerman_center,
        valid_from=timezone.localdate() - timedelta(days=1000),
        valid_until=timezone.localdate() + timedelta(days=60),
    )
    services.renewal_apply(
        actor=world.kerman_manager,
        scope_or_none=scope(world, "kerman_manager"),
        licence=licence,
        payment_reference="P1",
        applicant=APPLICANT,
    )
    assert services.renewal_reminders_send() == 0


@pytest.mark.django_db
def test_the_daily_task_sends_and_renews_itself(world: Any, zanjan_center: Any) -> None:
    from chatr.centers.tasks_licensing import renewal_reminders_task

    _licence(world, zanjan_center, 20)
    result = renewal_reminders_task.enqueue()
    assert result.return_value == 1
