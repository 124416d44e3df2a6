"""The benchmark generator: deterministic top-ups, consistent rows the compute can use."""

from __future__ import annotations

import pytest

from chatr.centers.management.commands.centers_generate import generate
from chatr.centers.models import Admission, Center, Licence
from chatr.centers.tests.test_subsidies_support import compute, rate
from chatr.org.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_generate_tops_up_and_the_month_computes(world) -> None:
    assert generate(centers=30, residents=200, batch_size=20) == (30, 200)
    assert generate(centers=30, residents=200, batch_size=20) == (0, 0)
    assert Center.objects.count() == 30 and Licence.objects.count() == 30
    unit = OrgUnit.objects.get(code="GC000001")
    assert unit.path.startswith(unit.parent.path) and unit.province_id
    for center in Center.objects.all():
        assert center.admissions.filter(discharged_on__isnull=True).count() <= center.capacity
    assert Admission.objects.count() == 200
    for licence_type in ("rehabilitation", "elderly_care", "childrens_home"):
        for mode in ("residential", "day", "home_care"):
            for grade in (1, 2):
                rate(licence_type, mode, grade, amount=7_000_000, month=1)
    assert compute(world.hq_finance, 1405, 8) > 0
