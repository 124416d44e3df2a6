"""Entitlements honour the scoped-record contract: a Zanjan officer never sees Kerman data,
through any page or endpoint."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from chatr.org.testing import ScopedRecordContract
from chatr.pensions.demo import programs_ensure
from chatr.pensions.models import Entitlement
from chatr.pensions.tests.factories import YEAR, beneficiary, compute, open_cycle
from chatr.registry.demo import seed_score_factors

pytestmark = pytest.mark.django_db


class TestEntitlementScope(ScopedRecordContract):
    reader_in_scope = "kerman_finance"
    reader_out_of_scope = "zanjan_manager"
    owner_unit_code = "C0801"

    def make_record(self, world: Any, unit: Any) -> Any:
        seed_score_factors()
        program = programs_ensure(year=YEAR)[0]
        file = beneficiary(world, unit.code, program.sub_groups[0])
        compute(world, open_cycle(world, program))
        return Entitlement.objects.get(person=file.client)

    def list_url(self) -> str:
        return reverse("pensions:entitlements")

    def detail_url(self, record: Any) -> str:
        return reverse("pensions:entitlement_detail", args=[record.pk])

    def api_list_url(self) -> str:
        return "/api/v1/pensions/entitlements?limit=200"

    def api_detail_url(self, record: Any) -> str:
        return f"/api/v1/pensions/entitlements/{record.pk}"


class TestEntitlementScopeForCountyRecord(TestEntitlementScope):
    """Rafsanjan, Kerman's second county."""

    owner_unit_code = "C0802"


class TestEntitlementScopeForManager(TestEntitlementScope):
    reader_in_scope = "kerman_manager"
    reader_out_of_scope = "zanjan_manager"


def test_cycle_totals_show_only_the_readers_province(world, client_for) -> None:
    seed_score_factors()
    program = programs_ensure(year=YEAR)[0]
    beneficiary(world, "C0801", program.sub_groups[0])
    beneficiary(world, "C1901", program.sub_groups[0])
    cycle = open_cycle(world, program)
    compute(world, cycle)

    zanjan = client_for("zanjan_manager").get(f"/api/v1/pensions/cycles/{cycle.pk}").json()
    assert [t["province"] for t in zanjan["totals"]] == ["P19"]
    page = client_for("zanjan_manager").get(reverse("pensions:cycle_detail", args=[cycle.pk]))
    assert "کرمان" not in page.content.decode()
    assert "Kerman" not in page.content.decode()
    hq = client_for("hq_finance").get(f"/api/v1/pensions/cycles/{cycle.pk}").json()
    assert sorted(t["province"] for t in hq["totals"]) == ["P08", "P19"]
