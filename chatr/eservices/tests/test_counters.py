"""Positive Life counters: an operator files for a citizen after the citizen confirms with a
one-time code sent to their own mobile; the counters' performance page, export and API."""

from __future__ import annotations

import csv
import io
import re
from datetime import date, timedelta

import pytest
from django.test import Client
from django.utils import timezone

from chatr.accounts.models import OneTimeCode
from chatr.accounts.services import CONSENT_PURPOSE
from chatr.audit.models import AuditEvent
from chatr.core.jalali import to_jalali
from chatr.core.text import to_ascii_digits
from chatr.eservices import services, services_counters
from chatr.eservices.choices import RequestChannel
from chatr.eservices.models import ServiceRequest
from chatr.eservices.selectors_counters import counter_performance
from chatr.eservices.tests.factories import GOOD, file_request, make_service
from chatr.notifications.selectors import sms_last_to
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.scope import scope_for_user
from chatr.org.services import org_unit_ensure
from chatr.registry.tests.factories import register_person

pytestmark = pytest.mark.django_db

MOBILE = "+989351112233"
BIRTH = date(1985, 3, 21)
START = "/services/counter/Z1901/"


def _jalali(day: date) -> str:
    j = to_jalali(day)
    return f"{j.year:04d}/{j.month:02d}/{j.day:02d}"


@pytest.fixture
def person(world):  # type: ignore[no-untyped-def]
    return register_person(world.zanjan_officer, mobile=MOBILE, birth_date=BIRTH)


@pytest.fixture
def service(world):  # type: ignore[no-untyped-def]
    return make_service(world)


def _start(client: Client, person, **extra):  # type: ignore[no-untyped-def]
    data = {
        "service": "home-visit",
        "national_code": person.national_code,
        "birth_date": _jalali(BIRTH),
        **extra,
    }
    return client.post(START, data)


def _sent_code() -> str:
    sms = sms_last_to(to=MOBILE)
    assert sms is not None
    match = re.search(r"\b\d{6}\b", to_ascii_digits(sms.text))
    assert match
    return match.group()


def test_operator_files_for_a_citizen_after_the_code_sent_to_their_own_mobile(
    world, client_for, person, service
) -> None:
    operator = client_for("zanjan_social_worker")
    # One counter: the operator's page goes straight to it.
    assert operator.get("/services/counter/")["Location"] == START
    page = operator.get(START).content.decode()
    assert 'for="id_national_code"' in page and 'for="id_birth_date"' in page

    response = _start(operator, person)
    assert response.status_code == 302 and response["Location"].endswith("/confirm/")
    sms = sms_last_to(to=MOBILE)
    assert sms is not None and sms.purpose == f"otp_{CONSENT_PURPOSE}"
    code = _sent_code()
    assert code not in response["Location"]
    confirm = operator.get(response["Location"]).content.decode()
    assert code not in confirm and "0935***2233" in to_ascii_digits(confirm)
    # The form cannot be reached before the person confirms.
    assert operator.get(f"{START}file/")["Location"] == START

    response = operator.post(f"{START}confirm/", {"code": code})
    assert response.status_code == 302 and response["Location"] == f"{START}file/"
    response = operator.post(f"{START}file/", GOOD)
    assert response.status_code == 302, response.content.decode()

    filed = ServiceRequest.objects.get()
    assert filed.channel == RequestChannel.COUNTER and filed.counter.code == "Z1901"
    assert filed.applicant.mobile == MOBILE and not filed.applicant.is_staff
    assert filed.case.contact_mobile == MOBILE
    assert response["Location"] == f"{START}filed/{filed.case.tracking_code}/"
    # The officer handling it sees which counter filed it.
    staff_page = client_for("zanjan_officer").get(f"/services/staff/{filed.pk}/")
    assert staff_page.status_code == 200
    assert filed.counter.name in staff_page.content.decode()
    assert operator.get(response["Location"]).status_code == 200
    # The audit trail names the operator who filed, for whom, and where.
    event = AuditEvent.objects.filter(
        action="create", target_id=str(filed.pk), target_type__model="servicerequest"
    ).get()
    assert event.actor_id == world.zanjan_social_worker.pk
    assert event.changes["counter"] == "Z1901" and event.changes["applicant"] == filed.applicant_id
    assert AuditEvent.objects.filter(action="consent_given").exists()
    # The consent is used up: a second request needs a new code.
    assert operator.get(f"{START}file/")["Location"] == START


