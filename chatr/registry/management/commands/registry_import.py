"""`chatr registry_import <file> --user <username> --mode …`: bulk import for operators.

The same service as the import page (same checks, scope, audit); the report is printed row by
row, with masked national codes only. Exits with an error when anything was refused.
"""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from chatr.core.errors import ApplicationError
from chatr.org.scope import scope_for_user
from chatr.registry.imports import MAX_ROWS, MODE_VALID_ROWS, MODES, registry_import


class Command(BaseCommand):
    help = "Import people and households from a CSV or XLSX file, as the given staff user."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument("file", help="CSV (UTF-8) or XLSX file in the documented layout")
        parser.add_argument("--user", required=True, help="username of the importing officer")
        parser.add_argument("--mode", choices=MODES, default=MODE_VALID_ROWS)
        parser.add_argument(
            "--max-rows", type=int, default=MAX_ROWS * 20, help="refuse larger files"
        )
        parser.add_argument("--language", choices=["fa", "en"], default="en")

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        user = get_user_model().objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {options['user']!r}.")
        with translation.override(str(options["language"])):
            try:
                report = registry_import(
                    actor=user,
                    scope=scope_for_user(user),
                    mode=str(options["mode"]),
                    content=path.read_bytes(),
                    filename=path.name,
                    max_rows=int(str(options["max_rows"])),
                )
            except ApplicationError as error:
                raise CommandError(str(error.message)) from error
            for issue in report.file_issues:
                self.stdout.write(f"row {issue.row}: {issue.column_label} {issue.message}")
            for row in report.rows:
                self.stdout.write(f"row {row.number}: {row.status} {row.masked_code}")
                for issue in row.issues:
                    self.stdout.write(f"    {issue.column_label}: {issue.message}")
        for name, value in report.summary().items():
            self.stdout.write(f"{name}: {value}")
        if not report.ok:
            raise CommandError("Some rows were refused; see the report above.")
