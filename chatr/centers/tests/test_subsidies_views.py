"""Residents and subsidies pages: admit (capacity message, nothing typed lost), discharge,
audited reads, children's records behind their permission, scoping (404), compute (idempotent),
maker–checker refusal, payment batch and bank file, rates, a center's own claims, the
figures per province, and the list pages' query counts (batch and per-province pages too)."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chatr.audit.models import AuditEvent
from chatr.centers.models import Admission, ClaimState, SubsidyClaim, SubsidyRate
from chatr.centers.tests.factories import register_center
from chatr.centers.tests.test_subsidies_support import (
    admit,
    children_home,
    compute,
    jd,
    licensed,
    person,
    rate,
    set_account,
)

pytestmark = pytest.mark.django_db


def persian(msgid: str) -> str:
    """A message as the Persian page shows it (translated, HTML-escaped)."""
    with translation.override("fa"):
        return escape(translation.gettext(msgid))


def _j(day: date) -> str:
    from chatr.core.jalali import to_jalali

    j = to_jalali(day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


def _admit_form(who: Any, on: date = date(2025, 11, 1)) -> dict[str, str]:
    return {
        "national_code": who.national_code,
        "birth_date": _j(who.birth_date),
        "admitted_on": _j(on),
    }


def _claim_ready(world: Any) -> SubsidyClaim:
    """Kerman province finance has computed Mehr 1405 for a licensed children's home."""
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    set_account(world.kerman_finance, center)
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 7)
    return SubsidyClaim.objects.get(center=center)


# ---------------------------------------------------------------- residents


