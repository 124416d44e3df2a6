"""Licensing pages: the applicant's form and pages, the staff queue and case page, scoping."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.centers.choices_licensing import DocumentType
from chatr.centers.choices_licensing import LicensingState as S
from chatr.centers.demo_licensing import demo_company_id, demo_pdf
from chatr.centers.models import LicenceApplication
from chatr.centers.tests.test_licensing_services import apply


@pytest.mark.django_db
def test_citizen_applies_with_documents(world: Any, client_for: Any) -> None:
    client = client_for("citizen")
    assert client.get("/centers/licensing/apply/").status_code == 200
    data = {
        "applicant_kind": "ngo",
        "applicant_name": "موسسه خیریه همراهان",
        "company_id": demo_company_id("1400123456"),
        "mobile": "09121234567",
        "licence_type": "rehabilitation",
        "proposed_name": "مرکز توانبخشی همراه",
        "county": "C1901",
        "care_mode": "day",
        "capacity": "30",
        "address": "زنجان، خیابان سعدی",
        "payment_reference": "PAY-1",
        f"doc_{DocumentType.IDENTITY}": demo_pdf(),
    }
    response = client.post("/centers/licensing/apply/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    application = LicenceApplication.objects.get()
    assert application.case.requester == world.citizen
    assert application.documents.count() == 1
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert "مرکز توانبخشی همراه" in page.content.decode()
    assert client.get("/centers/licensing/my/").status_code == 200


@pytest.mark.django_db
def test_form_errors_keep_what_was_typed(world: Any, client_for: Any) -> None:
    client = client_for("citizen")
    response = client.post(
        "/centers/licensing/apply/",
        {"applicant_kind": "person", "applicant_name": "علی", "national_code": "0012345678",
         "mobile": "09121234567", "licence_type": "rehabilitation", "proposed_name": "مرکز",
         "county": "C1901", "care_mode": "day", "capacity": "3", "address": "زنجان",
         "payment_reference": "P"},
    )  # fmt: skip
    assert response.status_code == 400
    assert "0012345678" in response.content.decode()


@pytest.mark.django_db
def test_staff_move_the_case_and_others_get_404(world: Any, client_for: Any) -> None:
    application = apply(world)
    code = application.case.tracking_code
    officer = client_for("zanjan_officer")
    assert officer.get("/centers/licensing/manage/").status_code == 200
    assert code in officer.get("/centers/licensing/manage/").content.decode()
    assert officer.get(f"/centers/licensing/manage/{code}/").status_code == 200
    response = officer.post(
        f"/centers/licensing/manage/{code}/send_inquiries/",
        {"send_inquiries-inquiries": ["police", "health", "engineering"]},
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.case.state == S.INQUIRIES_SENT
    # An illegal move through the page is refused with the engine's message.
    response = officer.post(f"/centers/licensing/manage/{code}/issue_agreement/", {})
    assert response.status_code in (403, 409)
    kerman = client_for("kerman_manager")
    assert kerman.get(f"/centers/licensing/manage/{code}/").status_code == 404
    assert code not in kerman.get("/centers/licensing/manage/").content.decode()


@pytest.mark.django_db
def test_another_citizen_cannot_see_the_application(world: Any) -> None:
    from django.test import Client

    from chatr.accounts.models import User

    application = apply(world)
    other = User.objects.create(mobile="+989351112233", full_name="Other")
    client = Client()
    client.force_login(other, backend="chatr.accounts.backends.StaffPasswordBackend")
    code = application.case.tracking_code
    assert client.get(f"/centers/licensing/my/{code}/").status_code == 404


@pytest.mark.django_db
def test_the_queue_reads_a_fixed_number_of_queries(
    world: Any, client_for: Any, django_assert_num_queries: Any
) -> None:
    officer = client_for("zanjan_officer")
    url = "/centers/licensing/manage/"
    apply(world)
    officer.get(url)  # warm the per-process copies (holidays for the deadline bands)
    # session, user, memberships; count, one page of applications with their case and places
    with django_assert_num_queries(5):
        response = officer.get(url)
    assert response.status_code == 200
    more = [apply(world, county="C1902", payment_reference=f"PAY-{n}") for n in range(4)]
    with django_assert_num_queries(5):
        response = officer.get(url)
    html = response.content.decode()
    assert all(f"/manage/{a.case.tracking_code}/" in html for a in more)


@pytest.mark.django_db
def test_the_catalogue_offers_the_application_and_licensing_staff_get_the_queue(
    world: Any,
) -> None:
    from chatr.org.scope import scope_for_user
    from chatr.ui.catalogue import CITIZEN, catalogue_entries
    from chatr.ui.tools import tools_for

    entry = next(e for e in catalogue_entries() if e.key == "centers.licensing_apply")
    assert (entry.url, entry.audience) == ("/centers/licensing/apply/", CITIZEN)
    officer = {t.key: t.url for t in tools_for(scope_for_user(world.zanjan_officer))}
    assert officer["centers.licensing"] == "/centers/licensing/manage/"
    operator = {t.key for t in tools_for(scope_for_user(world.kerman_center_operator))}
    assert "centers.licensing" not in operator
