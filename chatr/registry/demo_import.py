"""Demo of the bulk import: four Zanjan households imported from the sample file in
chatr/registry/fixtures/ by the Zanjan province officer, as an operator would.

Idempotent like the import itself: seeding again finds everyone registered and changes
nothing. The fixtures folder also holds a copy of the file with typical mistakes (a wrong
check digit, month 13, a Kerman county, an unknown relationship) to try the row report with.
"""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model

from chatr.org.scope import scope_for_user
from chatr.registry.imports import MODE_VALID_ROWS, ImportReport, registry_import

FIXTURES = Path(__file__).parent / "fixtures"
DEMO_IMPORT_FILE = FIXTURES / "registry_import_demo.csv"
DEMO_IMPORT_FILE_WITH_ERRORS = FIXTURES / "registry_import_demo_with_errors.csv"
DEMO_IMPORTER = "zanjan_officer"


def seed_import_demo() -> ImportReport:
    """Import the sample file as the Zanjan officer. Needs the shared world first."""
    actor = get_user_model().objects.get(username=DEMO_IMPORTER)
    return registry_import(
        actor=actor,
        scope=scope_for_user(actor),
        mode=MODE_VALID_ROWS,
        content=DEMO_IMPORT_FILE.read_bytes(),
        filename=DEMO_IMPORT_FILE.name,
    )
