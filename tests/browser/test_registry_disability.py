"""A disability in the browser: a Zanjan officer, with the keyboard only, opens a household
member's page and records the specialist commission's decision, which is then listed."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from chatr.core.jalali import to_jalali
from chatr.core.text import to_persian_digits
from chatr.demo.world import World
from chatr.registry.choices import DisabilityType, Severity
from chatr.registry.models import Disability
from chatr.registry.tests.factories import add_member, register_household
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import active_element, persian, sign_in_staff

MAX_TABS = 60


def _jalali_typed(days_from_today: int) -> str:
    """A date as an officer types it: Jalali, with Persian digits."""
    day = to_jalali(timezone.localdate() + timedelta(days=days_from_today))
    return to_persian_digits(f"{day.year:04d}/{day.month:02d}/{day.day:02d}")


def _press_tab_until(page: Page, check: str, arg: str) -> None:
    for _press in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(check, arg):
            return
    pytest.fail(f"{arg} is not reachable with Tab")


_FOCUSED_LINK_TO = "(href) => document.activeElement.getAttribute('href') === href"
_FOCUSED_ID = "(id) => document.activeElement.id === id"


@pytest.mark.browser
def test_officer_records_a_disability_with_the_keyboard(page: Page, world: World) -> None:
    household = register_household(world.zanjan_manager, world.unit("C1901"))
    son = add_member(world.zanjan_manager, household, first_name="امیر", last_name="نوری")
    person_url = f"/registry/people/{son.pk}/"

    sign_in_staff(page, "zanjan_officer")
    page.goto(f"/registry/households/{household.pk}/")
    assert_accessible(page)
    _press_tab_until(page, _FOCUSED_LINK_TO, person_url)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{person_url}")
    expect(page.locator("h1")).to_have_text("امیر نوری")
    expect(page.locator("#disability-heading ~ p").first).to_have_text(
        persian("No disability recorded.")
    )
    assert_accessible(page)

    # The type from its list, the severity from its radio group: arrow keys only.
    _press_tab_until(page, _FOCUSED_ID, "id_disability-disability_type")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_disability-disability_type")).to_have_value(
        DisabilityType.PHYSICAL_MOTOR
    )
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == "id_disability-severity_0"
    page.keyboard.press("ArrowDown")
    expect(page.locator("#id_disability-severity_1")).to_be_checked()
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == "id_disability-decided_on"
    # A month from now first: refused, and nothing chosen is lost.
    page.keyboard.type(_jalali_typed(30))
    page.keyboard.press("Tab")
    assert active_element(page)["id"] == "id_disability-commission_reference"
    page.keyboard.type("ک-۱۴۰۵/۳۲۱")
    page.keyboard.press("Enter")  # Enter in a field sends the form
    page.wait_for_url(f"**{person_url}disabilities/new/")
    summary = page.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary).to_contain_text(
        persian("The commission's decision date cannot be in the future.")
    )
    assert_accessible(page)
    expect(page.locator("#id_disability-disability_type")).to_have_value(
        DisabilityType.PHYSICAL_MOTOR
    )
    expect(page.locator("#id_disability-severity_1")).to_be_checked()
    expect(page.locator("#id_disability-commission_reference")).to_have_value("ک-۱۴۰۵/۳۲۱")
    assert not Disability.objects.exists()

    # From the summary to the date field by keyboard, and the right date this time.
    page.keyboard.press("Tab")
    expect(summary.locator("a[href='#id_disability-decided_on']")).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#id_disability-decided_on")).to_be_focused()
    page.keyboard.press("Control+A")
    decided_typed = _jalali_typed(-14)
    page.keyboard.type(decided_typed)
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{person_url}")
    assert_accessible(page)

    expect(page.locator(".alert-success")).to_be_visible()
    row = page.locator("[data-disabilities] tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text(persian(str(DisabilityType.PHYSICAL_MOTOR.label)))
    expect(row).to_contain_text(persian(str(Severity.SEVERE.label)))
    jalali = to_jalali(timezone.localdate() - timedelta(days=14))
    expect(row).to_contain_text(to_persian_digits(str(jalali.year)))
    disability = Disability.objects.get()
    assert disability.person == son
    assert (disability.type, disability.severity) == (
        DisabilityType.PHYSICAL_MOTOR,
        Severity.SEVERE,
    )
    assert disability.decided_on == timezone.localdate() - timedelta(days=14)
    household.refresh_from_db()
    assert household.most_severe_disability == Severity.SEVERE
    # Nothing about the person travels in the addresses the journey used.
    assert son.national_code and son.national_code not in page.url
