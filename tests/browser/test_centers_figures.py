"""Care-center figures in the browser: HQ's manager opens the figures, changes the day and
gets the results swapped in by htmx (the address bar follows), then narrows to one province.
Every state of the page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chatr.centers.tests.test_figures_reports import figures_world
from chatr.core.text import to_persian_digits
from chatr.demo.world import World
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


@pytest.mark.browser
def test_hq_changes_the_day_and_the_figures_follow(page: Page, world: World) -> None:
    figures_world(world)
    sign_in_staff(page, "hq_manager")
    page.goto("/centers/figures/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#table-children")).to_be_visible()
    assert_accessible(page)

    # The day changes: htmx swaps the results in place, and the address follows.
    day = page.get_by_label(persian("Residents in care on"))
    day.fill("1405/08/10")
    day.press("Tab")
    page.wait_for_url("**/centers/figures/?*on=1405*")
    total = page.locator("#table-ownership tfoot td").nth(4)
    expect(total).to_have_text(to_persian_digits("7"))
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)

    # One province of the nation: the tables hold Zanjan only.
    page.get_by_label(persian("Province"), exact=True).select_option("P19")
    page.wait_for_url("**province=P19*")
    expect(page.locator("#table-children tbody tr")).to_have_count(1)
    expect(page.locator("#table-ownership tfoot td").nth(4)).to_have_text(to_persian_digits("3"))
    assert_accessible(page)
