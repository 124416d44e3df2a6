"""The one way to queue background work from inside a service.

With the database task backend (production, `make demo`) the task row is written in the
caller's transaction: it commits with the data or not at all (a transactional outbox), and no
worker can see it before the commit. It also saves a transaction of its own per task, which
intake pays for on every message. Any other backend (the immediate one in tests, a broker) is
called after the commit, so a task never runs against rows that may still roll back.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone


def _writes_with_the_data(task: Any) -> bool:
    backend = task.get_backend()
    try:
        from django_tasks_db.backend import DatabaseBackend
    except ImportError:  # pragma: no cover - the database backend is a pinned dependency
        return False
    return isinstance(backend, DatabaseBackend) and connection.in_atomic_block


def task_enqueue(task: Any, **kwargs: Any) -> None:
    """Queue `task(**kwargs)` so that it runs only if the current transaction commits."""
    if _writes_with_the_data(task):
        task.enqueue(**kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(**kwargs))


def task_queued(task: Any, *, running_too: bool) -> bool:
    """Is a run of `task` waiting (or, with running_too, running)? Database backend rows only:
    what a self-renewing task checks so that restarts never start a second chain."""
    from django_tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    statuses = [TaskResultStatus.READY]
    if running_too:
        statuses.append(TaskResultStatus.RUNNING)
    return DBTaskResult.objects.filter(task_path=task.module_path, status__in=statuses).exists()


def task_renew(task: Any, *, every: timedelta) -> None:
    """Queue the next run of a self-renewing task `every` from now, unless one is waiting.
    Called at the end of a run; backends that cannot defer (the immediate one) do nothing."""
    if task.get_backend().supports_defer and not task_queued(task, running_too=False):
        task.using(run_after=timezone.now() + every).enqueue()
