from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from chatr.cases.models import Case, CaseAttachment
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.core.text import to_ascii_digits
from chatr.eservices import services
from chatr.eservices.choices import RequestState
from chatr.eservices.models import FormDefinition, ServiceRequest
from chatr.eservices.tests.factories import FIELDS, PNG_BYTES, file_request, make_service
from chatr.notifications.models import SmsMessage
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db(transaction=False)


def _scope(user):  # type: ignore[no-untyped-def]
    return scope_for_user(user)


def test_citizen_files_a_request_with_a_tracking_code_and_the_unit_gets_it(
    world, django_capture_on_commit_callbacks
) -> None:
    service = make_service(world)
    with django_capture_on_commit_callbacks(execute=True):
        request = file_request(world, service)
    case = request.case
    assert case.tracking_code and case.state == RequestState.SUBMITTED
    assert request.org_unit.code == "P19" and case.org_unit.code == "P19"
    assert request.definition.version == 1
    assert request.answers["national_code"] == "0499370899"
    assert case.deadline_days == 10 and case.due_at is not None
    assert case.requester == world.citizen
    sms = SmsMessage.objects.get(purpose="eservices_submitted")
    assert sms.to == world.citizen.mobile
    assert case.tracking_code in to_ascii_digits(sms.text).replace(" ", "")


def test_bad_answers_are_refused_all_at_once_and_nothing_is_saved(world) -> None:
    service = make_service(world)
    with pytest.raises(ApplicationError) as raised:
        file_request(world, service, national_code="123", size="0")
    assert raised.value.code == "answers_invalid"
    assert set(raised.value.fields) == {"national_code", "size"}
    assert not Case.objects.exists() and not ServiceRequest.objects.exists()


def test_file_answers_are_stored_on_the_case(world) -> None:
    service = make_service(world)
    upload = SimpleUploadedFile("card.png", PNG_BYTES, content_type="image/png")
    request = services.service_request_file(
        actor=world.citizen,
        service=service,
        data={**_good(), "has_card": "yes"},
        files={"card": upload},
    )
    attachment = CaseAttachment.objects.get(case=request.case)
    assert request.answers["card"] == {"name": "card.png", "attachment_id": attachment.pk}


def _good():  # type: ignore[no-untyped-def]
    from chatr.eservices.tests.factories import GOOD

    return GOOD


def test_staff_cannot_file_as_a_citizen(world) -> None:
    service = make_service(world)
    with pytest.raises(NotFoundError):
        services.service_request_file(actor=world.zanjan_officer, service=service, data=_good())


def test_a_request_keeps_its_version_after_a_new_one_is_published(world) -> None:
    service = make_service(world)
    first = file_request(world, service)
    changed = [*FIELDS[:-1], {"key": "note", "label_fa": "توضیح", "type": "text"}]
    v2 = services.form_definition_publish(
        actor=world.hq_manager, scope=_scope(world.hq_manager), service=service, fields=changed
    )
    assert v2.version == 2
    second = file_request(world, service, note="سلام")
    first.refresh_from_db()
    assert first.definition.version == 1 and second.definition.version == 2
    assert "card" in [f["key"] for f in first.definition.fields]
    assert FormDefinition.objects.filter(service=service).count() == 2


def test_only_hq_publishes_definitions(world) -> None:
    service = make_service(world)
    with pytest.raises(PermissionDeniedError):
        services.form_definition_publish(
            actor=world.zanjan_manager,
            scope=_scope(world.zanjan_manager),
            service=service,
            fields=FIELDS,
        )
    with pytest.raises(ApplicationError):
        services.form_definition_publish(
            actor=world.hq_manager, scope=_scope(world.hq_manager), service=service, fields=[]
        )
    assert FormDefinition.objects.filter(service=service).count() == 1


def test_the_whole_workflow_with_more_information(
    world, django_capture_on_commit_callbacks
) -> None:
    service = make_service(world)
    officer, scope = world.zanjan_officer, _scope(world.zanjan_officer)
    with django_capture_on_commit_callbacks(execute=True):
        request = file_request(world, service)
        request = services.service_request_review(actor=officer, scope=scope, request=request)
        request = services.service_request_ask_info(
            actor=officer, scope=scope, request=request, message="تصویر کارت ملی را بفرستید."
        )
    assert request.case.state == RequestState.NEEDS_INFO
    assert request.case.paused_at is not None  # the clock waits for the person
    assert request.info_requested == "تصویر کارت ملی را بفرستید."
    sms = SmsMessage.objects.get(purpose="eservices_needs_info")
    assert "تصویر کارت ملی را بفرستید." in sms.text
    request = services.service_request_answer_info(
        actor=world.citizen, request=request, text="فرستادم."
    )
    assert request.case.state == RequestState.UNDER_REVIEW and request.case.paused_at is None
    request = services.service_request_approve(actor=officer, scope=scope, request=request)
    assert request.case.answered_at is not None
    request = services.service_request_complete(actor=officer, scope=scope, request=request)
    assert request.case.state == RequestState.COMPLETED and request.case.closed_at is not None


@pytest.mark.parametrize(
    "move",
    ["approve", "complete", "ask"],
)
def test_illegal_moves_are_refused(world, move: str) -> None:
    service = make_service(world)
    officer, scope = world.zanjan_officer, _scope(world.zanjan_officer)
    request = file_request(world, service)  # submitted: must be reviewed first
    act = {
        "approve": lambda: services.service_request_approve(
            actor=officer, scope=scope, request=request
        ),
        "complete": lambda: services.service_request_complete(
            actor=officer, scope=scope, request=request
        ),
        "ask": lambda: services.service_request_ask_info(
            actor=officer, scope=scope, request=request, message="?"
        ),
    }[move]
    with pytest.raises(ApplicationError) as raised:
        act()
    assert raised.value.code == "illegal_transition" and raised.value.status == 409
    request.case.refresh_from_db()
    assert request.case.state == RequestState.SUBMITTED


def test_rejection_needs_a_reason_the_person_sees(world) -> None:
    service = make_service(world)
    officer, scope = world.zanjan_officer, _scope(world.zanjan_officer)
    request = file_request(world, service)
    with pytest.raises(ApplicationError) as raised:
        services.service_request_reject(actor=officer, scope=scope, request=request, reason=" ")
    assert "reason" in raised.value.fields
    request = services.service_request_reject(
        actor=officer, scope=scope, request=request, reason="خارج از استان"
    )
    assert request.case.state == RequestState.REJECTED and request.reason == "خارج از استان"
    assert request.case.events.filter(is_public=True, text="خارج از استان").exists()


def test_only_the_applicant_answers_and_only_when_asked(world) -> None:
    service = make_service(world)
    request = file_request(world, service)
    with pytest.raises(ApplicationError) as raised:
        services.service_request_answer_info(actor=world.citizen, request=request, text="x")
    assert raised.value.code == "no_information_asked"
    with pytest.raises(NotFoundError):
        services.service_request_answer_info(actor=world.zanjan_officer, request=request, text="x")


def test_another_provinces_officer_gets_not_found(world) -> None:
    service = make_service(world)
    request = file_request(world, service)
    kerman = world.kerman_manager
    with pytest.raises(NotFoundError):
        services.service_request_review(actor=kerman, scope=_scope(kerman), request=request)
