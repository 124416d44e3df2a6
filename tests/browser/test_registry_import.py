"""Bulk import and coverage figures in the browser: an officer imports a file with errors,
reads the row report, imports the corrected file, then opens the coverage figures."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chatr.registry.demo_import import DEMO_IMPORT_FILE, DEMO_IMPORT_FILE_WITH_ERRORS
from chatr.registry.models import Household, Person
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


@pytest.mark.browser
def test_officer_imports_a_file_fixes_its_errors_and_sees_the_coverage(page: Page, world) -> None:
    sign_in_staff(page, "zanjan_officer")
    page.goto("/registry/import/")
    assert_accessible(page)
    expect(page.locator("h1")).to_have_text(persian("Import people and households"))

    # A file with four mistakes, all or nothing (the default): nothing is kept.
    page.locator("#id_file").set_input_files(str(DEMO_IMPORT_FILE_WITH_ERRORS))
    expect(
        page.get_by_label(persian("Import nothing: I will fix the file and import it again"))
    ).to_be_checked()
    page.locator("main form button[type=submit]").focus()
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    report = page.locator("#import-report")
    expect(report).to_be_visible()
    expect(page.locator("[data-error-summary]")).to_contain_text(persian("Nothing was imported"))
    assert_accessible(page)
    problems = page.locator("#import-report table").first
    expect(problems.locator("tbody tr")).to_have_count(4)
    assert not Person.objects.exists()

    # The summary's links lead to the rows to fix.
    first_link = page.locator("[data-error-summary] a").first
    first_link.focus()
    page.keyboard.press("Enter")
    assert page.url.endswith(first_link.get_attribute("href") or "-")

    # The corrected file goes in whole.
    page.locator("#id_file").set_input_files(str(DEMO_IMPORT_FILE))
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()
    expect(page.locator("#import-report .alert-success")).to_be_visible()
    assert_accessible(page)
    assert Household.objects.count() == 4 and Person.objects.count() == 10

    page.goto("/registry/coverage/")
    assert_accessible(page)
    expect(page.locator("#table-coverage")).to_contain_text("ابهر")
    expect(page.locator("svg[role=img]")).to_have_count(4)
