"""Residents and subsidies pages: a center's residents (admit, discharge, one record — every
staff read audited), the finance pages of the monthly claims (months, one month's claims with
compute and payment batch, one claim with maker–checker approval, batches and their bank file),
the rate table (HQ finance adds rates), a center's own claims, and the claims per province.
Adapters only: parse → one service or selector → render.

National codes never travel in a URL (the admission form is a POST) and are shown masked;
Sheba numbers are masked except in the bank file.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from chatr.centers import services_residents, services_subsidies
from chatr.centers.forms_subsidies import (
    AdmissionForm,
    DischargeForm,
    MonthForm,
    PaymentAccountForm,
    RateForm,
)
from chatr.centers.models import Admission, ClaimState, SubsidyClaim
from chatr.centers.selectors_residents import (
    admission_get,
    admission_list,
    center_occupancy,
    resident_center_get,
    resident_centers,
)
from chatr.centers.selectors_subsidies import (
    ClaimFilters,
    batch_get,
    batches_list,
    claim_get,
    claim_list,
    claim_month_totals,
    claim_months,
    claim_provinces,
    mask_sheba,
    payment_account_center_get,
    payment_account_history,
    rates_list,
)
from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.core.jalali import jalali_month_name, to_jalali
from chatr.core.national_code import mask_national_code
from chatr.core.text import format_number
from chatr.org.models import OrgUnitKind
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope, request_scope
from chatr.ui.charts import bar_chart
from chatr.ui.exports import Table, table_download
from chatr.ui.form_errors import add_error_to_form

PAGE_SIZE = 25


def _page(request: HttpRequest, rows: Any, size: int = PAGE_SIZE) -> tuple[Any, str]:
    page = Paginator(rows, size).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return page, query.urlencode()


def _at_hq(scope: Scope, perm: str) -> bool:
    return any(g.unit_kind == OrgUnitKind.HQ for g in scope.grants_for(perm))


def _month(year: int, month: int) -> tuple[int, int]:
    """A month from the URL; an impossible one is "not found"."""
    if (
        not 1 <= month <= 12
        or not services_subsidies.YEAR_MIN <= year <= services_subsidies.YEAR_MAX
    ):
        raise NotFoundError()
    return year, month


def _this_month() -> dict[str, int]:
    today = to_jalali(timezone.localdate())
    return {"year": today.year, "month": today.month}


def _refuse(request: HttpRequest, error: ApplicationError) -> None:
    """A button's refusal, said on the page it returns to."""
    if isinstance(error, NotFoundError):
        raise error
    flash.error(request, str(error.message))


# ---------------------------------------------------------------- residents


@login_required
def resident_center_list(request: HttpRequest) -> HttpResponse:
    """Centers whose residents the reader handles, with people in care now."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_RESIDENTS)
    page, query = _page(request, resident_centers(scope=scope))
    return render(
        request, "centers/subsidies/pages/resident_centers.html", {"page": page, "query": query}
    )


def _residents_context(request: HttpRequest, center: Any) -> dict[str, Any]:
    scope = request_scope(request)
    page, query = _page(request, admission_list(scope=scope, center=center))
    rows = [
        {"a": a, "code": mask_national_code(a.person.national_code or "")} for a in page.object_list
    ]
    services_residents.residents_list_viewed(actor=request.user, center=center, shown=len(rows))
    return {
        "center": center,
        "page": page,
        "rows": rows,
        "query": query,
        "sees_children": scope.covers_record(center, Perm.CENTERS_RESIDENTS_CHILDREN),
    }


@login_required
def residents(request: HttpRequest, center_id: int) -> HttpResponse:
    """A center's residents, in care now first, then those discharged (children's records only
    for readers with the children's permission). The read is audited."""
    center = resident_center_get(scope=request_scope(request), center_id=center_id)
    return render(
        request, "centers/subsidies/pages/residents.html", _residents_context(request, center)
    )


@login_required
def admit(request: HttpRequest, center_id: int) -> HttpResponse:
    """Admit a person (national code + birth date, in a POST); everything typed comes back
    when it is refused, the full-center message included."""
    scope = request_scope(request)
    center = resident_center_get(scope=scope, center_id=center_id)
    form = AdmissionForm(request.POST or None, initial={"admitted_on": timezone.localdate()})
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                admission = services_residents.admission_create(
                    actor=request.user,
                    scope=scope,
                    center=center,
                    national_code=data["national_code"],
                    birth_date=data["birth_date"],
                    admitted_on=data["admitted_on"],
                )
            except NotFoundError:
                raise
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(request, _("The resident was admitted."))
                return redirect("centers:subsidies:resident", admission_id=admission.pk)
    occupancy = center_occupancy(center=center)
    return render(
        request,
        "centers/subsidies/pages/admit.html",
        {
            "form": form,
            "center": center,
            "occupancy": occupancy,
            "is_full": occupancy >= center.capacity,
        },
        status=status,
    )


