"""An editor imports a file with errors, reads the row report, imports the fixed file; a
reviewer publishes it and the public finds the new contract. Every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chatr.demo.world import World
from chatr.transparency.kinds_contracts import DEMO_IMPORT_FILE, DEMO_IMPORT_FILE_WITH_ERRORS
from chatr.transparency.models import Contract
from chatr.transparency.tests.factories import make_dataset
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


@pytest.mark.browser
def test_an_editor_fixes_a_file_and_a_reviewer_publishes_it(page: Page, world: World) -> None:
    make_dataset("HQ", title_fa="قراردادهای ستاد ملی")
    sign_in_staff(page, "hq_officer")
    page.get_by_role("link", name=persian("Open data: import and publish")).click()
    page.wait_for_url("**/transparency/manage/")
    assert_accessible(page)
    page.get_by_role("link", name=persian("Import a file")).first.click()
    page.wait_for_url("**/transparency/manage/contracts-hq/import/")
    assert_accessible(page)

    # The file with three mistakes on two rows: refused whole, every problem listed.
    page.locator("#id_file").set_input_files(str(DEMO_IMPORT_FILE_WITH_ERRORS))
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    report = page.locator("#report")
    expect(report).to_be_visible()
    expect(report.locator("tbody tr")).to_have_count(3)
    expect(report).to_contain_text("۳")  # the row numbers, in Persian digits
    assert_accessible(page)
    assert not Contract.objects.exists()

    # The fixed file goes to review; its editor cannot publish it.
    page.locator("#id_file").set_input_files(str(DEMO_IMPORT_FILE))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/transparency/manage/imports/*/")
    expect(page.get_by_text(persian("Waiting for review")).first).to_be_visible()
    expect(page.get_by_role("button", name=persian("Publish"))).to_have_count(0)
    batch_url = page.url
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_staff(page, "hq_manager")
    page.goto(batch_url)
    expect(page.get_by_text("00-1405-0101")).to_be_visible()
    assert_accessible(page)
    page.get_by_role("button", name=persian("Publish")).click()
    page.wait_for_url(batch_url)
    expect(page.locator(".messages")).to_contain_text(
        persian("Published: the records are now public.")
    )
    assert_accessible(page)

    page.context.clear_cookies()
    page.goto("/transparency/contracts/?q=سمعک")
    assert_accessible(page)
    results = page.locator("#contract-results")
    expect(results.locator("tbody tr")).to_have_count(1)
    results.get_by_role("link", name="خرید سمعک برای مددجویان کم‌شنوا").click()
    expect(page.locator("h1")).to_have_text("خرید سمعک برای مددجویان کم‌شنوا")
    expect(page.get_by_text(persian("Changes since publication"))).to_be_visible()
    assert_accessible(page)
