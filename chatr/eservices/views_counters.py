"""Pages of Positive Life counters: the operator files for a citizen in three steps (service
and identity → the consent code the person reads out → the service's form), and managers see
the counters' performance (charts, the tables behind them, CSV/XLSX). Adapters only.

Between the steps the session keeps which person, service and counter the consent is for, and
when it was given; the mobile and the code are never put in a URL or on a page."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_safe

from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.core.phone import mask_mobile
from chatr.core.text import format_number
from chatr.eservices import services_counters as counters
from chatr.eservices.choices import RequestChannel
from chatr.eservices.forms import RequestForm
from chatr.eservices.forms_counters import (
    ConsentCodeForm,
    CounterStartForm,
    PerformanceFilterForm,
)
from chatr.eservices.models import Service
from chatr.eservices.selectors import definition_current
from chatr.eservices.selectors_counters import (
    CounterPerformance,
    counter_performance,
    counter_request_get,
    counter_service_get,
    counter_services,
    operator_counter_get,
    operator_counters,
)
from chatr.org.models import OrgUnit
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.ui.charts import bar_chart
from chatr.ui.exports import Table, table_download
from chatr.ui.form_errors import add_error_to_form

SESSION_KEY = "eservices_counter_consent"
# How long a confirmed consent lets the operator fill the form in.
CONSENT_VALID_MINUTES = 15


def register_counter_tools() -> None:
    """Workspace tools for these pages; call from the app's ready()."""
    from chatr.ui.tools import Tool, register_tool

    register_tool(
        Tool(
            "eservices.counter",
            _("File a request at the counter"),
            "eservices:counter_home",
            Perm.ESERVICES_COUNTER,
        )
    )
    register_tool(
        Tool(
            "eservices.counters",
            _("Counters' performance"),
            "eservices:counters_performance",
            Perm.ESERVICES_COUNTER_FIGURES,
        )
    )


# ---------------------------------------------------------------- the consent in the session


def _pending(request: HttpRequest, counter: OrgUnit) -> dict[str, Any] | None:
    pending: dict[str, Any] | None = request.session.get(SESSION_KEY)
    if not pending or pending.get("counter") != counter.code:
        return None
    return pending


def _person(scope: Scope, counter: OrgUnit, pending: dict[str, Any]) -> Any:
    return counters.counter_person_identify(
        scope=scope,
        counter=counter,
        national_code=pending["national_code"],
        birth_date=date.fromisoformat(pending["birth_date"]),
    )


def _consent_is_fresh(pending: dict[str, Any]) -> bool:
    given = pending.get("verified_at")
    if not given:
        return False
    age = timezone.now() - datetime.fromisoformat(given)
    return age <= timedelta(minutes=CONSENT_VALID_MINUTES)


# ---------------------------------------------------------------- the operator


@login_required
@require_safe
def counter_home(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.ESERVICES_COUNTER)
    units = list(operator_counters(scope=scope))
    if len(units) == 1:
        return redirect("eservices:counter_start", unit=units[0].code)
    return render(request, "eservices/pages/counter_home.html", {"counters": units})