def _resident_page(
    request: HttpRequest, admission: Admission, form: DischargeForm | None, status: int = 200
) -> HttpResponse:
    if form is None and admission.is_open:
        form = DischargeForm(initial={"discharged_on": timezone.localdate()})
    return render(
        request,
        "centers/subsidies/pages/resident.html",
        {
            "a": admission,
            "code": mask_national_code(admission.person.national_code or ""),
            "form": form if admission.is_open else None,
        },
        status=status,
    )


@login_required
def resident(request: HttpRequest, admission_id: int) -> HttpResponse:
    """One resident's stay; every read is audited (children's records above all)."""
    admission = admission_get(scope=request_scope(request), admission_id=admission_id)
    services_residents.admission_view_record(actor=request.user, admission=admission)
    return _resident_page(request, admission, None)


@login_required
@require_POST
def discharge(request: HttpRequest, admission_id: int) -> HttpResponse:
    scope = request_scope(request)
    admission = admission_get(scope=scope, admission_id=admission_id)
    form = DischargeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services_residents.admission_discharge(
                actor=request.user,
                scope=scope,
                admission=admission,
                discharged_on=form.cleaned_data["discharged_on"],
                reason=form.cleaned_data["reason"],
            )
        except NotFoundError:
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            flash.success(request, _("The resident was discharged."))
            return redirect("centers:subsidies:residents", center_id=admission.center_id)
    return _resident_page(request, admission, form, status)


# ---------------------------------------------------------------- claims: months


def _finance_flags(scope: Scope) -> dict[str, bool]:
    return {
        "can_prepare": scope.has_perm(Perm.CENTERS_SUBSIDY_PREPARE),
        "can_rates": _at_hq(scope, Perm.CENTERS_RATES),
    }


def _months_context(request: HttpRequest, form: MonthForm) -> dict[str, Any]:
    scope = request_scope(request)
    page, query = _page(request, claim_months(scope=scope))
    rows = [{**row, "month_name": jalali_month_name(row["month"])} for row in page.object_list]
    return {"page": page, "rows": rows, "query": query, "form": form, **_finance_flags(scope)}


@login_required
def months(request: HttpRequest) -> HttpResponse:
    """Months with claims in the reader's area and their totals; compute a month."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_SUBSIDY_VIEW)
    form = MonthForm(initial=_this_month())
    return render(request, "centers/subsidies/pages/months.html", _months_context(request, form))


@login_required
@require_POST
def compute(request: HttpRequest) -> HttpResponse:
    """Compute a month's claims for every center of the reader's area that has none yet;
    pressing it again changes nothing."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_SUBSIDY_PREPARE)
    form = MonthForm(request.POST)
    if not form.is_valid():
        context = _months_context(request, form)
        return render(request, "centers/subsidies/pages/months.html", context, status=400)
    year, month = form.cleaned_data["year"], form.cleaned_data["month"]
    try:
        created = services_subsidies.subsidy_month_compute(
            actor=request.user, scope=scope, year=year, month=month
        )
    except ApplicationError as error:
        _refuse(request, error)
        return redirect("centers:subsidies:months")
    if created:
        flash.success(
            request,
            ngettext("%(count)s claim was computed.", "%(count)s claims were computed.", created)
            % {"count": format_number(created)},
        )
    else:
        flash.success(
            request, _("No new claim: every center due a subsidy this month already has one.")
        )
    return redirect("centers:subsidies:month", year=year, month=month)


