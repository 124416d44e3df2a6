"""Open311 GeoReport v2 at /open311/v2/: services from the taxonomy, messages as public
service requests (never with personal data), in JSON and XML."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterator
from datetime import timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from chatr.api.services import api_token_issue
from chatr.cases.models import Case
from chatr.core.tracking import format_tracking_code, is_well_formed_tracking_code
from chatr.org.scope import scope_for_user
from chatr.watchdog.choices import MessageState
from chatr.watchdog.models import Category, SubjectArea
from chatr.watchdog.services import Submission, message_answer, message_route, message_screen
from chatr.watchdog.services import message_submit as submit

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"
SECRET_WORDS = "the officer at the Kerman office asked me for money"


@pytest.fixture(autouse=True)
def _clean_cache() -> Iterator[None]:
    # The rate limits count in the cache, which outlives a test.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def taxonomy(world) -> SimpleNamespace:  # type: ignore[no-untyped-def]
    area = SubjectArea.objects.create(
        code="rehabilitation", name_fa="توانبخشی", name_en="Rehabilitation"
    )
    return SimpleNamespace(
        area=area,
        quality=Category.objects.create(
            area=area, code="service-quality", name_fa="کیفیت خدمات", name_en="Service quality"
        ),
        bribery=Category.objects.create(
            area=area, code="bribery", name_fa="رشوه", name_en="Bribery", is_sensitive=True
        ),
        child=Category.objects.create(
            area=area,
            code="child-safety",
            name_fa="ایمنی کودکان",
            name_en="Child safety",
            is_urgent=True,
            position=1,
        ),
    )


def file(category: Category, *, description: str = "The waiting room is always full.", **kw: Any):  # type: ignore[no-untyped-def]
    now = kw.pop("now", None)
    submission = Submission(
        message_type=kw.pop("message_type", "complaint"),
        category=category,
        description=description,
        channel="web",
        contact_name="Sara Ebrahimi",
        contact_mobile=kw.pop("mobile", "+989121234567"),
        **kw,
    )
    return submit(submission=submission, now=now).case


def xml(response) -> ET.Element:  # type: ignore[no-untyped-def]
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return ET.fromstring(response.content)  # noqa: S314 - our own response, in a test


def post(data: dict[str, str], fmt: str = "json", **extra: Any):  # type: ignore[no-untyped-def]
    return Client().post(f"{BASE}/requests.{fmt}", data, **extra)


VALID = {
    "service_code": "service-quality",
    "description": "The rehabilitation center did not answer my calls for a week.",
    "phone": "۰۹۱۲ ۳۴۵ ۶۷۸۹",
    "first_name": "Sara",
    "last_name": "Ebrahimi",
}


# ---------------------------------------------------------------- discovery and services


def test_discovery_names_the_spec_and_both_formats(world) -> None:
    data = Client().get(f"{BASE}/discovery.json").json()
    endpoint = data["endpoints"][0]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith("/open311/v2/")
    assert set(endpoint["formats"]) == {"text/xml", "application/json"}

    root = xml(Client().get(f"{BASE}/discovery.xml"))
    assert root.tag == "discovery"
    formats = [f.text for f in root.findall("./endpoints/endpoint/formats/format")]
    assert set(formats) == {"text/xml", "application/json"}


def test_services_are_the_active_categories_in_persian_by_default(taxonomy) -> None:
    Category.objects.create(
        area=taxonomy.area, code="retired", name_fa="قدیمی", name_en="Old", is_active=False
    )
    response = Client().get(f"{BASE}/services.json")

    assert response["Content-Type"] == "application/json; charset=utf-8"
    services = {s["service_code"]: s for s in response.json()}
    assert set(services) == {"service-quality", "bribery", "child-safety"}
    quality = services["service-quality"]
    assert quality["service_name"] == "کیفیت خدمات"
    assert quality["group"] == "توانبخشی"
    assert quality["metadata"] is True
    assert quality["type"] == "realtime"
    assert "Service quality" in quality["keywords"] and "کیفیت خدمات" in quality["keywords"]


def test_services_speak_english_when_asked(taxonomy) -> None:
    services = Client().get(f"{BASE}/services.json", {"locale": "en"}).json()
    quality = next(s for s in services if s["service_code"] == "service-quality")
    assert (quality["service_name"], quality["group"]) == ("Service quality", "Rehabilitation")


def test_services_in_xml_follow_the_spec(taxonomy, django_assert_max_num_queries) -> None:
    with django_assert_max_num_queries(2):
        response = Client().get(f"{BASE}/services.xml", {"locale": "en"})
    root = xml(response)

    assert root.tag == "services"
    services = root.findall("service")
    assert [s.findtext("service_code") for s in services] == [
        "bribery",
        "service-quality",
        "child-safety",
    ]
    quality = services[1]
    assert quality.findtext("service_name") == "Service quality"
    assert quality.findtext("metadata") == "true"
    assert quality.findtext("type") == "realtime"
    assert quality.findtext("group") == "Rehabilitation"


def test_service_definition_offers_the_seven_types_and_a_unit_code(taxonomy) -> None:
    data = Client().get(f"{BASE}/services/service-quality.json").json()

    assert data["service_code"] == "service-quality"
    by_code = {a["code"]: a for a in data["attributes"]}
    kinds = by_code["message_type"]
    assert kinds["datatype"] == "singlevaluelist"
    assert kinds["required"] is False
    assert [v["key"] for v in kinds["values"]] == [
        "complaint",
        "criticism",
        "opinion",
        "idea",
        "suggestion",
        "violation_report",
        "praise",
    ]
    assert by_code["concerned_unit_code"]["datatype"] == "string"
    assert by_code["concerned_unit_code"]["required"] is False


def test_service_definition_in_xml(taxonomy) -> None:
    root = xml(Client().get(f"{BASE}/services/child-safety.xml"))

    assert root.tag == "service_definition"
    assert root.findtext("service_code") == "child-safety"
    attributes = root.findall("./attributes/attribute")
    assert [a.findtext("code") for a in attributes] == ["message_type", "concerned_unit_code"]
    assert len(attributes[0].findall("./values/value")) == 7
    assert attributes[0].find("./values/value/key").text == "complaint"  # type: ignore[union-attr]
    assert attributes[0].findtext("variable") == "true"


def test_an_unknown_service_is_a_404_in_open311_shape(taxonomy) -> None:
    response = Client().get(f"{BASE}/services/potholes.json")
    assert response.status_code == 404
    assert response.json()[0]["code"] == 404
    assert response.json()[0]["description"]

    root = xml(Client().get(f"{BASE}/services/potholes.xml"))
    assert root.tag == "errors"
    assert root.findtext("./error/code") == "404"


# ---------------------------------------------------------------- POST a request


def test_post_files_a_message_and_returns_its_tracking_code(taxonomy) -> None:
    response = post(
        {
            **VALID,
            "attribute[message_type]": "criticism",
            "attribute[concerned_unit_code]": "p08",
            "jurisdiction_id": "behzisti.ir",
            "lat": "30.28",
            "long": "57.07",
        }
    )

    assert response.status_code == 201
    [created] = response.json()
    code = created["service_request_id"]
    assert is_well_formed_tracking_code(code)
    assert format_tracking_code(code) in created["service_notice"]
    assert created["account_id"] is None
    case = Case.objects.select_related("watchdog_message__concerned_unit").get(tracking_code=code)
    assert case.channel == "api"
    assert case.state == MessageState.NEW
    assert case.contact_mobile == "+989123456789"
    assert case.contact_name == "Sara Ebrahimi"
    assert case.filed_by is None and case.requester is None
    assert case.watchdog_message.message_type == "criticism"
    assert case.watchdog_message.concerned_unit.code == "P08"  # type: ignore[union-attr]


def test_post_answers_in_xml_and_defaults_to_a_complaint(taxonomy) -> None:
    response = post(VALID, fmt="xml")

    assert response.status_code == 201
    root = xml(response)
    assert root.tag == "service_requests"
    code = root.findtext("./request/service_request_id")
    assert is_well_formed_tracking_code(code or "")
    assert root.find("./request/account_id") is not None
    case = Case.objects.get(tracking_code=code)
    assert case.watchdog_message.message_type == "complaint"


def test_post_accepts_a_json_body(taxonomy) -> None:
    body = {**VALID, "attribute": {"message_type": "praise"}}
    response = Client().post(f"{BASE}/requests.json", body, content_type="application/json")
    assert response.status_code == 201
    code = response.json()[0]["service_request_id"]
    assert Case.objects.get(tracking_code=code).watchdog_message.message_type == "praise"


def test_a_bad_phone_is_a_400_error_and_nothing_is_filed(taxonomy) -> None:
    response = post({**VALID, "phone": "021 8888 1234"})

    assert response.status_code == 400
    [error] = response.json()
    assert error["code"] == 400
    assert error["description"].startswith("phone:")
    assert not Case.objects.exists()

    root = xml(post({**VALID, "phone": "12"}, fmt="xml"))
    assert root.tag == "errors" and root.findtext("./error/code") == "400"


def test_every_missing_field_is_reported(taxonomy) -> None:
    response = post({"first_name": "Sara"})

    assert response.status_code == 400
    descriptions = " ".join(e["description"] for e in response.json())
    for name in ("service_code", "description", "phone"):
        assert name in descriptions


def test_refusals_from_the_service_and_unknown_values_are_open311_errors(taxonomy) -> None:
    too_short = post({**VALID, "description": "bad"})
    assert too_short.status_code == 400
    assert too_short.json()[0]["code"] == 400

    assert post({**VALID, "attribute[message_type]": "rant"}).status_code == 400
    assert post({**VALID, "attribute[concerned_unit_code]": "X99"}).status_code == 400
    unknown = post({**VALID, "service_code": "potholes"})
    assert unknown.status_code == 404
    assert unknown.json()[0]["code"] == 404
    assert not Case.objects.exists()


def test_anonymous_posts_are_rate_limited_per_address(taxonomy, settings) -> None:
    settings.WATCHDOG_OPEN311_POST_LIMIT = (2, 3600)
    assert post(VALID).status_code == 201
    assert post(VALID).status_code == 201

    refused = post(VALID)
    assert refused.status_code == 429
    assert refused.json()[0]["code"] == 429
    assert Case.objects.count() == 2
    assert post(VALID, REMOTE_ADDR="10.1.2.3").status_code == 201


def test_an_api_key_must_be_valid_and_is_limited_on_its_own(world, taxonomy, settings) -> None:
    settings.WATCHDOG_OPEN311_POST_LIMIT = (1, 3600)
    _token, raw = api_token_issue(user=world.hq_manager, name="provincial app")

    wrong = post({**VALID, "api_key": "chatr_not-a-key"})
    assert wrong.status_code == 403
    assert wrong.json()[0]["code"] == 403
    assert post(VALID).status_code == 201
    assert post(VALID).status_code == 429
    assert post({**VALID, "api_key": raw}).status_code == 201


def test_other_methods_are_refused_in_open311_shape(taxonomy) -> None:
    response = Client().delete(f"{BASE}/requests.json")
    assert response.status_code == 405
    assert response["Allow"] == "GET, POST"
    assert response.json()[0]["code"] == 405
    assert Client().post(f"{BASE}/services.json").status_code == 405


def test_an_unknown_address_is_a_404_in_open311_shape(world) -> None:
    response = Client().get(f"{BASE}/nothing/here.xml")
    assert response.status_code == 404
    assert xml(response).findtext("./error/code") == "404"
    assert Client().get(f"{BASE}/services.csv").json()[0]["code"] == 404


# ---------------------------------------------------------------- GET requests


def test_get_a_request_shows_status_and_dates_but_no_description(world, taxonomy) -> None:
    case = file(taxonomy.quality)

    response = Client().get(f"{BASE}/requests/{case.tracking_code}.json")

    assert response.status_code == 200
    [item] = response.json()
    assert item["service_request_id"] == case.tracking_code
    assert item["status"] == "open"
    assert item["service_code"] == "service-quality"
    assert item["service_name"] == "کیفیت خدمات"
    assert item["description"] is None
    assert item["agency_responsible"] == world.unit("HQ").name_fa
    assert item["requested_datetime"] == timezone.localtime(case.filed_at).isoformat(
        timespec="seconds"
    )
    assert item["requested_datetime"].endswith("+03:30")
    assert item["expected_datetime"] is not None
    assert item["lat"] is None and item["address"] is None
    assert "Sara" not in response.content.decode()
    assert "+98912" not in response.content.decode()


def test_an_answered_message_is_closed_and_its_answer_stays_private(world, taxonomy) -> None:
    case = file(taxonomy.quality)
    scope = scope_for_user(world.hq_officer)
    case = message_screen(
        actor=world.hq_officer, scope=scope, case=case, to_unit=world.unit("HQ"), reason="-"
    )
    message_answer(
        actor=world.hq_officer,
        scope=scope,
        case=case,
        text="Dear Ms Ebrahimi, the center manager will call you on 0912 345 6789.",
    )

    response = Client().get(f"{BASE}/requests/{case.tracking_code}.xml", {"locale": "en"})

    item = xml(response).find("request")
    assert item is not None
    assert item.findtext("status") == "closed"
    assert item.findtext("status_notes") == "Answered"
    assert item.findtext("expected_datetime") in ("", None)
    assert "Ebrahimi" not in response.content.decode()


def test_a_center_handling_a_message_is_published_as_its_county(world, taxonomy) -> None:
    case = file(taxonomy.quality)
    scope = scope_for_user(world.hq_officer)
    case = message_screen(
        actor=world.hq_officer, scope=scope, case=case, to_unit=world.unit("P08"), reason="-"
    )
    message_route(
        actor=world.hq_officer, scope=scope, case=case, to_unit=world.unit("K0801"), reason="-"
    )

    item = Client().get(f"{BASE}/requests/{case.tracking_code}.json", {"locale": "en"}).json()[0]

    assert item["agency_responsible"] == world.unit("C0801").name_en


def test_an_unknown_or_mistyped_id_is_a_404(world) -> None:
    from chatr.core.tracking import generate_tracking_code

    for code in (generate_tracking_code(), "123456789012", "not-a-code"):
        response = Client().get(f"{BASE}/requests/{code}.json")
        assert response.status_code == 404
        assert response.json() == [{"code": 404, "description": response.json()[0]["description"]}]
    assert xml(Client().get(f"{BASE}/requests/123.xml")).tag == "errors"


def test_tokens_are_the_tracking_codes(taxonomy) -> None:
    case = file(taxonomy.quality)

    data = Client().get(f"{BASE}/tokens/{case.tracking_code}.json").json()

    assert data == [{"service_request_id": case.tracking_code, "token": case.tracking_code}]
    assert Client().get(f"{BASE}/tokens/42.json").status_code == 404


def _ids(response) -> list[str]:  # type: ignore[no-untyped-def]
    assert response.status_code == 200, response.content
    return [item["service_request_id"] for item in response.json()]


def test_the_list_filters_by_service_code_status_and_ids(world, taxonomy) -> None:
    quality = file(taxonomy.quality)
    child = file(taxonomy.child, description="Children in the center are left alone at night.")
    scope = scope_for_user(world.hq_officer)
    message_screen(
        actor=world.hq_officer, scope=scope, case=child, to_unit=world.unit("HQ"), reason="-"
    )
    child.refresh_from_db()
    message_answer(actor=world.hq_officer, scope=scope, case=child, text="Inspected.")
    url = f"{BASE}/requests.json"

    assert _ids(Client().get(url)) == [child.tracking_code, quality.tracking_code]
    assert _ids(Client().get(url, {"service_code": "service-quality"})) == [quality.tracking_code]
    assert _ids(Client().get(url, {"service_code": "bribery,child-safety"})) == [
        child.tracking_code
    ]
    assert _ids(Client().get(url, {"status": "open"})) == [quality.tracking_code]
    assert _ids(Client().get(url, {"status": "closed"})) == [child.tracking_code]
    assert len(_ids(Client().get(url, {"status": "open,closed"}))) == 2
    assert _ids(
        Client().get(url, {"service_request_id": quality.tracking_code, "status": "closed"})
    ) == [quality.tracking_code]  # ids override every other argument
    assert _ids(
        Client().get(url, {"service_request_id": f"{quality.tracking_code}, nonsense"})
    ) == [quality.tracking_code]
    assert Client().get(url, {"status": "pending"}).status_code == 400


def test_the_list_filters_by_date_range_and_defaults_to_90_days(world, taxonomy) -> None:
    now = timezone.now()
    recent = file(taxonomy.quality, now=now - timedelta(days=5))
    older = file(taxonomy.quality, now=now - timedelta(days=40), mobile="+989351112233")
    ancient = file(taxonomy.quality, now=now - timedelta(days=200), mobile="+989361112233")
    url = f"{BASE}/requests.json"

    assert _ids(Client().get(url)) == [recent.tracking_code, older.tracking_code]
    window = {
        "start_date": (now - timedelta(days=60)).strftime("%Y-%m-%dT%H:%M:%SZ"),
        "end_date": (now - timedelta(days=10)).isoformat(timespec="seconds"),
    }
    assert _ids(Client().get(url, window)) == [older.tracking_code]
    since = {"start_date": (now - timedelta(days=365)).date().isoformat()}
    assert _ids(Client().get(url, since))[-1] == ancient.tracking_code
    assert Client().get(url, {"start_date": "yesterday"}).status_code == 400


def test_the_list_pages(world, taxonomy) -> None:
    cases = [file(taxonomy.quality, mobile=f"+98912000000{i}") for i in range(3)]
    url = f"{BASE}/requests.json"

    first = _ids(Client().get(url, {"page_size": 2}))
    second = _ids(Client().get(url, {"page_size": 2, "page": 2}))

    assert first + second == [c.tracking_code for c in reversed(cases)]
    assert Client().get(url, {"page": "0"}).status_code == 400


def test_the_list_in_xml_and_its_query_count(taxonomy, django_assert_max_num_queries) -> None:
    for i in range(4):
        file(taxonomy.quality, mobile=f"+98912000000{i}")

    with django_assert_max_num_queries(1):
        response = Client().get(f"{BASE}/requests.xml")

    requests = xml(response).findall("request")
    assert len(requests) == 4
    assert requests[0].findtext("status") == "open"
    assert requests[0].findtext("description") in ("", None)


def test_a_sensitive_message_is_never_listed_and_its_words_never_appear(world, taxonomy) -> None:
    sensitive = file(taxonomy.bribery, description=SECRET_WORDS)
    visible = file(taxonomy.quality, mobile="+989351112233")
    bodies = []
    for fmt in ("json", "xml"):
        listed = Client().get(f"{BASE}/requests.{fmt}")
        bodies.append(listed.content.decode())
        assert sensitive.tracking_code not in bodies[-1]
        assert visible.tracking_code in bodies[-1]
        by_code = Client().get(f"{BASE}/requests/{sensitive.tracking_code}.{fmt}")
        assert by_code.status_code == 200  # its reporter may follow it by its code
        bodies.append(by_code.content.decode())
    assert _ids(Client().get(f"{BASE}/requests.json", {"service_code": "bribery"})) == []
    by_ids = {"service_request_id": f"{sensitive.tracking_code},{visible.tracking_code}"}
    assert _ids(Client().get(f"{BASE}/requests.json", by_ids)) == [visible.tracking_code]
    assert (
        Client().get(f"{BASE}/requests/{sensitive.tracking_code}.json").json()[0]["description"]
        is None
    )
    for body in bodies:
        assert SECRET_WORDS not in body
        assert "money" not in body


def test_reads_are_rate_limited_per_address(taxonomy, settings) -> None:
    settings.WATCHDOG_OPEN311_READ_LIMIT = (2, 60)
    assert Client().get(f"{BASE}/services.json").status_code == 200
    assert Client().get(f"{BASE}/services.json").status_code == 200
    refused = Client().get(f"{BASE}/services.xml")
    assert refused.status_code == 429
    assert xml(refused).findtext("./error/code") == "429"
