"""The one way to queue background work from inside a service.

With the database task backend (production, `make demo`) the task row is written in the
caller's transaction: it commits with the data or not at all (a transactional outbox), and no
worker can see it before the commit. It also saves a transaction of its own per task, which
intake pays for on every message. Any other backend (the immediate one in tests, a broker) is
called after the commit, so a task never runs against rows that may still roll back.
"""

from __future__ import annotations

from typing import Any

from django.db import connection, transaction


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
