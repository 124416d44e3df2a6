"""Background work of the registry: thin wrappers over reports and services."""

from __future__ import annotations

from django_tasks import task

from chatr.core.tasks import task_queued, task_renew
from chatr.registry import reports


def coverage_cache_warm_pending() -> bool:
    """Is a warming run already queued (so restarts do not start a second chain)?"""
    return task_queued(coverage_cache_warm_task, running_too=True)


@task()
def coverage_cache_warm_task() -> None:
    """Recompute the national coverage figures into the cache, then schedule the next run
    (self-renewing, every reports.CACHE_WARM_INTERVAL)."""
    reports.coverage_cache_warm()
    task_renew(coverage_cache_warm_task, every=reports.CACHE_WARM_INTERVAL)


@task()
def coverage_cache_refresh_task() -> None:
    """Recompute the national coverage figures once (after a bulk import). Apart from the
    self-renewing task, so a run of this one never stands for the chain's next run."""
    reports.coverage_cache_warm()
