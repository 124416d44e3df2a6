from django.core.management.base import BaseCommand

from chatr.centers.demo import seed_centers_demo
from chatr.core.phone import format_mobile
from chatr.demo.world import DEMO_ACCOUNTS, DEMO_CITIZEN_MOBILE, DEMO_PASSWORD, build_world
from chatr.eservices.demo import seed_eservices_demo
from chatr.pensions.demo import seed_pensions_demo
from chatr.registry.demo import seed_registry_demo
from chatr.registry.demo_import import seed_import_demo
from chatr.transparency.demo import seed_transparency_demo
from chatr.watchdog.demo import seed_watchdog_demo


class Command(BaseCommand):
    help = "Load the demo world (idempotent) and print the demo accounts."

    def add_arguments(self, parser):  # type: ignore[no-untyped-def]
        parser.add_argument(
            "--watchdog-messages",
            type=int,
            default=None,
            help="how many watchdog messages the demo year has (default 1500)",
        )

    def handle(self, *args: object, **options: object) -> None:
        world = build_world()
        centers = seed_centers_demo()
        seed_registry_demo()
        seed_import_demo()
        seed_pensions_demo(world)
        seed_transparency_demo()
        seed_eservices_demo(world)
        count = options.get("watchdog_messages")
        messages = (
            seed_watchdog_demo(messages=count) if isinstance(count, int) else seed_watchdog_demo()
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(world.units)} org units, {len(world.users)} staff "
                f"accounts, {centers} new care centers, {messages} new watchdog messages."
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
