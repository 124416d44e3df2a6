"""Pensions journeys in the browser: HQ finance runs a payment cycle end to end (the checker
approves), and a citizen views their payments. Every page passes axe."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from playwright.sync_api import Page, expect

from chatr.pensions.demo import programs_ensure
from chatr.pensions.models import CycleState, Entitlement, PaymentCycle
from chatr.pensions.tests.factories import (
    MONTH,
    YEAR,
    approve,
    beneficiary,
    compute,
    export,
    import_results,
    open_cycle,
    reconcile,
    results_file,
)
from chatr.registry.demo import seed_score_factors
from chatr.registry.models import Person
from tests.browser.accessibility import assert_accessible
from tests.browser.test_journeys import persian, sign_in_staff


def _programs() -> dict[str, object]:
    seed_score_factors()
    return {p.code: p for p in programs_ensure(year=YEAR)}


def _click(page: Page, label: str) -> None:
    page.locator("main").get_by_role("button", name=persian(label)).click()
    page.wait_for_load_state()


@pytest.mark.browser
def test_hq_finance_runs_a_payment_cycle_end_to_end(page: Page, world, tmp_path: Path) -> None:
    program = _programs()["female_headed_pension"]
    paid = beneficiary(world, "C1901", "female_headed")
    bounced = beneficiary(world, "C1902", "female_headed")
    beneficiary(world, "C1901", "female_headed", sheba=None)

    sign_in_staff(page, "hq_finance")
    page.goto("/pensions/")
    assert_accessible(page)
    page.locator("main").get_by_role("link", name=persian("Open a payment cycle")).click()
    page.wait_for_url("**/pensions/cycles/new/")
    assert_accessible(page)
    page.locator("#id_program").select_option(str(program.pk))
    page.locator("#id_year").fill("۱۴۰۵")
    page.locator("#id_month").select_option(str(MONTH))
    page.locator("main form button[type=submit]").click()
    page.wait_for_url("**/pensions/cycles/*/")
    assert_accessible(page)
    cycle = PaymentCycle.objects.get()

    _click(page, "Compute entitlements")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "computed")
    assert_accessible(page)
    expect(page.locator("main")).to_contain_text(persian("No Sheba number on record"))
    # The preparer is told someone else must approve.
    expect(page.locator("main")).to_contain_text(
        persian("You prepared this cycle: another finance officer must approve it.")
    )

    page.context.clear_cookies()
    sign_in_staff(page, "hq_finance_checker")
    page.goto(f"/pensions/cycles/{cycle.pk}/")
    assert_accessible(page)
    _click(page, "Approve the cycle")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "approved")
    assert_accessible(page)

    page.context.clear_cookies()
    sign_in_staff(page, "hq_finance")
    page.goto(f"/pensions/cycles/{cycle.pk}/")
    assert_accessible(page)
    with page.expect_download() as download_info:
        page.locator("main").get_by_role("button", name=persian("Download the bank file")).click()
    bank_file = Path(download_info.value.path()).read_text(encoding="utf-8")
    rows = {e.person_id: e for e in Entitlement.objects.filter(cycle=cycle, status="payable")}
    assert rows[paid.client_id].reference in bank_file
    assert rows[bounced.client_id].reference in bank_file
    assert len(bank_file.strip().splitlines()) == 3  # header and two transfers

    page.reload()
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "exported")
    assert_accessible(page)
    results = tmp_path / "results.csv"
    results.write_text(
        results_file(
            [(rows[paid.client_id], "paid", ""), (rows[bounced.client_id], "failed", "R03 closed")]
        ),
        encoding="utf-8",
    )
    page.locator("#id_results-results").set_input_files(str(results))
    _click(page, "Import the results")
    expect(page.locator("main")).to_contain_text(persian("Failed transfers"))
    assert_accessible(page)

    _click(page, "Reconcile and close")
    expect(page.locator("[data-state]").first).to_have_attribute("data-state", "reconciled")
    assert_accessible(page)
    cycle.refresh_from_db()
    assert cycle.state == CycleState.RECONCILED
    assert (cycle.prepared_by, cycle.approved_by) == (world.hq_finance, world.hq_finance_checker)
    assert Entitlement.objects.get(person=bounced.client).status == "failed"


@pytest.mark.browser
def test_a_citizen_views_their_payments(page: Page, world, live_server) -> None:
    program = _programs()["female_headed_pension"]
    file = beneficiary(world, "C1901", "female_headed")
    Person.objects.filter(pk=file.client_id).update(mobile=world.citizen.mobile)
    for month in (MONTH, MONTH + 1):
        cycle = open_cycle(world, program, month=month)
        compute(world, cycle)
        approve(world, cycle)
        export(world, cycle)
        rows = Entitlement.objects.filter(cycle=cycle)
        import_results(world, cycle, results_file([(e, "paid", "") for e in rows]))
        reconcile(world, cycle)

    # The SMS sign-in has its own journey: here the citizen arrives signed in.
    client = Client()
    client.force_login(world.citizen, backend="chatr.accounts.backends.StaffPasswordBackend")
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    page.goto("/pensions/my/")
    assert_accessible(page)
    expect(page.locator("h1")).to_have_text(persian("My payments"))
    expect(page.locator("main tbody tr")).to_have_count(2)
    expect(page.locator('main [data-status="paid"]')).to_have_count(2)
    expect(page.locator("main")).to_contain_text("۲۰٬۰۰۰٬۰۰۰")
    assert file.client.bank_accounts.get().sheba not in page.content()
