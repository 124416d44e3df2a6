"""Pensions pages: the cycle's buttons, maker–checker on the page, the bank file download, the
results upload, programs and rules, and the citizen's "My payments"."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import lazy_message
from chatr.pensions.models import BenefitRule, CycleState, Entitlement, PaymentCycle
from chatr.pensions.selectors import SESSION_NATIONAL_CODE
from chatr.pensions.tests.factories import (
    MONTH,
    YEAR,
    approve,
    beneficiary,
    compute,
    export,
    open_cycle,
    results_file,
)
from chatr.registry.models import Person

pytestmark = pytest.mark.django_db


def fa(message: str) -> str:
    """The Persian the page shows for an English msgid (the msgid itself if untranslated)."""
    with translation.override("fa"):
        return translation.gettext(message)


def test_hq_finance_opens_and_computes_a_cycle_from_the_pages(
    world, client_for, female_headed
) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "female_headed", sheba=None)
    client = client_for("hq_finance")
    assert client.get(reverse("pensions:cycle_open")).status_code == 200

    opened = client.post(
        reverse("pensions:cycle_open"),
        {"program": female_headed.pk, "year": "۱۴۰۵", "month": str(MONTH)},
    )
    cycle = PaymentCycle.objects.get()
    assert opened["Location"] == reverse("pensions:cycle_detail", args=[cycle.pk])
    client.post(reverse("pensions:cycle_compute", args=[cycle.pk]))
    page = client.get(reverse("pensions:cycle_detail", args=[cycle.pk])).content.decode()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.COMPUTED
    assert fa("You prepared this cycle: another finance officer must approve it.") in page
    assert 'data-total="exception">1<' in page or 'data-total="exception">۱<' in page


def test_the_preparer_is_refused_on_the_page(world, client_for, female_headed) -> None:
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    client = client_for("hq_finance")
    response = client.post(reverse("pensions:cycle_approve", args=[cycle.pk]), follow=True)
    refusal = (
        "You prepared this payment cycle, so you cannot approve it: another finance officer "
        "must check and approve it (maker–checker)."
    )
    assert [str(m) for m in response.context["messages"]] == [fa(refusal)]
    cycle.refresh_from_db()
    assert cycle.state == CycleState.COMPUTED
    client_for("hq_finance_checker").post(reverse("pensions:cycle_approve", args=[cycle.pk]))
    cycle.refresh_from_db()
    assert cycle.state == CycleState.APPROVED


def test_bank_file_downloads_and_results_upload(world, client_for, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    approve(world, cycle)
    client = client_for("hq_finance")

    download = client.post(reverse("pensions:cycle_bank_file", args=[cycle.pk]))
    content = b"".join(download.streaming_content).decode()
    row = Entitlement.objects.get(person=file.client)
    assert row.reference in content

    bad = client.post(
        reverse("pensions:cycle_results", args=[cycle.pk]),
        {
            "results-results": SimpleUploadedFile(
                "r.csv", b"row_id,reference,status\r\n1,x,paid\r\n"
            )
        },
    )
    assert bad.status_code == 400
    with translation.override("fa"):
        line = str(
            lazy_message(
                _("Line %(line)s: row %(row)s is not a transfer of this cycle."), line=2, row=1
            )
        )
    if Entitlement.objects.filter(pk=1, cycle=cycle).exists():
        with translation.override("fa"):
            line = str(
                lazy_message(
                    _("Line %(line)s: the reference does not match row %(row)s."), line=2, row=1
                )
            )
    assert line in bad.content.decode()
    assert "data-error-summary" in bad.content.decode()
    good = client.post(
        reverse("pensions:cycle_results", args=[cycle.pk]),
        {
            "results-results": SimpleUploadedFile(
                "r.csv", results_file([(row, "failed", "R03 closed")]).encode()
            )
        },
    )
    assert good.status_code == 302
    row.refresh_from_db()
    assert row.status == "failed"


def test_a_province_officer_sees_cycles_but_no_actions(world, client_for, female_headed) -> None:
    cycle = open_cycle(world, female_headed)
    page = client_for("kerman_finance").get(reverse("pensions:cycle_detail", args=[cycle.pk]))
    assert page.status_code == 200
    assert reverse("pensions:cycle_compute", args=[cycle.pk]) not in page.content.decode()
    assert client_for("kerman_finance").get(reverse("pensions:cycle_open")).status_code == 200
    assert (
        client_for("kerman_finance")
        .post(
            reverse("pensions:cycle_open"),
            {"program": female_headed.pk, "year": YEAR, "month": 1},
        )
        .status_code
        == 403
    )


def test_hq_manager_sets_a_rule_for_next_year(world, client_for, female_headed) -> None:
    client = client_for("hq_manager")
    url = reverse("pensions:program_detail", args=[female_headed.pk])
    assert client.get(url).status_code == 200
    data = {
        "rule-year": "۱۴۰۶",
        "rule-base_amount": "24,000,000",
        "rule-per_member_amount": "6000000",
        "rule-max_extra_members": "4",
        "rule-very_severe_amount": "0",
        "rule-severe_amount": "0",
        "rule-moderate_amount": "0",
        "rule-mild_amount": "0",
    }
    response = client.post(reverse("pensions:program_rule_set", args=[female_headed.pk]), data)
    assert response.status_code == 302
    assert BenefitRule.objects.get(program=female_headed, year=1406).base_amount == 24_000_000
    refused = client_for("hq_finance").post(
        reverse("pensions:program_rule_set", args=[female_headed.pk]), data
    )
    assert refused.status_code == 403
    negative = client.post(
        reverse("pensions:program_rule_set", args=[female_headed.pk]),
        {**data, "rule-base_amount": "-5"},
    )
    assert negative.status_code == 400


def test_a_citizen_sees_their_payments(world, client_for, female_headed) -> None:
    file = beneficiary(world, "C1901", "female_headed")
    Person.objects.filter(pk=file.client_id).update(mobile=world.citizen.mobile)
    cycle = open_cycle(world, female_headed)
    compute(world, cycle)
    approve(world, cycle)
    export(world, cycle)

    page = client_for("citizen").get(reverse("pensions:my_payments"))

    assert page.status_code == 200
    text = page.content.decode()
    assert "۲۰٬۰۰۰٬۰۰۰" in text or "20,000,000" in text
    assert 'data-status="payable"' in text
    assert file.client.bank_accounts.get().sheba not in text


def test_a_citizen_sharing_a_mobile_names_themself_by_post(world, client_for, female_headed):
    mine = beneficiary(world, "C1901", "female_headed")
    sister = beneficiary(world, "C1901", "female_headed")
    Person.objects.filter(pk__in=[mine.client_id, sister.client_id]).update(
        mobile=world.citizen.mobile
    )
    client = client_for("citizen")
    first = client.get(reverse("pensions:my_payments")).content.decode()
    assert 'name="national_code"' in first

    chosen = client.post(
        reverse("pensions:my_payments"), {"national_code": mine.client.national_code}
    )

    assert chosen.status_code == 302
    assert mine.client.national_code not in chosen["Location"]
    assert client.session[SESSION_NATIONAL_CODE] == mine.client.national_code
    assert (
        'name="national_code"' not in client.get(reverse("pensions:my_payments")).content.decode()
    )


def test_my_payments_asks_visitors_to_sign_in(client) -> None:
    response = client.get(reverse("pensions:my_payments"))
    assert response.status_code == 302
    assert "/accounts/sign-in/" in response["Location"]


def _computed_message(cycles: int, rows: int) -> str:
    from django.utils.translation import ngettext

    from chatr.core.text import format_number

    with translation.override("fa"):
        return " ".join(
            (
                ngettext(
                    "%(count)s payment cycle of the month was computed.",
                    "%(count)s payment cycles of the month were computed.",
                    cycles,
                )
                % {"count": format_number(cycles)},
                ngettext(
                    "%(count)s entitlement was computed.",
                    "%(count)s entitlements were computed.",
                    rows,
                )
                % {"count": format_number(rows)},
            )
        )


def test_hq_finance_computes_every_open_cycle_of_a_month_from_the_cycles_page(
    world, client_for, programs
) -> None:
    beneficiary(world, "C1901", "female_headed")
    beneficiary(world, "C1901", "elderly")
    beneficiary(world, "C1902", "elderly")
    cycles = [
        open_cycle(world, programs["female_headed_pension"]),
        open_cycle(world, programs["elderly_pension"]),
    ]
    client = client_for("hq_finance")
    url = reverse("pensions:month_compute", args=[YEAR, MONTH])
    page = client.get(reverse("pensions:cycles")).content.decode()
    assert f'action="{url}"' in page
    assert fa("Compute every open cycle of this month") in page

    response = client.post(url, follow=True)

    assert response.redirect_chain == [(reverse("pensions:cycles"), 302)]
    assert [str(m) for m in response.context["messages"]] == [_computed_message(2, 3)]
    for cycle in cycles:
        cycle.refresh_from_db()
        assert (cycle.state, cycle.prepared_by) == (CycleState.COMPUTED, world.hq_finance)
    assert f'action="{url}"' not in response.content.decode()  # nothing open any more
    again = client.post(url, follow=True)
    assert [str(m) for m in again.context["messages"]] == [
        fa("No cycle of this month is open: nothing was computed.")
    ]
    assert Entitlement.objects.count() == 3


def test_a_province_officer_cannot_compute_a_month(world, client_for, programs) -> None:
    cycle = open_cycle(world, programs["female_headed_pension"])
    client = client_for("kerman_finance")
    url = reverse("pensions:month_compute", args=[YEAR, MONTH])

    assert url not in client.get(reverse("pensions:cycles")).content.decode()
    assert client.post(url).status_code == 403
    assert client.get(url).status_code == 405
    cycle.refresh_from_db()
    assert cycle.state == CycleState.OPEN
