"""Background work of the directory: thin wrappers over services."""

from __future__ import annotations

from datetime import timedelta

from django_tasks import task

from chatr.centers import services
from chatr.core.tasks import task_queued, task_renew

EXPIRY_INTERVAL = timedelta(hours=6)


def expiry_pending() -> bool:
    """Is a pass already queued or running (so restarts do not start a second chain)?"""
    return task_queued(licence_expire_due_task, running_too=True)


@task()
def licence_expire_due_task() -> int:
    """Expire licences past their end date, then schedule the next pass (self-renewing).
    Several passes a day: the day changes at midnight Tehran time, whenever the chain runs."""
    expired = services.licence_expire_due()
    task_renew(licence_expire_due_task, every=EXPIRY_INTERVAL)
    return expired
