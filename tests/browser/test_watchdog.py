"""Watchdog journeys in a real browser: a citizen files and tracks a message, a call-center
agent files one by phone with the keyboard alone, an officer answers, the citizen rates, and a
manager reads the dashboard. Every page each journey opens is checked with axe-core."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from chatr.cases.models import Case
from chatr.core.text import to_ascii_digits
from chatr.core.tracking import tracking_code_read_back
from chatr.demo.world import World
from chatr.org.scope import scope_for_user
from chatr.watchdog import services
from chatr.watchdog.choices import MessageType
from chatr.watchdog.models import Category, SubjectArea
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import active_element, persian, sign_in_staff

# A PNG signature is what the upload check sniffs; the rest does not matter to it.
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
CITIZEN_MOBILE = "+989121112233"
CITIZEN_MOBILE_TYPED = "۰۹۱۲۱۱۱۲۲۳۳"  # as a person types it on a Persian keyboard
# Enough presses to cross the header (or a select's options) from any starting point; a loop
# that never gets there is a failure, not a hang.
MAX_PRESSES = 40


@pytest.fixture
def taxonomy(world: World) -> dict[str, Any]:
    """A small taxonomy, committed with the world so the live server sees it."""
    rehab = SubjectArea.objects.create(
        code="rehabilitation", name_fa="توانبخشی", name_en="Rehabilitation"
    )
    social = SubjectArea.objects.create(
        code="social-affairs", name_fa="امور اجتماعی", name_en="Social affairs"
    )
    return {
        "quality": Category.objects.create(
            code="service-quality", area=rehab, name_fa="کیفیت خدمات", name_en="Service quality"
        ),
        "pension": Category.objects.create(
            code="pension-delay", area=social, name_fa="تأخیر در مستمری", name_en="Pension delay"
        ),
    }


def digits_of(text: str) -> str:
    """Only the digits of a text, as ASCII (codes are shown grouped, in Persian digits)."""
    return re.sub(r"\D", "", to_ascii_digits(text))


def file_message(
    world: World, category: Category, *, province: str = "P08", description: str = ""
) -> Case:
    """A complaint about a unit of `province`, filed by the citizen's number over the web."""
    opened = services.message_submit(
        submission=services.Submission(
            message_type=MessageType.COMPLAINT,
            category=category,
            description=description or "The ramp at the county office is broken again.",
            channel="web",
            concerned_unit=world.unit(province),
            contact_name="Sara",
            contact_mobile=CITIZEN_MOBILE,
        )
    )
    return opened.case


def file_message_answered_in_kerman(world: World, category: Category, answer: str = "") -> Case:
    """A message HQ screened to Kerman province, answered there when `answer` is given."""
    case = file_message(world, category)
    hq_officer = world.users["hq_officer"]
    case = services.message_screen(
        actor=hq_officer,
        scope=scope_for_user(hq_officer),
        case=case,
        to_unit=world.unit("P08"),
        reason="About a unit in Kerman.",
    )
    if answer:
        manager = world.users["kerman_manager"]
        case = services.message_answer(
            actor=manager, scope=scope_for_user(manager), case=case, text=answer
        )
    return case


def answer_challenge(page: Page) -> int:
    """The sum the security question asks for (its text is the field's hint)."""
    question = page.locator("#id_challenge_answer_helptext").inner_text()
    terms = [int(n) for n in re.findall(r"\d+", to_ascii_digits(question))]
    assert len(terms) == 2, question
    return sum(terms)


def fill_public_form(page: Page, world: World, taxonomy: dict[str, Any], description: str) -> None:
    page.get_by_label(persian("Type of message")).select_option(MessageType.COMPLAINT)
    page.locator("#id_category").select_option(str(taxonomy["quality"].pk))
    page.locator("#id_concerned_unit").select_option(str(world.unit("P08").pk))
    page.locator("#id_description").fill(description)
    page.locator("#id_contact_name").fill("سارا ابراهیمی")
    page.locator("#id_contact_mobile").fill(CITIZEN_MOBILE_TYPED)


def send_public_form(page: Page) -> None:
    page.locator("main form").get_by_role("button", name=persian("Send"), exact=True).click()


def track(page: Page, code: str) -> None:
    """Open the tracking page and look the message up by its code and the citizen's mobile."""
    page.goto("/watchdog/track/")
    assert_accessible(page)
    page.locator("#id_code").fill(code)
    page.locator("#id_mobile").fill(CITIZEN_MOBILE_TYPED)
    page.locator("main form").get_by_role("button", name=persian("Show the status")).click()
    page.wait_for_url("**/watchdog/track/status/")


def tab_to(page: Page, element_id: str) -> None:
    """Tab forward until `element_id` has focus."""
    for _press in range(MAX_PRESSES):
        page.keyboard.press("Tab")
        if active_element(page)["id"] == element_id:
            return
    pytest.fail(f"#{element_id} is not reachable with Tab")


def next_field(page: Page, element_id: str) -> None:
    """One Tab lands on `element_id`: the form's tab order is the order it is read in."""
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == element_id


