"""A citizen explores the organization's expenditures on the transparency portal, without
signing in: from the catalogue to one province's spending, filtered, with the chart's table,
the CSV download and a record's page; every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chatr.core.jalali import jalali_month_name
from chatr.core.text import to_persian_digits
from chatr.demo.world import World
from chatr.transparency.choices import EconomicClass
from chatr.transparency.models import Expenditure
from chatr.transparency.tests.test_expenditures import make_expenditure, make_expenditure_dataset
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian


@pytest.fixture
def spending(world: World) -> dict[str, Expenditure]:
    hq = make_expenditure_dataset("HQ")
    kerman = make_expenditure_dataset("P08")
    unit = "اداره کل بهزیستی استان کرمان"
    return {
        "may": make_expenditure(kerman, unit_name=unit, month=2, amount=2_000_000_000),
        "june": make_expenditure(kerman, unit_name=unit, month=3, amount=2_400_000_000),
        "salaries": make_expenditure(
            kerman,
            unit_name=unit,
            program="مدیریت و پشتیبانی",
            economic_class=EconomicClass.COMPENSATION,
            month=3,
            amount=9_000_000_000,
        ),
        "hq": make_expenditure(hq, month=3, amount=50_000_000_000),
    }


@pytest.mark.browser
def test_a_citizen_filters_expenditures_reads_the_chart_table_and_downloads_csv(
    page: Page,
    spending: dict[str, Expenditure],
) -> None:
    page.goto("/transparency/")
    assert_accessible(page)
    page.get_by_role("link", name="هزینه‌های P08").click()
    page.wait_for_url(re.compile(r".*/transparency/expenditures/\?publisher=P08$"))
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#table-rows tbody tr")).to_have_count(3)
    assert_accessible(page)

    # Typed with an Arabic yeh, as many keyboards do; one class; the months from Khordad on.
    page.get_by_label(persian("Unit or program"), exact=True).fill("توانبخشي")
    page.get_by_label(persian("Economic classification"), exact=True).select_option(
        value="social_benefits"
    )
    page.get_by_label(persian("From month"), exact=True).select_option(value="3")
    page.get_by_role("button", name=persian("Search")).click()
    page.wait_for_url(re.compile(r".*/transparency/expenditures/\?.*economic_class=social.*"))
    results = page.locator("#expenditure-results")
    expect(results.locator("#table-rows tbody tr")).to_have_count(1)
    expect(page.locator("#results-count")).to_contain_text(to_persian_digits("1"))
    # The chart is drawn beside its table: the month's total, in rials, in the table.
    month = f"{jalali_month_name(3, language='fa')} {to_persian_digits('1403')}"
    table = results.locator("#table-months")
    expect(table.locator("tbody tr")).to_have_count(1)
    expect(table.locator("tbody th")).to_have_text(month)
    expect(table.locator("tbody td")).to_have_text("۲٬۴۰۰٬۰۰۰٬۰۰۰")
    expect(results.locator("svg[role=img] title")).to_have_count(2)
    assert_accessible(page)

    with page.expect_download() as download_info:
        results.locator("a[data-format=csv]").click()
    download = download_info.value
    assert download.suggested_filename == "expenditures.csv"
    with open(download.path(), encoding="utf-8-sig") as file:
        lines = file.read().splitlines()
    assert len(lines) == 2 and "2400000000" in lines[1] and "توانبخشی معلولان" in lines[1]

    results.get_by_role("link", name="توانبخشی معلولان").click()
    page.wait_for_url(f"**/transparency/expenditures/{spending['june'].pk}/")
    expect(page.locator("h1")).to_contain_text("توانبخشی معلولان")
    expect(page.get_by_text("اداره کل بهزیستی استان کرمان")).to_be_visible()
    assert_accessible(page)
    # As tests/browser's hook checks for its own journeys: no page went unchecked.