def test_wrong_code_is_refused_and_tries_are_limited(world, client_for, person, service) -> None:
    operator = client_for("zanjan_social_worker")
    _start(operator, person)
    code = _sent_code()
    wrong = "000000" if code != "000000" else "111111"
    response = operator.post(f"{START}confirm/", {"code": wrong})
    assert response.status_code == 400
    assert "The code is not correct" in response.content.decode() or "درست نیست" in (
        response.content.decode()
    )
    for _ in range(10):
        response = operator.post(f"{START}confirm/", {"code": wrong})
    assert response.status_code == 429
    # Even the right code is refused once the tries are used up.
    assert operator.post(f"{START}confirm/", {"code": code}).status_code == 429
    assert operator.get(f"{START}file/")["Location"] == START


def test_expired_code_is_refused(world, client_for, person, service) -> None:
    operator = client_for("zanjan_social_worker")
    _start(operator, person)
    code = _sent_code()
    OneTimeCode.objects.filter(purpose=CONSENT_PURPOSE).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    response = operator.post(f"{START}confirm/", {"code": code})
    assert response.status_code == 400
    assert not ServiceRequest.objects.exists()


def test_consent_code_never_signs_the_citizen_in(world, client_for, person, service) -> None:
    from chatr.accounts.services import otp_verify
    from chatr.core.errors import ApplicationError

    _start(client_for("zanjan_social_worker"), person)
    with pytest.raises(ApplicationError):
        otp_verify(mobile=MOBILE, code=_sent_code(), purpose="sign_in")


def test_unknown_person_or_no_mobile_is_refused_with_a_reason(world, client_for, service) -> None:
    operator = client_for("zanjan_social_worker")
    nobody = register_person(world.zanjan_officer, birth_date=BIRTH)  # no mobile
    response = _start(operator, nobody)
    assert response.status_code == 400 and sms_last_to(to=MOBILE) is None
    response = _start(operator, nobody, birth_date=_jalali(date(1990, 1, 1)))
    assert response.status_code == 400


def test_operator_without_the_permission_is_refused(world, client_for, service) -> None:
    assert client_for("zanjan_officer").get(START).status_code == 403
    assert client_for("zanjan_officer").get("/services/counter/").status_code == 403


def test_another_provinces_counter_is_not_found(world, client_for, service) -> None:
    org_unit_ensure(
        kind=OrgUnitKind.COUNTER,
        code="K0899",
        parent=OrgUnit.objects.get(code="C0801"),
        name_fa="مرکز مثبت زندگی کرمان",
        name_en="Kerman counter",
    )
    operator = client_for("zanjan_social_worker")
    assert operator.get("/services/counter/K0899/").status_code == 404
    assert operator.get("/services/counter/P19/").status_code == 404  # not a counter


# ---------------------------------------------------------------- performance


def _known_data(world, service, person):  # type: ignore[no-untyped-def]
    """Two requests at the Zanjan counter (one decided 4 days after filing), one online."""
    from chatr.cases.models import Case

    operator = world.zanjan_social_worker
    counter = OrgUnit.objects.get(code="Z1901")
    scope = scope_for_user(operator)
    filed = [
        services_counters.counter_request_file(
            actor=operator, scope=scope, counter=counter, service=service, person=person, data=GOOD
        )
        for _ in range(2)
    ]
    file_request(world, service)
    Case.objects.filter(pk=filed[0].case_id).update(filed_at=timezone.now() - timedelta(days=4))
    officer = world.zanjan_officer
    officer_scope = scope_for_user(officer)
    services.service_request_approve(
        actor=officer,
        scope=officer_scope,
        request=services.service_request_review(
            actor=officer, scope=officer_scope, request=filed[0]
        ),
    )


def test_performance_counts_per_counter_province_and_channel(world, service, person) -> None:
    _known_data(world, service, person)
    figures = counter_performance(scope=scope_for_user(world.zanjan_manager))
    assert figures.total == 3 and figures.at_counters == 2 and figures.counter_share == 66.7
    (row,) = [r for r in figures.counters if r.counter.code == "Z1901"]
    assert row.timing.requests == 2 and row.timing.decided == 1
    assert row.timing.median_days == pytest.approx(4.0, abs=0.1)
    (province,) = figures.provinces
    assert province.province.code == "P19" and (province.at_counters, province.online) == (2, 1)
    channels = dict(figures.channels)
    assert channels[RequestChannel.COUNTER].requests == 2
    assert channels[RequestChannel.WEB].requests == 1
    # Another province's manager sees none of it; HQ sees it all.
    assert counter_performance(scope=scope_for_user(world.kerman_manager)).total == 0
    assert counter_performance(scope=scope_for_user(world.hq_manager)).total == 3


