from __future__ import annotations

import pytest

from chatr.core.company_id import validate_company_id
from chatr.transparency.demo import seed_transparency_demo
from chatr.transparency.models import Contract, ContractPayment, Dataset, Party

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_with_valid_parties(world) -> None:
    created = seed_transparency_demo()
    assert created == 308
    counts = (Contract.objects.count(), ContractPayment.objects.count(), Dataset.objects.count())
    assert seed_transparency_demo() == 0
    assert (
        Contract.objects.count(),
        ContractPayment.objects.count(),
        Dataset.objects.count(),
    ) == counts
    assert counts[1] > 300
    assert Dataset.objects.filter(is_published=True).count() == 4
    for party in Party.objects.all():
        assert validate_company_id(party.company_id) == party.company_id
