"""What approving a request does beyond the case, by the service's `approval_action`.

Each action reads the answers it needs by fixed keys (the definition must ask them: checked
when HQ publishes a form) and acts through the registry's own services and selectors, with the
approving officer's scope, inside the approval's transaction: when the registry refuses (the
person is not registered, the Sheba is already the current one, …) nothing is approved and the
officer reads why. The person named must be the applicant or a member of the applicant's
household (`_check_applicant`): typing a stranger's national code obtains nothing.

- coverage_certificate: a certificate stating the person's active files, frozen at issue.
- registry_file: an applicant file in the registry for the person's household.
- registry_address / registry_bank_account: a registry change request, which takes effect
  only when a registry supervisor approves it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError, lazy_message
from chatr.core.jalali import format_date
from chatr.core.text import to_persian_digits
from chatr.eservices.choices import ApprovalAction, FieldType
from chatr.eservices.models import ServiceRequest
from chatr.eservices.services_certificates import certificate_issue
from chatr.org.scope import Scope
from chatr.registry.choices import TARGET_GROUP_OF, ChangeType, SubGroup
from chatr.registry.selectors import (
    citizen_household,
    citizen_households,
    person_active_files,
    person_find_by_national_code,
    person_has_open_file,
)
from chatr.registry.services import change_request_file, file_open

if TYPE_CHECKING:
    from chatr.registry.models import Person


@dataclass(frozen=True)
class Needed:
    """A field an action reads: its key, its type, whether it must be required."""

    key: str
    type: str
    required: bool = True
    choices: frozenset[str] | None = None  # the values a choice may offer (a subset)


_NATIONAL_CODE = Needed("national_code", FieldType.NATIONAL_CODE)

NEEDS: dict[str, tuple[Needed, ...]] = {
    ApprovalAction.NONE: (),
    ApprovalAction.COVERAGE_CERTIFICATE: (_NATIONAL_CODE,),
    ApprovalAction.REGISTRY_FILE: (
        _NATIONAL_CODE,
        Needed("sub_group", FieldType.CHOICE, choices=frozenset(SubGroup.values)),
    ),
    ApprovalAction.REGISTRY_ADDRESS: (
        _NATIONAL_CODE,
        Needed("area", FieldType.CHOICE, choices=frozenset({"urban", "rural"})),
        Needed("address", FieldType.TEXT),
        Needed("postal_code", FieldType.POSTAL_CODE),
        Needed("village", FieldType.TEXT, required=False),
    ),
    ApprovalAction.REGISTRY_BANK_ACCOUNT: (
        _NATIONAL_CODE,
        Needed("sheba", FieldType.SHEBA),
        Needed("holder_name", FieldType.TEXT, required=False),
    ),
}


def approval_needs_check(action: str, fields: Sequence[Mapping[str, Any]]) -> list[Any]:
    """The problems that keep a definition from serving its service's approval action."""
    by_key = {spec.get("key"): spec for spec in fields if isinstance(spec, Mapping)}
    problems: list[Any] = []
    for need in NEEDS.get(action, ()):
        spec = by_key.get(need.key)
        if spec is None or spec.get("type") != need.type:
            problems.append(
                lazy_message(
                    _("On approval this service needs a field “%(key)s” of type “%(type)s”."),
                    key=need.key,
                    type=FieldType(need.type).label,
                )
            )
            continue
        if need.required and (spec.get("required") is not True or spec.get("required_if")):
            problems.append(
                lazy_message(_("The field “%(key)s” must always be required."), key=need.key)
            )
        if need.choices is not None:
            offered = {choice.get("value") for choice in spec.get("choices") or []}
            if not offered <= need.choices:
                problems.append(
                    lazy_message(
                        _("The choices of “%(key)s” may only be: %(values)s."),
                        key=need.key,
                        values=", ".join(sorted(need.choices)),
                    )
                )
    return problems


# ---------------------------------------------------------------- carrying out


def _not_applicants_household() -> ApplicationError:
    return ApplicationError(
        "not_applicants_household",
        _(
            "The person named is neither the applicant nor a member of the applicant's "
            "household in the registry. Reject the request with the reason."
        ),
        status=409,
    )


def _check_applicant(request: ServiceRequest, person: Person) -> None:
    """A request may concern only the applicant or a member of their current household: no
    one obtains a stranger's certificate, or moves a stranger's pension, by typing a national
    code. The applicant is known by their verified mobile: the person named holds it, or lives
    in a household of someone who does (a family phone may be on several people)."""
    mobile = getattr(request.applicant, "mobile", None)
    if mobile and person.mobile == mobile and person.death_date is None:
        return
    household = citizen_household(person=person)
    if household is None or household.pk not in {
        own.pk for own in citizen_households(user=request.applicant)
    }:
        raise _not_applicants_household()


def _person(scope: Scope, request: ServiceRequest) -> Person:
    """The person the request concerns (the answer `national_code`), as the officer's registry
    knows them, checked against the applicant."""
    person = _find(scope, request)
    _check_applicant(request, person)
    return person


