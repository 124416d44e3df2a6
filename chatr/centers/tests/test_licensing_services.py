"""Licensing workflow on the case machinery: steps, deadlines, documents, decisions."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone, translation

from chatr.cases.deadlines import add_working_days
from chatr.centers import services_licensing as services
from chatr.centers.choices import CenterStatus, LicenceKind
from chatr.centers.choices_licensing import ApplicantKind, ApplicationKind, DocumentType
from chatr.centers.choices_licensing import LicensingState as S
from chatr.centers.demo_licensing import demo_company_id, demo_national_code, demo_pdf, documents
from chatr.centers.models import LicenceApplication, LicensingFee
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.notifications.models import SmsMessage
from chatr.org.scope import scope_for_user

TEHRAN = ZoneInfo("Asia/Tehran")
NGO_ID = demo_company_id("1400123456")


def apply(world: Any, *, by: str = "citizen", county: str = "C1901", without=(), **over: Any):  # type: ignore[no-untyped-def]
    applicant = services.ApplicantData(
        kind=over.pop("applicant_kind", ApplicantKind.NGO),
        name="موسسه خیریه همراهان",
        mobile="09121234567",
        national_code=over.pop("national_code", ""),
        company_id=over.pop("company_id", NGO_ID),
    )
    data = services.ApplicationData(
        licence_type=over.pop("licence_type", "rehabilitation"),
        applicant=applicant,
        proposed_name="مرکز توانبخشی همراه",
        county=world.unit(county),
        care_mode="day",
        capacity=30,
        address="زنجان، خیابان سعدی، پلاک ۱۰",
        payment_reference=over.pop("payment_reference", "PAY-123"),
    )
    docs = documents(ApplicationKind.PRINCIPLE_AGREEMENT, without=without)
    if by == "citizen":
        return services.application_file(
            actor=world.citizen, scope_or_none=None, data=data, documents=docs
        )
    user = world.users[by]
    return services.application_file(
        actor=user, scope_or_none=scope_for_user(user), data=data, documents=docs
    )


def scope(world: Any, name: str):  # type: ignore[no-untyped-def]
    return scope_for_user(world.users[name])


def to_agreement(world: Any, application: LicenceApplication) -> LicenceApplication:
    officer, manager = world.zanjan_officer, world.zanjan_manager
    services.application_send_inquiries(
        actor=officer, scope=scope(world, "zanjan_officer"), application=application
    )
    services.application_forward(
        actor=officer, scope=scope(world, "zanjan_officer"), application=application
    )
    services.application_commission_approve(
        actor=manager, scope=scope(world, "zanjan_manager"), application=application
    )
    return services.application_agreement_issue(
        actor=manager, scope=scope(world, "zanjan_manager"), application=application
    )


@pytest.mark.django_db
def test_ngo_application_goes_through_every_step_to_a_principle_agreement(world: Any) -> None:
    application = apply(world)
    assert application.case.state == S.SUBMITTED
    assert application.case.requester == world.citizen
    assert application.fee_amount == services.DEFAULT_FEES["principle_agreement"]
    assert application.documents.count() == 6
    application = to_agreement(world, application)
    application.refresh_from_db()
    assert application.case.state == S.AGREEMENT_ISSUED
    assert application.case.org_unit == world.unit("P19")  # the commission's province
    licence = application.licence
    assert licence is not None and licence.kind == LicenceKind.PRINCIPLE_AGREEMENT
    assert application.center is not None
    assert application.center.status == CenterStatus.INACTIVE
    assert application.center.org_unit.parent == world.unit("C1901")
    states = list(application.case.events.exclude(to_state="").values_list("to_state", flat=True))
    assert states == [S.SUBMITTED, S.INQUIRIES_SENT, S.AT_COMMISSION, S.SECURITY_VETTING,
                      S.AGREEMENT_ISSUED]  # fmt: skip
    assert SmsMessage.objects.filter(purpose="centers_licensing_decided").count() == 1


@pytest.mark.django_db
def test_fee_comes_from_the_fee_table(world: Any) -> None:
    LicensingFee.objects.create(
        licence_type="rehabilitation", kind="principle_agreement", amount=4_200_000
    )
    assert apply(world).fee_amount == 4_200_000


@pytest.mark.django_db
def test_each_step_has_its_own_deadline_on_working_days(world: Any) -> None:
    application = apply(world)
    case = application.case
    start = timezone.localtime(case.clock_started_at, TEHRAN).date()
    assert timezone.localtime(case.due_at, TEHRAN).date() == add_working_days(start, 3, [])
    services.application_send_inquiries(
        actor=world.zanjan_officer, scope=scope(world, "zanjan_officer"), application=application
    )
    case.refresh_from_db()
    assert case.deadline_days == 7
    start = timezone.localtime(case.clock_started_at, TEHRAN).date()
    assert timezone.localtime(case.due_at, TEHRAN).date() == add_working_days(start, 7, [])
    services.application_forward(
        actor=world.zanjan_officer, scope=scope(world, "zanjan_officer"), application=application
    )
    case.refresh_from_db()
    assert case.deadline_days == 5
    services.application_commission_approve(
        actor=world.zanjan_manager, scope=scope(world, "zanjan_manager"), application=application
    )
    case.refresh_from_db()
    assert case.deadline_days == 20


@pytest.mark.django_db
def test_missing_documents_are_texted_and_the_clock_waits(world: Any) -> None:
    application = apply(world, without=(DocumentType.NO_ADDICTION,))
    with pytest.raises(ApplicationError) as error:
        services.application_send_inquiries(
            actor=world.zanjan_officer,
            scope=scope(world, "zanjan_officer"),
            application=application,
        )
    assert error.value.code == "documents_missing"
    services.application_request_documents(
        actor=world.zanjan_officer,
        scope=scope(world, "zanjan_officer"),
        application=application,
        documents=[DocumentType.NO_ADDICTION],
    )
    application.refresh_from_db()
    case = application.case
    assert case.state == S.WAITING_DOCUMENTS
    assert case.paused_at is not None
    sms = SmsMessage.objects.get(purpose="centers_licensing_documents")
    with translation.override("fa"):  # the SMS is in Persian (once the catalogue has it)
        assert str(DocumentType.NO_ADDICTION.label) in sms.text
    assert sms.to == "+989121234567"
    services.application_supply_documents(
        actor=world.citizen,
        scope_or_none=None,
        application=application,
        documents={DocumentType.NO_ADDICTION: demo_pdf()},
    )
    application.refresh_from_db()
    assert application.case.state == S.SUBMITTED
    assert application.case.paused_at is None
    assert application.missing_documents == []


@pytest.mark.django_db
def test_paused_days_are_not_counted(world: Any) -> None:
    """Waiting five days for documents leaves the step's remaining working days intact."""
    application = apply(world, without=(DocumentType.DEGREE,))
    monday = datetime(2025, 6, 2, 9, tzinfo=TEHRAN)  # no holidays in the test database
    from chatr.cases.models import Case

    Case.objects.filter(pk=application.case_id).update(
        clock_started_at=monday, due_at=datetime(2025, 6, 5, 23, 59, 59, tzinfo=TEHRAN)
    )
    application.refresh_from_db()
    from unittest import mock

    with mock.patch("django.utils.timezone.now", return_value=monday):
        services.application_request_documents(
            actor=world.zanjan_officer,
            scope=scope(world, "zanjan_officer"),
            application=application,
            documents=[DocumentType.DEGREE],
        )
    application.refresh_from_db()
    assert application.case.paused_remaining_days == 3
    later = monday + timedelta(days=7)
    with mock.patch("django.utils.timezone.now", return_value=later):
        services.application_supply_documents(
            actor=world.citizen,
            scope_or_none=None,
            application=application,
            documents={DocumentType.DEGREE: demo_pdf()},
        )
    application.refresh_from_db()
    due = timezone.localtime(application.case.due_at, TEHRAN).date()
    assert due == add_working_days(later.date(), 3, [])


