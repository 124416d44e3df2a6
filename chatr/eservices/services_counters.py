"""Writers for Positive Life counters: an operator files a request for a citizen once the
citizen has confirmed with a one-time code sent to their own mobile (the registry's number).

The consent code is the sign-in code's machinery (`accounts.services.consent_code_send`):
hashed, short-lived, limited tries and resends. It is sent to the person's mobile on record
in the registry, never to a number the operator types, and never shown or logged."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from chatr.accounts.services import (
    citizen_account_ensure,
    consent_code_send,
    consent_code_verify,
)
from chatr.audit.models import Channel
from chatr.audit.services import audit_record
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.eservices.choices import RequestChannel
from chatr.eservices.models import Service, ServiceRequest
from chatr.eservices.services import service_request_file
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.registry.selectors import person_identify

ACTION_CONSENT_SENT = "consent_sent"
ACTION_CONSENT_GIVEN = "consent_given"


def counter_person_identify(
    *, scope: Scope, counter: OrgUnit, national_code: str, birth_date: date
) -> Any:
    """The registry person with this national code and birth date who can confirm by SMS:
    someone alive with a mobile on record. Anything else is refused with a reason the
    operator can act on (a wrong code or date looks like someone not registered)."""
    require(scope, Perm.ESERVICES_COUNTER, counter)
    try:
        person = person_identify(national_code=national_code, birth_date=birth_date)
    except NotFoundError:
        person = None
    if person is None or person.death_date is not None:
        message = _(
            "No one in the registry has this national code and birth date. Check both; a "
            "person not yet registered applies online or is registered first."
        )
        raise ApplicationError("person_not_found", message, fields={"national_code": message})
    if not person.mobile:
        message = _(
            "This person has no mobile number in the registry, so they cannot confirm. Update "
            "their mobile in the registry first."
        )
        raise ApplicationError("person_without_mobile", message, fields={"national_code": message})
    return person


def counter_consent_send(
    *, actor: Any, scope: Scope, counter: OrgUnit, service: Service, person: Any
) -> None:
    """Send the person a consent code naming the counter and the service."""
    require(scope, Perm.ESERVICES_COUNTER, counter)
    consent_code_send(
        mobile=person.mobile, counter_name=counter.name_fa, service_title=service.title_fa
    )
    audit_record(
        actor=actor,
        action=ACTION_CONSENT_SENT,
        target=counter,
        org_unit=counter,
        changes={"person": person.pk, "service": service.code},
        channel=Channel.COUNTER,
    )


def counter_consent_verify(
    *, actor: Any, scope: Scope, counter: OrgUnit, service: Service, person: Any, code: str
) -> None:
    """Check the code the person read out. A wrong try is counted even though this raises
    (so it is not wrapped in a transaction)."""
    require(scope, Perm.ESERVICES_COUNTER, counter)
    consent_code_verify(mobile=person.mobile, code=code)
    audit_record(
        actor=actor,
        action=ACTION_CONSENT_GIVEN,
        target=counter,
        org_unit=counter,
        changes={"person": person.pk, "service": service.code},
        channel=Channel.COUNTER,
    )


@transaction.atomic
def counter_request_file(
    *,
    actor: Any,
    scope: Scope,
    counter: OrgUnit,
    service: Service,
    person: Any,
    data: Mapping[str, Any],
    files: Mapping[str, Any] | None = None,
) -> ServiceRequest:
    """File the consenting person's request on the desk's one filing service: the applicant
    is the person's citizen account (created as sign-in creates it, by their mobile), the
    request records the counter and the channel, the audit event names the operator.
    Precondition: the person confirmed with a consent code (the views keep that step)."""
    require(scope, Perm.ESERVICES_COUNTER, counter)
    citizen = citizen_account_ensure(
        mobile=person.mobile, full_name=f"{person.first_name} {person.last_name}".strip()
    )
    return service_request_file(
        actor=citizen,
        service=service,
        data=data,
        files=files,
        channel=RequestChannel.COUNTER,
        counter=counter,
        filed_by=actor,
    )
