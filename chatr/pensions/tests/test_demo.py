"""The pensions demo: idempotent, with exceptions, failed transfers re-issued, a cycle awaiting
approval, and payments for the demo citizen."""

from __future__ import annotations

import pytest

from chatr.pensions.demo import seed_pensions_demo
from chatr.pensions.models import CycleState, Entitlement, PaymentCycle
from chatr.pensions.selectors import citizen_payments
from chatr.registry.demo import seed_registry_demo
from chatr.registry.selectors import person_for_citizen

pytestmark = pytest.mark.django_db


def test_the_demo_is_complete_and_idempotent(world) -> None:
    seed_registry_demo()
    count = seed_pensions_demo(world)

    assert count > 0
    assert seed_pensions_demo(world) == count
    states = set(PaymentCycle.objects.values_list("state", flat=True))
    assert states == {CycleState.RECONCILED, CycleState.COMPUTED}
    reasons = set(Entitlement.objects.filter(status="exception").values_list("reason", flat=True))
    assert {"no_sheba", "invalid_sheba"} <= reasons
    assert Entitlement.objects.filter(kind="reissue").exists()
    assert Entitlement.objects.filter(status="reissued").exists()
    person = person_for_citizen(user=world.citizen)
    payments = list(citizen_payments(person=person))
    assert len(payments) >= 3
    assert {p.status for p in payments} & {"paid"}
