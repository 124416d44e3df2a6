"""Background work of the watchdog: thin wrappers over services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from django_tasks import task

from chatr.watchdog import dashboard, services

ESCALATION_INTERVAL = timedelta(minutes=15)


def _queued(task_name: str, *, running_too: bool) -> bool:
    """Is a run of this module's task `task_name` waiting (or, with running_too, running)?"""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    statuses = [TaskResultStatus.READY]
    if running_too:
        statuses.append(TaskResultStatus.RUNNING)
    return DBTaskResult.objects.filter(
        task_path=f"{__name__}.{task_name}", status__in=statuses
    ).exists()


def escalation_pending() -> bool:
    """Is a pass already queued (so restarts do not start a second chain)?"""
    return _queued("escalate_overdue_task", running_too=True)


@task()
def escalate_overdue_task() -> int:
    """Escalate overdue messages, then schedule the next pass (a self-renewing schedule)."""
    moved = services.message_escalate_overdue()
    backend = escalate_overdue_task.get_backend()
    if backend.supports_defer and not _queued("escalate_overdue_task", running_too=False):
        escalate_overdue_task.using(run_after=timezone.now() + ESCALATION_INTERVAL).enqueue()
    return moved


def monthly_counts_pending() -> bool:
    """Is a recount already queued (so restarts do not start a second chain)?"""
    return _queued("monthly_counts_task", running_too=True)


@task()
def monthly_counts_task() -> int:
    """Recompute the dashboard's past months, then schedule the next run (self-renewing)."""
    rows = dashboard.monthly_counts_rebuild()
    backend = monthly_counts_task.get_backend()
    if backend.supports_defer and not _queued("monthly_counts_task", running_too=False):
        monthly_counts_task.using(
            run_after=timezone.now() + dashboard.MONTHLY_COUNTS_INTERVAL
        ).enqueue()
    return rows


@task()
def notify_urgent_task(*, case_id: int) -> int:
    return services.notify_urgent(case_id=case_id)
