"""Background work of licensing: the daily renewal reminders (self-renewing)."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from chatr.centers import services_licensing
from chatr.core.tasks import task_queued, task_renew

REMINDER_INTERVAL = timedelta(days=1)


def reminders_pending() -> bool:
    """Is a pass already queued or running (so restarts do not start a second chain)?"""
    return task_queued(renewal_reminders_task, running_too=True)


@task()
def renewal_reminders_task() -> int:
    """Send the renewal reminders due today, then schedule tomorrow's pass. Each reminder is
    recorded once per licence and stage, so extra passes send nothing twice."""
    sent = services_licensing.renewal_reminders_send()
    task_renew(renewal_reminders_task, every=REMINDER_INTERVAL)
    return sent
