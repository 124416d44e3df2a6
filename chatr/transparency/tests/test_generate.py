"""The benchmark generator: published records the public selectors find, written as the
services would write them, deterministic, and topped up rather than repeated."""

from __future__ import annotations

import pytest

from chatr.core.company_id import validate_company_id
from chatr.transparency.choices import RecordState
from chatr.transparency.management.commands.transparency_generate import generate
from chatr.transparency.models import Contract, Expenditure, Party
from chatr.transparency.selectors import ContractFilters, contract_export_rows, contract_list
from chatr.transparency.selectors_expenditures import ExpenditureFilters, expenditure_list
from chatr.transparency.services import contract_search_text
from chatr.transparency.services_expenditures import expenditure_key, expenditure_search_text

pytestmark = pytest.mark.django_db


def test_generated_records_are_public_and_written_as_the_services_write_them(world) -> None:
    assert generate(contracts=300, expenditures=1_000) == (300, 1_000)

    assert contract_list(filters=ContractFilters()).count() == 300
    assert contract_export_rows(filters=ContractFilters()).count() == 300
    assert expenditure_list(filters=ExpenditureFilters()).count() == 1_000
    # Every publisher has its own published datasets; expenditures cover all of them.
    assert contract_list(filters=ContractFilters(publisher="HQ")).exists()
    kerman = expenditure_list(filters=ExpenditureFilters(publisher="P08"))
    assert kerman.count() == 1_000 // 32 or kerman.count() == 1_000 // 32 + 1
    assert expenditure_list(filters=ExpenditureFilters(q="توانبخشی معلولان")).exists()

    for contract in Contract.objects.select_related("counterparty")[:50]:
        assert contract.state == RecordState.PUBLISHED and contract.published_at
        assert contract.record_key == contract.number
        assert contract.org_unit_id == contract.dataset.org_unit_id
        assert contract.search_text == contract_search_text(
            number=contract.number, title=contract.title, party=contract.counterparty
        )
        assert validate_company_id(contract.counterparty.company_id)
    for item in Expenditure.objects.all()[:50]:
        assert item.state == RecordState.PUBLISHED and item.published_at
        assert item.search_text == expenditure_search_text(
            unit_name=item.unit_name, program=item.program
        )
        assert item.record_key == expenditure_key(
            unit_name=item.unit_name,
            program=item.program,
            economic_class=item.economic_class,
            year=item.year,
            month=item.month,
        )
    word = Contract.objects.order_by("pk").first().title.split()[-1]  # type: ignore[union-attr]
    found = contract_list(filters=ContractFilters(q=word))
    assert found.exists() and all(word in c.title for c in found[:20])


def _rows() -> list[tuple[object, ...]]:
    contracts = Contract.objects.order_by("number").values_list(
        "dataset__code", "number", "title", "counterparty__company_id", "amount", "signed_on"
    )
    expenditures = Expenditure.objects.order_by("dataset__code", "record_key").values_list(
        "dataset__code", "record_key", "amount"
    )
    return [*contracts, *expenditures]


def test_a_second_run_adds_only_the_difference_and_the_same_rows(world) -> None:
    assert generate(contracts=120, expenditures=400, batch_size=50) == (120, 400)
    parties = Party.objects.count()
    assert generate(contracts=120, expenditures=400) == (0, 0)
    assert generate(contracts=300, expenditures=1_000, batch_size=70) == (180, 600)
    assert Party.objects.count() == parties
    assert len(set(Expenditure.objects.values_list("dataset_id", "record_key"))) == 1_000
    topped_up = _rows()

    Contract.objects.all().delete()
    Expenditure.objects.all().delete()
    assert generate(contracts=300, expenditures=1_000) == (300, 1_000)
    assert _rows() == topped_up
