from __future__ import annotations

import pytest
from django.test import Client

from chatr.eservices import services
from chatr.eservices.choices import RequestState
from chatr.eservices.models import ServiceRequest
from chatr.eservices.tests.factories import GOOD, file_request, make_service
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db


def test_catalogue_lists_services_searchable_in_persian_and_module_entries(world) -> None:
    make_service(world)
    make_service(
        world, code="complaint", unit="HQ", owner_url_name="watchdog:submit", title_fa="ثبت شکایت"
    )
    page = Client().get("/services/").content.decode()
    assert 'lang="fa"' in page and 'dir="rtl"' in page
    assert "درخواست بازدید منزل" in page
    assert 'for="id_q"' in page and 'aria-live="polite"' in page
    # An entry another module registered and no catalogue service links to yet.
    assert "/centers/" in page
    # «ي» and «ك» (Arabic letters) find «ی» and «ک».
    found = Client().get("/services/", {"q": "منزل بازديد"}).content.decode()
    assert "/services/home-visit/" in found
    missing = Client().get("/services/", {"q": "گذرنامه"}, HTTP_HX_REQUEST="true")
    body = missing.content.decode()
    assert "/services/home-visit/" not in body and 'hx-swap-oob="innerHTML"' in body
    assert "<html" not in body  # htmx gets the results only


def test_service_page_links_to_the_generic_form_or_the_owners_flow(world) -> None:
    make_service(world)
    make_service(
        world, code="complaint", unit="HQ", owner_url_name="watchdog:submit", title_fa="ثبت شکایت"
    )
    page = Client().get("/services/home-visit/").content.decode()
    assert 'href="/services/home-visit/apply/"' in page
    page = Client().get("/services/complaint/").content.decode()
    assert 'href="/watchdog/"' in page
    assert Client().get("/services/nothing-here/").status_code == 404


def test_apply_needs_a_signed_in_citizen(world, client_for) -> None:
    make_service(world)
    response = Client().get("/services/home-visit/apply/")
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]
    assert client_for("zanjan_officer").get("/services/home-visit/apply/").status_code == 404


def test_citizen_applies_and_sees_the_tracking_code(world, client_for) -> None:
    make_service(world)
    client = client_for("citizen")
    form = client.get("/services/home-visit/apply/").content.decode()
    assert 'for="id_national_code"' in form and "کد ملی" in form
    response = client.post("/services/home-visit/apply/", GOOD)
    assert response.status_code == 302, response.content.decode()
    request = ServiceRequest.objects.get()
    assert response["Location"] == f"/services/my/{request.case.tracking_code}/filed/"
    page = client.get(response["Location"]).content.decode()
    assert 'id="tracking-code"' in page
    assert request.case.tracking_code[:4] in page.translate(
        str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")
    )
    mine = client.get("/services/my/").content.decode()
    assert f"/services/my/{request.case.tracking_code}/" in mine