@pytest.mark.django_db
def test_illegal_moves_are_refused_with_a_clear_message(world: Any) -> None:
    application = apply(world)
    with pytest.raises(ApplicationError) as error:
        services.application_forward(
            actor=world.zanjan_officer,
            scope=scope(world, "zanjan_officer"),
            application=application,
        )
    assert error.value.code == "illegal_transition"
    assert error.value.status == 409
    assert "cannot be moved" in error.value.message_en
    with pytest.raises(ApplicationError):
        services.application_agreement_issue(
            actor=world.zanjan_manager,
            scope=scope(world, "zanjan_manager"),
            application=application,
        )


@pytest.mark.django_db
def test_only_the_commission_decides(world: Any) -> None:
    application = apply(world)
    services.application_send_inquiries(
        actor=world.zanjan_officer, scope=scope(world, "zanjan_officer"), application=application
    )
    services.application_forward(
        actor=world.zanjan_officer, scope=scope(world, "zanjan_officer"), application=application
    )
    with pytest.raises(ApplicationError) as error:
        services.application_commission_approve(
            actor=world.zanjan_officer,
            scope=scope(world, "zanjan_officer"),
            application=application,
        )
    assert error.value.status == 403
    with pytest.raises(ApplicationError):
        services.application_refuse(
            actor=world.zanjan_officer,
            scope=scope(world, "zanjan_officer"),
            application=application,
            reason="no",
        )