@login_required
@require_http_methods(["GET", "POST"])
def counter_start(request: HttpRequest, unit: str) -> HttpResponse:
    """Step 1: the service and who the person is; a consent code goes to their own mobile."""
    scope = request_scope(request)
    counter = operator_counter_get(scope=scope, code=unit)
    form = CounterStartForm(request.POST or None, services=counter_services())
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                service = counter_service_get(code=data["service"])
                person = counters.counter_person_identify(
                    scope=scope,
                    counter=counter,
                    national_code=data["national_code"],
                    birth_date=data["birth_date"],
                )
                counters.counter_consent_send(
                    actor=request.user, scope=scope, counter=counter, service=service, person=person
                )
            except (NotFoundError, PermissionDeniedError):
                raise
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                request.session[SESSION_KEY] = {
                    "counter": counter.code,
                    "service": service.code,
                    "national_code": data["national_code"],
                    "birth_date": data["birth_date"].isoformat(),
                    "masked_mobile": mask_mobile(person.mobile),
                    "verified_at": None,
                }
                return redirect("eservices:counter_confirm", unit=counter.code)
    return render(
        request,
        "eservices/pages/counter_start.html",
        {"counter": counter, "form": form},
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def counter_confirm(request: HttpRequest, unit: str) -> HttpResponse:
    """Step 2: the operator types the code the person reads out (or sends a new one)."""
    scope = request_scope(request)
    counter = operator_counter_get(scope=scope, code=unit)
    pending = _pending(request, counter)
    if pending is None:
        return redirect("eservices:counter_start", unit=counter.code)
    service = counter_service_get(code=pending["service"])
    resend = request.method == "POST" and "resend" in request.POST
    form = ConsentCodeForm(request.POST if request.method == "POST" and not resend else None)
    status = 200
    if request.method == "POST":
        status = 400
        try:
            person = _person(scope, counter, pending)
            if resend:
                try:
                    counters.counter_consent_send(
                        actor=request.user,
                        scope=scope,
                        counter=counter,
                        service=service,
                        person=person,
                    )
                except ApplicationError as error:
                    flash.error(request, str(error.message))
                else:
                    flash.success(request, gettext("A new code was sent to the person's mobile."))
                return redirect("eservices:counter_confirm", unit=counter.code)
            if form.is_valid():
                counters.counter_consent_verify(
                    actor=request.user,
                    scope=scope,
                    counter=counter,
                    service=service,
                    person=person,
                    code=form.cleaned_data["code"],
                )
                pending["verified_at"] = timezone.now().isoformat()
                request.session[SESSION_KEY] = pending
                return redirect("eservices:counter_file", unit=counter.code)
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
    return render(
        request,
        "eservices/pages/counter_confirm.html",
        {
            "counter": counter,
            "service": service,
            "form": form,
            "masked_mobile": pending["masked_mobile"],
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def counter_file(request: HttpRequest, unit: str) -> HttpResponse:
    """Step 3: the service's form, filed for the person once they have confirmed."""
    scope = request_scope(request)
    counter = operator_counter_get(scope=scope, code=unit)
    pending = _pending(request, counter)
    if pending is None or not _consent_is_fresh(pending):
        if pending is not None and pending.get("verified_at"):
            flash.error(request, gettext("The person's consent has expired. Ask for a new code."))
            request.session.pop(SESSION_KEY, None)
        return redirect("eservices:counter_start", unit=counter.code)
    service: Service = counter_service_get(code=pending["service"])
    definition = definition_current(service=service)
    if definition is None:
        raise NotFoundError()
    posted = request.method == "POST"
    form = RequestForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        fields=definition.fields,
    )
    status = 200
    try:
        person = _person(scope, counter, pending)
    except (NotFoundError, PermissionDeniedError):
        raise
    except ApplicationError as error:  # the registry record changed since the consent
        request.session.pop(SESSION_KEY, None)
        flash.error(request, str(error.message))
        return redirect("eservices:counter_start", unit=counter.code)
    if posted:
        status = 400
        form.is_valid()  # binds what was typed; the service checks the answers
        try:
            filed = counters.counter_request_file(
                actor=request.user,
                scope=scope,
                counter=counter,
                service=service,
                person=person,
                data=request.POST,
                files=request.FILES,
            )
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            request.session.pop(SESSION_KEY, None)
            return redirect(
                "eservices:counter_filed", unit=counter.code, code=filed.case.tracking_code
            )
    return render(
        request,
        "eservices/pages/counter_file.html",
        {
            "counter": counter,
            "service": service,
            "form": form,
            "person_name": f"{person.first_name} {person.last_name}",
        },
        status=status,
    )


@login_required
@require_safe
def counter_filed(request: HttpRequest, unit: str, code: str) -> HttpResponse:
    scope = request_scope(request)
    counter = operator_counter_get(scope=scope, code=unit)
    filed = counter_request_get(scope=scope, counter=counter, code=code)
    return render(
        request, "eservices/pages/counter_filed.html", {"counter": counter, "filed": filed}
    )


# ---------------------------------------------------------------- performance


def _days(value: float | None) -> Any:
    return "" if value is None else value


def performance_tables(performance: CounterPerformance) -> list[Table]:
    """What the page shows under its charts and the downloads contain."""
    timing_headers = [
        gettext("Requests"),
        gettext("Decided"),
        gettext("Average days to decision"),
        gettext("Median days to decision"),
    ]
    channel_label = dict(RequestChannel.choices)
    national = gettext("HQ services (online)")
    return [
        Table(
            "counters",
            gettext("Requests per counter"),
            [gettext("Counter"), gettext("Province"), *timing_headers],
            [
                [
                    row.counter.name,
                    row.province.name if row.province else "",
                    row.timing.requests,
                    row.timing.decided,
                    _days(row.timing.average_days),
                    _days(row.timing.median_days),
                ]
                for row in performance.counters
            ],
        ),
        Table(
            "provinces",
            gettext("Requests per province: at counters and online"),
            [
                gettext("Province"),
                gettext("At counters"),
                gettext("Online"),
                gettext("Total"),
                gettext("Share at counters (%)"),
            ],
            [
                [
                    row.province.name if row.province else national,
                    row.at_counters,
                    row.online,
                    row.total,
                    row.counter_share,
                ]
                for row in performance.provinces
            ],
        ),
        Table(
            "channels",
            gettext("Requests by channel and processing time"),
            [gettext("Channel"), *timing_headers],
            [
                [
                    str(channel_label[channel]),
                    timing.requests,
                    timing.decided,
                    _days(timing.average_days),
                    _days(timing.median_days),
                ]
                for channel, timing in performance.channels
            ],
        ),
    ]


def _shown(value: Any) -> str:
    if value == "" or value is None:
        return "—"
    return value if isinstance(value, str) else format_number(value)


def _sections(tables: list[Table]) -> list[dict[str, Any]]:
    """Each table with a chart of its request counts: per counter (column 2), counters' share
    per province (column 1), per channel (column 1)."""
    rtl = translation.get_language_bidi()
    column = {"counters": 2, "provinces": 1, "channels": 1}
    return [
        {
            "table": table,
            "chart": bar_chart(
                [(str(row[0]), int(row[column[table.key]])) for row in table.rows],
                rtl=rtl,
                key=table.key,
            ),
            "rows": [[_shown(value) for value in row] for row in table.rows],
        }
        for table in tables
    ]


def _filters(request: HttpRequest) -> tuple[PerformanceFilterForm, dict[str, Any] | None]:
    asked = {k: v for k, v in request.GET.items() if k != "format"}
    form = PerformanceFilterForm(asked or None)
    if not asked:
        return form, {}
    return form, (form.cleaned_data if form.is_valid() else None)


def _period(data: dict[str, Any]) -> dict[str, Any]:
    return {"since": data.get("date_from"), "until": data.get("date_to")}


@login_required
@require_safe
def counters_performance(request: HttpRequest) -> HttpResponse:
    scope = request_scope(request)
    require(scope, Perm.ESERVICES_COUNTER_FIGURES)
    form, data = _filters(request)
    if data is None:
        return render(
            request, "eservices/pages/counters_performance.html", {"form": form}, status=400
        )
    performance = counter_performance(scope=scope, **_period(data))
    return render(
        request,
        "eservices/pages/counters_performance.html",
        {
            "form": form,
            "performance": performance,
            "sections": _sections(performance_tables(performance)),
            "download_query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
def counters_performance_export(request: HttpRequest) -> HttpResponse:
    """The page's tables as CSV or XLSX (`?format=csv|xlsx` and the page's filters)."""
    scope = request_scope(request)
    require(scope, Perm.ESERVICES_COUNTER_FIGURES)
    _form, data = _filters(request)
    if data is None:
        return HttpResponse(gettext("Correct the filters, then download again."), status=400)
    performance = counter_performance(scope=scope, **_period(data))
    return table_download(
        request=request,
        tables=performance_tables(performance),
        title=gettext("Counters' performance"),
        filename=f"counters-performance-{timezone.localdate().isoformat()}",
    )
