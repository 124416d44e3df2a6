"""The supervision demo: inspections across provinces with findings, the Zanjan inspector's
visits in Zanjan, a center at "first warning" and one suspended; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.centers.choices import CenterStatus, LicenceStatus
from chatr.centers.demo import seed_centers_demo
from chatr.centers.demo_supervision import seed_supervision_demo
from chatr.centers.models import Finding, Inspection, Licence, SanctionProceeding

pytestmark = pytest.mark.django_db


def test_the_supervision_demo_has_its_well_known_cases_and_is_idempotent(world: Any) -> None:
    seed_centers_demo()
    count = Inspection.objects.count()
    assert count >= 10
    assert seed_supervision_demo() == 0
    assert Inspection.objects.count() == count

    mine = Inspection.objects.filter(inspector=world.zanjan_inspector)
    assert mine.filter(state="recorded").count() >= 3
    assert mine.filter(state="planned").count() == 1
    assert set(mine.values_list("scope_county__code", flat=True)) == {"C1901"}
    assert Inspection.objects.values("scope_province").distinct().count() >= 4
    assert Finding.objects.filter(inspection__inspector=world.zanjan_inspector).exists()

    warned = SanctionProceeding.objects.get(closed_on__isnull=True)
    assert warned.step == "first_warning" and warned.scope_county.code == "C1901"
    suspended = SanctionProceeding.objects.get(step="suspended")
    assert suspended.center.status == CenterStatus.SUSPENDED
    assert Licence.objects.filter(center=suspended.center, status=LicenceStatus.SUSPENDED).exists()
