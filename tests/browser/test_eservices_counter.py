"""Positive Life counter journey: an operator files a request for a citizen, who confirms with
the one-time code sent to their own mobile; a manager sees it on the counters' performance
page. Every page passes axe."""

from __future__ import annotations

import re
from datetime import date

import pytest
from playwright.sync_api import Page, expect

from chatr.core.text import to_ascii_digits
from chatr.demo.world import World
from chatr.eservices.demo import seed_eservices_demo
from chatr.eservices.models import ServiceRequest
from chatr.notifications.selectors import sms_last_to
from chatr.registry.tests.factories import register_person
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff

MOBILE = "+989351112233"


def _code_sent() -> str:
    sms = sms_last_to(to=MOBILE)
    assert sms is not None
    match = re.search(r"\b\d{6}\b", to_ascii_digits(sms.text))
    assert match
    return match.group()


@pytest.mark.browser
def test_an_operator_at_a_counter_files_for_a_citizen_who_confirms_by_sms(
    page: Page, world: World
) -> None:
    seed_eservices_demo(world)
    person = register_person(world.zanjan_officer, mobile=MOBILE, birth_date=date(1985, 3, 21))
    sign_in_staff(page, "zanjan_social_worker")
    page.get_by_role("link", name=persian("File a request at the counter")).first.click()
    page.wait_for_url("**/services/counter/Z1901/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)

    page.locator("#id_service").select_option(value="home-visit")
    page.get_by_label(persian("The person's national code")).fill(str(person.national_code))
    page.get_by_label(persian("The person's birth date")).fill("۱۳۶۴/۰۱/۰۱")
    page.get_by_role("button", name=persian("Send the code to the person's mobile")).click()
    page.wait_for_url("**/services/counter/Z1901/confirm/")
    assert_accessible(page)
    code = _code_sent()
    expect(page.locator("main")).not_to_contain_text(code)

    # A wrong code: refused with a message by the field.
    page.get_by_label(persian("Code the person read out")).fill(
        "000000" if code != "000000" else "111111"
    )
    page.get_by_role("button", name=persian("Confirm"), exact=True).click()
    expect(page.locator("main a[href='#id_code']")).to_be_visible()
    assert_accessible(page)

    page.get_by_label(persian("Code the person read out")).fill(code)
    page.get_by_role("button", name=persian("Confirm"), exact=True).click()
    page.wait_for_url("**/services/counter/Z1901/file/")
    assert_accessible(page)

    page.get_by_label("کد ملی فرد نیازمند بازدید").fill(str(person.national_code))
    page.get_by_label("تلفن همراه برای هماهنگی").fill("۰۹۳۵۱۱۱۲۲۳۳")
    page.get_by_label("علت درخواست بازدید").select_option(value="elderly")
    page.get_by_label(persian("No"), exact=True).check()
    page.get_by_label("تعداد اعضای خانوار").fill("۲")
    page.get_by_label("نشانی محل بازدید").fill("زنجان، خیابان سعدی، کوچه یاس، پلاک ۷")
    page.get_by_role("button", name=persian("File the request")).click()
    page.wait_for_url(re.compile(r".*/services/counter/Z1901/filed/\d+/"))
    expect(page.locator("#tracking-code")).to_be_visible()
    assert_accessible(page)

    filed = ServiceRequest.objects.filter(applicant__mobile=MOBILE).get()
    assert filed.channel == "counter" and filed.counter is not None
    assert filed.counter.code == "Z1901"

    page.context.clear_cookies()
    sign_in_staff(page, "zanjan_manager")
    page.goto("/services/counters/")
    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#table-counters")).to_contain_text("مرکز مثبت زندگی زنجان ۱")
    assert_accessible(page)