def test_performance_page_export_and_api(world, client_for, service, person) -> None:
    _known_data(world, service, person)
    manager = client_for("zanjan_manager")
    page = manager.get("/services/counters/").content.decode()
    assert "مرکز مثبت زندگی زنجان ۱" in page and "<svg" in page and 'id="table-counters"' in page
    assert client_for("zanjan_social_worker").get("/services/counters/").status_code == 403

    response = manager.get("/services/counters/export/", {"format": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    counter_row = next(r for r in rows if r and r[0] == "مرکز مثبت زندگی زنجان ۱")
    assert counter_row[2:4] == ["2", "1"]
    province_row = next(r for r in rows if r and r[0] == "زنجان")
    assert province_row[1:5] == ["2", "1", "3", "66.7"]
    xlsx = manager.get("/services/counters/export/", {"format": "xlsx"})
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"

    data = manager.get("/api/v1/eservices/counters/performance").json()
    assert data["total"] == 3 and data["at_counters"] == 2
    assert data["counter_share_percent"] == 66.7
    (counter,) = [c for c in data["counters"] if c["code"] == "Z1901"]
    assert counter["requests"] == 2 and counter["decided"] == 1 and counter["province"] == "P19"
    assert (
        client_for("zanjan_social_worker").get("/api/v1/eservices/counters/performance").status_code
        == 403
    )
    assert Client().get("/api/v1/eservices/counters/performance").status_code == 401


def test_demo_has_counter_requests_and_figures(world) -> None:
    from chatr.eservices.demo import seed_eservices_demo

    seed_eservices_demo(world)
    seed_eservices_demo(world)  # idempotent
    counter_filed = ServiceRequest.objects.filter(channel=RequestChannel.COUNTER)
    assert counter_filed.count() == 4 and {r.counter.code for r in counter_filed} == {"Z1901"}
    figures = counter_performance(scope=scope_for_user(world.zanjan_manager))
    (row,) = [r for r in figures.counters if r.counter.code == "Z1901"]
    assert row.timing.requests == 4 and row.timing.decided == 3
    assert row.timing.median_days == pytest.approx(5.0, abs=0.1)


def test_performance_reads_a_fixed_number_of_queries(
    world, service, person, django_assert_num_queries
) -> None:
    _known_data(world, service, person)
    scope = scope_for_user(world.hq_manager)
    # The counters, the area's requests with their decision time, the provinces named.
    with django_assert_num_queries(3):
        counter_performance(scope=scope)


def test_performance_narrows_to_the_days_of_filing(world, client_for, service, person) -> None:
    _known_data(world, service, person)  # one counter request filed 4 days ago, two today
    today = timezone.localdate()
    scope = scope_for_user(world.zanjan_manager)
    assert counter_performance(scope=scope, until=today - timedelta(days=1)).total == 1
    assert counter_performance(scope=scope, since=today).total == 2
    manager = client_for("zanjan_manager")
    page = manager.get("/services/counters/", {"date_from": _jalali(today)})
    assert page.status_code == 200 and 'id="total-requests">۲<' in page.content.decode()
    wrong = manager.get(
        "/services/counters/",
        {"date_from": _jalali(today), "date_to": _jalali(today - timedelta(days=2))},
    )
    assert wrong.status_code == 400 and 'href="#id_date_to"' in wrong.content.decode()
    csv_text = manager.get(
        "/services/counters/export/", {"format": "csv", "date_from": _jalali(today)}
    ).content.decode("utf-8-sig")
    assert "زنجان,1,1,2,50.0" in csv_text
    data = manager.get(
        "/api/v1/eservices/counters/performance", {"until": (today - timedelta(days=1)).isoformat()}
    ).json()
    assert data["total"] == 1 and data["at_counters"] == 1


def test_a_registry_change_after_consent_sends_the_operator_back(
    world, client_for, person, service
) -> None:
    from chatr.registry.models import Person

    operator = client_for("zanjan_social_worker")
    _start(operator, person)
    operator.post(f"{START}confirm/", {"code": _sent_code()})
    Person.objects.filter(pk=person.pk).update(mobile="")
    response = operator.get(f"{START}file/")
    assert response.status_code == 302 and response["Location"] == START
    assert not ServiceRequest.objects.exists()
