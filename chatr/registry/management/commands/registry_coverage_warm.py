"""`chatr registry_coverage_warm [--schedule]`: fill the cache with the national coverage
figures now, or start the worker's self-renewing task that keeps them warm."""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from chatr.registry.reports import CACHE_WARM_INTERVAL, coverage_cache_warm

# Caches each process keeps to itself: what a worker or this command puts there, no web
# server process ever reads.
_PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


class Command(BaseCommand):
    help = (
        "Compute today's national coverage figures into the cache (for cron; with --schedule "
        "the worker does it every few minutes)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="enqueue the self-renewing warming task for the worker instead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.CACHES["default"]["BACKEND"] in _PROCESS_LOCAL_CACHES:
            self.stderr.write(
                "The cache is local to each process (set REDIS_URL for a shared one): figures "
                "warmed here or by the worker are not seen by the web server."
            )
        if options["schedule"]:
            from chatr.registry.tasks import coverage_cache_warm_pending, coverage_cache_warm_task

            if coverage_cache_warm_pending():
                self.stdout.write("Coverage warming task already scheduled.")
            else:
                coverage_cache_warm_task.enqueue()
                minutes = int(CACHE_WARM_INTERVAL.total_seconds() // 60)
                self.stdout.write(f"Coverage warming task scheduled (every {minutes} minutes).")
            return
        started = time.monotonic()
        coverage_cache_warm()
        self.stdout.write(f"Coverage figures warmed in {time.monotonic() - started:.1f} s.")
