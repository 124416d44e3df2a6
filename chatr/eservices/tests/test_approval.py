"""What approving a request does by the service's approval action (eservices.approval): a
registry applicant file, a registry change request (address, bank account); the checks HQ's
form must pass to serve an action; where a locally handled request goes; and the `sheba` and
`postal_code` field types the actions read."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from chatr.core.errors import ApplicationError
from chatr.core.sheba import sheba_check_digits
from chatr.core.text import to_persian_digits
from chatr.eservices import services, services_counters
from chatr.eservices.choices import ApprovalAction, RequestChannel, RequestState
from chatr.eservices.demo import ADDRESS_FIELDS, BANK_FIELDS, COVERAGE_FIELDS, FILE_FIELDS
from chatr.eservices.formdefs import answers_clean
from chatr.eservices.models import FormDefinition, Service, ServiceRequest
from chatr.eservices.tests.factories import PNG_BYTES, make_service
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.registry.choices import TARGET_GROUP_OF, ChangeState, ChangeType, FileState
from chatr.registry.demo import seed_score_factors
from chatr.registry.models import BankAccount, ChangeRequest, ClientFile, Household, Person
from chatr.registry.services import household_member_add
from chatr.registry.tests.factories import register_household, register_person

pytestmark = pytest.mark.django_db

BBAN = "0170000000345678901234"
SHEBA = "IR" + sheba_check_digits(BBAN) + BBAN  # a valid Sheba (mod-97 check)
POSTAL_CODE = "4513714567"


# ---------------------------------------------------------------- helpers


def _in_registry(world: Any, county: str = "C1901", **person: Any) -> tuple[Person, Household]:
    """A registry person heading a household of the county (registered by its province); by
    default the demo citizen (their mobile), who may file requests about themself."""
    seed_score_factors()
    manager = world.kerman_manager if county.startswith("C08") else world.zanjan_manager
    person.setdefault("mobile", world.citizen.mobile)
    head = register_person(manager, **person)
    return head, register_household(manager, world.unit(county), head=head)


def _service(world: Any, action: str, fields: Any, *, code: str, unit: str = "P19") -> Service:
    return make_service(world, code=code, unit=unit, fields=fields, approval_action=action)


def _file(world: Any, service: Service, answers: dict[str, Any], **files: Any) -> ServiceRequest:
    return services.service_request_file(
        actor=world.citizen, service=service, data=answers, files=files or None
    )


def _review(world: Any, request: ServiceRequest, officer: str = "zanjan_officer") -> Any:
    user = world.users[officer]
    scope = scope_for_user(user)
    services.service_request_review(actor=user, scope=scope, request=request)
    return user, scope


def _approve(world: Any, request: ServiceRequest, officer: str = "zanjan_officer") -> Any:
    user, scope = _review(world, request, officer)
    return services.service_request_approve(actor=user, scope=scope, request=request)


def _refused(world: Any, request: ServiceRequest, officer: str = "zanjan_officer") -> Any:
    """Approve after review, expecting a refusal; return the ApplicationError."""
    user, scope = _review(world, request, officer)
    with pytest.raises(ApplicationError) as raised:
        services.service_request_approve(actor=user, scope=scope, request=request)
    return raised.value


def _state(request: ServiceRequest) -> str:
    return ServiceRequest.objects.select_related("case").get(pk=request.pk).case.state


def _bank_letter() -> SimpleUploadedFile:
    return SimpleUploadedFile("sheba.png", PNG_BYTES, content_type="image/png")


# ---------------------------------------------------------------- registry_file


def test_approving_a_file_request_opens_an_applicant_file_and_keeps_its_number(world) -> None:
    person, household = _in_registry(world)
    service = _service(world, ApprovalAction.REGISTRY_FILE, FILE_FIELDS, code="open-client-file")
    request = _file(
        world,
        service,
        {"national_code": person.national_code, "sub_group": "female_headed", "situation": "…"},
    )

    approved = _approve(world, request)

    file = ClientFile.objects.get(client=person)
    assert file.household == household
    assert file.sub_group == "female_headed"
    assert file.target_group == TARGET_GROUP_OF["female_headed"] == "social_affairs"
    assert file.state == FileState.APPLICANT
    assert file.org_unit == household.org_unit
    assert approved.case.state == RequestState.APPROVED
    assert approved.outcome == {"file_number": file.file_number}
    assert ServiceRequest.objects.get(pk=request.pk).outcome == {"file_number": file.file_number}


def test_the_applicant_and_the_unit_read_what_approval_produced(world, client_for) -> None:
    person, _household = _in_registry(world)
    service = _service(world, ApprovalAction.REGISTRY_FILE, FILE_FIELDS, code="open-client-file")
    request = _file(
        world,
        service,
        {"national_code": person.national_code, "sub_group": "elderly", "situation": "…"},
    )
    number = _approve(world, request).outcome["file_number"]

    citizen = client_for("citizen")
    citizen.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = citizen.get(f"/services/my/{request.case.tracking_code}/").content.decode()
    detail = client_for("zanjan_officer").get(f"/api/v1/eservices/requests/{request.pk}").json()

    assert f"file number {number}" in page
    assert detail["outcome"] == {"file_number": number}
    assert detail["certificate_code"] is None


def test_a_second_file_request_in_the_same_sub_group_is_refused_and_changes_nothing(
    world,
) -> None:
    person, _household = _in_registry(world)
    service = _service(world, ApprovalAction.REGISTRY_FILE, FILE_FIELDS, code="open-client-file")
    answers = {"national_code": person.national_code, "sub_group": "disability", "situation": "…"}
    _approve(world, _file(world, service, answers))
    second = _file(world, service, answers)

    error = _refused(world, second)

    assert error.code == "file_already_open"
    assert ClientFile.objects.filter(client=person).count() == 1
    assert _state(second) == RequestState.UNDER_REVIEW
    assert ServiceRequest.objects.get(pk=second.pk).outcome == {}


def test_a_file_request_for_someone_not_in_the_units_registry_is_refused(world) -> None:
    # Registered in Kerman: the Zanjan officer's registry does not hold them.
    person, _household = _in_registry(world, county="C0801")
    service = _service(world, ApprovalAction.REGISTRY_FILE, FILE_FIELDS, code="open-client-file")
    request = _file(
        world,
        service,
        {"national_code": person.national_code, "sub_group": "elderly", "situation": "…"},
    )

    error = _refused(world, request)

    assert error.code == "person_not_in_registry" and error.status == 409
    assert not ClientFile.objects.exists()
    assert _state(request) == RequestState.UNDER_REVIEW


# ---------------------------------------------------------------- registry_bank_account


def test_approving_a_bank_account_request_files_a_change_request_and_changes_nothing_yet(
    world,
) -> None:
    person, household = _in_registry(world)
    service = _service(
        world, ApprovalAction.REGISTRY_BANK_ACCOUNT, BANK_FIELDS, code="pension-bank-account"
    )
    request = _file(
        world,
        service,
        {
            "national_code": person.national_code,
            "sheba": to_persian_digits(SHEBA.lower()),
            "holder_name": "مریم رضایی",
        },
        bank_letter=_bank_letter(),
    )
    assert request.answers["sheba"] == SHEBA

    approved = _approve(world, request)

    change = ChangeRequest.objects.select_related("case").get(household=household)
    assert change.change_type == ChangeType.BANK_ACCOUNT
    assert change.person == person
    assert change.data == {"sheba": SHEBA, "holder_name": "مریم رضایی"}
    assert change.case.state == ChangeState.SUBMITTED
    assert not BankAccount.objects.filter(person=person).exists()
    assert approved.outcome == {"change_request": change.case.tracking_code}
    assert approved.case.state == RequestState.APPROVED


def test_a_citizen_cannot_redirect_another_households_pension_by_naming_its_national_code(
    world,
) -> None:
    # The citizen is in the registry with her own household; the pensioner is a stranger.
    _in_registry(world, mobile=world.citizen.mobile)
    stranger, strangers_household = _in_registry(world, mobile="09120000000")
    service = _service(
        world, ApprovalAction.REGISTRY_BANK_ACCOUNT, BANK_FIELDS, code="pension-bank-account"
    )
    request = _file(
        world,
        service,
        {"national_code": stranger.national_code, "sheba": SHEBA},
        bank_letter=_bank_letter(),
    )
    user, scope = _review(world, request)

    with pytest.raises(ApplicationError) as refused:
        services.service_request_approve(actor=user, scope=scope, request=request)

    assert refused.value.code == "not_applicants_household"
    assert not ChangeRequest.objects.filter(household=strangers_household).exists()
    assert _state(request) == RequestState.UNDER_REVIEW


def test_on_a_family_phone_the_citizen_may_name_another_member_of_their_household(
    world,
) -> None:
    # Two people of one household share the citizen's mobile: the citizen is one of them.
    head, household = _in_registry(world, mobile=world.citizen.mobile)
    spouse = register_person(world.zanjan_manager, mobile=world.citizen.mobile)
    household_member_add(
        actor=world.zanjan_manager,
        scope=scope_for_user(world.zanjan_manager),
        household=household,
        person=spouse,
        relationship="spouse",
    )
    service = _service(
        world, ApprovalAction.REGISTRY_BANK_ACCOUNT, BANK_FIELDS, code="pension-bank-account"
    )
    request = _file(
        world,
        service,
        {"national_code": spouse.national_code, "sheba": SHEBA},
        bank_letter=_bank_letter(),
    )

    approved = _approve(world, request)

    change = ChangeRequest.objects.get(household=household)
    assert change.person == spouse
    assert approved.outcome == {"change_request": change.case.tracking_code}
    assert head.mobile == spouse.mobile == world.citizen.mobile


def test_a_bad_sheba_is_refused_when_filing_by_its_field_type(world) -> None:
    person, _household = _in_registry(world)
    service = _service(
        world, ApprovalAction.REGISTRY_BANK_ACCOUNT, BANK_FIELDS, code="pension-bank-account"
    )
    wrong_check = SHEBA[:-1] + str((int(SHEBA[-1]) + 1) % 10)

    with pytest.raises(ApplicationError) as raised:
        _file(
            world,
            service,
            {"national_code": person.national_code, "sheba": wrong_check},
            bank_letter=_bank_letter(),
        )

    assert raised.value.code == "answers_invalid"
    assert set(raised.value.fields) == {"sheba"}
    assert not ServiceRequest.objects.exists()


# ---------------------------------------------------------------- registry_address


def _address_answers(person: Person, **changes: Any) -> dict[str, Any]:
    return {
        "national_code": person.national_code,
        "area": "urban",
        "address": "زنجان، خیابان سعدی، کوچه ۵، پلاک ۸",
        "postal_code": to_persian_digits(POSTAL_CODE),
        **changes,
    }


def test_approving_an_address_request_files_an_address_change_request(world) -> None:
    person, household = _in_registry(world)
    service = _service(world, ApprovalAction.REGISTRY_ADDRESS, ADDRESS_FIELDS, code="new-address")
    request = _file(world, service, _address_answers(person))

    approved = _approve(world, request)

    change = ChangeRequest.objects.select_related("case").get(household=household)
    assert change.change_type == ChangeType.ADDRESS
    assert change.data["postal_code"] == POSTAL_CODE
    assert change.data["address"] == "زنجان، خیابان سعدی، کوچه ۵، پلاک ۸"
    assert change.data["area"] == "urban"
    assert change.case.state == ChangeState.SUBMITTED
    assert approved.outcome == {"change_request": change.case.tracking_code}
    household.refresh_from_db()
    assert household.postal_code != POSTAL_CODE  # applied only when a supervisor approves


def test_an_address_request_the_registry_refuses_leaves_the_request_under_review(world) -> None:
    person, household = _in_registry(world)
    service = _service(world, ApprovalAction.REGISTRY_ADDRESS, ADDRESS_FIELDS, code="new-address")
    Household.objects.filter(pk=household.pk).update(postal_code=POSTAL_CODE)
    request = _file(world, service, _address_answers(person, address=household.address))

    error = _refused(world, request)

    assert error.code == "address_unchanged"
    assert not ChangeRequest.objects.exists()
    assert _state(request) == RequestState.UNDER_REVIEW


# ---------------------------------------------------------------- publishing a form


def _bare_service(world: Any, action: str, code: str = "pension-bank-account") -> Service:
    return Service.objects.create(
        code=code,
        title_fa="تغییر حساب مستمری",
        description="…",
        responsible_unit=world.unit("HQ"),
        approval_action=action,
    )


def _publish(world: Any, service: Service, fields: Any) -> FormDefinition:
    return services.form_definition_publish(
        actor=world.hq_manager,
        scope=scope_for_user(world.hq_manager),
        service=service,
        fields=fields,
    )


def _without(fields: Any, key: str) -> list[dict[str, Any]]:
    return [dict(spec) for spec in fields if spec["key"] != key]


def _with(fields: Any, key: str, **changes: Any) -> list[dict[str, Any]]:
    return [dict(spec, **changes) if spec["key"] == key else dict(spec) for spec in fields]


def test_a_bank_account_form_without_a_sheba_field_is_not_published(world) -> None:
    service = _bare_service(world, ApprovalAction.REGISTRY_BANK_ACCOUNT)

    with pytest.raises(ApplicationError) as raised:
        _publish(world, service, _without(BANK_FIELDS, "sheba"))

    assert raised.value.code == "definition_invalid"
    assert "sheba" in str(raised.value.message) and "sheba" in str(raised.value.fields["fields"])
    assert not FormDefinition.objects.filter(service=service).exists()


@pytest.mark.parametrize(
    "changes",
    [
        {"type": "text"},
        {"required": False},
        {"required_if": {"field": "holder_name", "equals": "x"}},
    ],
    ids=["as_text", "optional", "conditional"],
)
def test_a_bank_account_form_whose_sheba_is_not_an_always_required_sheba_is_refused(
    world, changes
) -> None:
    service = _bare_service(world, ApprovalAction.REGISTRY_BANK_ACCOUNT)

    with pytest.raises(ApplicationError) as raised:
        _publish(world, service, _with(BANK_FIELDS, "sheba", **changes))

    assert raised.value.code == "definition_invalid"
    assert "sheba" in str(raised.value.message)


def test_the_demo_forms_serve_their_approval_actions(world) -> None:
    for code, action, fields in (
        ("pension-bank-account", ApprovalAction.REGISTRY_BANK_ACCOUNT, BANK_FIELDS),
        ("new-address", ApprovalAction.REGISTRY_ADDRESS, ADDRESS_FIELDS),
        ("open-client-file", ApprovalAction.REGISTRY_FILE, FILE_FIELDS),
        ("coverage-certificate", ApprovalAction.COVERAGE_CERTIFICATE, COVERAGE_FIELDS),
    ):
        definition = _publish(world, _bare_service(world, action, code), fields)
        assert definition.version == 1


def test_a_file_form_offering_a_sub_group_the_registry_lacks_is_refused(world) -> None:
    service = _bare_service(world, ApprovalAction.REGISTRY_FILE, "open-client-file")
    sub_group = next(spec for spec in FILE_FIELDS if spec["key"] == "sub_group")
    choices = [*sub_group["choices"], {"value": "orphan", "label_fa": "یتیم"}]

    with pytest.raises(ApplicationError) as raised:
        _publish(world, service, _with(FILE_FIELDS, "sub_group", choices=choices))

    assert raised.value.code == "definition_invalid"
    assert "sub_group" in str(raised.value.message)


def test_a_certificate_form_without_a_national_code_is_refused(world) -> None:
    service = _bare_service(world, ApprovalAction.COVERAGE_CERTIFICATE, "coverage-certificate")

    with pytest.raises(ApplicationError) as raised:
        _publish(world, service, _without(COVERAGE_FIELDS, "national_code"))

    assert "national_code" in str(raised.value.message)


def test_a_service_without_an_action_needs_no_particular_fields(world) -> None:
    service = _bare_service(world, ApprovalAction.NONE, "plain")
    fields = [{"key": "note", "label_fa": "توضیح", "type": "text"}]

    assert _publish(world, service, fields).version == 1


# ---------------------------------------------------------------- handled where one lives


def _local_service(world: Any, unit: str = "HQ") -> Service:
    return make_service(
        world,
        code="coverage-certificate",
        unit=unit,
        fields=COVERAGE_FIELDS,
        approval_action=ApprovalAction.COVERAGE_CERTIFICATE,
        handled_locally=True,
    )


def _coverage_answers(national_code: str) -> dict[str, Any]:
    return {"national_code": national_code, "purpose": "bank"}


def test_a_locally_handled_request_goes_to_the_county_of_the_citizens_household(world) -> None:
    person, _household = _in_registry(world, county="C1902", mobile=world.citizen.mobile)
    service = _local_service(world)

    request = _file(world, service, _coverage_answers(person.national_code))

    assert request.org_unit.code == "C1902"
    assert request.case.org_unit.code == "C1902"


def test_a_locally_handled_request_of_someone_not_in_the_registry_goes_to_the_service_unit(
    world,
) -> None:
    service = _local_service(world)

    request = _file(world, service, _coverage_answers("0499370899"))

    assert request.org_unit.code == "HQ"


def test_a_household_outside_the_responsible_unit_does_not_take_the_request(world) -> None:
    _in_registry(world, county="C0801", mobile=world.citizen.mobile)
    service = _local_service(world, unit="P19")

    request = _file(world, service, _coverage_answers("0499370899"))

    assert request.org_unit.code == "P19"


def test_a_service_not_handled_locally_stays_at_its_responsible_unit(world) -> None:
    person, _household = _in_registry(world, mobile=world.citizen.mobile)
    service = make_service(world, code="coverage-certificate", unit="HQ", fields=COVERAGE_FIELDS)

    request = _file(world, service, _coverage_answers(person.national_code))

    assert request.org_unit.code == "HQ"


def test_a_locally_handled_request_filed_at_a_counter_goes_to_the_counters_county(world) -> None:
    # Registered, so the counter can identify them, but in no household yet.
    person = register_person(world.zanjan_officer, mobile="+989351112233")
    service = _local_service(world)
    operator = world.zanjan_social_worker
    counter = OrgUnit.objects.get(code="Z1901")

    request = services_counters.counter_request_file(
        actor=operator,
        scope=scope_for_user(operator),
        counter=counter,
        service=service,
        person=person,
        data=_coverage_answers(person.national_code),
    )

    assert request.channel == RequestChannel.COUNTER
    assert request.org_unit == counter.parent
    assert request.org_unit.code == "C1901"


def test_the_county_officer_sees_the_locally_handled_request_and_another_province_does_not(
    world, client_for
) -> None:
    person, _household = _in_registry(world, county="C1901", mobile=world.citizen.mobile)
    request = _file(world, _local_service(world), _coverage_answers(person.national_code))
    url = f"/services/staff/{request.pk}/"

    assert client_for("zanjan_officer").get(url).status_code == 200
    assert client_for("kerman_manager").get(url).status_code == 404


# ---------------------------------------------------------------- the field types


TYPED_FIELDS = [
    {"key": "sheba", "label_fa": "شبا", "type": "sheba", "required": True},
    {"key": "postal_code", "label_fa": "کد پستی", "type": "postal_code", "required": True},
]


def test_sheba_and_postal_code_answers_are_cleaned_from_persian_digits_and_separators() -> None:
    sheba = "IR" + " ".join(SHEBA[i : i + 4] for i in range(2, 26, 4))
    clean, errors = answers_clean(
        TYPED_FIELDS,
        {"sheba": to_persian_digits(sheba.lower()), "postal_code": "۴۵۱۳۷-۱۴۵۶۷"},
    )

    assert errors == {}
    assert clean == {"sheba": SHEBA, "postal_code": POSTAL_CODE}


def test_a_sheba_without_the_ir_prefix_is_completed() -> None:
    clean, errors = answers_clean(TYPED_FIELDS, {"sheba": SHEBA[2:], "postal_code": POSTAL_CODE})

    assert errors == {} and clean["sheba"] == SHEBA


@pytest.mark.parametrize(
    ("sheba", "message"),
    [
        ("IR12345", "A Sheba number is IR followed by 24 digits."),
        (SHEBA[:-1] + str((int(SHEBA[-1]) + 1) % 10), "a digit is probably mistyped"),
    ],
    ids=["too_short", "bad_check_digits"],
)
def test_a_bad_sheba_gives_the_field_error(sheba: str, message: str) -> None:
    with translation.override("en"):
        _clean, errors = answers_clean(TYPED_FIELDS, {"sheba": sheba, "postal_code": POSTAL_CODE})
        text = str(errors.get("sheba"))

    assert set(errors) == {"sheba"}
    assert message in text


@pytest.mark.parametrize(
    ("postal_code", "message"),
    [
        ("12345", "A postal code has 10 digits."),
        ("0123456789", "This postal code is not valid."),
        ("1111111111", "This postal code is not valid."),
    ],
    ids=["too_short", "starts_with_zero", "repeated_digits"],
)
def test_a_bad_postal_code_gives_the_field_error(postal_code: str, message: str) -> None:
    with translation.override("en"):
        _clean, errors = answers_clean(TYPED_FIELDS, {"sheba": SHEBA, "postal_code": postal_code})
        text = str(errors.get("postal_code"))

    assert set(errors) == {"postal_code"}
    assert message in text


def test_missing_sheba_and_postal_code_answers_are_asked_for() -> None:
    _clean, errors = answers_clean(TYPED_FIELDS, {})

    assert set(errors) == {"sheba", "postal_code"}
