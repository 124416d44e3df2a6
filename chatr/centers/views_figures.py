"""Figures of care centers: charts, the tables behind them, CSV/XLSX downloads of the tables.

Adapters only: parse the filters (a Jalali day, optionally one province), call
`reports.center_figures`, lay the figures out as tables (the accessible source of every
chart, and what the downloads contain) and bar charts. htmx swaps the results when the day or
the province changes; without script the form is a plain GET.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from chatr.centers.reports import CenterFigures, FigureUnit, center_figures, figures_provinces
from chatr.core.jalali import JalaliDateField, format_date, jalali_day
from chatr.core.text import format_number
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.ui.charts import bar_chart
from chatr.ui.exports import Table, table_download
from chatr.ui.htmx import render_page_or_partial, wants_partial

# ---------------------------------------------------------------- the filter form


class FiguresFilterForm(forms.Form):
    on = JalaliDateField(
        label=_("Residents in care on"), required=False, help_text=_("Leave empty for today.")
    )
    # Any code is accepted here: the selector answers "not found" for a province outside the
    # reader's area, exactly like for one that does not exist.
    province = forms.CharField(label=_("Province"), required=False, widget=forms.Select)

    def __init__(self, *args: Any, provinces: list[FigureUnit], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if len(provinces) <= 1:
            # Nothing to choose: a province's managers always see their own.
            self.fields["province"].widget = forms.HiddenInput()
        else:
            self.fields["province"].widget.choices = [
                ("", _("All provinces I may see")),
                *[(p.code, p.name) for p in provinces],
            ]

    def clean_on(self) -> Any:
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day in the past."))
        return on


def _filters(request: HttpRequest) -> tuple[FiguresFilterForm, dict[str, Any] | None]:
    scope = request_scope(request)
    require(scope, Perm.CENTERS_FIGURES)
    asked = {k: v for k, v in request.GET.items() if k != "format"}
    form = FiguresFilterForm(asked or None, provinces=figures_provinces(scope=scope))
    if not asked:
        return form, {"on": None, "province": ""}
    return form, (form.cleaned_data if form.is_valid() else None)


def _figures(request: HttpRequest, data: dict[str, Any]) -> CenterFigures:
    return center_figures(
        scope=request_scope(request), on=data.get("on"), province=data.get("province") or None
    )


# ---------------------------------------------------------------- tables and charts


def figures_tables(figures: CenterFigures) -> list[Table]:
    """What the page shows under its charts and the downloads contain: one row per
    ownership or province, then the total row (the page sets it apart as the footer)."""
    total = gettext("Total")
    ownership, children, types = figures.ownership, figures.children, figures.types
    return [
        Table(
            "ownership",
            gettext("Services by ownership"),
            [
                gettext("Ownership"),
                gettext("Centers"),
                gettext("Share of centers (%)"),
                gettext("Licensed capacity"),
                gettext("Share of capacity (%)"),
                gettext("Residents in care"),
                gettext("Share of residents (%)"),
            ],
            [
                [
                    str(r.label) if r.ownership else total,
                    r.centers,
                    r.centers_share,
                    r.capacity,
                    r.capacity_share,
                    r.residents,
                    r.residents_share,
                ]
                for r in [*ownership.rows, ownership.total]
            ],
        ),
        Table(
            "children",
            gettext("Children in care per province"),
            [
                gettext("Province"),
                gettext("Children in care"),
                gettext("Share of the national total (%)"),
            ],
            [
                [r.province.name if r.province else total, r.children, r.national_share]
                for r in [*children.rows, children.total]
            ],
            ngettext(
                "%(n)s child is in care in the whole country.",
                "%(n)s children are in care in the whole country.",
                children.national_total,
            )
            % {"n": format_number(children.national_total)},
        ),
        Table(
            "types",
            gettext("Active centers per licence type and province"),
            [gettext("Province"), *[str(label) for _code, label in types.types], total],
            [
                [
                    r.province.name if r.province else total,
                    *[r.counts[code] for code, _label in types.types],
                    r.total,
                ]
                for r in [*types.rows, types.total]
            ],
        ),
    ]


def _sections(tables: list[Table]) -> list[dict[str, Any]]:
    """Each table (its rows apart from its total row) with the charts drawn from it."""
    rtl = translation.get_language_bidi()
    ownership, children, types = tables

    def chart(key: str, title: str, pairs: list[tuple[str, int]]) -> dict[str, Any]:
        return {"title": title, "chart": bar_chart(pairs, rtl=rtl, key=key)}

    charts = {
        "ownership": [
            chart(
                "ownership-centers",
                gettext("Active centers by ownership"),
                [(str(r[0]), r[1]) for r in ownership.rows[:-1]],
            ),
            chart(
                "ownership-residents",
                gettext("Residents in care by ownership"),
                [(str(r[0]), r[5]) for r in ownership.rows[:-1]],
            ),
        ],
        "children": [
            chart(
                "children",
                gettext("Children in care per province"),
                [(str(r[0]), r[1]) for r in children.rows[:-1]],
            )
        ],
        "types": [
            chart(
                "types",
                gettext("Active centers per licence type"),
                list(zip(types.headers[1:-1], types.rows[-1][1:-1], strict=True)),
            )
        ],
    }
    return [
        {"table": t, "rows": t.rows[:-1], "total": t.rows[-1], "charts": charts[t.key]}
        for t in tables
    ]


def _title(figures: CenterFigures) -> str:
    title = gettext("Care center figures on %(day)s") % {
        "day": format_date(figures.on, style="long")
    }
    return f"{title} — {figures.province.name}" if figures.province else title


def _plain_query(figures: CenterFigures) -> dict[str, str]:
    """The filters with ASCII digits, so a download link asks for the same figures."""
    query = {"on": jalali_day(figures.on)}
    if figures.province:
        query["province"] = figures.province.code
    return query


# ---------------------------------------------------------------- pages


@login_required
def figures_page(request: HttpRequest) -> HttpResponse:
    form, data = _filters(request)
    context: dict[str, Any] = {
        "form": form,
        "can_register": request_scope(request).has_perm(Perm.CENTERS_EDIT),
    }
    if data is not None:
        figures = _figures(request, data)
        context.update(
            figures=figures,
            title=_title(figures),
            sections=_sections(figures_tables(figures)),
            download_query=urlencode(_plain_query(figures)),
        )
    response = render_page_or_partial(
        request,
        page="centers/figures/page.html",
        partial="centers/figures/results.html",
        context=context,
    )
    # A full page with wrong filters says so; htmx only swaps in answers of 2xx, so the
    # fragment with the error summary comes back as 200.
    if data is None and not wants_partial(request):
        response.status_code = 400
    return response


@login_required
def figures_export(request: HttpRequest) -> HttpResponse:
    """The figures' tables as CSV or XLSX (`?format=csv|xlsx` and the page's filters)."""
    _form, data = _filters(request)
    if data is None:
        return HttpResponse(gettext("Correct the filters, then download again."), status=400)
    figures = _figures(request, data)
    day = _plain_query(figures)["on"].replace("/", "-")
    where = f"-{figures.province.code}" if figures.province else ""
    return table_download(
        request=request,
        tables=figures_tables(figures),
        title=_title(figures),
        filename=f"centers-figures{where}-{day}",
    )
