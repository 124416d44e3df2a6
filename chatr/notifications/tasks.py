"""Background tasks of the notifications app: thin, they call a service."""

from __future__ import annotations

from django_tasks import task

from chatr.notifications import services


@task()
def sms_deliver_task(*, message_id: int) -> None:
    """Make one delivery attempt for an outbox message."""
    services.sms_deliver(message_id=message_id)
