"""A citizen searches the managers of a province on the transparency portal and opens the
public donations' totals, without signing in; every page passes axe."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from chatr.demo.world import World
from chatr.transparency.choices import DatasetCategory, DonationPurpose
from chatr.transparency.tests.test_registers import (
    make_donation,
    make_manager,
    register_dataset,
)
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian


@pytest.fixture
def registers(world: World) -> dict[str, object]:
    kerman = register_dataset(DatasetCategory.MANAGERS, "P08")
    make_manager(register_dataset(DatasetCategory.MANAGERS, "HQ"), full_name="مهدی رستمی")
    deputy = make_manager(kerman, full_name="یاسر کاظمی", position="معاون توانبخشی")
    make_manager(kerman, full_name="مریم احمدی", position="مدیر کل")
    donations = register_dataset(DatasetCategory.DONATIONS, "P08")
    make_donation(donations, "R-1", received_on=date(2024, 6, 1), donor_name="حسن کریمی")
    make_donation(
        donations,
        "R-2",
        received_on=date(2024, 8, 1),
        amount=7_000_000,
        purpose=DonationPurpose.ELDERLY,
        donor_named=True,
        donor_name="بنیاد خیریه مهر",
    )
    return {"deputy": deputy, "managers_title": kerman.title_fa}


@pytest.mark.browser
def test_a_citizen_searches_the_managers_and_opens_the_donation_totals(
    page: Page, registers: dict[str, object]
) -> None:
    page.goto("/transparency/")
    assert_accessible(page)
    page.get_by_role("link", name=str(registers["managers_title"])).click()
    page.wait_for_url(re.compile(r".*/transparency/managers/\?publisher=P08$"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#managers-results tbody tr")).to_have_count(2)
    assert_accessible(page)

    # Typed with an Arabic kaf and yeh, as many keyboards do.
    page.get_by_label(persian("Name, position or unit")).fill("كاظمي")
    page.get_by_role("button", name=persian("Search")).click()
    page.wait_for_url(re.compile(r".*/transparency/managers/\?.*q=.*"))
    results = page.locator("#managers-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    expect(page.locator("#results-count")).to_contain_text("۱")
    assert_accessible(page)

    results.get_by_role("link", name="یاسر کاظمی").click()
    page.wait_for_url(f"**/transparency/managers/{registers['deputy'].pk}/")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("یاسر کاظمی")
    expect(page.get_by_text("معاون توانبخشی")).to_be_visible()
    assert_accessible(page)

    page.goto("/transparency/donations/")
    expect(page.locator("h1")).to_have_text(persian("Public donations"))
    months = page.locator("#donations-month-table")
    expect(months.locator("tbody tr")).to_have_count(2)
    expect(months.locator("tbody tr").first).to_contain_text("خرداد ۱۴۰۳")
    expect(months.locator("tfoot")).to_contain_text("۵۷٬۰۰۰٬۰۰۰")
    expect(page.locator("svg.chatr-chart")).to_have_count(2)
    expect(page.get_by_text("بنیاد خیریه مهر")).to_be_visible()
    expect(page.get_by_text("حسن کریمی")).to_have_count(0)
    assert_accessible(page)
