from __future__ import annotations

import pytest

from chatr.core.company_id import validate_company_id
from chatr.transparency.choices import BatchState, DatasetCategory
from chatr.transparency.demo import seed_transparency_demo
from chatr.transparency.models import Contract, ContractPayment, Dataset, ImportBatch, Party

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent_with_valid_parties(world) -> None:
    created = seed_transparency_demo()
    assert created == 308 + 3  # and the three drafts of the file waiting for review
    counts = (Contract.objects.count(), ContractPayment.objects.count(), Dataset.objects.count())
    assert seed_transparency_demo() == 0
    assert (
        Contract.objects.count(),
        ContractPayment.objects.count(),
        Dataset.objects.count(),
    ) == counts
    assert counts[1] > 300
    assert Dataset.objects.filter(is_published=True, category="contracts").count() == 4
    # Every category has a published dataset, and one file waits for review.
    categories = set(Dataset.objects.filter(is_published=True).values_list("category", flat=True))
    assert categories == set(DatasetCategory.values)
    (waiting,) = ImportBatch.objects.filter(state=BatchState.DRAFT)
    assert waiting.dataset.code == "contracts-hq" and waiting.created == 3
    for party in Party.objects.all():
        assert validate_company_id(party.company_id) == party.company_id
