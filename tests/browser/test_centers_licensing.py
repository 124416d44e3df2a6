"""Licensing in the browser: an NGO applies for a principle agreement with its documents, the
Zanjan officer sends the inquiries and forwards the file, the Zanjan manager takes the
commission's decision, clears vetting and issues the agreement, and the applicant sees it."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.utils import translation
from playwright.sync_api import Page, expect

from chatr.centers.choices_licensing import FILING_DOCUMENTS, ApplicationKind
from chatr.centers.choices_licensing import LicensingState as S
from chatr.centers.demo_licensing import PDF_BYTES, demo_company_id
from chatr.centers.models import LicenceApplication
from chatr.core.text import to_ascii_digits, to_persian_digits
from chatr.demo.world import DEMO_CITIZEN_MOBILE
from chatr.notifications.selectors import sms_last_to
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import active_element, persian, sign_in_staff

APPLY = "/centers/licensing/apply/"
NGO_NAME = "موسسه خیریه همراهان زنجان"
CENTER_NAME = "مرکز توانبخشی همراه زنجان"
COMPANY_ID = demo_company_id("1400123456")


def fa(label: Any) -> str:
    """A lazy choice label as the Persian page shows it."""
    with translation.override("fa"):
        return str(label)


def _sign_in_citizen(page: Page) -> None:
    page.goto("/accounts/sign-in/")
    assert_accessible(page)
    page.locator("#id_mobile").fill("0" + DEMO_CITIZEN_MOBILE.removeprefix("+98"))
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
    page.wait_for_url("**/accounts/me/")
    assert_accessible(page)


def _press_tab_to(page: Page, element_id: str) -> None:
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == element_id


def _fill_the_application_with_the_keyboard(page: Page) -> None:
    # The radio group takes the arrow keys: from "a person" down to "an NGO".
    page.locator("#id_applicant_kind_0").focus()
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_applicant_kind_1")).to_be_checked()
    _press_tab_to(page, "id_applicant_name")
    page.keyboard.type(NGO_NAME)
    _press_tab_to(page, "id_national_code")
    _press_tab_to(page, "id_company_id")
    page.keyboard.type(COMPANY_ID)
    _press_tab_to(page, "id_mobile")
    page.keyboard.type("۰۹۱۲۱۲۳۴۵۶۷")
    _press_tab_to(page, "id_licence_type")
    page.locator("#id_licence_type").select_option("rehabilitation")
    _press_tab_to(page, "id_proposed_name")
    page.keyboard.type(CENTER_NAME)
    _press_tab_to(page, "id_county")
    page.locator("#id_county").select_option("C1901")
    _press_tab_to(page, "id_care_mode")
    page.locator("#id_care_mode").select_option("day")
    _press_tab_to(page, "id_capacity")
    page.keyboard.type("۳۰")
    _press_tab_to(page, "id_address")
    page.keyboard.type("زنجان، خیابان سعدی، پلاک ۱۰")
    for doc_type in FILING_DOCUMENTS[ApplicationKind.PRINCIPLE_AGREEMENT]:
        page.locator(f"#id_doc_{doc_type}").set_input_files(
            {"name": f"{doc_type}.pdf", "mimeType": "application/pdf", "buffer": PDF_BYTES}
        )
    page.locator("#id_payment_reference").focus()
    page.keyboard.type("PAY-2025-0001")


def _act(page: Page, section: str, *, done_state: str) -> None:
    """Confirm the step in its section of the case page; the page comes back at the next step."""
    region = page.get_by_role("region", name=persian(section))
    region.get_by_role("button", name=persian("Confirm")).click()
    expect(page.locator("[data-step]")).to_have_attribute("data-step", done_state)
    expect(page.locator(".alert-success")).to_be_visible()
    assert_accessible(page)


@pytest.mark.browser
def test_an_ngo_applies_and_gets_a_principle_agreement(page: Page, world) -> None:
    _sign_in_citizen(page)
    citizen_cookies = page.context.cookies()
    page.goto(APPLY)
    expect(page.locator("h1")).to_have_text(persian("Apply for a principle agreement"))
    assert_accessible(page)

    # Sent empty with the keyboard: the error summary is focused and links to each field.
    page.get_by_role("button", name=persian("File the application")).focus()
    page.keyboard.press("Enter")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    assert_accessible(page)
    summary.locator("a[href='#id_applicant_name']").click()
    expect(page.locator("#id_applicant_name")).to_be_focused()

    _fill_the_application_with_the_keyboard(page)
    page.keyboard.press("Enter")  # Enter in a field sends the form
    # (The redirect keeps the fragment the summary's link put on the form's URL.)
    page.wait_for_url(re.compile(r"/centers/licensing/my/\d+/(#.*)?$"))
    expect(page.locator("h1")).to_have_text(CENTER_NAME)
    expect(page.locator("[data-step]")).to_have_attribute("data-step", S.SUBMITTED)
    assert_accessible(page)
    application = LicenceApplication.objects.select_related("case").get()
    code = application.case.tracking_code
    assert application.case.requester == world.citizen
    assert application.company_id == COMPANY_ID
    assert application.documents.count() == len(
        FILING_DOCUMENTS[ApplicationKind.PRINCIPLE_AGREEMENT]
    )
    case_page = f"/centers/licensing/manage/{code}/"

    # The county's licensing staff: the workspace tool leads to the queue and the case.
    page.context.clear_cookies()
    sign_in_staff(page, "zanjan_officer")
    page.get_by_role("link", name=persian("Licence applications")).click()
    page.wait_for_url("**/centers/licensing/manage/")
    assert_accessible(page)
    page.locator(f'main a[href="{case_page}"]').click()
    page.wait_for_url(f"**{case_page}")
    expect(page.locator("[data-step]")).to_have_attribute("data-step", S.SUBMITTED)
    expect(page.locator("[data-band]")).to_have_attribute("data-band", "green")
    assert_accessible(page)
    # A refusal needs its reasons: the page says so and the application stays where it was.
    refuse = page.get_by_role("region", name=persian("Refuse"))
    refuse.get_by_role("button", name=persian("Refuse the application")).click()
    expect(page.locator("[data-error-summary]")).to_be_focused()
    expect(page.locator("#id_refuse-reason")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("[data-step]")).to_have_attribute("data-step", S.SUBMITTED)
    assert_accessible(page)
    _act(page, "Send the inquiries", done_state=S.INQUIRIES_SENT)
    _act(page, "Forward to the licensing commission", done_state=S.AT_COMMISSION)
    # The commission's decisions are not the officer's.
    expect(page.get_by_role("region", name=persian("Commission: approve"))).to_have_count(0)

    # The province manager chairs the commission and issues the agreement.
    page.context.clear_cookies()
    sign_in_staff(page, "zanjan_manager")
    page.goto(case_page)
    assert_accessible(page)
    _act(page, "Commission: approve", done_state=S.SECURITY_VETTING)
    _act(page, "Issue the principle agreement", done_state=S.AGREEMENT_ISSUED)
    application.refresh_from_db()
    licence = application.licence
    assert licence is not None and application.center is not None

    # The applicant sees the agreement on their application's page (and was told by SMS).
    page.context.clear_cookies()
    page.context.add_cookies(citizen_cookies)  # type: ignore[arg-type]
    page.goto("/centers/licensing/my/")
    assert_accessible(page)
    page.locator(f'main a[href="/centers/licensing/my/{code}/"]').click()
    page.wait_for_url(f"**/centers/licensing/my/{code}/")
    expect(page.locator("[data-step]")).to_have_attribute("data-step", S.AGREEMENT_ISSUED)
    expect(page.locator("[data-step]")).to_contain_text(fa(S.AGREEMENT_ISSUED.label))
    expect(page.locator("main")).to_contain_text(to_persian_digits(licence.number))
    expect(page.get_by_role("link", name=persian("Apply for the activity licence"))).to_be_visible()
    assert_accessible(page)
    sms = sms_last_to(to=DEMO_CITIZEN_MOBILE)
    assert sms is not None and licence.number in to_ascii_digits(sms.text)
    # The next step is open to them: the activity licence's form.
    page.get_by_role("link", name=persian("Apply for the activity licence")).click()
    page.wait_for_url(f"**/centers/licensing/my/{code}/activity/")
    expect(page.locator("h1")).to_have_text(persian("Apply for the activity licence"))
    assert_accessible(page)
