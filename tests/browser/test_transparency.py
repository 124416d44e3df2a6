"""A citizen finds a contract on the transparency portal and downloads the list, without
signing in; every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chatr.demo.world import World
from chatr.transparency.tests.factories import make_contract, make_dataset, make_party
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian


@pytest.fixture
def contracts(world: World) -> dict[str, object]:
    hq = make_dataset("HQ", title_fa="قراردادهای ستاد ملی")
    kerman = make_dataset("P08", title_fa="قراردادهای اداره کل بهزیستی استان کرمان")
    party = make_party("شرکت تجهیزات پزشکی آریا طب")
    wheelchairs = make_contract(kerman, number="08-1403-0012", title="خرید ویلچر برقی", party=party)
    make_contract(kerman, number="08-1403-0013", title="خدمات نظافت")
    make_contract(hq, number="00-1403-0001", title="خرید ویلچر برای ستاد")
    return {"wheelchairs": wheelchairs}


@pytest.mark.browser
def test_a_citizen_finds_a_contract_and_downloads_the_list(
    page: Page, contracts: dict[str, object]
) -> None:
    wheelchairs = contracts["wheelchairs"]
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name=persian("Transparency portal")).first.click()
    page.wait_for_url("**/transparency/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.get_by_text("قراردادهای ستاد ملی")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("link", name=persian("Search contracts")).click()
    page.wait_for_url("**/transparency/contracts/")
    assert_accessible(page)
    # Typed with an Arabic yeh, as many keyboards do.
    page.get_by_label(persian("Number, subject or party")).fill("ويلچر")
    page.get_by_label(persian("Publisher")).select_option(value="P08")
    page.get_by_role("button", name=persian("Search")).click()
    page.wait_for_url(re.compile(r".*/transparency/contracts/\?.*publisher=P08.*"))
    results = page.locator("#contract-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(page.locator("#results-count")).to_contain_text("۱")
    assert_accessible(page)

    with page.expect_download() as download_info:
        results.locator("a[data-format=csv]").click()
    download = download_info.value
    assert download.suggested_filename == "contracts.csv"
    content = open(download.path(), encoding="utf-8-sig").read()  # noqa: SIM115
    assert "خرید ویلچر برقی" in content and "خدمات نظافت" not in content

    results.get_by_role("link", name="خرید ویلچر برقی").click()
    page.wait_for_url(f"**/transparency/contracts/{wheelchairs.pk}/")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("خرید ویلچر برقی")
    expect(page.get_by_text("شرکت تجهیزات پزشکی آریا طب")).to_be_visible()
    assert_accessible(page)
