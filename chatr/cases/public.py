"""Public kinds: what a person sees of cases across modules, without modules importing each other.

A module whose cases a citizen files registers its case kinds in its AppConfig.ready():

    register_case_kind_public(
        "eservices.request",
        label=_("Service request"),
        citizen_url=lambda case: reverse("eservices:my_request", args=[case.tracking_code]),
    )

Then one inbox (`cases_for_citizen`) lists every module's cases of the signed-in citizen, and
one public page (`case_track_public`) finds the module owning a tracking code. Tracking codes do
not encode their module (random digits + a check digit), so the case's `kind` says which.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chatr.cases.models import Case
from chatr.core.errors import ApplicationError
from chatr.core.ratelimit import rate_limit_hit

# Lookups per connection in TRACK_WINDOW_SECONDS, like the watchdog's own tracking page.
TRACK_LIMIT = 30
TRACK_WINDOW_SECONDS = 600


@dataclass(frozen=True)
class PublicKind:
    """How one case kind is shown to the person: its label, their page, its public status."""

    kind: str
    label: Any  # lazy, e.g. _("Complaint or suggestion")
    citizen_url: Callable[[Case], str]  # the module's own page for the person (no queries)
    public_status: Callable[[Case], Any] | None = None  # default: the workflow's state label


@dataclass(frozen=True)
class PublicCase:
    """One case as the person sees it: never names, mobiles, units' notes or officers."""

    tracking_code: str
    kind: str
    kind_label: Any
    status_label: Any
    filed_at: datetime
    url: str


_KINDS: dict[str, PublicKind] = {}


def register_case_kind_public(
    kind: str,
    *,
    label: Any,
    citizen_url: Callable[[Case], str],
    public_status: Callable[[Case], Any] | None = None,
) -> PublicKind:
    """Register how a case kind is shown to the person (idempotent: the last call wins)."""
    entry = PublicKind(kind=kind, label=label, citizen_url=citizen_url, public_status=public_status)
    _KINDS[kind] = entry
    return entry


def public_kinds() -> list[PublicKind]:
    """The registered kinds, in registration order."""
    return list(_KINDS.values())


def public_kind_for(kind: str) -> PublicKind | None:
    return _KINDS.get(kind)


def case_public(case: Case) -> PublicCase:
    """The person's view of a case of a registered kind (no queries)."""
    from chatr.cases.workflow import workflow_for

    entry = _KINDS[case.kind]
    status = (
        entry.public_status(case)
        if entry.public_status
        else workflow_for(case.kind).label(case.state)
    )
    return PublicCase(
        tracking_code=case.tracking_code,
        kind=case.kind,
        kind_label=entry.label,
        status_label=status,
        filed_at=case.filed_at,
        url=entry.citizen_url(case),
    )


def cases_for_citizen(*, user: Any) -> QuerySet[Case]:
    """Every case of a registered kind the signed-in citizen filed themselves, newest first.

    Only `requester` counts: a case staff filed on someone's behalf carries contact details,
    which prove nothing about who is signed in."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "pk", None):
        return Case.objects.none()
    return Case.objects.filter(requester_id=user.pk, kind__in=list(_KINDS)).order_by(
        "-filed_at", "-pk"
    )


def _not_found() -> ApplicationError:
    # The same code and text as cases.selectors.case_for_person: an unknown code, a wrong
    # mobile or secret and a kind no module shows publicly must look the same.
    return ApplicationError(
        "case_not_found",
        _("No case matches this tracking code and mobile number (or secret)."),
        status=404,
    )


def case_track_public(
    *, code: str, mobile: str = "", secret: str = "", client_key: str
) -> PublicCase:
    """Find the case of any module by tracking code plus the mobile number given (or an
    anonymous report's secret), the watchdog's checks. Rate-limited per `client_key` (the
    connection's address). A mistyped code is refused before any query."""
    from chatr.cases.selectors import case_for_person

    if rate_limit_hit(
        bucket="cases-track-ip",
        key=client_key or "unknown",
        limit=TRACK_LIMIT,
        window_seconds=TRACK_WINDOW_SECONDS,
    ):
        raise ApplicationError(
            "rate_limited",
            _("Too many lookups from this connection. Wait ten minutes."),
            status=429,
        )
    if not mobile and not secret:
        raise _not_found()
    case = case_for_person(code=code, mobile=mobile, secret=secret)
    if case.kind not in _KINDS:
        raise _not_found()
    return case_public(case)
