"""The citizen's one inbox (/services/my/: every module's requests) and the public "track a
code" page (/track/) with its API (/api/v1/eservices/track, /my/inbox)."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from chatr.accounts.models import User
from chatr.cases.models import Case
from chatr.cases.services import case_open
from chatr.core.jalali import format_date
from chatr.core.tracking import format_tracking_code, generate_tracking_code
from chatr.demo.world import World
from chatr.eservices.selectors_inbox import INBOX_PAGE_SIZE
from chatr.eservices.tests.factories import file_request, make_service

pytestmark = pytest.mark.django_db

MOBILE = "+989121234567"  # the world's citizen
OTHER_MOBILE = "+989351112233"


def open_case(world: World, kind: str, requester: Any, mobile: str = MOBILE) -> Case:
    """A case of another module, opened on the case machinery as that module would."""
    return case_open(
        kind=kind,
        unit=world.unit("P19"),
        channel="web",
        subject="پیام",
        deadline_days=10,
        requester=requester,
        contact_mobile=mobile,
    ).case


@pytest.fixture
def other_citizen(db: None) -> User:
    return User.objects.create_user(mobile=OTHER_MOBILE, full_name="Reza Karimi", is_staff=False)


def unknown_code() -> str:
    code = generate_tracking_code()
    while Case.objects.filter(tracking_code=code).exists():
        code = generate_tracking_code()
    return code


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


# ---------------------------------------------------------------- the inbox


def test_the_inbox_lists_the_citizens_requests_of_every_module_with_their_labels(
    world, client_for, other_citizen
) -> None:
    request = file_request(world, make_service(world))
    complaint = open_case(world, "watchdog.message", world.citizen)
    licence = open_case(world, "centers.principle", world.citizen)
    change = open_case(world, "registry.change", world.citizen)
    theirs = open_case(world, "watchdog.message", other_citizen, OTHER_MOBILE)
    response = english(client_for("citizen")).get("/services/my/")
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<h1") == 1
    for label in (
        "Service request",
        "Complaints and suggestions (Watchdog)",
        "Licence application (principle agreement)",
        "Household change request",
    ):
        assert label in page
    assert f'href="/services/my/{request.case.tracking_code}/"' in page
    assert f'href="/centers/licensing/my/{licence.tracking_code}/"' in page
    assert 'href="/watchdog/track/"' in page and 'href="/registry/my/"' in page
    assert "Submitted" in page  # the state in the citizen's language
    assert format_date(request.case.filed_at, language="en") in page
    codes = [c.tracking_code for c in (change, licence, complaint, request.case)]
    positions = [page.index(f'data-code="{code}"') for code in codes]
    assert positions == sorted(positions)  # newest first
    assert theirs.tracking_code not in page


def test_the_inbox_is_in_persian_with_jalali_dates(world, client_for) -> None:
    request = file_request(world, make_service(world))
    page = client_for("citizen").get("/services/my/").content.decode()
    assert "درخواست‌های من" in page
    assert format_date(request.case.filed_at, language="fa") in page


def test_another_citizens_requests_never_appear(world, client_for, other_citizen) -> None:
    mine = open_case(world, "eservices.request", world.citizen)
    client = Client()
    client.force_login(other_citizen, backend="chatr.accounts.backends.StaffPasswordBackend")
    page = client.get("/services/my/").content.decode()
    assert mine.tracking_code not in page
    api = client.get("/api/v1/eservices/my/inbox").json()
    assert api == {"count": 0, "items": []}


def test_the_inbox_asks_to_sign_in_first(world) -> None:
    response = Client().get("/services/my/")
    assert response.status_code == 302 and "sign-in" in response["Location"]


def test_the_inbox_is_paginated_and_pins_its_query_count(
    world, client_for, django_assert_max_num_queries
) -> None:
    for _ in range(INBOX_PAGE_SIZE + 1):
        open_case(world, "watchdog.message", world.citizen)
    client = client_for("citizen")
    with django_assert_max_num_queries(4):  # session, user, count, one page of every module
        first = client.get("/services/my/").content.decode()
    assert first.count("data-code=") == INBOX_PAGE_SIZE and "?page=2" in first
    assert client.get("/services/my/?page=2").content.decode().count("data-code=") == 1


def test_the_inbox_api_lists_every_module(world, client_for, other_citizen) -> None:
    open_case(world, "eservices.request", world.citizen)
    open_case(world, "centers.activity", world.citizen)
    open_case(world, "watchdog.message", other_citizen, OTHER_MOBILE)
    body = english(client_for("citizen")).get("/api/v1/eservices/my/inbox").json()
    assert body["count"] == 2
    assert [item["kind"] for item in body["items"]] == ["centers.activity", "eservices.request"]
    assert body["items"][1]["kind_label"] == "Service request"
    assert body["items"][1]["status"] == "Submitted"
    page = client_for("citizen").get("/api/v1/eservices/my/inbox?limit=1&offset=1").json()
    assert page["count"] == 2 and [i["kind"] for i in page["items"]] == ["eservices.request"]
    assert Client().get("/api/v1/eservices/my/inbox").status_code == 401


# ---------------------------------------------------------------- track a code


def test_anyone_tracks_a_code_and_sees_the_module_and_status_only(world) -> None:
    case = open_case(world, "registry.change", world.citizen)
    client = english(Client())
    assert client.get("/track/").status_code == 200
    response = client.post("/track/", {"code": case.tracking_code, "mobile": "09121234567"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Household change request" in page and "Submitted" in page
    assert "Sara" not in page and "912" not in page.replace(
        format_tracking_code(case.tracking_code), ""
    )


def test_a_wrong_mobile_and_an_unknown_code_give_the_same_page(world) -> None:
    case = open_case(world, "eservices.request", world.citizen)
    client = english(Client())
    wrong = client.post("/track/", {"code": case.tracking_code, "mobile": OTHER_MOBILE})
    unknown = client.post("/track/", {"code": unknown_code(), "mobile": MOBILE})
    assert wrong.status_code == unknown.status_code == 404
    message = "No case matches this tracking code and mobile number (or secret)."
    assert message in wrong.content.decode() and message in unknown.content.decode()
    persian = Client().post("/track/", {"code": case.tracking_code, "mobile": OTHER_MOBILE})
    assert message not in persian.content.decode() and persian.status_code == 404


def test_the_track_page_refuses_a_mistyped_code_and_a_missing_check(world) -> None:
    client = english(Client())
    assert client.post("/track/", {"code": "123456789012", "mobile": MOBILE}).status_code == 400
    assert client.post("/track/", {"code": generate_tracking_code()}).status_code == 400


def test_the_track_page_is_rate_limited(world) -> None:
    case = open_case(world, "eservices.request", world.citizen)
    client = Client()
    statuses = [
        client.post("/track/", {"code": case.tracking_code, "mobile": MOBILE}).status_code
        for _ in range(31)
    ]
    assert statuses[:30] == [200] * 30 and statuses[30] == 429
    html = english(client).post("/track/", {"code": case.tracking_code, "mobile": MOBILE})
    page = html.content.decode()
    assert html.status_code == 429 and "data-error-summary" in page
    # Nothing is wrong with the code typed: the field is not marked, the summary links nowhere.
    assert 'aria-invalid="true"' not in page and 'href="#id_code"' not in page


def test_the_track_api_mirrors_the_page(world) -> None:
    case = open_case(world, "centers.principle", world.citizen)
    client = Client()
    posted = client.post(
        "/api/v1/eservices/track",
        {"code": case.tracking_code, "mobile": MOBILE},
        content_type="application/json",
    )
    assert posted.status_code == 200, posted.content
    body = posted.json()
    assert body["kind"] == "centers.principle" and body["tracking_code"] == case.tracking_code
    assert set(body) == {"tracking_code", "kind", "kind_label", "status", "filed_at", "url"}
    # The mobile is personal data: never in a URL, so there is no GET.
    assert client.get("/api/v1/eservices/track", {"code": case.tracking_code}).status_code == 405
    wrong = client.post(
        "/api/v1/eservices/track",
        {"code": case.tracking_code, "mobile": OTHER_MOBILE},
        content_type="application/json",
    )
    unknown = client.post(
        "/api/v1/eservices/track",
        {"code": unknown_code(), "mobile": MOBILE},
        content_type="application/json",
    )
    assert wrong.status_code == unknown.status_code == 404
    assert wrong.json() == unknown.json() and wrong.json()["code"] == "case_not_found"


def test_the_watchdog_tracking_page_still_works(world) -> None:
    assert Client().get("/watchdog/track/").status_code == 200


def test_a_request_waiting_for_the_citizen_says_so_in_the_inbox(world, client_for) -> None:
    case = open_case(world, "eservices.request", world.citizen)
    Case.objects.filter(pk=case.pk).update(state="needs_info")
    page = english(client_for("citizen")).get("/services/my/").content.decode()
    assert "More information needed: answer it" in page
