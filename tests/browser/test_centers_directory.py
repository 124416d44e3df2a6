"""A citizen finds a care center in the public directory and checks its licence number, without
signing in; every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chatr.centers.tests.factories import issue_licence, register_center
from chatr.demo.world import World
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian

LICENCE_NUMBER = "08140300123"
LICENCE_NUMBER_TYPED = "۰۸-۱۴۰۳-۰۰۱۲۳"


@pytest.fixture
def centers(world: World) -> dict[str, object]:
    omid = register_center(
        world.kerman_manager,
        world.unit("C0802"),
        name_fa="مرکز توانبخشی امید رفسنجان",
        name_en="Omid Rehabilitation Center, Rafsanjan",
    )
    issue_licence(world.kerman_manager, omid, number=LICENCE_NUMBER)
    other = register_center(
        world.kerman_manager,
        world.unit("C0801"),
        name_fa="مهدکودک امید کرمان",
        name_en="Omid Kindergarten, Kerman",
        licence_type="kindergarten",
    )
    zanjan = register_center(
        world.zanjan_manager,
        world.unit("C1901"),
        name_fa="مرکز توانبخشی امید زنجان",
        name_en="Omid Rehabilitation Center, Zanjan",
    )
    return {"omid": omid, "other": other, "zanjan": zanjan}


@pytest.mark.browser
def test_a_citizen_searches_the_directory_opens_a_center_and_checks_its_licence(
    page: Page, centers: dict[str, object]
) -> None:
    omid = centers["omid"]
    page.goto("/")
    assert_accessible(page)
    page.get_by_role("link", name=persian("Find a care center")).click()
    page.wait_for_url("**/centers/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)

    # Choosing a province brings its counties (htmx), Rafsanjan among them and Zanjan's not.
    with page.expect_response(lambda r: "/centers/counties/" in r.url) as counties:
        page.get_by_label(persian("Province")).select_option(label="کرمان")
    assert counties.value.request.headers.get("hx-request") == "true"
    county = page.get_by_label(persian("County"))
    expect(county.locator("option", has_text="رفسنجان")).to_have_count(1)
    expect(county.locator("option", has_text="زنجان")).to_have_count(0)
    county.select_option(label="رفسنجان")

    # Typed with an Arabic yeh, as many keyboards do: the search still finds «امید».
    page.get_by_label(persian("Name of the center")).fill("اميد")
    page.get_by_role("button", name=persian("Search")).click()
    page.wait_for_url(re.compile(r".*/centers/\?.*province=P08.*county=C0802.*"))
    results = page.locator("#directory-results")
    expect(results.get_by_role("link")).to_have_count(1)
    expect(page.locator("#results-count")).to_have_attribute("role", "status")
    expect(page.locator("#results-count")).to_contain_text("۱")
    assert_accessible(page)

    results.get_by_role("link", name="مرکز توانبخشی امید رفسنجان").click()
    page.wait_for_url(f"**/centers/{omid.pk}/")  # type: ignore[attr-defined]
    expect(page.locator("h1")).to_have_text("مرکز توانبخشی امید رفسنجان")
    expect(page.locator("[data-licence-standing]")).to_have_attribute(
        "data-licence-standing", "in-force"
    )
    assert_accessible(page)

    page.locator("main").get_by_role("link", name=persian("Check a licence number")).click()
    page.wait_for_url("**/centers/licence-check/")
    assert_accessible(page)
    page.get_by_label(persian("Licence number")).fill(LICENCE_NUMBER_TYPED)
    page.get_by_role("button", name=persian("Check"), exact=True).click()
    page.wait_for_url("**/centers/licence-check/?number=*")
    expect(page.locator("strong[data-status]")).to_have_attribute("data-status", "valid")
    expect(page.locator("main")).to_contain_text("مرکز توانبخشی امید رفسنجان")
    assert_accessible(page)

    # A number that does not exist: a clear message, focused, with the number kept.
    page.get_by_label(persian("Licence number")).fill("۱۲۳۴۵")
    with page.expect_navigation():
        page.get_by_role("button", name=persian("Check"), exact=True).click()
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(persian("No licence with this number was found."))
    expect(page.get_by_label(persian("Licence number"))).to_have_value("۱۲۳۴۵")
    assert_accessible(page)
