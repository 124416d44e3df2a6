"""Intake: duplicates flagged, the reference data kept per process, the SMS outbox row written
with the message, and a fixed number of queries per message."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from chatr.cases.choices import EventKind
from chatr.cases.models import CaseEvent
from chatr.core.tracking import format_tracking_code
from chatr.notifications.models import SmsMessage
from chatr.watchdog import services
from chatr.watchdog.choices import MessageType, Urgency
from chatr.watchdog.models import Category, DeadlinePolicy, Message

pytestmark = pytest.mark.django_db


def submit(category: Category, **kw: Any) -> Message:
    case = services.message_submit(
        submission=services.Submission(
            message_type=kw.pop("message_type", MessageType.COMPLAINT),
            category=category,
            description="نوبت کمیسیون پزشکی تعیین نشده است.",
            channel=kw.pop("channel", "web"),
            concerned_unit=kw.pop("concerned_unit", None),
            contact_mobile=kw.pop("contact_mobile", "+989121234567"),
            is_anonymous=kw.pop("is_anonymous", False),
        ),
        **kw,
    ).case
    return Message.objects.select_related("duplicate_of__case").get(case=case)


def duplicate_codes(message: Message) -> list[str]:
    events = CaseEvent.objects.filter(case=message.case, kind=EventKind.DUPLICATE)
    return list(events.values_list("text", flat=True))


def test_the_same_person_category_and_unit_inside_the_window_is_a_duplicate(
    world, taxonomy
) -> None:
    quality, kerman = taxonomy["quality"], world.unit("P08")
    now = timezone.now()
    first = submit(quality, concerned_unit=kerman, now=now - timedelta(days=40))
    second = submit(quality, concerned_unit=kerman, now=now - timedelta(days=5))
    third = submit(quality, concerned_unit=kerman, now=now)
    assert first.duplicate_of is None
    assert second.duplicate_of is None  # 35 days later: outside the 30-day window
    assert third.duplicate_of == second  # the latest earlier one
    assert duplicate_codes(third) == [second.case.tracking_code]
    assert duplicate_codes(second) == []


def test_another_category_unit_or_person_is_not_a_duplicate(world, taxonomy) -> None:
    quality, kerman = taxonomy["quality"], world.unit("P08")
    submit(quality, concerned_unit=kerman)
    assert submit(taxonomy["pension"], concerned_unit=kerman).duplicate_of is None
    assert submit(quality, concerned_unit=world.unit("P19")).duplicate_of is None
    assert submit(quality).duplicate_of is None  # no unit concerned is another unit
    assert (
        submit(quality, concerned_unit=kerman, contact_mobile="+989120000000").duplicate_of is None
    )
    assert submit(quality).duplicate_of is not None  # the one without a unit, again


def test_a_signed_in_person_is_matched_by_account_and_anonymous_reports_never(
    world, taxonomy
) -> None:
    quality = taxonomy["quality"]
    first = submit(quality, requester=world.citizen, contact_mobile="+989121111111")
    again = submit(quality, requester=world.citizen, contact_mobile="+989122222222")
    assert again.duplicate_of == first
    anonymous = dict(message_type=MessageType.VIOLATION_REPORT, is_anonymous=True)
    submit(quality, **anonymous)
    assert submit(quality, **anonymous).duplicate_of is None


def test_deadline_policies_are_read_once_per_cache_generation(world, taxonomy) -> None:
    policy = DeadlinePolicy.objects.create(
        message_type=MessageType.COMPLAINT, urgency=Urgency.NORMAL, working_days=7
    )
    assert services.deadline_days_for(MessageType.COMPLAINT, urgent=False) == 7
    assert services.deadline_days_for(MessageType.COMPLAINT, urgent=True) == 3  # the default
    policy.working_days = 9
    policy.save(update_fields=["working_days"])
    # Kept for up to REFERENCE_CACHE_SECONDS; a new generation (expiry, cleared cache) reads it.
    assert services.deadline_days_for(MessageType.COMPLAINT, urgent=False) == 7
    cache.clear()
    assert services.deadline_days_for(MessageType.COMPLAINT, urgent=False) == 9
    assert services.operator_unit() == world.unit("HQ")


def test_intake_by_code_finds_only_active_categories(world, taxonomy) -> None:
    assert services.intake_category("service-quality") == taxonomy["quality"]
    assert services.intake_category("service-quality").area == taxonomy["area"]
    Category.objects.filter(code="pension-delay").update(is_active=False)
    cache.clear()
    assert services.intake_category("pension-delay") is None
    assert services.intake_category("no-such-code") is None


def test_the_tracking_code_sms_is_queued_with_the_message_or_not_at_all(world, taxonomy) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(taxonomy["quality"])
        assert SmsMessage.objects.filter(purpose="watchdog_tracking_code").count() == 1
        raise RuntimeError("the caller fails after filing")
    assert not SmsMessage.objects.exists()
    message = submit(taxonomy["quality"])
    sms = SmsMessage.objects.get(purpose="watchdog_tracking_code")
    assert sms.to == "+989121234567"
    assert format_tracking_code(message.case.tracking_code) in sms.text


def test_filing_takes_a_fixed_number_of_queries(world, taxonomy) -> None:
    submit(taxonomy["quality"])  # reads the reference data once for the process
    with CaptureQueriesContext(connection) as first:
        submit(taxonomy["quality"], contact_mobile="+989120000001")
    with CaptureQueriesContext(connection) as duplicate:
        submit(taxonomy["quality"], contact_mobile="+989120000001")
    # The duplicate adds its timeline event and nothing else.
    assert len(duplicate) == len(first) + 1
    assert not [q for q in first.captured_queries if "watchdog_deadlinepolicy" in q["sql"]]
    assert not [q for q in first.captured_queries if "watchdog_category" in q["sql"]]