def arrow_down_to(page: Page, value: str) -> None:
    """Press ArrowDown on the focused select until `value` is chosen."""
    for _press in range(MAX_PRESSES):
        if page.evaluate("document.activeElement.value") == value:
            return
        page.keyboard.press("ArrowDown")
    pytest.fail(f"option {value} is not reachable with ArrowDown")


def counts_by_row(section: Locator) -> dict[str, int]:
    """A breakdown table's rows: label → count (the table behind the chart)."""
    rows = section.locator("tbody tr").evaluate_all(
        "rows => rows.map(row => [row.cells[0].innerText, row.cells[1].innerText])"
    )
    return {label.strip(): int(digits_of(count)) for label, count in rows}


@pytest.mark.browser
def test_citizen_files_a_complaint_with_an_image_and_tracks_it_by_code_and_mobile(
    page: Page, world: World, taxonomy: dict[str, Any]
) -> None:
    page.goto("/watchdog/")
    assert_accessible(page)

    fill_public_form(page, world, taxonomy, "رمپ ورودی اداره شهرستان دوباره خراب شده است.")
    page.locator("#id_attachments").set_input_files(
        {"name": "ramp.png", "mimeType": "image/png", "buffer": PNG}
    )
    page.locator("#id_challenge_answer").fill(str(answer_challenge(page)))
    send_public_form(page)

    page.wait_for_url("**/watchdog/sent/")
    receipt = page.locator("[data-tracking-code]")
    code = receipt.get_attribute("data-tracking-code")
    assert code
    assert digits_of(receipt.inner_text()) == code
    assert_accessible(page)
    case = Case.objects.get(tracking_code=code)
    assert case.contact_mobile == CITIZEN_MOBILE
    assert [a.content_type for a in case.attachments.all()] == ["image/png"]

    track(page, code)
    expect(page.locator("h1")).to_have_text(persian("Status of your message"))
    expect(page.locator("strong[data-state]")).to_have_text(persian("New"))
    assert_accessible(page)


@pytest.mark.browser
def test_call_center_agent_files_a_phone_complaint_with_the_keyboard_and_reads_back_the_code(
    page: Page, world: World, taxonomy: dict[str, Any]
) -> None:
    earlier = file_message(world, taxonomy["pension"], description="My pension is late again.")
    sign_in_staff(page, "call_center_agent")
    page.goto("/watchdog/call-center/new/")
    assert_accessible(page)

    # Nothing to look up before a number is typed (htmx must not have asked for one).
    page.wait_for_load_state("networkidle")
    history_panel = page.locator("#caller-history")
    expect(history_panel).to_have_text(
        persian("Type the caller's number to see their earlier messages.")
    )

    tab_to(page, "id_contact_mobile")
    page.keyboard.type(CITIZEN_MOBILE_TYPED)
    # Leaving the field is the change that asks htmx for the caller's earlier messages.
    with page.expect_response(lambda r: "/call-center/caller-history/" in r.url) as history:
        next_field(page, "id_contact_name")
    assert history.value.request.headers.get("hx-request") == "true"
    earlier_items = history_panel.locator("li")
    expect(earlier_items).to_have_count(1)
    assert digits_of(earlier_items.inner_text()).startswith(earlier.tracking_code)
    assert_accessible(page)

    page.keyboard.type("سارا ابراهیمی")
    next_field(page, "id_message_type")
    assert page.evaluate("document.activeElement.value") == MessageType.COMPLAINT
    next_field(page, "id_category")
    arrow_down_to(page, str(taxonomy["quality"].pk))
    next_field(page, "id_concerned_unit")
    next_field(page, "id_concerned_text")
    page.keyboard.type("اداره بهزیستی شهرستان رفسنجان")
    next_field(page, "id_description")
    page.keyboard.type("تماس‌گیرنده می‌گوید پرونده توانبخشی او سه ماه است بی‌پاسخ مانده است.")
    tab_to(page, "id_attachments")
    page.keyboard.press("Tab")
    focused = page.evaluate("[document.activeElement.tagName, document.activeElement.type]")
    assert focused == ["BUTTON", "submit"]
    page.keyboard.press("Enter")

    page.wait_for_url("**/watchdog/call-center/filed/")
    code = page.locator("[data-tracking-code]").get_attribute("data-tracking-code")
    assert code
    groups = page.locator("[role=status] ol li")
    expect(groups).to_have_count(len(tracking_code_read_back(code)))
    assert [digits_of(g) for g in groups.all_inner_texts()] == tracking_code_read_back(code)
    assert_accessible(page)
    case = Case.objects.select_related("watchdog_message").get(tracking_code=code)
    assert case.channel == "phone"
    assert case.filed_by == world.users["call_center_agent"]
    assert case.contact_mobile == CITIZEN_MOBILE
    assert case.watchdog_message.category == taxonomy["quality"]


