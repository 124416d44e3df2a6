"""Registry journeys in the browser: an officer registers a household, and its head's page."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chatr.audit.models import AuditEvent
from chatr.core.national_code import national_code_check_digit
from chatr.core.text import to_ascii_digits
from chatr.registry.models import Household, Person
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


def _national_code(seed: str) -> str:
    return seed + str(national_code_check_digit(seed))


@pytest.mark.browser
def test_province_officer_registers_a_household_and_opens_its_head(page: Page, world) -> None:
    sign_in_staff(page, "zanjan_officer")
    page.goto("/registry/households/new/")
    assert_accessible(page)
    code = _national_code("004512345")
    page.locator("#id_national_code").fill(code)
    page.locator("#id_first_name").fill("فاطمه")
    page.locator("#id_last_name").fill("رحیمی")
    page.locator("#id_father_name").fill("علی")
    page.locator("#id_birth_date").fill("۱۳۶۵/۰۴/۱۲")
    page.get_by_label(persian("Female"), exact=True).check()
    page.locator("#id_county").select_option(label="زنجان")
    page.get_by_label(persian("Urban"), exact=True).check()
    page.locator("#id_address").fill("زنجان، خیابان امام، کوچه ۱۲")
    page.locator("#id_housing").select_option("rented")
    page.locator("main form button[type=submit]").last.click()
    page.wait_for_url("**/registry/households/*/")
    assert_accessible(page)
    household = Household.objects.get()
    assert household.head.national_code == code
    assert household.org_unit == world.unit("C1901")
    expect(page.locator("main")).to_contain_text("فاطمه")
    # The national code is never part of an address the pages link to.
    assert code not in page.url
    assert all(
        code not in (link or "")
        for link in page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    )

    person = Person.objects.get(national_code=code)
    page.goto(f"/registry/people/{person.pk}/")
    assert_accessible(page)
    shown = to_ascii_digits(page.locator("main").inner_text())
    assert code in shown.replace("\u2066", "").replace("\u2069", "")
    assert AuditEvent.objects.filter(
        action="view", target_id=str(person.pk), actor=world.zanjan_officer
    ).exists()
