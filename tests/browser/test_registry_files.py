"""A coverage file from applicant to covered, in the browser: the officer queues it, the
province manager records the commission's decision and covers the client at a counter."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chatr.org.scope import scope_for_user
from chatr.registry.choices import FileState, SubGroup, TargetGroup
from chatr.registry.models import ClientFile
from chatr.registry.services import file_open
from chatr.registry.tests.factories import register_household
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


@pytest.mark.browser
def test_a_file_is_queued_approved_and_covered_at_a_counter(page: Page, world) -> None:
    officer = world.zanjan_officer
    household = register_household(officer, world.unit("C1901"))
    file = file_open(
        actor=officer,
        scope=scope_for_user(officer),
        household=household,
        client=household.head,
        target_group=TargetGroup.SOCIAL_AFFAIRS,
        sub_group=SubGroup.FEMALE_HEADED,
    )
    file_page = f"/registry/files/{file.file_number}/"

    sign_in_staff(page, "zanjan_officer")
    page.goto(file_page)
    assert_accessible(page)
    page.get_by_role("button", name=persian("Put on the waiting list")).click()
    page.wait_for_url(f"**{file_page}")
    assert_accessible(page)
    expect(page.locator("[data-state]")).to_have_attribute("data-state", FileState.WAITING)
    page.context.clear_cookies()

    sign_in_staff(page, "zanjan_manager")
    page.goto(file_page)
    assert_accessible(page)
    # Sending the decision empty shows the error summary and keeps the page usable.
    page.get_by_role("button", name=persian("Record the decision")).click()
    assert_accessible(page)
    expect(page.locator(".alert-danger, [role=alert]").first).to_be_visible()
    page.locator("#id_decision-decided_on").fill("۱۴۰۵/۰۹/۰۱")
    page.locator("#id_decision-members").fill("دکتر احمدی، رئیس کمیسیون\nخانم نوری، مددکار")
    page.get_by_label(persian("Approved: cover the client")).check()
    page.get_by_role("button", name=persian("Record the decision")).click()
    page.wait_for_url(f"**{file_page}")
    assert_accessible(page)
    expect(page.locator("[data-state]")).to_have_attribute("data-state", FileState.APPROVED)

    page.locator("#id_activate-counter").select_option(str(world.unit("Z1901").pk))
    page.locator("#id_activate-social_worker").select_option(str(world.zanjan_social_worker.pk))
    page.get_by_role("button", name=persian("Cover the client")).click()
    page.wait_for_url(f"**{file_page}")
    assert_accessible(page)
    expect(page.locator("[data-state]")).to_have_attribute("data-state", FileState.ACTIVE)

    file.refresh_from_db()
    assert file.state == FileState.ACTIVE
    assert file.counter == world.unit("Z1901")
    assert file.social_worker == world.zanjan_social_worker
    assert ClientFile.objects.get(pk=file.pk).decisions.get().approved
