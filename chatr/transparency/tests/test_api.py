"""/api/v1/transparency: datasets, contract search with limit/offset, one contract."""

from __future__ import annotations

from datetime import date

import pytest

from chatr.transparency.models import ContractPayment
from chatr.transparency.tests.factories import make_contract, make_dataset

pytestmark = pytest.mark.django_db
API = "/api/v1/transparency"


def test_datasets_lists_only_published_ones(client, world) -> None:
    make_dataset("HQ")
    make_dataset("P10", published=False)
    data = client.get(f"{API}/datasets").json()
    assert [d["code"] for d in data] == ["contracts-hq"]
    assert data[0]["licence"] == "CC-BY-4.0" and data[0]["publisher"] == "HQ"


def test_contracts_filter_and_paginate_with_limit_offset(client, world) -> None:
    dataset = make_dataset("P08")
    for n in range(5):
        make_contract(dataset, number=f"08-{n}", amount=(n + 1) * 1_000_000, title="خرید ویلچر")
    make_contract(make_dataset("P10", published=False), number="10-1")
    page = client.get(f"{API}/contracts", {"limit": 2, "offset": 1, "sort": "-amount"}).json()
    assert page["count"] == 5
    assert [c["number"] for c in page["items"]] == ["08-3", "08-2"]
    found = client.get(f"{API}/contracts", {"q": "ويلچر", "amount_min": 4_000_000}).json()
    assert {c["number"] for c in found["items"]} == {"08-3", "08-4"}
    assert found["items"][0]["party"]["company_id"]


def test_contract_detail_has_payments_and_hides_unpublished(client, world) -> None:
    contract = make_contract(make_dataset("P08"), number="08-9")
    ContractPayment.objects.create(contract=contract, paid_on=date(2024, 7, 1), amount=5)
    data = client.get(f"{API}/contracts/{contract.pk}").json()
    assert data["payments"] == [{"paid_on": "2024-07-01", "amount": 5, "description": ""}]
    hidden = make_contract(make_dataset("P10", published=False))
    response = client.get(f"{API}/contracts/{hidden.pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"
