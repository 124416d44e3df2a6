"""Readers of the e-service desk: the public catalogue, a service's current form, and the
requests a person or a unit may see."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet
from django.urls import NoReverseMatch, reverse

from chatr.core.errors import NotFoundError
from chatr.core.text import search_key
from chatr.eservices.choices import Audience, RequestState, ServiceType
from chatr.eservices.models import FormDefinition, Service, ServiceRequest
from chatr.eservices.workflow import REQUEST_WORKFLOW
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.ui.catalogue import CITIZEN, CatalogueEntry, catalogue_entries


@dataclass(frozen=True)
class CatalogueFilters:
    q: str = ""
    audience: str = ""
    service_type: str = ""
    unit_id: int | None = None


def _service_text(service: Service) -> str:
    return search_key(
        " ".join(
            [
                service.title_fa,
                service.title_en,
                service.description,
                service.eligibility,
                service.responsible_unit.name_fa,
                service.responsible_unit.name_en,
            ]
        )
    )


def _matches(text: str, q: str) -> bool:
    return all(word in text for word in search_key(q).split())


def service_catalogue(*, filters: CatalogueFilters) -> list[Service]:
    """Active services matching the search (Persian-normalized: ی/ي, ک/ك, digits) and
    filters. The catalogue has tens of services, so the text search runs in Python."""
    rows = Service.objects.filter(is_active=True).select_related("responsible_unit")
    if filters.audience in Audience.values:
        rows = rows.filter(audience=filters.audience)
    if filters.service_type in ServiceType.values:
        rows = rows.filter(service_type=filters.service_type)
    if filters.unit_id:
        rows = rows.filter(responsible_unit_id=filters.unit_id)
    services = list(rows)
    if filters.q.strip():
        services = [s for s in services if _matches(_service_text(s), filters.q)]
    return services


def catalogue_groups(services: list[Service]) -> list[tuple[str, list[Service]]]:
    """Services grouped by audience, in the order of the audience choices."""
    groups: dict[str, list[Service]] = {}
    for service in services:
        groups.setdefault(service.audience, []).append(service)
    return [(str(label), groups[value]) for value, label in Audience.choices if value in groups]


def other_online_services(*, q: str = "") -> list[CatalogueEntry]:
    """The modules' own entries (chatr.ui.catalogue) that no catalogue service already links
    to, so the desk lists every online service once."""
    linked = set(
        Service.objects.filter(is_active=True)
        .exclude(owner_url_name="")
        .values_list("owner_url_name", flat=True)
    )
    entries = [
        entry
        for entry in catalogue_entries(audience=CITIZEN)
        if entry.url_name not in linked and not entry.key.startswith("eservices.")
    ]
    if q.strip():
        entries = [e for e in entries if _matches(search_key(f"{e.title} {e.description}"), q)]
    return entries


def service_get_public(*, code: str) -> Service:
    service = (
        Service.objects.filter(code=code, is_active=True).select_related("responsible_unit").first()
    )
    if service is None:
        raise NotFoundError()
    return service


def service_apply_url(service: Service) -> str | None:
    """Where "Apply online" goes: the owner module's flow, or the generic request form."""
    if service.owner_url_name:
        try:
            return reverse(service.owner_url_name)
        except NoReverseMatch:
            return None
    if not definition_exists(service=service):
        return None
    return reverse("eservices:apply", args=[service.code])


def definition_current(*, service: Service) -> FormDefinition | None:
    return FormDefinition.objects.filter(service=service).order_by("-version").first()


def definition_exists(*, service: Service) -> bool:
    return FormDefinition.objects.filter(service=service).exists()


def _request_rows() -> QuerySet[ServiceRequest]:
    return ServiceRequest.objects.select_related(
        "case", "service", "definition", "org_unit", "applicant", "certificate"
    )


def my_requests(*, user: Any) -> QuerySet[ServiceRequest]:
    """The person's own requests, newest first."""
    return _request_rows().filter(applicant=user).order_by("-created_at", "-pk")


def my_request_get(*, user: Any, code: str) -> ServiceRequest:
    request = _request_rows().filter(applicant=user, case__tracking_code=code).first()
    if request is None:
        raise NotFoundError()
    return request


def _visible(scope: Scope) -> QuerySet[ServiceRequest]:
    """Requests of the units where the scope may handle them (the one scoping filter)."""
    rows: QuerySet[ServiceRequest] = ServiceRequest.objects.visible_to(
        scope, Perm.ESERVICES_HANDLE
    ).select_related("case", "service", "definition", "org_unit", "applicant", "counter")
    return rows


def request_list(*, scope: Scope, state: str = "") -> QuerySet[ServiceRequest]:
    """The requests of the units where the scope may handle them, oldest deadline first."""
    rows = _visible(scope)
    if state in RequestState.values:
        rows = rows.filter(case__state=state)
    return rows.order_by("case__due_at", "-pk")


def request_get(*, scope: Scope, request_id: int) -> ServiceRequest:
    """One request in the scope's units (anything else: not found, like a missing id)."""
    request: ServiceRequest | None = _visible(scope).filter(pk=request_id).first()
    if request is None:
        raise NotFoundError()
    return request


def request_state_label(request: ServiceRequest) -> Any:
    return REQUEST_WORKFLOW.label(request.case.state)


def request_is_open(request: ServiceRequest) -> bool:
    return REQUEST_WORKFLOW.is_open(request.case.state)
