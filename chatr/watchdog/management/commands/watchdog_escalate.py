from django.core.management.base import BaseCommand

from chatr.watchdog.services import message_escalate_overdue


class Command(BaseCommand):
    help = "Escalate overdue watchdog messages one level up (for cron; the worker also does it)."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--schedule",
            action="store_true",
            help="enqueue the self-renewing escalation task for the worker",
        )

    def handle(self, *args: object, **options: object) -> None:
        if options["schedule"]:
            from chatr.watchdog.tasks import escalate_overdue_task, escalation_pending

            if escalation_pending():
                self.stdout.write("Escalation task already scheduled.")
            else:
                escalate_overdue_task.enqueue()
                self.stdout.write("Escalation task scheduled.")
            return
        self.stdout.write(f"Escalated {message_escalate_overdue()} message(s).")