def _find(scope: Scope, request: ServiceRequest) -> Person:
    try:
        return person_find_by_national_code(
            scope=scope, national_code=str(request.answers.get("national_code") or "")
        )
    except NotFoundError:
        raise ApplicationError(
            "person_not_in_registry",
            _(
                "No one with this national code is in the registry of your units. Register "
                "the person and their household first, or reject the request with the reason."
            ),
            status=409,
        ) from None


def _household(person: Person) -> Any:
    household = citizen_household(person=person)
    if household is None:
        raise ApplicationError(
            "person_without_household",
            _("The person is not an active member of any household in the registry."),
            status=409,
        )
    return household


def _registry_refused() -> ApplicationError:
    return ApplicationError(
        "registry_out_of_reach",
        _("You may not change this household in the registry; ask its registry officer."),
        status=403,
    )


def _coverage_certificate(*, actor: Any, scope: Scope, request: ServiceRequest) -> dict[str, Any]:
    person = _person(scope, request)
    files = person_active_files(scope=scope, person=person)
    if not files:
        raise ApplicationError(
            "not_covered",
            _(
                "This person has no active coverage file, so no certificate of coverage can be "
                "issued. Reject the request with the reason."
            ),
            status=409,
        )
    name = str(person).strip()
    # The certificate is a Persian document whatever language the officer works in.
    with translation.override("fa"):
        groups = "، ".join(
            f"{file.get_target_group_display()} ({file.get_sub_group_display()})" for file in files
        )
        statement = str(
            lazy_message(
                _(
                    "This certifies that %(name)s, national code %(code)s, is covered by the "
                    "State Welfare Organization on the date of this certificate, in: %(groups)s."
                ),
                name=name,
                code=to_persian_digits(person.national_code or ""),
                groups=groups,
            )
        )
        facts = [
            [str(_("Full name")), name],
            [str(_("Father's name")), person.father_name or "—"],
            [str(_("National code")), to_persian_digits(person.national_code or "")],
        ]
        for file in files:
            number = to_persian_digits(file.file_number)
            group = file.get_sub_group_display()
            line = (
                lazy_message(
                    _("%(number)s — %(group)s — covered since %(date)s"),
                    number=number,
                    group=group,
                    date=format_date(timezone.localdate(file.activated_at)),
                )
                if file.activated_at
                else f"{number} — {group}"
            )
            facts.append([str(_("File number")), str(line)])
        title = str(_("Certificate of coverage"))
    certificate_issue(
        request=request, title=title, statement=statement, facts=facts, holder_name=name
    )
    return {}


def _file_open(*, actor: Any, scope: Scope, request: ServiceRequest) -> dict[str, Any]:
    person = _person(scope, request)
    household = _household(person)
    sub_group = str(request.answers.get("sub_group") or "")
    if person_has_open_file(person=person, sub_group=sub_group):
        raise ApplicationError(
            "file_already_open",
            _("This person already has an open file in this sub-group."),
            status=409,
        )
    try:
        file = file_open(
            actor=actor,
            scope=scope,
            household=household,
            client=person,
            target_group=TARGET_GROUP_OF[sub_group],
            sub_group=sub_group,
        )
    except (PermissionDeniedError, NotFoundError):
        raise _registry_refused() from None
    return {"file_number": file.file_number}


def _change_file(
    change_type: str, data: Callable[[Mapping[str, Any]], dict[str, Any]]
) -> Callable[..., dict[str, Any]]:
    def carry_out(*, actor: Any, scope: Scope, request: ServiceRequest) -> dict[str, Any]:
        person = _person(scope, request)
        household = _household(person)
        try:
            change = change_request_file(
                actor=actor,
                scope_or_none=scope,
                household=household,
                change_type=change_type,
                data=data(request.answers) | {"person": person.pk},
            )
        except (PermissionDeniedError, NotFoundError):
            raise _registry_refused() from None
        return {"change_request": change.case.tracking_code}

    return carry_out


_ACTIONS: dict[str, Callable[..., dict[str, Any]]] = {
    ApprovalAction.COVERAGE_CERTIFICATE: _coverage_certificate,
    ApprovalAction.REGISTRY_FILE: _file_open,
    ApprovalAction.REGISTRY_ADDRESS: _change_file(
        ChangeType.ADDRESS,
        lambda answers: {
            "area": answers.get("area", ""),
            "address": answers.get("address", ""),
            "postal_code": answers.get("postal_code", ""),
            "village": answers.get("village", ""),
        },
    ),
    ApprovalAction.REGISTRY_BANK_ACCOUNT: _change_file(
        ChangeType.BANK_ACCOUNT,
        lambda answers: {
            "sheba": answers.get("sheba", ""),
            "holder_name": answers.get("holder_name", ""),
        },
    ),
}


def approval_carry_out(*, actor: Any, scope: Scope, request: ServiceRequest) -> dict[str, Any]:
    """Do what approving this request does (nothing for most services); return the outcome to
    keep on the request. Raises ApplicationError, rolling the approval back, when it cannot."""
    action = _ACTIONS.get(request.service.approval_action)
    if action is None:
        return {}
    return action(actor=actor, scope=scope, request=request)