@pytest.mark.django_db
def test_refusal_needs_reasons_and_the_applicant_sees_them(world: Any) -> None:
    application = apply(world)
    with pytest.raises(ApplicationError) as error:
        services.application_refuse(
            actor=world.zanjan_officer,
            scope=scope(world, "zanjan_officer"),
            application=application,
            reason="  ",
        )
    assert error.value.code == "reason_required"
    services.application_refuse(
        actor=world.zanjan_officer,
        scope=scope(world, "zanjan_officer"),
        application=application,
        reason="ساختمان مناسب نیست",
    )
    application.refresh_from_db()
    assert application.case.state == S.REFUSED
    assert application.case.events.filter(is_public=True, text="ساختمان مناسب نیست").exists()


@pytest.mark.django_db
def test_staff_outside_the_county_cannot_file_or_act(world: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        apply(world, by="kerman_manager", county="C1901")
    assert error.value.code == "county_out_of_scope"
    application = apply(world)
    with pytest.raises(NotFoundError):
        services.application_send_inquiries(
            actor=world.kerman_manager,
            scope=scope(world, "kerman_manager"),
            application=application,
        )


@pytest.mark.django_db
def test_person_needs_a_valid_national_code_and_ngo_a_valid_company_id(world: Any) -> None:
    with pytest.raises(ApplicationError) as error:
        apply(world, company_id="14001234567" if NGO_ID != "14001234567" else "14001234568")
    assert error.value.code == "company_id_invalid"
    with pytest.raises(ApplicationError) as error:
        apply(world, applicant_kind=ApplicantKind.PERSON, national_code="0012345678")
    assert error.value.code == "national_code_invalid"
    person = apply(
        world, applicant_kind=ApplicantKind.PERSON, national_code=demo_national_code("001234567")
    )
    assert person.national_code == demo_national_code("001234567")


@pytest.mark.django_db
def test_files_are_checked_by_content(world: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = apply(world)
    with pytest.raises(ApplicationError) as error:
        services.application_supply_documents(
            actor=world.citizen,
            scope_or_none=None,
            application=application,
            documents={DocumentType.DEGREE: SimpleUploadedFile("degree.pdf", b"MZ not a pdf")},
        )
    assert error.value.code == "attachment_type"


@pytest.mark.django_db
def test_activity_licence_after_agreement_site_visit_then_issue(world: Any) -> None:
    agreement = to_agreement(world, apply(world))
    agreement.refresh_from_db()
    activity = services.activity_licence_apply(
        actor=world.citizen,
        scope_or_none=None,
        agreement=agreement,
        payment_reference="PAY-ACT",
        documents=documents(ApplicationKind.ACTIVITY_LICENCE),
    )
    assert activity.case.requester == world.citizen
    services.application_site_visit_schedule(
        actor=world.zanjan_officer, scope=scope(world, "zanjan_officer"), application=activity
    )
    today = timezone.localdate()
    services.application_activity_issue(
        actor=world.zanjan_manager,
        scope=scope(world, "zanjan_manager"),
        application=activity,
        visited_on=today,
        findings="فضا و تجهیزات مطابق ضوابط است",
    )
    activity.refresh_from_db()
    assert activity.case.state == S.LICENCE_ISSUED
    assert activity.licence is not None
    assert activity.licence.kind == LicenceKind.ACTIVITY_LICENCE
    assert activity.licence.valid_from == today
    activity.center.refresh_from_db()
    assert activity.center.status == CenterStatus.ACTIVE


@pytest.mark.django_db
def test_activity_licence_needs_an_issued_agreement_and_its_applicant(world: Any) -> None:
    application = apply(world)
    with pytest.raises(ApplicationError) as error:
        services.activity_licence_apply(
            actor=world.citizen, scope_or_none=None, agreement=application, payment_reference="x"
        )
    assert error.value.code == "agreement_not_issued"
    with pytest.raises(NotFoundError):
        services.activity_licence_apply(
            actor=world.zanjan_officer,
            scope_or_none=None,
            agreement=application,
            payment_reference="x",
        )


def _is_date(value: Any) -> bool:
    return isinstance(value, date)
