"""Public pages: the catalogue, the contract search (filters, htmx, pagination, fixed query
count) and a contract's page; unpublished records are "not found" like missing ones."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.urls import reverse
from django.utils import translation

from chatr.core.text import to_persian_digits
from chatr.transparency.models import ContractPayment
from chatr.transparency.tests.factories import make_contract, make_dataset, make_party

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}
DETAIL_LINK = re.compile(r'href="/transparency/contracts/\d+/"')


def fa(message: str) -> str:
    with translation.override("fa"):
        return translation.gettext(message)


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


def test_home_lists_published_datasets_with_their_metadata(client, world) -> None:
    make_dataset("HQ", title_fa="قراردادهای ستاد")
    make_dataset("P10", published=False, title_fa="پیش‌نویس اصفهان")
    html = client.get(reverse("transparency:home")).content.decode()
    assert h1_count(html) == 1
    assert "قراردادهای ستاد" in html and "پیش‌نویس اصفهان" not in html
    assert fa("Contracts and transactions") in html
    assert "CC BY 4.0" in html
    assert to_persian_digits("1404/01/12") in html  # last updated, Jalali
    assert '<th scope="col">' in html and "<caption" in html


def test_contract_list_has_labels_live_count_and_finds_by_arabic_yeh(client, world) -> None:
    dataset = make_dataset("HQ")
    make_contract(dataset, number="A-1", title="خرید ویلچر")
    make_contract(dataset, number="A-2", title="خدمات نظافت")
    response = client.get(reverse("transparency:contracts"), {"q": "ويلچر"})
    html = response.content.decode()
    assert response.status_code == 200
    assert h1_count(html) == 1
    assert 'id="results-count"' in html and 'aria-live="polite"' in html
    assert 'for="id_q"' in html and 'for="id_signed_from"' in html
    assert "خرید ویلچر" in html and "خدمات نظافت" not in html
    assert "format=csv" in html and "q=%D9%88" in html  # the downloads keep the search


def test_htmx_search_returns_the_results_and_the_count_only(client, world) -> None:
    dataset = make_dataset("HQ")
    make_contract(dataset, number="A-1")
    html = client.get(reverse("transparency:contracts"), {"q": "A-1"}, **HTMX).content.decode()
    assert "<h1" not in html
    assert 'id="contract-results"' in html and 'hx-swap-oob="innerHTML"' in html


def test_jalali_dates_and_persian_amounts_filter_the_list(client, world) -> None:
    dataset = make_dataset("HQ")
    make_contract(dataset, number="A-1", amount=2_000_000_000, signed_on=date(2024, 5, 1))
    make_contract(dataset, number="A-2", amount=9_000_000_000, signed_on=date(2024, 9, 1))
    html = client.get(
        reverse("transparency:contracts"),
        {"signed_from": "۱۴۰۳/۰۶/۰۱", "amount_max": "۹٬۵۰۰٬۰۰۰٬۰۰۰"},
    ).content.decode()
    assert to_persian_digits("A-2") in html or "A-2" in html
    assert "A-1" not in html and to_persian_digits("A-1") not in html


def test_contract_list_paginates_and_reads_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
) -> None:
    dataset = make_dataset("HQ")
    party = make_party()
    for n in range(3):
        make_contract(dataset, number=f"A-{n}", party=party)
    url = reverse("transparency:contracts")
    # publishers, count, one page of contracts with their party and publisher
    with django_assert_num_queries(3):
        client.get(url)
    for n in range(25):
        make_contract(dataset, number=f"B-{n}", party=party)
    with django_assert_num_queries(3):
        response = client.get(url)
    html = response.content.decode()
    assert len(DETAIL_LINK.findall(html)) == 20
    assert "page=2" in html
    second = client.get(url, {"page": 2}).content.decode()
    assert len(DETAIL_LINK.findall(second)) == 8


def test_contract_page_shows_the_party_and_payments(client, world) -> None:
    contract = make_contract(make_dataset("P08"), number="08-7", amount=3_000_000)
    ContractPayment.objects.create(contract=contract, paid_on=date(2024, 7, 1), amount=1_000_000)
    html = client.get(reverse("transparency:contract_detail", args=[contract.pk])).content.decode()
    assert h1_count(html) == 1
    assert contract.counterparty.name in html
    assert to_persian_digits(contract.counterparty.company_id) in html
    assert to_persian_digits("1403/04/11") in html  # paid on, Jalali
    assert '<th scope="col">' in html


def test_contract_of_unpublished_dataset_is_not_found_like_a_missing_one(client, world) -> None:
    hidden = make_contract(make_dataset("P10", published=False))
    assert client.get(reverse("transparency:contract_detail", args=[hidden.pk])).status_code == 404
    assert client.get(reverse("transparency:contract_detail", args=[999999])).status_code == 404
    html = client.get(reverse("transparency:contracts")).content.decode()
    assert hidden.title not in html


def test_catalogue_offers_the_transparency_portal(client, world) -> None:
    html = client.get("/").content.decode()
    assert reverse("transparency:home") in html
