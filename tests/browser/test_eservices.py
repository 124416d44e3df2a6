"""E-service desk journeys: a citizen finds a service in the catalogue, applies online and gets
a tracking code; an officer asks for more information, the citizen answers, the officer
approves. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from chatr.core.text import to_ascii_digits
from chatr.demo.world import DEMO_CITIZEN_MOBILE, World
from chatr.eservices import services
from chatr.eservices.demo import HOME_VISIT_ANSWERS, seed_eservices_demo
from chatr.eservices.models import Service, ServiceRequest
from chatr.notifications.selectors import sms_last_to
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


def seed_service(world: World):  # type: ignore[no-untyped-def]
    seed_eservices_demo(world)
    return Service.objects.get(code="home-visit")


def _sign_in_citizen(page: Page) -> None:
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


@pytest.mark.browser
def test_a_citizen_finds_a_service_applies_and_gets_a_tracking_code(
    page: Page, world: World
) -> None:
    seed_eservices_demo(world)
    before = set(ServiceRequest.objects.values_list("pk", flat=True))
    _sign_in_citizen(page)
    page.goto("/services/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    # Typed with an Arabic yeh, as many keyboards do.
    page.get_by_label(persian("Service name or keyword")).fill("بازديد منزل")
    page.get_by_role("button", name=persian("Search")).click()
    page.wait_for_url(re.compile(r".*/services/\?.*q=.*"))
    expect(page.locator("#service-results article")).to_have_count(1)
    expect(page.locator("#results-count")).to_contain_text("۱")
    assert_accessible(page)

    page.get_by_role("link", name="درخواست بازدید منزل مددکار اجتماعی").click()
    page.wait_for_url("**/services/home-visit/")
    assert_accessible(page)
    page.get_by_role("link", name=persian("Apply online")).click()
    page.wait_for_url("**/services/home-visit/apply/")
    assert_accessible(page)

    # A wrong national code: the summary names it, and what was typed stays.
    page.get_by_label("کد ملی فرد نیازمند بازدید").fill("۱۲۳۴۵۶۷۸۹۰")
    page.get_by_label("تلفن همراه برای هماهنگی").fill("۰۹۱۲۱۲۳۴۵۶۷")
    page.get_by_label("علت درخواست بازدید").select_option(value="elderly")
    page.get_by_label(persian("No"), exact=True).check()
    page.get_by_label("تعداد اعضای خانوار").fill("۲")
    page.get_by_label("نشانی محل بازدید").fill("زنجان، خیابان سعدی، کوچه یاس، پلاک ۷")
    page.get_by_role("button", name=persian("File the request")).click()
    expect(page.locator("main a[href='#id_national_code']")).to_be_visible()
    expect(page.get_by_label("تلفن همراه برای هماهنگی")).to_have_value("۰۹۱۲۱۲۳۴۵۶۷")
    assert_accessible(page)

    page.get_by_label("کد ملی فرد نیازمند بازدید").fill("۰۴۹۹۳۷۰۸۹۹")
    page.get_by_role("button", name=persian("File the request")).click()
    page.wait_for_url("**/services/my/*/filed/")
    assert_accessible(page)
    (new,) = ServiceRequest.objects.exclude(pk__in=before)
    code = re.sub(r"\D", "", to_ascii_digits(page.locator("#tracking-code").inner_text()))
    assert code == new.case.tracking_code
    assert new.answers["national_code"] == "0499370899"

    page.get_by_role("link", name=persian("See the request")).click()
    page.wait_for_url(f"**/services/my/{new.case.tracking_code}/")
    expect(page.locator("main")).to_contain_text(persian("Submitted"))
    assert_accessible(page)


@pytest.mark.browser
def test_an_officer_asks_for_more_information_and_then_approves(page: Page, world: World) -> None:
    service = seed_service(world)
    request = services.service_request_file(
        actor=world.citizen, service=service, data=HOME_VISIT_ANSWERS
    )
    code = request.case.tracking_code
    sign_in_staff(page, "zanjan_officer")
    page.get_by_role("link", name=persian("Service requests")).first.click()
    page.wait_for_url("**/services/staff/")
    assert_accessible(page)
    page.locator(f'a[href="/services/staff/{request.pk}/"]').click()
    page.wait_for_url(f"**/services/staff/{request.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=persian("Take under review")).click()
    page.wait_for_url(f"**/services/staff/{request.pk}/")
    assert_accessible(page)
    page.get_by_label(persian("What the person must send")).fill("شماره تلفن ثابت منزل را بفرستید.")
    page.get_by_role("button", name=persian("Ask the person")).click()
    page.wait_for_url(f"**/services/staff/{request.pk}/")
    expect(page.locator("main")).to_contain_text(persian("More information needed"))
    assert_accessible(page)

    page.context.clear_cookies()
    _sign_in_citizen(page)
    page.goto("/services/my/")
    assert_accessible(page)
    page.locator(f'a[href="/services/my/{code}/"]').click()
    page.wait_for_url(f"**/services/my/{code}/")
    expect(page.locator("main")).to_contain_text("شماره تلفن ثابت منزل را بفرستید.")
    assert_accessible(page)
    page.get_by_label(persian("Your answer")).fill("۰۲۴۳۳۴۵۶۷۸۹")
    page.get_by_role("button", name=persian("Send the answer")).click()
    page.wait_for_url(f"**/services/my/{code}/")
    expect(page.locator("main")).to_contain_text(persian("Under review"))
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_staff(page, "zanjan_officer")
    page.goto(f"/services/staff/{request.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=persian("Approve the request")).click()
    page.wait_for_url(f"**/services/staff/{request.pk}/")
    expect(page.locator("main")).to_contain_text(persian("Approved"))
    assert_accessible(page)
    request.case.refresh_from_db()
    assert request.case.state == "approved"