def test_bad_input_is_refused_with_an_error_summary_and_nothing_lost(world, client_for) -> None:
    make_service(world)
    client = client_for("citizen")
    response = client.post(
        "/services/home-visit/apply/",
        {**GOOD, "national_code": "1234567890", "reason": "other"},
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_national_code"' in page and 'href="#id_reason_other"' in page
    assert 'value="1234567890"' in page and 'value="0912 123 4567"' in page
    assert not ServiceRequest.objects.exists()


def test_citizen_answers_a_request_for_more_information(world, client_for) -> None:
    service = make_service(world)
    request = file_request(world, service)
    scope = scope_for_user(world.zanjan_officer)
    services.service_request_review(actor=world.zanjan_officer, scope=scope, request=request)
    services.service_request_ask_info(
        actor=world.zanjan_officer, scope=scope, request=request, message="شماره تلفن ثابت؟"
    )
    client = client_for("citizen")
    code = request.case.tracking_code
    page = client.get(f"/services/my/{code}/").content.decode()
    assert "شماره تلفن ثابت؟" in page and 'for="id_text"' in page
    assert client.post(f"/services/my/{code}/answer/", {"text": ""}).status_code == 400
    response = client.post(f"/services/my/{code}/answer/", {"text": "۰۲۴۳۳۳۳۳۳۳۳"})
    assert response.status_code == 302
    request.case.refresh_from_db()
    assert request.case.state == RequestState.UNDER_REVIEW
    # Another person's request is not found.
    other = Client()
    assert other.get(f"/services/my/{code}/").status_code == 302  # sign in first


def test_officer_handles_a_request_and_another_province_gets_404(world, client_for) -> None:
    service = make_service(world)
    request = file_request(world, service)
    officer = client_for("zanjan_officer")
    listing = officer.get("/services/staff/").content.decode()
    assert f"/services/staff/{request.pk}/" in listing
    assert officer.post(f"/services/staff/{request.pk}/review/").status_code == 302
    refused = officer.post(f"/services/staff/{request.pk}/ask/", {"ask-message": ""})
    assert refused.status_code == 400 and 'href="#id_ask-message"' in refused.content.decode()
    assert (
        officer.post(
            f"/services/staff/{request.pk}/ask/", {"ask-message": "کارت ملی را بفرستید."}
        ).status_code
        == 302
    )
    request.case.refresh_from_db()
    assert request.case.state == RequestState.NEEDS_INFO
    # An illegal move is refused with a message (409), not a crash.
    assert officer.post(f"/services/staff/{request.pk}/complete/", {}).status_code == 409
    kerman = client_for("kerman_manager")
    assert kerman.get(f"/services/staff/{request.pk}/").status_code == 404
    assert f"/services/staff/{request.pk}/" not in kerman.get("/services/staff/").content.decode()
    assert kerman.post(f"/services/staff/{request.pk}/review/").status_code == 404
    assert client_for("hq_manager").get(f"/services/staff/{request.pk}/").status_code == 200


def test_staff_list_pins_its_query_count(world, client_for, django_assert_max_num_queries) -> None:
    service = make_service(world)
    for _ in range(3):
        file_request(world, service)
    client = client_for("zanjan_officer")
    with django_assert_max_num_queries(12):
        assert client.get("/services/staff/").status_code == 200


def test_hq_publishes_a_new_form_version_as_json(world, client_for) -> None:
    make_service(world)
    client = client_for("hq_manager")
    assert client.get("/services/manage/home-visit/form/").status_code == 200
    bad = client.post("/services/manage/home-visit/form/", {"fields_json": "[]"})
    assert bad.status_code == 400 and 'href="#id_fields_json"' in bad.content.decode()
    good = client.post(
        "/services/manage/home-visit/form/",
        {"fields_json": '[{"key": "a", "label_fa": "الف", "type": "text", "required": true}]'},
    )
    assert good.status_code == 302
    assert client_for("zanjan_manager").get("/services/manage/home-visit/form/").status_code == 403


def test_an_empty_post_names_every_required_field(world, client_for) -> None:
    make_service(world)
    response = client_for("citizen").post("/services/home-visit/apply/", {})
    assert response.status_code == 400
    page = response.content.decode()
    for key in ("national_code", "size", "reason"):
        assert f'href="#id_{key}"' in page


def test_citizen_rates_a_finished_request_once(world, client_for) -> None:
    service = make_service(world)
    request = file_request(world, service)
    code = request.case.tracking_code
    client = client_for("citizen")
    assert 'name="rating"' not in client.get(f"/services/my/{code}/").content.decode()
    assert client.post(f"/services/my/{code}/rate/", {"rating": "5"}).status_code == 409
    scope = scope_for_user(world.zanjan_officer)
    services.service_request_reject(
        actor=world.zanjan_officer, scope=scope, request=request, reason="خارج از استان"
    )
    page = client.get(f"/services/my/{code}/").content.decode()
    assert 'name="rating"' in page and "خارج از استان" in page
    assert client.post(f"/services/my/{code}/rate/", {"rating": "9"}).status_code == 400
    assert client.post(f"/services/my/{code}/rate/", {"rating": "2"}).status_code == 302
    request.case.refresh_from_db()
    assert request.case.rating == 2
    assert client.post(f"/services/my/{code}/rate/", {"rating": "3"}).status_code == 400


def test_catalogue_and_my_requests_pin_their_query_counts(
    world, client_for, django_assert_max_num_queries
) -> None:
    service = make_service(world)
    for code in ("a-one", "a-two", "a-three"):
        make_service(world, code=code)
    for _ in range(3):
        file_request(world, service)
    with django_assert_max_num_queries(4):
        assert Client().get("/services/").status_code == 200
    client = client_for("citizen")
    with django_assert_max_num_queries(8):
        assert client.get("/services/my/").status_code == 200
