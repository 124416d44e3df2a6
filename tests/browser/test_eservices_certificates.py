"""Certificate journeys: a covered citizen asks for a certificate of coverage, the Zanjan officer
approves it, the citizen downloads the PDF and anyone checks it by its verification code (the
holder's name shortened); a mistyped or unknown code is refused in Persian, the error summary
leading back to the field. Every page passes axe."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from chatr.core.jalali import format_date
from chatr.core.text import to_ascii_digits, to_persian_digits
from chatr.core.tracking import format_tracking_code, generate_tracking_code
from chatr.demo.world import World
from chatr.eservices.demo import seed_eservices_demo
from chatr.eservices.models import Certificate, ServiceRequest
from chatr.registry.demo import seed_score_factors
from chatr.registry.models import Person
from chatr.registry.tests.factories import open_file, register_household, register_person
from tests.browser.accessibility import assert_accessible
from tests.browser.test_eservices import _sign_in_citizen
from tests.browser.test_journeys import active_element, persian, sign_in_staff, tab_until

FIRST_NAME = "مریم"
LAST_NAME = "رضایی"
SHORTENED = f"{FIRST_NAME} {LAST_NAME[0]}…"
# Two or more Latin letters in a row: English wording on a page or a paper that must be Persian
# (codes and digits aside, nothing Latin is expected there but acronyms Persian uses as they
# are: PDF, QR).
LATIN_WORD = re.compile(r"[A-Za-z]{2,}[A-Za-z' ().,:-]*")
ACRONYM = re.compile(r"\b[A-Z]{2,4}\b")


def _covered_citizen(world: World) -> Person:
    """The demo citizen in the registry: head of a Zanjan household with an active file, their
    mobile the one the citizen signs in with."""
    seed_score_factors()
    head = register_person(
        world.zanjan_manager,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        mobile=world.citizen.mobile,
    )
    household = register_household(world.zanjan_manager, world.unit("C1901"), head=head)
    open_file(
        world.zanjan_manager,
        household,
        "active",
        counter=world.unit("Z1901"),
        social_worker=world.zanjan_social_worker,
    )
    return head


def _english(where: str, text: str) -> list[str]:
    text = ACRONYM.sub("", text)
    return [f"{where}: {match.group().strip()!r}" for match in LATIN_WORD.finditer(text)]


def _assert_all_persian(english: list[str]) -> None:
    """Checked last, so that a missing translation does not hide the rest of the journey."""
    shown = "\n".join(f"  {item}" for item in dict.fromkeys(english))
    assert not english, f"English shown where Persian is due (fa catalogue):\n{shown}"


def _main_text(page: Page) -> str:
    return page.locator("main").inner_text()


def _submit_code_with_keyboard(page: Page, typed: str) -> None:
    """Tab to the code field, type, press Enter: no mouse."""
    if active_element(page)["id"] != "id_code":
        tab_until(page, "id_code")
    page.keyboard.press("Control+A")
    page.keyboard.type(typed)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/verify/\?code=.*"))


@pytest.mark.browser
def test_the_citizen_downloads_and_verifies_the_certificate(page: Page, world: World) -> None:
    # Services first: with no registry person yet, the demo issues no certificate of its own.
    seed_eservices_demo(world)
    person = _covered_citizen(world)
    english: list[str] = []

    # The citizen asks for a certificate of coverage with the service's real form.
    _sign_in_citizen(page)
    page.goto("/services/coverage-certificate/apply/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    page.get_by_label("کد ملی").fill(to_persian_digits(person.national_code or ""))
    page.get_by_label("گواهی برای چه کاری لازم است؟").select_option(value="bank")
    page.get_by_label("نام سازمان گیرنده").fill("بانک ملی ایران")
    page.get_by_role("button", name=persian("File the request")).click()
    page.wait_for_url("**/services/my/*/filed/")
    assert_accessible(page)
    tracking = re.sub(r"\D", "", to_ascii_digits(page.locator("#tracking-code").inner_text()))
    request = ServiceRequest.objects.select_related("case", "org_unit").get(
        case__tracking_code=tracking
    )
    assert request.service.code == "coverage-certificate"
    assert request.org_unit.code == "C1901"  # handled in the county of the household

    # The Zanjan officer takes it under review and approves it: the certificate is issued.
    citizen_session = page.context.cookies()
    page.context.clear_cookies()
    sign_in_staff(page, "zanjan_officer")
    page.goto(f"/services/staff/{request.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=persian("Take under review")).click()
    page.wait_for_url(f"**/services/staff/{request.pk}/")
    assert_accessible(page)
    page.get_by_role("button", name=persian("Approve the request")).click()
    page.wait_for_url(f"**/services/staff/{request.pk}/")
    expect(page.locator("main")).to_contain_text(persian("Approved"))
    expect(page.locator("#certificate-heading")).to_be_visible()
    assert_accessible(page)
    certificate = Certificate.objects.select_related("issuing_unit").get(request=request)
    assert certificate.holder_name == f"{FIRST_NAME} {LAST_NAME}"
    printed_code = format_tracking_code(certificate.code)  # "1234 5678 9012", ASCII digits

    # Back in the citizen's browser (still signed in: a new code within a minute is refused),
    # the request page offers the PDF and the verification code with a link to check it.
    page.context.clear_cookies()
    page.context.add_cookies(citizen_session)  # type: ignore[arg-type]
    page.goto(f"/services/my/{tracking}/")
    assert_accessible(page)
    section = page.locator("section[aria-labelledby=certificate-heading]")
    expect(section).to_be_visible()
    shown_code = section.locator("span[dir=ltr]").inner_text()
    assert re.sub(r"\D", "", to_ascii_digits(shown_code)) == certificate.code
    expect(section.get_by_role("link", name=persian("Check it"))).to_have_attribute(
        "href", f"/verify/{certificate.code}/"
    )
    english += _english(f"certificate section of /services/my/{tracking}/", section.inner_text())

    download_link = section.get_by_role("link", name=persian("Download the certificate (PDF)"))
    expect(download_link).to_have_attribute("href", f"/services/my/{tracking}/certificate.pdf")
    with page.expect_download() as download_info:
        download_link.click()
    download = download_info.value
    assert download.failure() is None
    # Named by the certificate's code, never by the holder.
    assert download.suggested_filename == f"certificate-{certificate.code}.pdf"
    reader = PdfReader(download.path())
    assert len(reader.pages) == 1
    pdf_text = reader.pages[0].extract_text()
    # Persian words, not digit strings: pypdf reverses runs of Persian digits.
    words = set(pdf_text.split())
    assert FIRST_NAME in words
    assert LAST_NAME in words
    assert printed_code in pdf_text
    verify_url = re.search(r"https?://\S+/verify/\S+/", pdf_text)
    assert verify_url is not None
    assert verify_url.group().endswith(f"/verify/{certificate.code}/")
    english += _english(
        "the certificate PDF",
        pdf_text.replace(verify_url.group(), "").replace(printed_code, ""),
    )

    # Anyone given the paper checks it: keyboard only, the code typed as printed.
    page.context.clear_cookies()
    page.goto("/verify/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    expect(page.locator(".verify-status")).to_have_count(0)
    english += _english("/verify/", _main_text(page))
    _submit_code_with_keyboard(page, printed_code)
    result = page.locator("section[aria-labelledby=verify-result]")
    expect(result.locator(".verify-status")).to_contain_text(
        persian("This certificate is genuine and valid.")
    )
    expect(result.locator(".verify-holder")).to_have_text(SHORTENED)
    expect(page.locator("main")).not_to_contain_text(LAST_NAME)
    expect(result).to_contain_text(certificate.issuing_unit.name_fa)
    with translation.override("fa"):
        issued_on = format_date(certificate.issued_at)
    expect(result).to_contain_text(issued_on)
    shown = result.locator("dd[dir=ltr]").inner_text()
    assert re.sub(r"\D", "", to_ascii_digits(shown)) == certificate.code
    assert_accessible(page)
    english += _english("/verify/?code=… (genuine)", _main_text(page))

    # Persian-first: nothing of the certificate's pages or paper is left in English.
    _assert_all_persian(english)


def _expect_code_error(page: Page, message: str, typed: str) -> Locator:
    """The refused code: the summary (focused, linking to the field), the field marked invalid
    and described by the message, what was typed kept."""
    summary = page.locator("main [data-error-summary]")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(persian("There is a problem"))
    link = summary.locator("a[href='#id_code']")
    expect(link).to_contain_text(message)
    field = page.locator("#id_code")
    expect(field).to_have_attribute("aria-invalid", "true")
    expect(field).to_have_value(typed)
    described_by = (field.get_attribute("aria-describedby") or "").split()
    described = " ".join(page.locator(f"#{ident}").inner_text() for ident in described_by)
    assert message in described
    expect(page.locator(".verify-status")).to_have_count(0)
    return link


@pytest.mark.browser
def test_a_wrong_code_is_refused_in_persian_and_leads_back_to_the_field(
    page: Page, world: World
) -> None:
    english: list[str] = []
    page.goto("/verify/")
    assert_accessible(page)

    # One digit misread: the check digit catches it before any lookup.
    real = generate_tracking_code()
    typo = real[:-1] + str((int(real[-1]) + 1) % 10)
    typed = to_persian_digits(format_tracking_code(typo))
    _submit_code_with_keyboard(page, typed)
    malformed = persian(
        "A verification code has 12 digits, printed under the QR code. Check the digits you typed."
    )
    link = _expect_code_error(page, malformed, typed)
    assert_accessible(page)
    english += _english("/verify/ (mistyped code)", _main_text(page))

    # From the summary back to the field by keyboard.
    page.keyboard.press("Tab")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_code")).to_be_focused()

    # A well-formed code nobody was given: maybe not a genuine paper.
    unknown = format_tracking_code(generate_tracking_code())
    _submit_code_with_keyboard(page, unknown)
    not_found = persian("No certificate has this verification code. The paper may not be genuine.")
    _expect_code_error(page, not_found, unknown)
    assert_accessible(page)
    english += _english("/verify/ (unknown code)", _main_text(page))

    _assert_all_persian(english)
