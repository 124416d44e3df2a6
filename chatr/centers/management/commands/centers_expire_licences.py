from django.core.management.base import BaseCommand

from chatr.centers.services import licence_expire_due


class Command(BaseCommand):
    help = "Mark licences past their end date as expired (for cron; the worker also does it)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="enqueue the self-renewing expiry task for the worker",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["schedule"]:
            from chatr.centers.tasks import expiry_pending, licence_expire_due_task

            if expiry_pending():
                self.stdout.write("Licence expiry task already scheduled.")
            else:
                licence_expire_due_task.enqueue()
                self.stdout.write("Licence expiry task scheduled.")
            return
        self.stdout.write(f"Expired {licence_expire_due()} licence(s).")
