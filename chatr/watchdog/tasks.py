"""Background work of the watchdog: thin wrappers over services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from chatr.watchdog import services

ESCALATION_INTERVAL = timedelta(minutes=15)


def escalation_pending() -> bool:
    """Is a pass already queued (so restarts do not start a second chain)?"""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=f"{__name__}.escalate_overdue_task",
        status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING],
    ).exists()


@task()
def escalate_overdue_task() -> int:
    """Escalate overdue messages, then schedule the next pass (a self-renewing schedule)."""
    moved = services.message_escalate_overdue()
    backend = escalate_overdue_task.get_backend()
    if backend.supports_defer and not _another_pass_queued():
        escalate_overdue_task.using(run_after=timezone.now() + ESCALATION_INTERVAL).enqueue()
    return moved


def _another_pass_queued() -> bool:
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=f"{__name__}.escalate_overdue_task", status=TaskResultStatus.READY
    ).exists()


@task()
def notify_urgent_task(*, case_id: int) -> int:
    return services.notify_urgent(case_id=case_id)
