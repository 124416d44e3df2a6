"""Change-request journeys in the browser: a social worker files an address change, the Zanjan
manager approves it, the household shows the new address; and a citizen opens "My file"."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chatr.core.text import to_ascii_digits
from chatr.demo.world import DEMO_CITIZEN_MOBILE
from chatr.notifications.selectors import sms_last_to
from chatr.registry.demo import seed_score_factors
from chatr.registry.models import ChangeRequest
from chatr.registry.tests.factories import add_member, open_file, register_household
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff

NEW_ADDRESS = "زنجان، خیابان سعدی، کوچه یاس، پلاک ۷"


def _covered_household(world, **head):  # type: ignore[no-untyped-def]
    seed_score_factors()
    household = register_household(world.zanjan_manager, world.unit("C1901"))
    if head:
        for name, value in head.items():
            setattr(household.head, name, value)
        household.head.save(update_fields=list(head))
    open_file(
        world.zanjan_manager,
        household,
        "active",
        counter=world.unit("Z1901"),
        social_worker=world.zanjan_social_worker,
    )
    return household


@pytest.mark.browser
def test_social_worker_files_an_address_change_and_the_manager_approves_it(
    page: Page, world
) -> None:
    household = _covered_household(world)
    sign_in_staff(page, "zanjan_social_worker")
    page.goto(f"/registry/households/{household.pk}/")
    assert_accessible(page)
    page.get_by_role("link", name=persian("File a change request")).click()
    page.wait_for_url("**/changes/new/")
    assert_accessible(page)
    page.get_by_label(persian("Address"), exact=True).check()
    page.get_by_role("button", name=persian("Continue")).click()
    page.wait_for_url("**/changes/new/?change_type=address")
    assert_accessible(page)
    page.get_by_label(persian("Urban"), exact=True).check()
    page.locator("#id_address").fill(NEW_ADDRESS)
    page.locator("#id_postal_code").fill("۴۵۱۵۷۴۳۹۱۱")
    page.get_by_role("button", name=persian("File the request")).click()
    page.wait_for_url("**/registry/changes/*/")
    assert_accessible(page)
    change = ChangeRequest.objects.get()
    assert change.filed_by == world.zanjan_social_worker

    page.context.clear_cookies()
    sign_in_staff(page, "zanjan_manager")
    page.goto("/registry/changes/")
    assert_accessible(page)
    page.locator(f'a[href="/registry/changes/{change.pk}/"]').click()
    page.wait_for_url(f"**/registry/changes/{change.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=persian("Approve and apply")).click()
    page.wait_for_url(f"**/registry/changes/{change.pk}/")
    expect(page.locator("main")).to_contain_text(persian("Approved and applied"))
    assert_accessible(page)
    page.goto(f"/registry/households/{household.pk}/")
    expect(page.locator("main")).to_contain_text(NEW_ADDRESS)
    assert_accessible(page)


@pytest.mark.browser
def test_citizen_opens_my_file(page: Page, world) -> None:
    household = _covered_household(world, mobile=DEMO_CITIZEN_MOBILE)
    child = add_member(world.zanjan_manager, household)
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.locator("#id_mobile").fill("09121234567")
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/accounts/sign-in/code/")
    assert_accessible(page)
    sms = sms_last_to(to=DEMO_CITIZEN_MOBILE)
    assert sms is not None
    match = re.search(r"\b\d{6}\b", to_ascii_digits(sms.text))
    assert match
    page.locator("#id_code").fill(match.group())
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url("**/accounts/me/")
    assert_accessible(page)
    page.goto("/registry/my/")
    expect(page.locator("h1")).to_have_text(persian("My file"))
    expect(page.locator("main")).to_contain_text(str(child))
    expect(page.locator("main")).to_contain_text(world.zanjan_social_worker.full_name)
    assert child.national_code not in page.content()
    assert_accessible(page)
    page.get_by_role("link", name=persian("Request a change")).click()
    page.wait_for_url("**/registry/my/changes/new/")
    assert_accessible(page)
