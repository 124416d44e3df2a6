from django.core.management.base import BaseCommand

from chatr.core.phone import format_mobile
from chatr.demo.world import DEMO_ACCOUNTS, DEMO_CITIZEN_MOBILE, DEMO_PASSWORD, build_world


class Command(BaseCommand):
    help = "Load the demo world (idempotent) and print the demo accounts."

    def handle(self, *args: object, **options: object) -> None:
        world = build_world()
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(world.units)} org units, {len(world.users)} staff accounts."
            )
        )
        self.stdout.write("")
        self.stdout.write(
            "Staff accounts (http://127.0.0.1:8000/accounts/staff/sign-in/), "
            f"password for all: {DEMO_PASSWORD}"
        )
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.username:<24} {account.role:<20} at {account.unit_code}")
        self.stdout.write("")
        self.stdout.write(
            f"Citizen (http://127.0.0.1:8000/accounts/sign-in/): mobile "
            f"{format_mobile(DEMO_CITIZEN_MOBILE)}; the SMS code is printed on this "
            "console and kept in the outbox (admin, as sysadmin)."
        )
