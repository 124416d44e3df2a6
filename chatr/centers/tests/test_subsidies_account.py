"""A center's payment account (Sheba): recorded on a page by the province's finance officers
(Persian digits accepted, the core validator's message on the field, nothing typed lost), a
new account ends the previous one (history, never overwritten), every change audited with the
last four digits only, out of scope is 404, the center's operator sees it masked but may not
change it (403), the API, and a claim computed without a Sheba becomes approvable."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from chatr.audit.models import AuditEvent
from chatr.centers.models import CenterPaymentAccount, ClaimState, SubsidyClaim
from chatr.centers.tests.test_subsidies_support import (
    admit,
    children_home,
    compute,
    jd,
    licensed,
    person,
    rate,
)
from chatr.core.sheba import sheba_check_digits
from chatr.core.text import to_persian_digits

pytestmark = pytest.mark.django_db

API = "/api/v1/centers/subsidies/centers/{}/account"
SHEBA = "IR062960000000100324200001"
OTHER_BBAN = "0170000000345678901234"
OTHER_SHEBA = f"IR{sheba_check_digits(OTHER_BBAN)}{OTHER_BBAN}"
HOLDER = "موسسه خیریه امید"


def persian(msgid: str) -> str:
    with translation.override("fa"):
        return escape(translation.gettext(msgid))


def _url(center: Any) -> str:
    return reverse("centers:subsidies:account", args=[center.pk])


def _put(client: Any, center: Any, payload: dict[str, Any]) -> Any:
    return client.put(API.format(center.pk), json.dumps(payload), content_type="application/json")


def test_a_finance_officer_records_the_account_with_persian_digits_and_it_is_audited_masked(
    world: Any, client_for: Any
) -> None:
    center = children_home(world)
    client = client_for("kerman_finance")
    page = client.get(_url(center))
    html = page.content.decode()
    assert page.status_code == 200
    assert "data-no-account" in html and 'for="id_sheba"' in html and 'for="id_holder_name"' in html
    assert html.count("<h1") == 1
    typed = "IR " + to_persian_digits(" ".join([SHEBA[2:6], SHEBA[6:14], SHEBA[14:]]))
    response = client.post(_url(center), {"sheba": typed, "holder_name": HOLDER})
    assert response.status_code == 302 and response.url == _url(center)
    account = CenterPaymentAccount.objects.get(center=center)
    assert (account.sheba, account.holder_name, account.set_by) == (
        SHEBA,
        HOLDER,
        world.kerman_finance,
    )
    assert account.ended_at is None and account.scope_province_id == center.scope_province_id
    shown = client.get(_url(center)).content.decode()
    assert "data-current-account" in shown and SHEBA[-4:] in shown and SHEBA not in shown
    event = AuditEvent.objects.get(
        target_type__model="centerpaymentaccount", target_id=str(account.pk), action="create"
    )
    assert event.changes == {"sheba": "****" + SHEBA[-4:]}
    assert SHEBA not in json.dumps(event.changes) and HOLDER not in json.dumps(event.changes)
    assert event.scope_province_id == center.scope_province_id


def test_a_new_account_ends_the_previous_one_which_stays_as_history(
    world: Any, client_for: Any
) -> None:
    center = children_home(world)
    client = client_for("kerman_finance")
    client.post(_url(center), {"sheba": SHEBA, "holder_name": HOLDER})
    first = CenterPaymentAccount.objects.get(center=center)
    # The same account again changes nothing.
    client.post(_url(center), {"sheba": SHEBA, "holder_name": HOLDER})
    assert CenterPaymentAccount.objects.filter(center=center).count() == 1
    replaced = client.post(_url(center), {"sheba": OTHER_SHEBA, "holder_name": "حساب دوم"})
    assert replaced.status_code == 302
    rows = CenterPaymentAccount.objects.filter(center=center).order_by("pk")
    assert [r.sheba for r in rows] == [SHEBA, OTHER_SHEBA]
    first.refresh_from_db()
    assert first.ended_at is not None and first.sheba == SHEBA  # ended, never overwritten
    assert rows[1].ended_at is None
    html = client.get(_url(center)).content.decode()
    assert f'data-account="{first.pk}"' in html and f'data-account="{rows[1].pk}"' in html
    assert AuditEvent.objects.filter(
        target_type__model="centerpaymentaccount",
        target_id=str(rows[1].pk),
        action="update",
        changes={"sheba": "****" + OTHER_SHEBA[-4:]},
    ).exists()


def test_an_invalid_sheba_is_refused_on_the_field_and_nothing_typed_is_lost(
    world: Any, client_for: Any
) -> None:
    center = children_home(world)
    client = client_for("kerman_finance")
    mistyped = SHEBA[:-1] + ("2" if SHEBA[-1] != "2" else "3")
    response = client.post(_url(center), {"sheba": mistyped, "holder_name": HOLDER})
    html = response.content.decode()
    assert response.status_code == 400
    assert "data-error-summary" in html and 'href="#id_sheba"' in html
    assert persian("This Sheba number is not valid: a digit is probably mistyped.") in html
    assert mistyped in html and HOLDER in html
    short = client.post(_url(center), {"sheba": "IR12", "holder_name": HOLDER})
    assert short.status_code == 400
    assert persian("A Sheba number is IR followed by 24 digits.") in short.content.decode()
    no_holder = client.post(_url(center), {"sheba": SHEBA, "holder_name": ""})
    assert no_holder.status_code == 400 and 'href="#id_holder_name"' in no_holder.content.decode()
    assert not CenterPaymentAccount.objects.exists()


def test_another_provinces_center_is_not_found(
    world: Any, client_for: Any, zanjan_center: Any
) -> None:
    kerman = children_home(world)
    assert client_for("zanjan_manager").get(_url(kerman)).status_code == 404
    finance = client_for("kerman_finance")
    assert finance.get(_url(zanjan_center)).status_code == 404
    refused = finance.post(_url(zanjan_center), {"sheba": SHEBA, "holder_name": HOLDER})
    assert refused.status_code == 404
    assert finance.get(API.format(zanjan_center.pk)).status_code == 404
    put = _put(finance, zanjan_center, {"sheba": SHEBA, "holder_name": HOLDER})
    assert put.status_code == 404
    assert not CenterPaymentAccount.objects.exists()


def test_the_centers_operator_sees_the_account_masked_but_cannot_change_it(
    world: Any, client_for: Any, nursery: Any
) -> None:
    client_for("kerman_finance").post(_url(nursery), {"sheba": SHEBA, "holder_name": HOLDER})
    operator = client_for("kerman_center_operator")
    page = operator.get(_url(nursery))
    html = page.content.decode()
    assert page.status_code == 200
    assert SHEBA[-4:] in html and SHEBA not in html and HOLDER in html
    assert "data-account-form" not in html
    refused = operator.post(_url(nursery), {"sheba": OTHER_SHEBA, "holder_name": "x"})
    assert refused.status_code == 403
    assert _put(operator, nursery, {"sheba": OTHER_SHEBA, "holder_name": "x"}).status_code == 403
    got = operator.get(API.format(nursery.pk)).json()
    assert got["current"]["sheba_masked"].endswith(SHEBA[-4:]) and SHEBA not in json.dumps(got)
    assert CenterPaymentAccount.objects.get().sheba == SHEBA


def test_the_api_reads_and_records_the_account(world: Any, client_for: Any) -> None:
    center = children_home(world)
    client = client_for("kerman_finance")
    empty = client.get(API.format(center.pk))
    assert empty.status_code == 200 and empty.json() == {
        "center_id": center.pk,
        "current": None,
        "history": [],
    }
    bad = _put(client, center, {"sheba": "IR" + "1" * 24, "holder_name": HOLDER})
    assert bad.status_code == 400
    assert bad.json()["code"] == "sheba_invalid" and "sheba" in bad.json()["fields"]
    ok = _put(client, center, {"sheba": to_persian_digits(SHEBA), "holder_name": HOLDER})
    assert ok.status_code == 200, ok.content
    body = ok.json()
    assert body["current"]["sheba_masked"] == "IR" + "*" * 20 + SHEBA[-4:]
    assert body["current"]["holder_name"] == HOLDER and SHEBA not in ok.content.decode()
    _put(client, center, {"sheba": OTHER_SHEBA, "holder_name": HOLDER})
    history = client.get(API.format(center.pk)).json()["history"]
    assert [h["sheba_masked"][-4:] for h in history] == [OTHER_SHEBA[-4:], SHEBA[-4:]]
    assert history[0]["ended_at"] is None and history[1]["ended_at"] is not None


def test_a_claim_computed_without_a_sheba_becomes_approvable_once_the_account_is_recorded(
    world: Any, client_for: Any
) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 7)
    claim = SubsidyClaim.objects.get(center=center)
    assert claim.sheba == ""
    checker = client_for("hq_finance_checker")
    checker.post(reverse("centers:subsidies:claim_approve", args=[claim.pk]))
    claim.refresh_from_db()
    assert claim.state == ClaimState.COMPUTED  # refused: no Sheba
    # The claim page leads to the account page and back.
    finance = client_for("kerman_finance")
    claim_url = reverse("centers:subsidies:claim", args=[claim.pk])
    page = finance.get(claim_url).content.decode()
    link = f"{_url(center)}?claim={claim.pk}"
    assert "data-claim-no-sheba" in page and link in page
    assert "data-claim-no-sheba" in checker.get(claim_url).content.decode()
    form = finance.get(link).content.decode()
    assert f'name="claim" value="{claim.pk}"' in form
    recorded = finance.post(link, {"sheba": SHEBA, "holder_name": HOLDER, "claim": claim.pk})
    assert recorded.status_code == 302 and recorded.url == claim_url
    finance.post(reverse("centers:subsidies:claim_recompute", args=[claim.pk]))
    fresh = SubsidyClaim.objects.get(center=center)
    assert (fresh.sheba, fresh.payee_name) == (SHEBA, HOLDER)
    checker.post(reverse("centers:subsidies:claim_approve", args=[fresh.pk]))
    fresh.refresh_from_db()
    assert (fresh.state, fresh.approved_by) == (ClaimState.APPROVED, world.hq_finance_checker)


def test_the_staff_center_page_links_to_the_account(
    world: Any, client_for: Any, kerman_center: Any
) -> None:
    html = (
        client_for("kerman_manager")
        .get(reverse("centers:manage_detail", args=[kerman_center.pk]))
        .content.decode()
    )
    assert _url(kerman_center) in html


def test_the_account_page_reads_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    center = children_home(world)
    client = client_for("kerman_finance")
    client.post(_url(center), {"sheba": SHEBA, "holder_name": HOLDER})
    client.get(_url(center))
    # session, user, scope, the center, the accounts with who recorded them
    with django_assert_num_queries(5):
        client.get(_url(center))
    for n in range(3):
        client.post(_url(center), {"sheba": SHEBA if n % 2 else OTHER_SHEBA, "holder_name": HOLDER})
    with django_assert_num_queries(5):
        assert client.get(_url(center)).content.decode().count("data-account=") == 4
