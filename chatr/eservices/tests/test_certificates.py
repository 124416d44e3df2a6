"""Certificates of coverage: issued on approving a request for a covered person, downloaded
as a PDF by the citizen and by the unit (the read audited), revoked by the unit, and checked by
anyone with the verification code (/verify/)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation
from pypdf import PdfReader

from chatr.accounts.models import User
from chatr.audit.models import AuditAction, AuditEvent
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.core.models import TrackingCode
from chatr.core.text import to_persian_digits
from chatr.core.tracking import format_tracking_code, generate_tracking_code
from chatr.eservices import selectors_certificates, services, services_certificates
from chatr.eservices.choices import ApprovalAction, RequestState
from chatr.eservices.demo import COVERAGE_FIELDS
from chatr.eservices.models import Certificate, Service, ServiceRequest
from chatr.eservices.selectors_certificates import certificate_verify, holder_shortened
from chatr.eservices.tests.factories import make_service
from chatr.org.scope import scope_for_user
from chatr.registry.demo import seed_score_factors
from chatr.registry.models import ClientFile, Person
from chatr.registry.tests.factories import (
    national_code,
    open_file,
    register_household,
    register_person,
)

pytestmark = pytest.mark.django_db

FIRST_NAME = "مریم"
LAST_NAME = "رضایی"
FULL_NAME = f"{FIRST_NAME} {LAST_NAME}"
OTHER_MOBILE = "+989351112233"


# ---------------------------------------------------------------- the world of a certificate


def english(client: Client) -> Client:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def service(world: Any) -> Service:
    """The demo's coverage certificate: an HQ service handled where the applicant lives."""
    return make_service(
        world,
        code="coverage-certificate",
        unit="HQ",
        fields=COVERAGE_FIELDS,
        approval_action=ApprovalAction.COVERAGE_CERTIFICATE,
        handled_locally=True,
    )


@pytest.fixture
def person(world: Any) -> Person:
    """The citizen herself, heading a household in Zanjan county (in the registry)."""
    seed_score_factors()
    head = register_person(
        world.zanjan_manager,
        first_name=FIRST_NAME,
        last_name=LAST_NAME,
        mobile=world.citizen.mobile,
    )
    register_household(world.zanjan_manager, world.unit("C1901"), head=head)
    return head


@pytest.fixture
def active_file(world: Any, person: Person) -> ClientFile:
    household = person.memberships.get().household
    return open_file(
        world.zanjan_manager,
        household,
        "active",
        counter=world.unit("Z1901"),
        social_worker=world.zanjan_social_worker,
    )


def _file(world: Any, service: Service, code: str) -> ServiceRequest:
    return services.service_request_file(
        actor=world.citizen, service=service, data={"national_code": code, "purpose": "bank"}
    )


def _review(world: Any, request: ServiceRequest) -> Any:
    officer = world.zanjan_officer
    scope = scope_for_user(officer)
    services.service_request_review(actor=officer, scope=scope, request=request)
    return scope


def _approve(world: Any, request: ServiceRequest) -> ServiceRequest:
    scope = _review(world, request)
    return services.service_request_approve(
        actor=world.zanjan_officer, scope=scope, request=request
    )


@pytest.fixture
def approved(world: Any, service: Service, person: Person, active_file: ClientFile) -> Any:
    return _approve(world, _file(world, service, person.national_code))


@pytest.fixture
def certificate(approved: ServiceRequest) -> Certificate:
    return Certificate.objects.get(request=approved)


def _revoke(world: Any, certificate: Certificate, reason: str = "صادر شده به اشتباه") -> Any:
    officer = world.zanjan_officer
    return services_certificates.certificate_revoke(
        actor=officer, scope=scope_for_user(officer), certificate=certificate, reason=reason
    )


def _pdf_text(body: bytes) -> str:
    reader = PdfReader(io.BytesIO(body))
    return "\n".join(page.extract_text() for page in reader.pages)


def _state(request: ServiceRequest) -> str:
    return ServiceRequest.objects.select_related("case").get(pk=request.pk).case.state


def _unknown_certificate_code() -> str:
    code = generate_tracking_code()
    while Certificate.objects.filter(code=code).exists():
        code = generate_tracking_code()
    return code


def _mistyped(code: str) -> str:
    """The code with its last digit changed: the Verhoeff check catches every such slip."""
    return code[:-1] + str((int(code[-1]) + 1) % 10)


# ---------------------------------------------------------------- issuing


