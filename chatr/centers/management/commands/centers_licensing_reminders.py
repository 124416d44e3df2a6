from django.core.management.base import BaseCommand

from chatr.centers.services_licensing import renewal_reminders_send


class Command(BaseCommand):
    help = "Send due licence-renewal reminders (for cron; the worker also does it daily)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="enqueue the self-renewing daily reminder task for the worker",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["schedule"]:
            from chatr.centers.tasks_licensing import reminders_pending, renewal_reminders_task

            if reminders_pending():
                self.stdout.write("Renewal reminder task already scheduled.")
            else:
                renewal_reminders_task.enqueue()
                self.stdout.write("Renewal reminder task scheduled.")
            return
        self.stdout.write(f"Sent {renewal_reminders_send()} renewal reminder(s).")
