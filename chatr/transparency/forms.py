"""The contract search form (GET): it parses and normalizes input (Persian digits included);
invalid fields are dropped rather than refused, so a search never fails as a whole."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import JalaliDateField
from chatr.core.text import to_ascii_digits
from chatr.transparency.choices import ContractStatus, ProcurementMethod
from chatr.transparency.selectors import (
    CONTRACT_SORTS,
    DEFAULT_CONTRACT_SORT,
    ContractFilters,
    contract_publishers,
)

_NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}


class RialsField(forms.IntegerField):
    """Rials typed with Persian, Arabic-Indic or ASCII digits and any thousands separators."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_ascii_digits(value)
            for separator in (",", "\u066c", "\u060c", " ", "_"):
                value = value.replace(separator, "")
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**_NUMBER_ATTRS}


def sort_choices() -> list[tuple[str, Any]]:
    labels = {
        "-signed_on": _("Newest first"),
        "signed_on": _("Oldest first"),
        "-amount": _("Largest amount first"),
        "amount": _("Smallest amount first"),
    }
    return [(key, labels[key]) for key in CONTRACT_SORTS]


class ContractSearchForm(forms.Form):
    q = forms.CharField(label=_("Number, subject or party"), max_length=100, required=False)
    publisher = forms.ChoiceField(label=_("Publisher"), required=False)
    method = forms.ChoiceField(label=_("Procurement method"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    signed_from = JalaliDateField(label=_("Signed from"), required=False)
    signed_to = JalaliDateField(label=_("Signed until"), required=False)
    amount_min = RialsField(label=_("Amount from (rials)"), required=False, min_value=0)
    amount_max = RialsField(label=_("Amount up to (rials)"), required=False, min_value=0)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = [  # type: ignore[attr-defined]
            ("", _("All publishers")),
            *[(unit.code, unit.name) for unit in contract_publishers()],
        ]
        self.fields["method"].choices = [  # type: ignore[attr-defined]
            ("", _("All methods")),
            *ProcurementMethod.choices,
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("All statuses")),
            *ContractStatus.choices,
        ]
        self.fields["sort"].choices = sort_choices()  # type: ignore[attr-defined]

    def filters(self) -> ContractFilters:
        """The valid part of the search; a field that does not parse is left out."""
        if not self.is_bound:
            return ContractFilters()
        self.is_valid()
        data = self.cleaned_data
        return ContractFilters(
            q=data.get("q") or "",
            publisher=data.get("publisher") or "",
            method=data.get("method") or "",
            status=data.get("status") or "",
            signed_from=data.get("signed_from"),
            signed_to=data.get("signed_to"),
            amount_min=data.get("amount_min"),
            amount_max=data.get("amount_max"),
            sort=data.get("sort") or DEFAULT_CONTRACT_SORT,
        )