@login_required
def month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """One month's claims per center with the totals by state, its batches, and the buttons:
    compute (idempotent) and make the payment batch of the approved claims."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_SUBSIDY_VIEW)
    year, month = _month(year, month)
    state = request.GET.get("state") or ""
    if state not in ClaimState.values:
        state = ""
    claims = claim_list(scope=scope, filters=ClaimFilters(year=year, month=month, state=state))
    page, query = _page(request, claims)
    flags = _finance_flags(scope)
    return render(
        request,
        "centers/subsidies/pages/month.html",
        {
            "year": year,
            "month": month,
            "month_name": jalali_month_name(month),
            "page": page,
            "query": query,
            "state": state,
            "states": ClaimState.choices,
            "totals": claim_month_totals(scope=scope, year=year, month=month),
            "batches": list(batches_list(scope=scope).filter(year=year, month=month))
            if flags["can_prepare"]
            else [],
            **flags,
        },
    )


# ---------------------------------------------------------------- claims: one claim


def _facts(claim: SubsidyClaim) -> list[tuple[str, Any]]:
    labels = {
        "licence_type": _("Licence type"),
        "care_mode": _("Care mode"),
        "grade": _("Grade"),
        "rate_year": _("Rate's year"),
        "rate_from_month": _("Rate applies from month"),
        "month": _("Month"),
        "first_day": _("First day"),
        "last_day": _("Last day"),
    }
    return [(str(labels.get(k, k)), v) for k, v in sorted(claim.facts.items())]


def _claim_context(request: HttpRequest, claim: SubsidyClaim) -> dict[str, Any]:
    scope = request_scope(request)
    return {
        "claim": claim,
        "sheba": mask_sheba(claim.sheba),
        "facts": _facts(claim),
        "can_approve": claim.state == ClaimState.COMPUTED
        and scope.covers_record(claim, Perm.CENTERS_SUBSIDY_APPROVE),
        "can_recompute": claim.state == ClaimState.COMPUTED
        and scope.covers_record(claim, Perm.CENTERS_SUBSIDY_PREPARE),
        "is_preparer": claim.prepared_by_id == request.user.pk,
        "can_record_account": scope.covers_record(claim, Perm.CENTERS_SUBSIDY_PREPARE),
        "steps": ClaimState.choices,
    }


@login_required
def claim(request: HttpRequest, claim_id: int) -> HttpResponse:
    found = claim_get(scope=request_scope(request), claim_id=claim_id)
    return render(request, "centers/subsidies/pages/claim.html", _claim_context(request, found))


@login_required
@require_POST
def claim_approve(request: HttpRequest, claim_id: int) -> HttpResponse:
    """The checker approves; the preparer is refused with the reason, on the claim's page."""
    scope = request_scope(request)
    found = claim_get(scope=scope, claim_id=claim_id)
    try:
        services_subsidies.subsidy_claim_approve(actor=request.user, scope=scope, claim=found)
    except ApplicationError as error:
        _refuse(request, error)
    else:
        flash.success(request, _("The claim is approved."))
    return redirect("centers:subsidies:claim", claim_id=found.pk)


@login_required
@require_POST
def claim_recompute(request: HttpRequest, claim_id: int) -> HttpResponse:
    scope = request_scope(request)
    found = claim_get(scope=scope, claim_id=claim_id)
    try:
        fresh = services_subsidies.subsidy_claim_recompute(
            actor=request.user, scope=scope, claim=found
        )
    except ApplicationError as error:
        _refuse(request, error)
        if error.code == "claim_not_due":
            return redirect("centers:subsidies:month", year=found.year, month=found.month)
        return redirect("centers:subsidies:claim", claim_id=found.pk)
    flash.success(request, _("The claim was computed again from the facts as they are now."))
    return redirect("centers:subsidies:claim", claim_id=fresh.pk)


@login_required
def my_claims(request: HttpRequest) -> HttpResponse:
    """A center's own claims (a center operator's grant is at their center)."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_SUBSIDY_VIEW)
    center_text = request.GET.get("center") or ""
    center_id = int(center_text) if center_text.isdigit() else None
    page, query = _page(request, claim_list(scope=scope, filters=ClaimFilters(center=center_id)))
    center = page.object_list[0].center if center_id and page.object_list else None
    return render(
        request,
        "centers/subsidies/pages/my_claims.html",
        {"page": page, "query": query, "center": center},
    )


# ---------------------------------------------------------------- payment account


def _return_claim(request: HttpRequest) -> int | None:
    """The claim page the account page was opened from (`?claim=<id>`), to go back to."""
    text = request.POST.get("claim") or request.GET.get("claim") or ""
    return int(text) if text.isdigit() else None


@login_required
def account(request: HttpRequest, center_id: int) -> HttpResponse:
    """A center's payment account (Sheba, masked) with its history; finance officers of the
    area record a new one (the previous one ends, never overwritten). The center's operators
    see it but may not change it."""
    scope = request_scope(request)
    center = payment_account_center_get(scope=scope, center_id=center_id)
    can_record = scope.covers_record(center, Perm.CENTERS_SUBSIDY_PREPARE)
    claim_id = _return_claim(request)
    form = PaymentAccountForm(request.POST or None) if can_record else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDeniedError()
        status = 400
        if form.is_valid():
            try:
                services_subsidies.payment_account_set(
                    actor=request.user,
                    scope=scope,
                    center=center,
                    sheba=form.cleaned_data["sheba"],
                    holder_name=form.cleaned_data["holder_name"],
                )
            except NotFoundError:
                raise
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(
                    request,
                    _(
                        "The account was recorded. Claims already computed keep the Sheba "
                        "they were computed with: compute them again to use this one."
                    ),
                )
                if claim_id is not None:
                    return redirect("centers:subsidies:claim", claim_id=claim_id)
                return redirect("centers:subsidies:account", center_id=center.pk)
    history = payment_account_history(center=center)
    rows = [{"a": a, "sheba": mask_sheba(a.sheba)} for a in history]
    return render(
        request,
        "centers/subsidies/pages/account.html",
        {
            "center": center,
            "current": rows[0] if rows and rows[0]["a"].ended_at is None else None,
            "rows": rows,
            "form": form,
            "claim_id": claim_id,
        },
        status=status,
    )


# ---------------------------------------------------------------- payment batches


@login_required
@require_POST
def batch_create(request: HttpRequest, year: int, month: int) -> HttpResponse:
    scope = request_scope(request)
    year, month = _month(year, month)
    try:
        batch = services_subsidies.subsidy_batch_create(
            actor=request.user, scope=scope, year=year, month=month
        )
    except ApplicationError as error:
        _refuse(request, error)
        return redirect("centers:subsidies:month", year=year, month=month)
    flash.success(request, _("The payment batch was made. Download its bank file."))
    return redirect("centers:subsidies:batch", batch_id=batch.pk)


@login_required
def batch(request: HttpRequest, batch_id: int) -> HttpResponse:
    scope = request_scope(request)
    found = batch_get(scope=scope, batch_id=batch_id)
    claims = found.claims.select_related("center__org_unit").order_by("pk")
    page, query = _page(request, claims)
    rows = [{"c": c, "sheba": mask_sheba(c.sheba)} for c in page.object_list]
    return render(
        request,
        "centers/subsidies/pages/batch.html",
        {"batch": found, "page": page, "rows": rows, "query": query},
    )


@login_required
@require_POST
def batch_bank_file(request: HttpRequest, batch_id: int) -> StreamingHttpResponse:
    """The batch's bank file, streamed (a POST: every download is audited)."""
    scope = request_scope(request)
    found = batch_get(scope=scope, batch_id=batch_id)
    lines = services_subsidies.subsidy_batch_export(actor=request.user, scope=scope, batch=found)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    name = services_subsidies.bank_file_name(found)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# ---------------------------------------------------------------- rates


