"""core.tasks.task_enqueue: the task commits with the caller's data, or runs after it."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.test import override_settings
from django_tasks_db.models import DBTaskResult

from chatr.core.tasks import task_enqueue
from chatr.notifications.choices import SmsStatus
from chatr.notifications.models import SmsMessage
from chatr.notifications.services import sms_send
from chatr.notifications.tasks import sms_deliver_task

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


class Rollback(Exception):
    pass


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_the_task_row_commits_with_the_data() -> None:
    with transaction.atomic():
        message = sms_send(to="09121234567", text="کد پیگیری", purpose="test")
        # Written inside the transaction, before any commit hook ran.
        assert DBTaskResult.objects.filter(args_kwargs__kwargs__message_id=message.pk).exists()
    assert DBTaskResult.objects.filter(args_kwargs__kwargs__message_id=message.pk).count() == 1


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_with_the_database_backend_a_rollback_leaves_no_task_behind() -> None:
    with pytest.raises(Rollback), transaction.atomic():
        sms_send(to="09121234567", text="کد پیگیری", purpose="test")
        raise Rollback
    assert not SmsMessage.objects.exists()
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_the_task_runs_only_after_the_commit() -> None:
    with transaction.atomic():
        message = sms_send(to="09121234567", text="کد پیگیری", purpose="test")
        message.refresh_from_db()
        assert message.status == SmsStatus.QUEUED  # not delivered inside the transaction
    message.refresh_from_db()
    assert message.status == SmsStatus.SENT


class RecordingTask:
    """Stands in for a task on the configured (immediate) backend, recording its runs."""

    def __init__(self) -> None:
        self.runs: list[dict[str, object]] = []

    def get_backend(self) -> object:
        return sms_deliver_task.get_backend()

    def enqueue(self, **kwargs: object) -> None:
        self.runs.append(kwargs)


@pytest.mark.django_db(transaction=True)
def test_with_the_immediate_backend_a_rollback_runs_nothing() -> None:
    task = RecordingTask()
    with pytest.raises(Rollback), transaction.atomic():
        task_enqueue(task, case_id=1)
        raise Rollback
    assert task.runs == []
    with transaction.atomic():
        task_enqueue(task, case_id=2)
        assert task.runs == []
    assert task.runs == [{"case_id": 2}]