def test_approving_a_coverage_request_issues_one_certificate_stating_the_persons_coverage(
    world, approved, person, active_file
) -> None:
    certificate = Certificate.objects.get()
    code_fa = to_persian_digits(person.national_code)
    values = [value for _label, value in certificate.facts]

    assert certificate.request == approved
    assert approved.case.state == RequestState.APPROVED
    assert certificate.holder_name == FULL_NAME
    assert FULL_NAME in certificate.statement and code_fa in certificate.statement
    assert FULL_NAME in values and code_fa in values
    assert any(to_persian_digits(active_file.file_number) in value for value in values)
    # The national code is printed in Persian digits only.
    assert person.national_code not in certificate.statement
    assert all(person.national_code not in value for value in values)
    assert certificate.issuing_unit == approved.org_unit
    assert approved.org_unit.code == "C1901"  # handled where the applicant lives
    assert certificate.is_valid and certificate.revoked_at is None
    assert len(certificate.code) == 12 and certificate.code != approved.case.tracking_code
    assert approved.outcome == {}  # the certificate has its own row


def test_issuing_freezes_the_content_given_under_a_verification_code_of_its_own(
    world, service
) -> None:
    request = _file(world, service, national_code())

    certificate = services_certificates.certificate_issue(
        request=request,
        title="گواهی",
        statement="متن گواهی",
        facts=[["نام", "مریم"]],
        holder_name="مریم",
    )

    certificate.refresh_from_db()
    assert (certificate.title, certificate.statement) == ("گواهی", "متن گواهی")
    assert certificate.facts == [["نام", "مریم"]] and certificate.holder_name == "مریم"
    assert certificate.issuing_unit == request.org_unit and certificate.is_valid
    issued = TrackingCode.objects.get(code=certificate.code)
    assert issued.namespace == services_certificates.CERTIFICATE_NAMESPACE


def test_the_certificate_is_written_in_persian_whatever_language_the_officer_uses(
    world, service, person, active_file
) -> None:
    request = _file(world, service, person.national_code)
    with translation.override("en"):
        _approve(world, request)

    certificate = Certificate.objects.get()
    persian = re.compile("[\u0600-\u06ff]")
    assert persian.search(certificate.title), certificate.title
    assert "This certifies" not in certificate.statement, certificate.statement
    assert all(persian.search(label) for label, _value in certificate.facts), certificate.facts
    assert "covered since" not in " ".join(value for _label, value in certificate.facts)


def test_a_person_without_an_active_file_gets_no_certificate_and_the_request_stays_open(
    world, service, person
) -> None:
    household = person.memberships.get().household
    open_file(world.zanjan_manager, household, "approved")  # approved, not yet active
    request = _file(world, service, person.national_code)
    scope = _review(world, request)

    with pytest.raises(ApplicationError) as raised:
        services.service_request_approve(actor=world.zanjan_officer, scope=scope, request=request)

    assert raised.value.code == "not_covered" and raised.value.status == 409
    assert not Certificate.objects.exists()
    assert _state(request) == RequestState.UNDER_REVIEW


def test_an_unknown_national_code_is_refused_as_not_in_the_registry(world, service, person) -> None:
    request = _file(world, service, national_code())
    scope = _review(world, request)

    with pytest.raises(ApplicationError) as raised:
        services.service_request_approve(actor=world.zanjan_officer, scope=scope, request=request)

    assert raised.value.code == "person_not_in_registry"
    assert not Certificate.objects.exists()
    assert _state(request) == RequestState.UNDER_REVIEW


def test_a_citizen_gets_no_certificate_about_a_stranger_by_naming_their_national_code(
    world, service, person
) -> None:
    seed_score_factors()
    stranger = register_person(world.zanjan_manager)
    household = register_household(world.zanjan_manager, world.unit("C1901"), head=stranger)
    open_file(
        world.zanjan_manager,
        household,
        "active",
        counter=world.unit("Z1901"),
        social_worker=world.zanjan_social_worker,
    )
    request = _file(world, service, stranger.national_code)
    scope = _review(world, request)

    with pytest.raises(ApplicationError) as refused:
        services.service_request_approve(actor=world.zanjan_officer, scope=scope, request=request)

    assert refused.value.code == "not_applicants_household"
    assert not Certificate.objects.exists()
    assert _state(request) == RequestState.UNDER_REVIEW


def test_the_refusal_is_shown_on_the_staff_page_and_nothing_is_approved(
    world, client_for, service, person
) -> None:
    request = _file(world, service, person.national_code)
    _review(world, request)

    response = english(client_for("zanjan_officer")).post(
        f"/services/staff/{request.pk}/approve/", {"approve-note": ""}
    )

    assert response.status_code == 409
    assert "no active coverage file" in response.content.decode()
    assert not Certificate.objects.exists()
    assert _state(request) == RequestState.UNDER_REVIEW


