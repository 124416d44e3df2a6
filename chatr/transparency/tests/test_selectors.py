"""Contract search: Persian normalization, filters, sort, and what the public may see."""

from __future__ import annotations

from datetime import date

import pytest

from chatr.core.errors import NotFoundError
from chatr.transparency.choices import ContractStatus, ProcurementMethod
from chatr.transparency.selectors import (
    ContractFilters,
    contract_get_public,
    contract_list,
    dataset_catalogue,
)
from chatr.transparency.tests.factories import make_contract, make_dataset, make_party

pytestmark = pytest.mark.django_db


def numbers(filters: ContractFilters) -> list[str]:
    return [c.number for c in contract_list(filters=filters)]


@pytest.fixture
def contracts(world):  # type: ignore[no-untyped-def]
    hq = make_dataset("HQ")
    kerman = make_dataset("P08")
    return {
        "wheelchairs": make_contract(
            hq,
            number="HQ-1403-0012",
            title="خرید ويلچر برقي",  # typed with Arabic yeh
            party=make_party("شرکت تجهيزات پزشکي آريا"),
            method=ProcurementMethod.LIMITED_TENDER,
            amount=2_000_000_000,
            signed_on=date(2024, 5, 1),
        ),
        "building": make_contract(
            kerman,
            number="08-1403-0007",
            title="احداث ساختمان مرکز توان‌بخشی",  # with a ZWNJ
            party=make_party("شركت ساختماني كوير"),  # Arabic kaf and yeh
            amount=30_000_000_000,
            signed_on=date(2024, 9, 1),
        ),
        "cleaning": make_contract(
            kerman,
            number="08-1403-0099",
            title="خدمات نظافت",
            method=ProcurementMethod.INQUIRY,
            amount=500_000_000,
            signed_on=date(2025, 1, 15),
            status=ContractStatus.COMPLETED,
        ),
    }


def test_search_matches_arabic_and_persian_yeh_and_kaf_alike(contracts) -> None:
    assert numbers(ContractFilters(q="ویلچر")) == ["HQ-1403-0012"]
    assert numbers(ContractFilters(q="تجهیزات پزشکی")) == ["HQ-1403-0012"]
    assert numbers(ContractFilters(q="شرکت ساختمانی کویر")) == ["08-1403-0007"]
    assert numbers(ContractFilters(q="كوير")) == ["08-1403-0007"]


def test_search_matches_persian_arabic_and_ascii_digits_and_zwnj(contracts) -> None:
    assert numbers(ContractFilters(q="۰۸-۱۴۰۳-۰۰۰۷")) == ["08-1403-0007"]
    assert numbers(ContractFilters(q="٠٨-١٤٠٣-٠٠٠٧")) == ["08-1403-0007"]
    assert numbers(ContractFilters(q="توان بخشی")) == ["08-1403-0007"]
    assert numbers(ContractFilters(q="توان\u200cبخشی")) == ["08-1403-0007"]


def test_filters_by_publisher_method_status_dates_and_amount(contracts) -> None:
    assert set(numbers(ContractFilters(publisher="P08"))) == {"08-1403-0007", "08-1403-0099"}
    assert numbers(ContractFilters(method=ProcurementMethod.INQUIRY)) == ["08-1403-0099"]
    assert numbers(ContractFilters(status=ContractStatus.COMPLETED)) == ["08-1403-0099"]
    window = ContractFilters(signed_from=date(2024, 6, 1), signed_to=date(2024, 12, 31))
    assert numbers(window) == ["08-1403-0007"]
    assert numbers(ContractFilters(amount_min=1_000_000_000, amount_max=5_000_000_000)) == [
        "HQ-1403-0012"
    ]


def test_sorts_by_date_and_amount(contracts) -> None:
    assert numbers(ContractFilters()) == ["08-1403-0099", "08-1403-0007", "HQ-1403-0012"]
    assert numbers(ContractFilters(sort="signed_on"))[0] == "HQ-1403-0012"
    assert numbers(ContractFilters(sort="-amount"))[0] == "08-1403-0007"
    assert numbers(ContractFilters(sort="amount"))[0] == "08-1403-0099"
    assert numbers(ContractFilters(sort="nonsense"))[0] == "08-1403-0099"


def test_unpublished_dataset_and_its_contracts_are_invisible(world) -> None:
    draft = make_dataset("P10", published=False)
    hidden = make_contract(draft, number="10-1403-0001")
    assert numbers(ContractFilters()) == []
    assert dataset_catalogue() == []
    with pytest.raises(NotFoundError):
        contract_get_public(contract_id=hidden.pk)


def test_catalogue_groups_published_datasets_by_category(contracts) -> None:
    groups = dataset_catalogue()
    assert [g.category for g in groups] == ["contracts"]
    assert [d.org_unit.code for d in groups[0].datasets] == ["HQ", "P08"]
