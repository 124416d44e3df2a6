"""Background work of the watchdog: thin wrappers over services."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from chatr.core.tasks import task_queued, task_renew
from chatr.watchdog import dashboard, services

ESCALATION_INTERVAL = timedelta(minutes=15)


def escalation_pending() -> bool:
    """Is a pass already queued (so restarts do not start a second chain)?"""
    return task_queued(escalate_overdue_task, running_too=True)


@task()
def escalate_overdue_task() -> int:
    """Escalate overdue messages, then schedule the next pass (a self-renewing schedule)."""
    moved = services.message_escalate_overdue()
    task_renew(escalate_overdue_task, every=ESCALATION_INTERVAL)
    return moved


def monthly_counts_pending() -> bool:
    """Is a recount already queued (so restarts do not start a second chain)?"""
    return task_queued(monthly_counts_task, running_too=True)


@task()
def monthly_counts_task() -> int:
    """Recompute the dashboard's past months, then schedule the next run (self-renewing)."""
    rows = dashboard.monthly_counts_rebuild()
    task_renew(monthly_counts_task, every=dashboard.MONTHLY_COUNTS_INTERVAL)
    return rows


@task()
def notify_urgent_task(*, case_id: int) -> int:
    return services.notify_urgent(case_id=case_id)
