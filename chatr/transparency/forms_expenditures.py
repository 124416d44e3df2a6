"""The expenditure search form (GET). It parses and normalizes input (Persian digits
included). A field that does not parse is reported in the page's error summary and left out
of the search, so the rest of the search still answers."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import jalali_month_choices
from chatr.core.text import to_ascii_digits
from chatr.transparency.choices import EconomicClass
from chatr.transparency.models.expenditures import JALALI_YEAR_MAX, JALALI_YEAR_MIN
from chatr.transparency.selectors_expenditures import (
    DEFAULT_EXPENDITURE_SORT,
    EXPENDITURE_SORTS,
    ExpenditureFilters,
    expenditure_publishers,
)


class JalaliYearField(forms.IntegerField):
    """A Jalali year typed with Persian, Arabic-Indic or ASCII digits."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", JALALI_YEAR_MIN)
        kwargs.setdefault("max_value", JALALI_YEAR_MAX)
        kwargs.setdefault(
            "error_messages", {"invalid": _("Write the year in digits, such as 1403.")}
        )
        super().__init__(**kwargs)

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        attrs = super().widget_attrs(widget)
        # A text box (min/max attributes belong to number inputs): digits of any script.
        attrs.pop("min", None)
        attrs.pop("max", None)
        return {**attrs, "inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "size": 6}


def sort_choices() -> list[tuple[str, Any]]:
    labels = {
        "-month": _("Latest month first"),
        "month": _("Earliest month first"),
        "-amount": _("Largest amount first"),
        "amount": _("Smallest amount first"),
    }
    return [(key, labels[key]) for key in EXPENDITURE_SORTS]


def _month_choices(empty: Any) -> list[tuple[Any, Any]]:
    return [("", empty), *jalali_month_choices()]


class ExpenditureSearchForm(forms.Form):
    q = forms.CharField(label=_("Unit or program"), max_length=100, required=False)
    publisher = forms.ChoiceField(label=_("Publisher"), required=False)
    economic_class = forms.ChoiceField(label=_("Economic classification"), required=False)
    year = JalaliYearField(label=_("Year"), required=False)
    month_from = forms.TypedChoiceField(label=_("From month"), coerce=int, required=False)
    month_to = forms.TypedChoiceField(label=_("Up to month"), coerce=int, required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = [  # type: ignore[attr-defined]
            ("", _("All publishers")),
            *[(unit.code, unit.name) for unit in expenditure_publishers()],
        ]
        self.fields["economic_class"].choices = [  # type: ignore[attr-defined]
            ("", _("All classes")),
            *EconomicClass.choices,
        ]
        self.fields["month_from"].choices = _month_choices(_("Any month"))  # type: ignore[attr-defined]
        self.fields["month_to"].choices = _month_choices(_("Any month"))  # type: ignore[attr-defined]
        self.fields["sort"].choices = sort_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        first, last = data.get("month_from"), data.get("month_to")
        if isinstance(first, int) and isinstance(last, int) and first > last:
            self.add_error("month_to", _("The last month comes before the first one: swap them."))
        return data

    def filters(self) -> ExpenditureFilters:
        """The valid part of the search; a field that does not parse is left out (and shown
        in the error summary)."""
        if not self.is_bound:
            return ExpenditureFilters()
        self.is_valid()
        data = self.cleaned_data

        def number(name: str) -> int | None:
            value = data.get(name)
            return value if isinstance(value, int) else None

        return ExpenditureFilters(
            q=data.get("q") or "",
            publisher=data.get("publisher") or "",
            economic_class=data.get("economic_class") or "",
            year=number("year"),
            month_from=number("month_from"),
            month_to=number("month_to"),
            sort=data.get("sort") or DEFAULT_EXPENDITURE_SORT,
        )
