"""Browse the audit trail: list, one event, CSV export — all through audit selectors."""

from __future__ import annotations

import csv
from collections.abc import Iterator

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from chatr.audit.forms import AuditFilterForm
from chatr.audit.selectors import AuditFilters, audit_event_get, audit_event_list
from chatr.core.jalali import format_datetime
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.ui.htmx import render_page_or_partial


def _filters(request: HttpRequest) -> tuple[AuditFilterForm, AuditFilters]:
    form = AuditFilterForm(request.GET or None)
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        return form, AuditFilters(
            action=data["action"] or None,
            actor=data["actor"] or None,
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
    return form, AuditFilters()


@login_required
def audit_list(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.AUDIT_VIEW)
    form, filters = _filters(request)
    page = Paginator(audit_event_list(scope=scope, filters=filters), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render_page_or_partial(
        request,
        page="audit/pages/list.html",
        partial="audit/partials/table.html",
        context={
            "form": form,
            "page": page,
            "events": page.object_list,
            "query": query.urlencode(),
        },
    )


@login_required
def audit_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = audit_event_get(scope=request_scope(request), event_id=event_id)
    return render(request, "audit/pages/detail.html", {"event": event})


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def audit_export(request: HttpRequest) -> StreamingHttpResponse:
    """CSV of the filtered list, streamed so a large export runs in constant memory."""
    scope = request_scope(request)
    require(scope, Perm.AUDIT_VIEW)
    _form, filters = _filters(request)
    events = audit_event_list(scope=scope, filters=filters)
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield "\ufeff" + writer.writerow(
            [
                "id",
                "time",
                "actor",
                "action",
                "record_type",
                "record_id",
                "channel",
                "ip",
                "org_unit",
            ]
        )
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                [
                    event.pk,
                    format_datetime(event.at),
                    event.actor or "",
                    event.action,
                    event.target_type.model,
                    event.target_id,
                    event.channel,
                    event.ip or "",
                    event.org_unit.code if event.org_unit else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit.csv"'
    return response