@pytest.mark.browser
def test_province_manager_answers_a_message_routed_to_the_province_and_it_shows_answered(
    page: Page, world: World, taxonomy: dict[str, Any]
) -> None:
    case = file_message_answered_in_kerman(world, taxonomy["quality"])
    sign_in_staff(page, "kerman_manager")
    page.goto("/watchdog/staff/")
    assert_accessible(page)

    page.locator(f"main a[href$='/staff/{case.tracking_code}/']").click()
    page.wait_for_url(f"**/watchdog/staff/{case.tracking_code}/")
    assert_accessible(page)

    answer = "رمپ ورودی تا پایان هفته تعمیر می‌شود. از گزارش شما سپاسگزاریم."
    answer_section = page.locator("section[aria-labelledby=answer-heading]")
    answer_section.get_by_label(persian("Answer to the person")).fill(answer)
    answer_section.get_by_role("button", name=persian("Send the answer")).click()

    page.wait_for_url(f"**/watchdog/staff/{case.tracking_code}/")
    expect(page.locator("strong[data-state]")).to_have_text(persian("Answered"))
    expect(page.locator(".timeline")).to_contain_text(answer)
    assert_accessible(page)


@pytest.mark.browser
def test_citizen_rates_the_answer_with_the_keyboard_and_sees_the_rating(
    page: Page, world: World, taxonomy: dict[str, Any]
) -> None:
    answer = "رمپ ورودی تعمیر شد."
    case = file_message_answered_in_kerman(world, taxonomy["quality"], answer=answer)
    track(page, case.tracking_code)
    expect(page.locator("strong[data-state]")).to_have_text(persian("Answered"))
    expect(page.locator(".timeline")).to_contain_text(answer)
    assert_accessible(page)

    # Tab enters the group on its first radio ("5"); an arrow moves to, and picks, "4".
    tab_to(page, "id_rating_0")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_rating_1")).to_be_focused()
    expect(page.locator("#id_rating_1")).to_be_checked()
    tab_to(page, "id_comment")
    page.keyboard.type("سریع پاسخ دادند.")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name=persian("Send rating"))).to_be_focused()
    page.keyboard.press("Enter")

    page.wait_for_url("**/watchdog/track/status/")
    expect(page.get_by_role("heading", name=persian("Rate the answer"))).to_have_count(0)
    rating = page.locator("dt", has_text=persian("Your rating")).locator("+ dd")
    assert to_ascii_digits(rating.inner_text()).split() == ["4", "/", "5"]
    assert_accessible(page)
    case.refresh_from_db()
    assert case.rating == 4


@pytest.mark.browser
def test_wrong_security_answer_focuses_the_error_summary_and_keeps_the_description(
    page: Page, world: World, taxonomy: dict[str, Any]
) -> None:
    page.goto("/watchdog/")
    assert_accessible(page)

    description = "کسی در اداره شهرستان به تلفن پاسخ نمی‌دهد."
    fill_public_form(page, world, taxonomy, description)
    page.locator("#id_challenge_answer").fill(str(answer_challenge(page) + 1))
    send_public_form(page)

    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.locator("a[href='#id_challenge_answer']")).to_have_count(1)
    expect(page.locator("#id_description")).to_have_value(description)
    expect(page.locator("#id_contact_mobile")).not_to_have_value("")
    expect(page.locator("#id_challenge_answer")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_challenge_answer")).to_have_value("")
    assert_accessible(page)
    assert not Case.objects.exists()

    summary.locator("a[href='#id_challenge_answer']").click()
    expect(page.locator("#id_challenge_answer")).to_be_focused()


@pytest.mark.browser
def test_manager_opens_the_dashboard_and_narrows_it_to_a_province_with_htmx(
    page: Page, world: World, taxonomy: dict[str, Any]
) -> None:
    kerman, zanjan = world.unit("P08"), world.unit("P19")
    file_message(world, taxonomy["quality"], province=kerman.code)
    file_message(world, taxonomy["pension"], province=zanjan.code, description="Zanjan: no reply.")
    sign_in_staff(page, "hq_manager")
    page.goto("/watchdog/dashboard/")
    by_province = page.locator("#dashboard-results section[aria-labelledby=section-province]")
    expect(by_province.locator("tbody tr")).to_have_count(2)
    assert counts_by_row(by_province) == {kerman.name_fa: 1, zanjan.name_fa: 1}
    assert_accessible(page)

    # A flag on window survives an htmx swap but not a full page load.
    page.evaluate("window.__sameDocument = true")
    filters = page.locator("main form")
    filters.get_by_label(persian("Province"), exact=True).select_option(str(kerman.pk))
    with page.expect_response(lambda r: "/watchdog/dashboard/?" in r.url) as narrowed:
        filters.get_by_role("button", name=persian("Show")).click()
    assert narrowed.value.request.headers.get("hx-request") == "true"
    page.wait_for_url(re.compile(rf"/watchdog/dashboard/\?.*province={kerman.pk}"))
    expect(by_province.locator("tbody tr")).to_have_count(1)
    assert counts_by_row(by_province) == {kerman.name_fa: 1}
    assert page.evaluate("window.__sameDocument === true")
    assert_accessible(page)
