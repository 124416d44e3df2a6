"""The journeys people make, in a real browser, each page checked with axe-core."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from chatr.audit.services import audit_record
from chatr.core.text import to_ascii_digits
from chatr.demo.world import DEMO_CITIZEN_MOBILE, World
from chatr.notifications.selectors import sms_last_to
from tests.browser.accessibility import assert_accessible, exempt_from_accessibility_check
from tests.browser.conftest import PASSWORD

WORKSPACE_PATH = "/accounts/me/"
# Enough presses to cross the header from any starting point; a loop that never reaches the
# field is a failure, not a hang.
MAX_TABS = 25


def persian(message: str) -> str:
    """The Persian the page shows for an English msgid (the msgid itself if untranslated)."""
    with translation.override("fa"):
        return translation.gettext(message)


def active_element(page: Page) -> dict[str, str]:
    return page.evaluate("""() => {
      const el = document.activeElement;
      return {tag: el.tagName.toLowerCase(), id: el.id, className: el.className};
    }""")


def tab_until(page: Page, element_id: str) -> None:
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if active_element(page)["id"] == element_id:
            return
    pytest.fail(f"#{element_id} is not reachable with Tab")


def assert_assets_loaded(page: Page) -> None:
    """The stylesheet, the Vazirmatn font and the scripts really arrived from /static/."""
    page.evaluate("document.fonts.ready.then(() => null)")
    font_family = page.evaluate("getComputedStyle(document.body).fontFamily")
    assert font_family.split(",")[0].strip('" ') == "Vazirmatn"
    assert page.evaluate("document.fonts.check('16px Vazirmatn')")
    assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == (
        "absolute"
    )
    assert page.evaluate("typeof window.htmx") == "object"
    assert page.evaluate("typeof window.bootstrap") == "object"


def sign_in_staff(page: Page, username: str) -> None:
    page.goto("/accounts/staff/sign-in/")
    assert_accessible(page)
    page.get_by_label(persian("Username")).fill(username)
    page.get_by_label(persian("Password")).fill(PASSWORD)
    page.locator("main form").get_by_role("button", name=persian("Sign in")).click()
    page.wait_for_url(f"**{WORKSPACE_PATH}")
    expect(page.locator("h1")).to_have_text(persian("Workspace"))
    assert_accessible(page)


@pytest.mark.browser
def test_home_page_is_persian_with_one_h1_and_a_skip_link_to_main(page: Page):
    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "fa"
    assert page.locator("html").get_attribute("dir") == "rtl"
    expect(page.locator("h1")).to_have_count(1)
    assert_assets_loaded(page)
    page.keyboard.press("Tab")
    assert "skip-link" in active_element(page)["className"]
    expect(page.locator(".skip-link")).to_be_visible()
    page.keyboard.press("Enter")
    assert active_element(page)["id"] == "main"
    assert_accessible(page)


@pytest.mark.browser
def test_language_switch_reloads_the_page_in_english_and_back_in_persian(page: Page):
    page.goto("/")
    assert_accessible(page)

    page.get_by_role("button", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert "bootstrap.min.css" in page.locator("link[rel=stylesheet]").first.get_attribute("href")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)

    page.get_by_role("button", name="فارسی").click()
    expect(page.locator("html")).to_have_attribute("lang", "fa")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert_accessible(page)


@pytest.mark.browser
def test_staff_signs_in_with_the_keyboard_alone_and_sees_their_role_and_province(page: Page):
    page.goto("/accounts/staff/sign-in/")
    assert_accessible(page)

    tab_until(page, "id_username")
    page.keyboard.type("zanjan_officer")
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == "id_password"
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    page.wait_for_url(f"**{WORKSPACE_PATH}")
    expect(page.locator("h1")).to_have_text(persian("Workspace"))
    roles = page.locator("section[aria-labelledby=my-roles]")
    expect(roles).to_contain_text(persian("Province officer"))
    expect(roles).to_contain_text("زنجان")
    assert_accessible(page)


@pytest.mark.browser
def test_failed_staff_sign_in_focuses_the_error_summary_which_links_to_the_password(
    page: Page,
):
    page.goto("/accounts/staff/sign-in/")
    assert_accessible(page)

    page.locator("#id_username").fill("zanjan_officer")
    page.locator("#id_password").fill("not-the-password")
    page.locator("#id_password").press("Enter")

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert page.evaluate("document.activeElement.closest('[data-error-summary]') !== null")
    # The summary comes before the form, so it is the first thing read and seen.
    assert page.evaluate("""() => {
      const summary = document.querySelector('[data-error-summary]');
      const form = document.querySelector('main form');
      return Boolean(summary.compareDocumentPosition(form) & Node.DOCUMENT_POSITION_FOLLOWING);
    }""")
    expect(page.locator("#id_username")).to_have_value("zanjan_officer")
    expect(page.locator("#id_password")).to_have_attribute("aria-invalid", "true")
    assert_accessible(page)

    summary.locator("a[href='#id_password']").click()
    expect(page.locator("#id_password")).to_be_focused()


@pytest.mark.browser
def test_citizen_signs_in_with_a_code_sent_by_sms_typed_in_persian_digits(page: Page):
    page.goto("/accounts/sign-in/")
    assert_accessible(page)

    persian_mobile = "۰۹۱۲۱۲۳۴۵۶۷"
    assert to_ascii_digits(persian_mobile) == "0" + DEMO_CITIZEN_MOBILE.removeprefix("+98")
    page.locator("#id_mobile").fill(persian_mobile)
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/sign-in/code/")
    assert_accessible(page)

    # The live server's thread committed the request, so the outbox row is in the database.
    sms = sms_last_to(to=DEMO_CITIZEN_MOBILE)
    assert sms is not None
    match = re.search(r"\b\d{6}\b", to_ascii_digits(sms.text))
    assert match, sms.text
    page.locator("#id_code").fill(match.group())
    page.locator("main form button[type=submit]").first.click()

    page.wait_for_url(f"**{WORKSPACE_PATH}")
    expect(page.locator("h1")).to_have_text(persian("My account"))
    assert_accessible(page)


@pytest.mark.browser
def test_sysadmin_signs_in_and_opens_the_admin_index(page: Page):
    sign_in_staff(page, "sysadmin")

    page.get_by_role("link", name=persian("System administration")).click()
    page.wait_for_url("**/admin/")
    expect(page.locator("#site-name")).to_be_visible()
    expect(page.locator("#content-main")).to_be_visible()
    # No axe here: the admin's templates are Django's own (not ours to fix), and only the few
    # sysadmins use it. The sign-in and workspace pages before it were checked.
    exempt_from_accessibility_check(
        page,
        reason="Django's own admin: its markup is Django's, not ours, and only sysadmins use it",
    )


@pytest.mark.browser
def test_audit_log_filters_by_action_and_htmx_swaps_only_the_table(page: Page, world: World):
    kerman_center = world.unit("K0801")
    operator = world.users["kerman_center_operator"]
    audit_record(actor=operator, action="update", target=kerman_center, changes={"name": 1})
    audit_record(actor=operator, action="create", target=kerman_center)
    sign_in_staff(page, "kerman_manager")

    page.get_by_role("link", name=persian("Audit log")).click()
    page.wait_for_url("**/audit/")
    action_cells = page.locator("#audit-table tbody tr td:nth-child(3)")
    expect(action_cells.filter(has_text=persian("Created"))).not_to_have_count(0)
    expect(action_cells.filter(has_text=persian("Updated"))).not_to_have_count(0)
    assert_accessible(page)

    # A flag on window survives an htmx swap but not a full page load.
    page.evaluate("window.__sameDocument = true")
    page.get_by_label(persian("Action")).select_option("update")
    with page.expect_response(lambda response: "/audit/?" in response.url) as filtered:
        page.get_by_role("button", name=persian("Filter")).click()
    assert filtered.value.request.headers.get("hx-request") == "true"
    expect(action_cells.filter(has_not_text=persian("Updated"))).to_have_count(0)
    expect(action_cells).not_to_have_count(0)
    page.wait_for_url(re.compile(r"/audit/\?.*action=update"))
    assert page.evaluate("window.__sameDocument === true")
    assert_accessible(page)