# ---------------------------------------------------------------- downloading


def test_the_citizen_downloads_the_certificate_as_a_pdf_naming_them_not_in_its_file_name(
    world, client_for, approved, certificate, person
) -> None:
    response = client_for("citizen").get(
        f"/services/my/{approved.case.tracking_code}/certificate.pdf"
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    text = _pdf_text(response.content)
    assert FIRST_NAME in text and LAST_NAME in text
    assert format_tracking_code(certificate.code) in text
    disposition = response["Content-Disposition"]
    assert disposition == f'attachment; filename="certificate-{certificate.code}.pdf"'
    assert person.national_code not in disposition and LAST_NAME not in disposition
    assert "no-store" in response["Cache-Control"]


def test_the_pdf_points_to_the_verification_page_of_its_code(
    world, client_for, approved, certificate
) -> None:
    response = client_for("citizen").get(
        f"/services/my/{approved.case.tracking_code}/certificate.pdf"
    )

    assert f"/verify/{certificate.code}/" in _pdf_text(response.content)


def test_the_citizens_request_page_offers_the_certificate(
    world, client_for, approved, certificate
) -> None:
    page = client_for("citizen").get(f"/services/my/{approved.case.tracking_code}/")

    body = page.content.decode()
    assert page.status_code == 200
    assert f"/services/my/{approved.case.tracking_code}/certificate.pdf" in body
    assert f"/verify/{certificate.code}/" in body


def test_another_citizen_cannot_download_someone_elses_certificate(world, approved) -> None:
    other = User.objects.create_user(mobile=OTHER_MOBILE, full_name="Reza Karimi", is_staff=False)
    client = Client()
    client.force_login(other, backend="chatr.accounts.backends.StaffPasswordBackend")

    response = client.get(f"/services/my/{approved.case.tracking_code}/certificate.pdf")

    assert response.status_code == 404


def test_a_request_without_a_certificate_has_no_pdf(world, client_for, service) -> None:
    request = _file(world, service, national_code())

    citizen = client_for("citizen").get(
        f"/services/my/{request.case.tracking_code}/certificate.pdf"
    )
    staff = client_for("zanjan_officer").get(f"/services/staff/{request.pk}/certificate.pdf")

    assert citizen.status_code == 404 and staff.status_code == 404


def test_the_units_pdf_download_writes_exactly_one_view_record(
    world, client_for, approved, certificate
) -> None:
    last = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0

    response = client_for("zanjan_officer").get(f"/services/staff/{approved.pk}/certificate.pdf")

    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert FIRST_NAME in _pdf_text(response.content)
    event = AuditEvent.objects.get(pk__gt=last)  # one event, and only one
    assert event.action == AuditAction.VIEW
    assert event.actor == world.zanjan_officer
    assert event.target_type.model_class() is ServiceRequest
    assert event.target_id == str(approved.pk)
    assert event.org_unit == approved.org_unit
    assert event.changes == {"certificate": "downloaded"}


def test_an_officer_of_another_province_cannot_see_approve_or_download(
    world, client_for, service, person, active_file
) -> None:
    request = _file(world, service, person.national_code)
    _review(world, request)
    kerman = client_for("kerman_manager")

    assert kerman.get(f"/services/staff/{request.pk}/").status_code == 404
    assert kerman.post(f"/services/staff/{request.pk}/approve/", {}).status_code == 404
    with pytest.raises(NotFoundError):
        services.service_request_approve(
            actor=world.kerman_manager, scope=scope_for_user(world.kerman_manager), request=request
        )
    assert not Certificate.objects.exists()
    assert _state(request) == RequestState.UNDER_REVIEW

    officer = world.zanjan_officer
    services.service_request_approve(actor=officer, scope=scope_for_user(officer), request=request)
    before = AuditEvent.objects.filter(action=AuditAction.VIEW).count()
    assert kerman.get(f"/services/staff/{request.pk}/certificate.pdf").status_code == 404
    assert (
        kerman.post(
            f"/services/staff/{request.pk}/certificate/revoke/", {"revoke-reason": "x"}
        ).status_code
        == 404
    )
    assert AuditEvent.objects.filter(action=AuditAction.VIEW).count() == before
    assert Certificate.objects.get().is_valid


def test_a_revoked_certificate_is_no_longer_offered_to_its_holder(
    world, client_for, approved, certificate
) -> None:
    _revoke(world, certificate)
    client = english(client_for("citizen"))

    page = client.get(f"/services/my/{approved.case.tracking_code}/").content.decode()

    assert "This certificate was revoked on" in page
    assert f"/services/my/{approved.case.tracking_code}/certificate.pdf" not in page


def test_the_holder_cannot_download_a_revoked_certificate_as_if_it_were_valid(
    world, client_for, approved, certificate
) -> None:
    # The page stops offering the PDF once revoked (above); the address must refuse it too,
    # or the holder keeps printing a paper that reads as valid.
    _revoke(world, certificate)

    response = client_for("citizen").get(
        f"/services/my/{approved.case.tracking_code}/certificate.pdf"
    )

    assert response.status_code == 404


# ---------------------------------------------------------------- revoking


def test_the_unit_revokes_a_certificate_with_a_reason_kept_internal(
    world, client_for, approved, certificate
) -> None:
    client = client_for("zanjan_officer")

    response = client.post(
        f"/services/staff/{approved.pk}/certificate/revoke/", {"revoke-reason": "اشتباه در صدور"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"/services/staff/{approved.pk}/"
    certificate.refresh_from_db()
    assert certificate.revoked_at is not None and not certificate.is_valid
    assert certificate.revoke_reason == "اشتباه در صدور"
    verified = english(Client()).get(f"/verify/{certificate.code}/").content.decode()
    assert "اشتباه در صدور" not in verified


def test_revoking_needs_a_reason(world, client_for, approved, certificate) -> None:
    response = client_for("zanjan_officer").post(
        f"/services/staff/{approved.pk}/certificate/revoke/", {"revoke-reason": "  "}
    )

    assert response.status_code == 400
    certificate.refresh_from_db()
    assert certificate.is_valid
    with pytest.raises(ApplicationError) as raised:
        _revoke(world, certificate, reason="   ")
    assert raised.value.code == "reason_required"


def test_a_certificate_is_revoked_once(world, certificate) -> None:
    first = _revoke(world, certificate)

    with pytest.raises(ApplicationError) as raised:
        _revoke(world, certificate, reason="دوباره")

    assert raised.value.code == "already_revoked" and raised.value.status == 409
    certificate.refresh_from_db()
    assert certificate.revoked_at == first.revoked_at
    assert certificate.revoke_reason == "صادر شده به اشتباه"


def test_revoking_is_audited_without_the_reason(world, certificate) -> None:
    _revoke(world, certificate)

    event = AuditEvent.objects.filter(action=AuditAction.STATE).latest("pk")
    assert event.actor == world.zanjan_officer
    assert event.changes == {"certificate": "revoked"}


# ---------------------------------------------------------------- verifying


def test_a_valid_code_shows_the_certificate_with_the_holders_name_shortened(
    world, certificate, person
) -> None:
    response = english(Client()).get(f"/verify/{certificate.code}/")

    body = response.content.decode()
    assert response.status_code == 200
    assert "This certificate is genuine and valid." in body
    assert f"{FIRST_NAME} {LAST_NAME[0]}…" in body
    assert LAST_NAME not in body
    assert person.national_code not in body
    assert to_persian_digits(person.national_code) not in body
    assert certificate.issuing_unit.name_fa in body


def test_the_code_may_be_typed_with_spaces_and_persian_digits(world, certificate) -> None:
    typed = to_persian_digits(format_tracking_code(certificate.code))

    response = english(Client()).get("/verify/", {"code": typed})

    assert response.status_code == 200
    assert "This certificate is genuine and valid." in response.content.decode()


def test_an_unknown_code_is_not_found(world, certificate) -> None:
    response = english(Client()).get(f"/verify/{_unknown_certificate_code()}/")

    assert response.status_code == 404
    assert "No certificate has this verification code." in response.content.decode()


def test_a_request_tracking_code_is_not_a_certificate_code(world, approved, certificate) -> None:
    response = english(Client()).get(f"/verify/{approved.case.tracking_code}/")

    assert response.status_code == 404


def test_a_mistyped_code_is_refused_before_any_lookup(
    world, certificate, django_assert_num_queries
) -> None:
    with pytest.raises(ApplicationError) as raised, django_assert_num_queries(0):
        certificate_verify(code=_mistyped(certificate.code), client_key="203.0.113.9")
    assert raised.value.code == "code_malformed" and raised.value.status == 400

    response = english(Client()).get(f"/verify/{_mistyped(certificate.code)}/")
    assert response.status_code == 400
    assert "A verification code has 12 digits" in response.content.decode()


def test_a_revoked_certificate_says_so_with_the_date(world, certificate) -> None:
    _revoke(world, certificate)

    check = certificate_verify(code=certificate.code, client_key="203.0.113.9")
    response = english(Client()).get(f"/verify/{certificate.code}/")

    assert not check.is_valid and check.revoked_at is not None
    body = response.content.decode()
    assert response.status_code == 200
    assert "This certificate was revoked." in body and "Revoked on" in body
    assert "genuine and valid" not in body


def test_the_empty_verify_page_shows_the_form(world) -> None:
    response = english(Client()).get("/verify/")

    assert response.status_code == 200
    assert 'name="code"' in response.content.decode()


def test_verifying_is_rate_limited_per_connection(world, certificate, monkeypatch) -> None:
    monkeypatch.setattr(selectors_certificates, "TRACK_LIMIT", 3)
    client = Client()
    statuses = [client.get(f"/verify/{certificate.code}/").status_code for _ in range(3)]
    # Guessing with mistyped codes counts too.
    statuses.append(client.get(f"/verify/{_mistyped(certificate.code)}/").status_code)

    assert statuses == [200, 200, 200, 429]
    other = Client(REMOTE_ADDR="198.51.100.7")
    assert other.get(f"/verify/{certificate.code}/").status_code == 200


def test_too_many_checks_is_a_general_error_not_one_about_the_code(
    world, certificate, monkeypatch
) -> None:
    monkeypatch.setattr(selectors_certificates, "TRACK_LIMIT", 1)
    client = english(Client())
    client.get(f"/verify/{certificate.code}/")

    response = client.get(f"/verify/{certificate.code}/")

    html = response.content.decode()
    assert response.status_code == 429
    assert "Too many lookups from this connection." in html
    assert "data-error-summary" in html
    # Nothing is wrong with the code typed: the field is not marked, the summary links nowhere.
    assert 'aria-invalid="true"' not in html and 'href="#id_code"' not in html


def test_verifying_is_rate_limited_at_the_shared_tracking_limit(world, certificate) -> None:
    client = Client()
    statuses = [client.get(f"/verify/{certificate.code}/").status_code for _ in range(31)]

    assert statuses[:30] == [200] * 30 and statuses[30] == 429


@pytest.mark.parametrize(
    ("name", "shortened"),
    [
        ("مریم رضایی", "مریم ر…"),
        ("محمدعلی  حسینی نژاد", "محمدعلی ح… ن…"),
        ("مریم", "مریم"),
        ("", ""),
    ],
)
def test_the_holders_name_is_shortened_to_the_first_name_and_initials(
    name: str, shortened: str
) -> None:
    assert holder_shortened(name) == shortened


# ---------------------------------------------------------------- the API


def test_the_api_check_mirrors_the_page(world, certificate, person) -> None:
    client = Client()
    url = f"/api/v1/eservices/certificates/{certificate.code}"

    valid = client.get(url)
    assert valid.status_code == 200
    body = valid.json()
    assert body["valid"] is True and body["revoked_at"] is None
    assert body["holder"] == f"{FIRST_NAME} {LAST_NAME[0]}…"
    assert body["code"] == certificate.code and body["issuing_unit"] == "زنجان"
    assert LAST_NAME not in valid.content.decode("utf-8")
    assert person.national_code not in valid.content.decode("utf-8")

    _revoke(world, certificate)
    revoked = client.get(url).json()
    assert revoked["valid"] is False and revoked["revoked_at"]

    unknown = client.get(f"/api/v1/eservices/certificates/{_unknown_certificate_code()}")
    assert unknown.status_code == 404 and unknown.json()["code"] == "certificate_not_found"
    mistyped = client.get(f"/api/v1/eservices/certificates/{_mistyped(certificate.code)}")
    assert mistyped.status_code == 400 and mistyped.json()["code"] == "code_malformed"


def test_the_citizens_api_lists_the_certificate_code_and_validity(
    world, client_for, approved, certificate
) -> None:
    client = client_for("citizen")

    item = client.get("/api/v1/eservices/my/requests").json()["items"][0]
    assert item["certificate_code"] == certificate.code and item["certificate_valid"] is True

    _revoke(world, certificate)
    item = client.get("/api/v1/eservices/my/requests").json()["items"][0]
    assert item["certificate_valid"] is False


def test_approving_through_the_api_reports_the_refusal(world, client_for, service, person) -> None:
    request = _file(world, service, person.national_code)
    _review(world, request)

    response = client_for("zanjan_officer").post(
        f"/api/v1/eservices/requests/{request.pk}/approve",
        {"text": ""},
        content_type="application/json",
    )

    assert response.status_code == 409 and response.json()["code"] == "not_covered"
    assert _state(request) == RequestState.UNDER_REVIEW
