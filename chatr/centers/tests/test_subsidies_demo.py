"""The residents and subsidies demo: idempotent, with a claim awaiting kerman_finance."""

from __future__ import annotations

import pytest

from chatr.centers import services_subsidies
from chatr.centers.demo import seed_centers_demo
from chatr.centers.demo_subsidies import seed_subsidies_demo
from chatr.centers.models import Admission, ClaimState, SubsidyClaim, SubsidyRate
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db


def test_demo_has_nursery_residents_and_a_claim_for_kerman_finance(world) -> None:
    seed_centers_demo()
    rates, admissions = SubsidyRate.objects.count(), Admission.objects.count()
    claim = SubsidyClaim.objects.get(center__org_unit__code="K0801")
    assert claim.state == ClaimState.COMPUTED and claim.amount > 0 and claim.sheba
    assert (
        Admission.objects.filter(center__org_unit__code="K0801", is_child_record=True).count() == 8
    )
    seed_subsidies_demo()
    assert (SubsidyRate.objects.count(), Admission.objects.count()) == (rates, admissions)
    assert SubsidyClaim.objects.count() == 1
    approved = services_subsidies.subsidy_claim_approve(
        actor=world.kerman_finance, scope=scope_for_user(world.kerman_finance), claim=claim
    )
    assert approved.approved_by == world.kerman_finance
