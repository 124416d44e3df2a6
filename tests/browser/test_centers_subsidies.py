"""Residents and subsidies in the browser: the Kerman infant nursery's operator admits a child
(a refused admission keeps what was typed); Kerman's province finance computes last month's
claim, is refused when approving their own claim, and HQ's second finance officer approves it.
Every page passes axe."""

from __future__ import annotations

from datetime import date, timedelta

import jdatetime
import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from chatr.centers import services
from chatr.centers.models import Admission, Center, ClaimState, SubsidyClaim
from chatr.centers.tests.factories import center_data
from chatr.centers.tests.test_subsidies_support import admit, licensed, person, rate, set_account
from chatr.core.jalali import to_jalali
from chatr.core.text import format_number
from chatr.demo.world import World
from chatr.org.scope import scope_for_user
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


def _jalali(day: date) -> str:
    j = to_jalali(day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def _last_month() -> tuple[int, int, date]:
    """Last Jalali month and its first day (the stay starts then, so the claim is due)."""
    today = to_jalali(timezone.localdate())
    year, month = (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    return year, month, jdatetime.date(year, month, 1).togregorian()


@pytest.fixture
def nursery(world: World) -> Center:
    year, _month, first_day = _last_month()
    center = services.center_register(
        actor=world.kerman_manager,
        scope=scope_for_user(world.kerman_manager),
        county=world.unit("C0801"),
        data=center_data(
            name_fa="شیرخوارگاه کرمان",
            name_en="Kerman Infant Nursery",
            licence_type="childrens_home",
            ownership="state",
            care_mode="residential",
        ),
        org_unit=world.unit("K0801"),
    )
    licensed(world, center, first_day - timedelta(days=400))
    rate(year=year)
    set_account(world.kerman_finance, center)
    return center


def _click(page: Page, label: str) -> None:
    page.locator("main").get_by_role("button", name=persian(label)).click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_a_center_operator_admits_a_child(page: Page, world: World, nursery: Center) -> None:
    _year, _month, first_day = _last_month()
    child = person(world, birth_date=first_day - timedelta(days=200))
    sign_in_staff(page, "kerman_center_operator")
    page.goto(f"/centers/manage/{nursery.pk}/")
    assert_accessible(page)
    page.locator("[data-center-subsidies]").get_by_role(
        "link", name=persian("Residents of the center")
    ).click()
    page.wait_for_url(f"**/centers/manage/{nursery.pk}/residents/")
    expect(page.locator("h1")).to_have_count(1)
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=persian("Admit a resident")).click()
    page.wait_for_url(f"**/centers/manage/{nursery.pk}/residents/admit/")
    assert_accessible(page)

    # Typed from the keyboard with a wrong birth date first: refused, nothing lost.
    page.locator("#id_national_code").fill(child.national_code or "")
    page.locator("#id_birth_date").fill("1390/01/01")
    page.locator("#id_admitted_on").fill(_jalali(first_day))
    with page.expect_navigation():
        _click(page, "Admit")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_visible()
    expect(page.locator("#id_national_code")).to_have_value(child.national_code or "")
    expect(page.locator("#id_admitted_on")).to_have_value(_jalali(first_day))
    assert_accessible(page)
    assert not Admission.objects.exists()

    page.locator("#id_birth_date").fill(_jalali(child.birth_date))
    page.locator("#id_birth_date").press("Enter")
    page.wait_for_url("**/centers/residents/*/")
    expect(page.locator("h1")).to_contain_text(child.first_name)
    assert_accessible(page)
    admission = Admission.objects.get()
    assert admission.is_child_record and admission.center == nursery
    assert (child.national_code or "") not in page.url


@pytest.mark.browser
def test_province_finance_computes_and_another_finance_officer_approves(
    page: Page, world: World, nursery: Center
) -> None:
    year, month, first_day = _last_month()
    admit(
        world.kerman_manager,
        nursery,
        person(world, birth_date=first_day - timedelta(days=300)),
        first_day,
    )

    sign_in_staff(page, "kerman_finance")
    page.goto("/centers/subsidies/")
    assert_accessible(page)
    page.locator("#id_year").fill(str(year))
    page.locator("#id_month").select_option(str(month))
    _click(page, "Compute the claims")
    page.wait_for_url(f"**/centers/subsidies/{year}/{month}/")
    expect(page.locator('[data-total="computed"]')).to_have_text(format_number(1, language="fa"))
    assert_accessible(page)
    claim = SubsidyClaim.objects.get()
    page.locator("[data-claims]").get_by_role("link", name=nursery.org_unit.name).click()
    page.wait_for_url(f"**/centers/subsidies/claims/{claim.pk}/")
    expect(page.locator("[data-preparer]")).to_be_visible()
    assert_accessible(page)
    _click(page, "Approve the claim")
    expect(page.locator(".messages")).to_contain_text(
        persian(
            "You computed this claim, so you cannot approve it: another finance officer "
            "must check and approve it (maker–checker)."
        )
    )
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "computed")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_staff(page, "hq_finance_checker")
    page.goto(f"/centers/subsidies/claims/{claim.pk}/")
    assert_accessible(page)
    _click(page, "Approve the claim")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "approved")
    assert_accessible(page)
    claim.refresh_from_db()
    assert claim.state == ClaimState.APPROVED
    assert (claim.prepared_by, claim.approved_by) == (
        world.kerman_finance,
        world.hq_finance_checker,
    )