def test_a_center_operator_admits_a_child_and_the_record_read_is_audited(
    world: Any, client_for: Any, nursery: Any
) -> None:
    client = client_for("kerman_center_operator")
    child = person(world, birth_date=date(2024, 5, 1))
    url = reverse("centers:subsidies:admit", args=[nursery.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _admit_form(child))
    admission = Admission.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("centers:subsidies:resident", args=[admission.pk])
    assert admission.is_child_record and admission.admitted_by == world.kerman_center_operator
    assert child.national_code not in response.url
    page = client.get(response.url)
    assert page.status_code == 200
    html = page.content.decode()
    assert child.first_name in html and child.national_code not in html
    assert AuditEvent.objects.filter(
        action="view", target_id=str(admission.pk), actor=world.kerman_center_operator
    ).exists()
    listing = client.get(reverse("centers:subsidies:residents", args=[nursery.pk]))
    assert f'data-admission="{admission.pk}"' in listing.content.decode()


def test_a_full_center_says_so_and_keeps_what_was_typed(world: Any, client_for: Any) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"), capacity=1)
    admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
    client = client_for("kerman_manager")
    url = reverse("centers:subsidies:admit", args=[center.pk])
    assert "data-center-full" in client.get(url).content.decode()
    who = person(world)
    response = client.post(url, _admit_form(who))
    html = response.content.decode()
    assert response.status_code == 409
    assert "data-error-summary" in html and "full" in html
    assert who.national_code in html and _j(who.birth_date) in html
    assert Admission.objects.count() == 1


def test_an_unknown_person_is_refused_on_the_field(world: Any, client_for: Any) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"))
    who = person(world)
    data = {**_admit_form(who), "birth_date": "1360/01/01"}
    response = client_for("kerman_manager").post(
        reverse("centers:subsidies:admit", args=[center.pk]), data
    )
    html = response.content.decode()
    assert response.status_code == 400
    assert 'href="#id_national_code"' in html and "1360/01/01" in html
    assert not Admission.objects.exists()


def test_discharge_refused_then_recorded(world: Any, client_for: Any) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"))
    stay = admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
    client = client_for("kerman_manager")
    url = reverse("centers:subsidies:discharge", args=[stay.pk])
    refused = client.post(url, {"discharged_on": _j(date(2025, 9, 1)), "reason": "adopted"})
    html = refused.content.decode()
    assert refused.status_code == 400
    assert "data-error-summary" in html and 'value="adopted" selected' in html
    done = client.post(url, {"discharged_on": _j(date(2025, 10, 20)), "reason": "adopted"})
    assert done.status_code == 302
    stay.refresh_from_db()
    assert (stay.discharged_on, stay.discharge_reason) == (date(2025, 10, 20), "adopted")
    page = client.get(reverse("centers:subsidies:resident", args=[stay.pk])).content.decode()
    assert 'data-discharged="yes"' in page and "id_discharged_on" not in page


def test_residents_out_of_scope_are_not_found(world: Any, client_for: Any, nursery: Any) -> None:
    other = register_center(world.kerman_manager, world.unit("C0801"))
    stay = admit(world.kerman_manager, other, person(world), date(2025, 10, 1))
    zanjan = client_for("zanjan_manager")
    operator = client_for("kerman_center_operator")
    finance = client_for("kerman_finance")  # handles money, not residents
    for client in (zanjan, operator, finance):
        assert (
            client.get(reverse("centers:subsidies:residents", args=[other.pk])).status_code == 404
        )
        assert client.get(reverse("centers:subsidies:resident", args=[stay.pk])).status_code == 404
        assert (
            client.post(reverse("centers:subsidies:admit", args=[other.pk]), {}).status_code == 404
        )
    assert (
        operator.get(reverse("centers:subsidies:residents", args=[nursery.pk])).status_code == 200
    )


def test_childrens_records_need_the_childrens_permission(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    adult = admit(
        world.zanjan_manager, zanjan_center, person(world, county="C1901"), jd(1404, 8, 1)
    )
    child = admit(
        world.zanjan_manager,
        zanjan_center,
        person(world, county="C1901", birth_date=date(2019, 1, 1)),
        jd(1404, 8, 1),
    )
    assert child.is_child_record and not adult.is_child_record
    officer = client_for("zanjan_officer")
    listing = officer.get(reverse("centers:subsidies:residents", args=[zanjan_center.pk]))
    html = listing.content.decode()
    assert f'data-admission="{adult.pk}"' in html and f'data-admission="{child.pk}"' not in html
    assert officer.get(reverse("centers:subsidies:resident", args=[child.pk])).status_code == 404
    manager = client_for("zanjan_manager")
    assert manager.get(reverse("centers:subsidies:resident", args=[child.pk])).status_code == 200


def test_the_residents_list_reads_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"))
    for _ in range(2):
        admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
    client = client_for("kerman_manager")
    url = reverse("centers:subsidies:residents", args=[center.pk])
    client.get(url)
    # session, user, scope, the center, count, one page with people, the audit event
    with django_assert_num_queries(7):
        client.get(url)
    for _ in range(4):
        admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
    with django_assert_num_queries(7):
        assert client.get(url).content.decode().count("data-admission=") == 6


# ---------------------------------------------------------------- subsidies


def test_compute_from_the_page_is_idempotent(world: Any, client_for: Any) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    client = client_for("kerman_finance")
    months = client.get(reverse("centers:subsidies:months"))
    assert months.status_code == 200 and "id_year" in months.content.decode()
    url = reverse("centers:subsidies:compute")
    first = client.post(url, {"year": "۱۴۰۵", "month": "7"}, follow=True)
    assert first.redirect_chain[-1][0] == reverse("centers:subsidies:month", args=[1405, 7])
    again = client.post(url, {"year": "1405", "month": "7"}, follow=True)
    assert persian("No new claim: every center due a subsidy this month already has one.") in (
        again.content.decode()
    )
    assert SubsidyClaim.objects.count() == 1
    listed = client.get(reverse("centers:subsidies:months")).content.decode()
    assert "مهر" in listed and reverse("centers:subsidies:month", args=[1405, 7]) in listed
    bad = client.post(url, {"year": "99", "month": "7"})
    assert bad.status_code == 400 and "data-error-summary" in bad.content.decode()


def test_the_preparer_cannot_approve_and_another_finance_officer_can(
    world: Any, client_for: Any
) -> None:
    claim = _claim_ready(world)
    maker = client_for("kerman_finance")
    url = reverse("centers:subsidies:claim", args=[claim.pk])
    page = maker.get(url).content.decode()
    assert "data-preparer" in page and 'data-fact="paid_days"' in page
    refused = maker.post(reverse("centers:subsidies:claim_approve", args=[claim.pk]), follow=True)
    assert (
        persian(
            "You computed this claim, so you cannot approve it: another finance officer "
            "must check and approve it (maker–checker)."
        )
        in refused.content.decode()
    )
    claim.refresh_from_db()
    assert claim.state == ClaimState.COMPUTED
    checker = client_for("hq_finance_checker")
    checker.post(reverse("centers:subsidies:claim_approve", args=[claim.pk]))
    claim.refresh_from_db()
    assert (claim.state, claim.approved_by) == (ClaimState.APPROVED, world.hq_finance_checker)


def test_a_batch_is_made_and_its_bank_file_downloaded(world: Any, client_for: Any) -> None:
    claim = _claim_ready(world)
    client_for("kerman_manager").post(reverse("centers:subsidies:claim_approve", args=[claim.pk]))
    finance = client_for("kerman_finance")
    made = finance.post(reverse("centers:subsidies:batch_create", args=[1405, 7]))
    claim.refresh_from_db()
    assert made.status_code == 302 and claim.batch is not None
    assert made.url == reverse("centers:subsidies:batch", args=[claim.batch.pk])
    assert finance.get(made.url).status_code == 200
    download = finance.post(reverse("centers:subsidies:batch_bank_file", args=[claim.batch.pk]))
    body = b"".join(download.streaming_content).decode()
    assert download["Content-Disposition"].startswith("attachment")
    assert body.startswith("row_id,sheba,amount_rials") and f"CHS-140507-{claim.pk}" in body
    empty = finance.post(reverse("centers:subsidies:batch_create", args=[1405, 7]), follow=True)
    assert persian("No approved claims of this month are waiting for a payment batch.") in (
        empty.content.decode()
    )
    # Zanjan sees no Kerman batch.
    zanjan = client_for("zanjan_manager")
    assert zanjan.get(made.url).status_code == 404


def test_claims_out_of_scope_are_not_found_and_a_center_sees_its_own(
    world: Any, client_for: Any, nursery: Any
) -> None:
    claim = _claim_ready(world)
    url = reverse("centers:subsidies:claim", args=[claim.pk])
    for name in ("zanjan_manager", "kerman_center_operator"):
        assert client_for(name).get(url).status_code == 404
    licensed(world, nursery, jd(1404, 1, 1))
    admit(world.kerman_manager, nursery, person(world, birth_date=date(2024, 1, 1)), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 7)
    own = SubsidyClaim.objects.get(center=nursery)
    operator = client_for("kerman_center_operator")
    mine = operator.get(reverse("centers:subsidies:my_claims")).content.decode()
    assert reverse("centers:subsidies:claim", args=[own.pk]) in mine and url not in mine
    page = operator.get(reverse("centers:subsidies:claim", args=[own.pk])).content.decode()
    assert "claim_approve" not in page and "Approve the claim" not in page
    assert operator.post(reverse("centers:subsidies:compute"), {}).status_code == 403


def test_rates_are_added_by_hq_finance_and_keep_their_history(world: Any, client_for: Any) -> None:
    old = rate(amount=6_000_000)
    hq = client_for("hq_finance")
    url = reverse("centers:subsidies:rates")
    assert "id_amount" in hq.get(url).content.decode()
    data = {
        "licence_type": "childrens_home",
        "care_mode": "residential",
        "grade": "1",
        "year": "۱۴۰۵",
        "effective_month": "7",
        "basis": "per_person",
        "amount": "۷٬۰۰۰٬۰۰۰",
        "note": "مصوبه",
    }
    assert hq.post(url, data).status_code == 302
    assert SubsidyRate.objects.filter(amount=7_000_000, effective_month=7).exists()
    old.refresh_from_db()
    assert old.amount == 6_000_000
    refused = hq.post(url, {**data, "amount": "-1"})
    assert refused.status_code == 400 and "data-error-summary" in refused.content.decode()
    province = client_for("kerman_finance")
    assert "id_amount" not in province.get(url).content.decode()
    assert province.post(url, data).status_code == 403


def test_claims_per_province_chart_table_and_downloads(world: Any, client_for: Any) -> None:
    _claim_ready(world)
    client = client_for("hq_finance")
    url = reverse("centers:subsidies:provinces", args=[1405, 7])
    html = client.get(url).content.decode()
    assert "<svg" in html and "data-provinces" in html
    csv = client.get(url + "?format=csv")
    assert csv["Content-Type"].startswith("text/csv") and "7000000" in csv.content.decode()
    assert client.get(url + "?format=xlsx").status_code == 200
    assert client.get(reverse("centers:subsidies:provinces", args=[1405, 13])).status_code == 404


def test_the_center_page_and_nav_link_to_residents_and_claims(
    world: Any, client_for: Any, kerman_center: Any
) -> None:
    html = (
        client_for("kerman_manager")
        .get(reverse("centers:manage_detail", args=[kerman_center.pk]))
        .content.decode()
    )
    assert reverse("centers:subsidies:residents", args=[kerman_center.pk]) in html
    assert reverse("centers:subsidies:my_claims") + f"?center={kerman_center.pk}" in html
    assert reverse("centers:subsidies:resident_centers") in html


def test_finance_list_pages_read_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    _claim_ready(world)
    client = client_for("kerman_finance")
    pages = {
        reverse("centers:subsidies:months"): 5,  # session, user, scope, count, months
        reverse("centers:subsidies:month", args=[1405, 7]): 7,  # + totals, batches
        reverse("centers:subsidies:my_claims"): 5,
        reverse("centers:subsidies:rates"): 5,
    }
    for url in pages:
        client.get(url)
    counts = {}
    for url, expected in pages.items():
        with django_assert_num_queries(expected):
            client.get(url)
        counts[url] = expected
    for _ in range(3):
        center = children_home(world)
        licensed(world, center, jd(1404, 1, 1))
        admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 7)
    compute(world.kerman_finance, 1405, 8)
    for url, expected in counts.items():
        with django_assert_num_queries(expected):
            client.get(url)


def test_the_residents_centers_list_reads_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    center = register_center(world.kerman_manager, world.unit("C0801"))
    admit(world.kerman_manager, center, person(world), date(2025, 10, 1))
    client = client_for("kerman_manager")
    url = reverse("centers:subsidies:resident_centers")
    client.get(url)
    # session, user, scope, count, one page of centers with their people in care
    with django_assert_num_queries(5):
        client.get(url)
    for _ in range(3):
        other = register_center(world.kerman_manager, world.unit("C0801"))
        admit(world.kerman_manager, other, person(world), date(2025, 10, 1))
    with django_assert_num_queries(5):
        client.get(url)


def test_the_batch_page_and_the_provinces_page_read_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    first = _claim_ready(world)
    client_for("hq_finance_checker").post(
        reverse("centers:subsidies:claim_approve", args=[first.pk])
    )
    finance = client_for("kerman_finance")
    finance.post(reverse("centers:subsidies:batch_create", args=[1405, 7]))
    first.refresh_from_db()
    small = reverse("centers:subsidies:batch", args=[first.batch_id])
    provinces = reverse("centers:subsidies:provinces", args=[1405, 8])
    finance.get(small)
    # session, user, scope, the batch, count, one page of claims with their centers
    with django_assert_num_queries(6):
        finance.get(small)
    # session, user, scope, claims per province
    with django_assert_num_queries(4):
        finance.get(provinces)
    for _ in range(3):
        center = children_home(world)
        licensed(world, center, jd(1404, 1, 1))
        set_account(world.kerman_finance, center)
        admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 8)
    checker = client_for("hq_finance_checker")
    for claim in SubsidyClaim.objects.filter(year=1405, month=8):
        checker.post(reverse("centers:subsidies:claim_approve", args=[claim.pk]))
    made = finance.post(reverse("centers:subsidies:batch_create", args=[1405, 8]))
    with django_assert_num_queries(6):
        html = finance.get(made.url).content.decode()
    batched = SubsidyClaim.objects.filter(year=1405, month=8, state=ClaimState.EXPORTED)
    assert batched.count() == 4
    assert all(reverse("centers:subsidies:claim", args=[c.pk]) in html for c in batched)
    with django_assert_num_queries(4):
        finance.get(provinces)