def _rates_page(request: HttpRequest, form: RateForm | None, status: int = 200) -> HttpResponse:
    scope = request_scope(request)
    year_text = request.GET.get("year") or ""
    year = int(year_text) if year_text.isdigit() else None
    page, query = _page(request, rates_list(year=year), size=50)
    can_set = _at_hq(scope, Perm.CENTERS_RATES)
    if can_set and form is None:
        form = RateForm(initial={"year": _this_month()["year"], "effective_month": 1})
    return render(
        request,
        "centers/subsidies/pages/rates.html",
        {"page": page, "query": query, "year": year, "form": form if can_set else None},
        status=status,
    )


@login_required
def rates(request: HttpRequest) -> HttpResponse:
    """The rate table with its history; HQ finance adds a rate (never overwrites one)."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_SUBSIDY_VIEW)
    if request.method != "POST":
        return _rates_page(request, None)
    form = RateForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            services_subsidies.rate_set(actor=request.user, scope=scope, data=form.rate_data())
        except NotFoundError:
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            flash.success(request, _("The rate was recorded. Earlier rates stay in the history."))
            return redirect("centers:subsidies:rates")
    return _rates_page(request, form, status)


# ---------------------------------------------------------------- figures


def _province_table(scope: Scope, year: int, month: int) -> Table:
    rows = claim_provinces(scope=scope, year=year, month=month)
    persian = translation.get_language() == "fa"
    return Table(
        key="provinces",
        title=_("Subsidy claims per province"),
        headers=[_("Province"), _("Claims"), _("Awaiting approval"), _("Total (rials)")],
        rows=[
            [
                (r["scope_province__name_fa"] if persian else r["scope_province__name_en"]) or "—",
                r["n"],
                r["waiting"],
                r["total"] or 0,
            ]
            for r in rows
        ],
    )


@login_required
def provinces(request: HttpRequest, year: int, month: int) -> HttpResponse:
    """Claim totals per province for a month: a chart, the same figures in a table, and
    the table as CSV or XLSX (`?format=`)."""
    scope = request_scope(request)
    require(scope, Perm.CENTERS_SUBSIDY_VIEW)
    year, month = _month(year, month)
    table = _province_table(scope, year, month)
    title = _("Subsidy claims per province, %(month)s %(year)s") % {
        "month": jalali_month_name(month),
        "year": year,
    }
    if "format" in request.GET:
        return table_download(
            request=request,
            tables=[table],
            title=title,
            filename=f"chatr-center-subsidies-provinces-{year}{month:02d}",
        )
    chart = bar_chart(
        [(str(r[0]), int(r[3])) for r in table.rows],
        rtl=translation.get_language_bidi(),
        key="provinces",
    )
    return render(
        request,
        "centers/subsidies/pages/provinces.html",
        {
            "year": year,
            "month": month,
            "month_name": jalali_month_name(month),
            "table": table,
            "chart": chart,
            "title": title,
        },
    )
