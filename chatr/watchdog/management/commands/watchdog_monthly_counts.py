"""`chatr watchdog_monthly_counts`: recompute the dashboard's counts of past Jalali months."""

from __future__ import annotations

import re
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from chatr.core.text import to_ascii_digits
from chatr.watchdog.dashboard import monthly_counts_rebuild


def _month(text: str) -> tuple[int, int]:
    match = re.fullmatch(r"(\d{4})/(\d{1,2})", to_ascii_digits(text.strip()))
    if match is None or not 1 <= int(match[2]) <= 12:
        raise CommandError(f"--month {text}: give a Jalali year and month, e.g. 1405/07")
    return int(match[1]), int(match[2])


class Command(BaseCommand):
    help = (
        "Recompute the dashboard's counts of whole past Jalali months from the daily counters "
        "(for cron; the worker also does it every hour)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--month",
            action="append",
            default=[],
            help="only this Jalali month, e.g. 1405/07 (repeatable; default: every past month)",
        )
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="enqueue the self-renewing hourly task for the worker instead",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["schedule"]:
            from chatr.watchdog.tasks import monthly_counts_pending, monthly_counts_task

            if monthly_counts_pending():
                self.stdout.write("Monthly counts task already scheduled.")
            else:
                monthly_counts_task.enqueue()
                self.stdout.write("Monthly counts task scheduled.")
            return
        months = [_month(m) for m in options["month"]] or None
        rows = monthly_counts_rebuild(months=months)
        self.stdout.write(f"Wrote {rows:,} monthly count row(s).")
