"""One inbox and one tracking page: a visitor tracks a code of any module without signing in;
a signed-in citizen sees their requests of two modules in one inbox. Every page passes axe."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page, expect

from chatr.cases.models import Case
from chatr.cases.services import case_open
from chatr.demo.world import DEMO_CITIZEN_MOBILE, World
from chatr.eservices.demo import seed_eservices_demo
from chatr.eservices.models import ServiceRequest
from tests.browser.accessibility import assert_accessible
from tests.browser.test_eservices import _sign_in_citizen
from tests.browser.test_journeys import persian


def _open(world: World, kind: str) -> Case:
    return case_open(
        kind=kind,
        unit=world.unit("P19"),
        channel="web",
        subject="درخواست",
        deadline_days=10,
        requester=world.citizen,
        contact_mobile=DEMO_CITIZEN_MOBILE,
    ).case


@pytest.mark.browser
def test_a_visitor_tracks_a_code_without_signing_in(page: Page, world: World) -> None:
    case = _open(world, "registry.change")
    page.goto("/track/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)

    # A wrong mobile: the same answer as an unknown code, nothing about the case.
    page.get_by_label(persian("Tracking code")).fill(case.tracking_code)
    page.get_by_label(persian("Mobile number you gave")).fill("09351112233")
    page.get_by_role("button", name=persian("Show the status")).click()
    expect(page.locator(".track-status")).to_have_count(0)
    expect(page.locator("main .alert-danger, main [role=alert]").first).to_be_visible()
    assert_accessible(page)

    page.get_by_label(persian("Tracking code")).fill(case.tracking_code)
    page.get_by_label(persian("Mobile number you gave")).fill("۰۹۱۲۱۲۳۴۵۶۷")
    page.get_by_role("button", name=persian("Show the status")).click()
    expect(page.locator(".track-status")).to_have_text(persian("Submitted"))
    expect(page.locator(".track-kind")).not_to_be_empty()
    expect(page.get_by_label(persian("Mobile number you gave"))).to_have_value("")
    assert_accessible(page)


@pytest.mark.browser
def test_a_citizen_sees_requests_of_two_modules_in_one_inbox(page: Page, world: World) -> None:
    seed_eservices_demo(world)
    complaint = _open(world, "watchdog.message")
    request = ServiceRequest.objects.filter(applicant=world.citizen).select_related("case").first()
    assert request is not None
    _sign_in_citizen(page)
    page.goto("/services/my/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator(f'a[data-code="{complaint.tracking_code}"]')).to_be_visible()
    expect(page.locator(f'a[data-code="{request.case.tracking_code}"]')).to_be_visible()
    assert_accessible(page)
    page.locator(f'a[data-code="{complaint.tracking_code}"]').click()
    page.wait_for_url("**/watchdog/track/")
    assert_accessible(page)
