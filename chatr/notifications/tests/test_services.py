"""The outbox: queueing, delivery through the outbox backend, retries, idempotency, selectors."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django_tasks_db.models import DBTaskResult

from chatr.notifications import services
from chatr.notifications.admin import SmsMessageAdmin
from chatr.notifications.backends import (
    KavenegarBackend,
    OutboxBackend,
    SmsDeliveryError,
    get_backend,
)
from chatr.notifications.choices import SmsStatus
from chatr.notifications.models import SmsMessage
from chatr.notifications.selectors import sms_last_to, sms_outbox_list
from chatr.notifications.services import sms_deliver, sms_retry_delay, sms_send

MOBILE = "+989123456789"
FULL_SPELLINGS = ("+989123456789", "09123456789", "989123456789", "9123456789")


class FlakyBackend:
    """A backend that fails with the given errors, then succeeds."""

    name = "flaky"

    def __init__(self, errors: list[SmsDeliveryError]) -> None:
        self.errors = errors
        self.calls = 0

    def send(self, *, to: str, text: str, message_id: int | None = None) -> str:
        self.calls += 1
        if self.errors:
            raise self.errors.pop(0)
        return f"flaky-{self.calls}"


@pytest.fixture
def flaky(monkeypatch: pytest.MonkeyPatch):
    def install(*errors: SmsDeliveryError) -> FlakyBackend:
        backend = FlakyBackend(list(errors))
        monkeypatch.setattr(services, "get_backend", lambda: backend)
        return backend

    return install


@pytest.mark.django_db
def test_sms_send_queues_message_with_normalized_number_until_commit(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = sms_send(to="۰۹۱۲ ۳۴۵ ۶۷۸۹", text="Your code is 123456", purpose="otp")

    assert len(callbacks) == 1
    message.refresh_from_db()
    assert message.to == MOBILE
    assert message.status == SmsStatus.QUEUED
    assert message.attempts == 0
    assert message.sent_at is None


@pytest.mark.django_db
def test_sms_send_delivers_through_outbox_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(to="09123456789", text="Your code is 123456", purpose="otp")

    message.refresh_from_db()
    assert message.status == SmsStatus.SENT
    assert message.backend == "outbox"
    assert message.attempts == 1
    assert message.provider_message_id == f"outbox-{message.pk}"
    assert message.sent_at is not None
    assert message.next_attempt_at is None
    assert message.last_error == ""


@pytest.mark.django_db
def test_sms_send_refuses_a_number_that_is_not_an_iranian_mobile():
    with pytest.raises(ValidationError):
        sms_send(to="02112345678", text="hello", purpose="otp")

    assert not SmsMessage.objects.exists()


@pytest.mark.django_db
def test_outbox_prints_and_logs_the_masked_number_never_the_full_one(
    django_capture_on_commit_callbacks, capsys, caplog
):
    caplog.set_level(logging.DEBUG)

    with django_capture_on_commit_callbacks(execute=True):
        sms_send(to=MOBILE, text="Your code is 123456", purpose="otp")

    console = capsys.readouterr().out
    assert "0912***6789" in console
    assert "Your code is 123456" in console
    sms_records = [record for record in caplog.records if record.name == "chatr.sms"]
    assert len(sms_records) == 1
    assert "0912***6789" in sms_records[0].getMessage()
    for spelling in FULL_SPELLINGS:
        assert spelling not in caplog.text
        assert spelling not in console


@pytest.mark.django_db
def test_delivering_a_sent_message_again_sends_nothing(django_capture_on_commit_callbacks, capsys):
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(to=MOBILE, text="Your code is 123456", purpose="otp")
    capsys.readouterr()

    again = sms_deliver(message_id=message.pk)

    assert again.status == SmsStatus.SENT
    assert again.attempts == 1
    assert capsys.readouterr().out == ""


@pytest.mark.django_db
def test_delivering_a_failed_message_again_does_not_call_the_backend(flaky):
    message = SmsMessage.objects.create(
        to=MOBILE, text="hi", purpose="otp", status=SmsStatus.FAILED, attempts=5
    )
    backend = flaky()

    sms_deliver(message_id=message.pk)

    assert backend.calls == 0
    message.refresh_from_db()
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 5


@pytest.mark.django_db
def test_retryable_failure_is_retried_at_once_when_the_task_backend_cannot_defer(
    django_capture_on_commit_callbacks, flaky
):
    backend = flaky(SmsDeliveryError(True, "provider busy"))

    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(to=MOBILE, text="hi", purpose="otp")

    message.refresh_from_db()
    assert backend.calls == 2
    assert message.status == SmsStatus.SENT
    assert message.attempts == 2
    assert message.provider_message_id == "flaky-2"
    assert message.last_error == "provider busy"


@pytest.mark.django_db
def test_retryable_failure_is_deferred_with_backoff_when_the_task_backend_can_defer(
    django_capture_on_commit_callbacks, flaky, settings
):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    flaky(SmsDeliveryError(True, "provider busy"))
    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(to=MOBILE, text="hi", purpose="otp")
    # The first delivery waits in the task table for a worker.
    first_ids = set(DBTaskResult.objects.values_list("id", flat=True))
    assert len(first_ids) == 1

    with django_capture_on_commit_callbacks(execute=True):
        message = sms_deliver(message_id=message.pk)

    message.refresh_from_db()
    assert message.status == SmsStatus.QUEUED
    assert message.attempts == 1
    assert message.next_attempt_at is not None
    retry = DBTaskResult.objects.exclude(id__in=first_ids).get()
    assert retry.run_after == message.next_attempt_at
    assert retry.args_kwargs["kwargs"] == {"message_id": message.pk}


@pytest.mark.django_db
def test_non_retryable_failure_fails_at_once(django_capture_on_commit_callbacks, flaky):
    backend = flaky(SmsDeliveryError(False, "bad receptor"))

    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(to=MOBILE, text="hi", purpose="otp")

    message.refresh_from_db()
    assert backend.calls == 1
    assert message.status == SmsStatus.FAILED
    assert message.attempts == 1
    assert message.next_attempt_at is None


@pytest.mark.django_db
def test_stored_error_hides_the_full_number_and_the_api_key(
    django_capture_on_commit_callbacks, flaky, settings
):
    settings.SMS_KAVENEGAR_API_KEY = "secret-api-key"
    flaky(SmsDeliveryError(False, "rejected 09123456789 +989123456789 with secret-api-key"))

    with django_capture_on_commit_callbacks(execute=True):
        message = sms_send(to=MOBILE, text="hi", purpose="otp")

    message.refresh_from_db()
    assert "secret-api-key" not in message.last_error
    for spelling in FULL_SPELLINGS:
        assert spelling not in message.last_error
    assert "0912***6789" in message.last_error


def test_retry_delay_doubles_from_thirty_seconds():
    assert [sms_retry_delay(attempts=n).total_seconds() for n in (1, 2, 3, 4)] == [
        30,
        60,
        120,
        240,
    ]
    assert sms_retry_delay(attempts=20) == timedelta(hours=1)


def test_get_backend_follows_the_sms_backend_setting(settings):
    settings.SMS_BACKEND = "outbox"
    assert isinstance(get_backend(), OutboxBackend)
    settings.SMS_BACKEND = "kavenegar"
    assert isinstance(get_backend(), KavenegarBackend)
    assert isinstance(get_backend("outbox"), OutboxBackend)


@pytest.mark.django_db
def test_sms_last_to_returns_the_newest_message_for_any_spelling_of_the_number(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        sms_send(to=MOBILE, text="code 111111", purpose="otp")
        sms_send(to=MOBILE, text="your tracking code", purpose="tracking_code")
        sms_send(to="09350000000", text="code 222222", purpose="otp")

    assert sms_last_to(to="0912 345 6789").text == "your tracking code"
    assert sms_last_to(to=MOBILE, purpose="otp").text == "code 111111"
    assert sms_last_to(to="09129999999") is None


@pytest.mark.django_db
def test_sms_outbox_list_is_newest_first_and_filters(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = sms_send(to=MOBILE, text="one", purpose="otp")
        second = sms_send(to="09350000000", text="two", purpose="otp")
        third = sms_send(to=MOBILE, text="three", purpose="tracking_code")

    assert list(sms_outbox_list()) == [third, second, first]
    assert list(sms_outbox_list(to=MOBILE)) == [third, first]
    assert list(sms_outbox_list(purpose="otp")) == [second, first]


@pytest.mark.django_db
def test_outbox_admin_is_read_only_and_masks_numbers():
    message = SmsMessage.objects.create(to=MOBILE, text="hi", purpose="otp")
    model_admin = SmsMessageAdmin(SmsMessage, admin.site)
    request = RequestFactory().get("/")

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, message)
    assert not model_admin.has_delete_permission(request, message)
    assert model_admin.masked_to(message) == "0912***6789"


@pytest.mark.django_db
def test_outbox_admin_list_and_detail_show_masked_numbers_only(client, django_user_model):
    message = SmsMessage.objects.create(to=MOBILE, text="Your code is 123456", purpose="otp")
    superuser = django_user_model.objects.create_superuser("root", "a-long-password-1")
    client.force_login(superuser)

    for url in (
        "/admin/notifications/smsmessage/",
        f"/admin/notifications/smsmessage/{message.pk}/change/",
    ):
        response = client.get(url)

        assert response.status_code == 200
        page = response.content.decode()
        assert "0912***6789" in page
        for spelling in FULL_SPELLINGS:
            assert spelling not in page
