"""An inspector records an inspection: from the center's staff page to the checklist form (a
refused form keeps everything typed and focuses the error summary), then the inspection page
and the inspector's own list; every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chatr.centers import services_supervision as services
from chatr.centers.models import Finding, Inspection
from chatr.centers.tests.factories import register_center
from chatr.demo.world import World
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


@pytest.fixture
def center(world: World):  # type: ignore[no-untyped-def]
    services.checklist_templates_install()
    return register_center(
        world.zanjan_manager,
        world.unit("C1901"),
        name_fa="خانه سالمندان مهر زنجان",
        name_en="Mehr Elderly Care Home, Zanjan",
        licence_type="elderly_care",
        care_mode="residential",
    )


@pytest.mark.browser
def test_an_inspector_records_an_inspection(page: Page, world: World, center) -> None:  # type: ignore[no-untyped-def]
    sign_in_staff(page, "zanjan_inspector")
    page.goto(f"/centers/manage/{center.pk}/")
    assert_accessible(page)
    expect(page.locator("[data-center-supervision]")).to_be_visible()
    page.get_by_role("link", name=persian("Record an inspection")).click()
    page.wait_for_url(f"**/centers/supervision/centers/{center.pk}/inspections/new/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)

    items = list(services.checklist_for(licence_type="elderly_care").items.order_by("position"))
    page.get_by_label(persian("Unannounced"), exact=True).check()
    # Typed from the keyboard, with Persian digits; the first score is over its maximum.
    first = page.locator(f"#id_item_{items[0].pk}")
    first.focus()
    page.keyboard.type("۹۹")
    for item in items[1:]:
        page.keyboard.press("Tab")
        page.keyboard.type(str(item.max_score))
    page.locator("#id_findings-0-text").fill("داروها بدون ثبت در کاردکس داده می‌شود")
    page.locator("#id_findings-0-severity").select_option("major")
    page.locator("#id_findings-0-corrective_action").fill("ثبت همه داروها در کاردکس")
    page.locator("#id_findings-0-due_in_days").fill("۱۰")
    page.locator("#id_summary").fill("بازدید سرزده صبح")
    with page.expect_navigation():
        page.get_by_role("button", name=persian("Record the inspection")).click()

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.locator(f'a[href="#id_item_{items[0].pk}"]')).to_have_count(1)
    expect(page.locator("#id_findings-0-corrective_action")).to_have_value(
        "ثبت همه داروها در کاردکس"
    )
    expect(page.locator("#id_summary")).to_have_value("بازدید سرزده صبح")
    assert_accessible(page)
    assert not Inspection.objects.exists()

    summary.locator("a").first.click()
    expect(first).to_be_focused()
    first.fill(str(items[0].max_score - 2))
    page.get_by_role("button", name=persian("Record the inspection")).click()
    # (The browser keeps the summary link's #fragment across the redirect.)
    page.wait_for_url(re.compile(r".*/centers/supervision/inspections/\d+/(#.*)?$"))
    assert_accessible(page)
    inspection = Inspection.objects.get()
    assert (inspection.score, inspection.max_score) == (98, 100)
    expect(page.locator("[data-score]")).to_have_attribute("data-score", "98")
    expect(page.locator("[data-findings]")).to_contain_text("ثبت همه داروها در کاردکس")
    assert Finding.objects.get().due_on is not None

    page.get_by_role("link", name=persian("My inspections")).first.click()
    page.wait_for_url("**/centers/supervision/")
    expect(page.locator("[data-recorded]")).to_contain_text("خانه سالمندان مهر زنجان")
    expect(page.locator("[data-corrective-actions]")).to_contain_text("ثبت همه داروها در کاردکس")
    assert_accessible(page)


@pytest.mark.browser
def test_a_manager_establishes_a_violation_and_sends_a_written_notice(  # type: ignore[no-untyped-def]
    page: Page, world: World, center
) -> None:
    from django.utils import timezone

    from chatr.org.scope import scope_for_user

    items = services.checklist_for(licence_type="elderly_care").items.all()
    services.inspection_record(
        actor=world.zanjan_inspector,
        scope=scope_for_user(world.zanjan_inspector),
        center=center,
        data=services.InspectionData(
            kind="unannounced",
            visited_on=timezone.localdate(),
            scores={item.pk: item.max_score for item in items},
            findings=[services.FindingData(text="ظرفیت مازاد", corrective_action="کاهش")],
        ),
    )
    sign_in_staff(page, "zanjan_manager")
    page.goto(f"/centers/supervision/centers/{center.pk}/sanctions/")
    assert_accessible(page)
    page.get_by_role("button", name=persian("Establish the violation")).click()
    page.wait_for_url(f"**/centers/supervision/centers/{center.pk}/sanctions/")
    expect(page.locator("[data-open-proceeding]")).to_have_attribute("data-step", "violation")
    assert_accessible(page)
    page.locator("main form button[type=submit]").first.click()
    page.wait_for_url(f"**/centers/supervision/centers/{center.pk}/sanctions/")
    expect(page.locator("[data-open-proceeding]")).to_have_attribute("data-step", "notice")
    assert_accessible(page)
    page.goto(f"/centers/supervision/centers/{center.pk}/inspections/plan/")
    assert_accessible(page)


@pytest.mark.browser
def test_hq_opens_the_checklists(page: Page, world: World, center) -> None:  # type: ignore[no-untyped-def]
    sign_in_staff(page, "hq_manager")
    page.goto("/centers/supervision/checklists/")
    assert_accessible(page)
    page.get_by_role("link", name=persian("Elderly care center")).click()
    page.wait_for_url("**/centers/supervision/checklists/elderly_care/")
    expect(page.locator("#id_name_fa")).not_to_have_value("")
    assert_accessible(page)
