"""Search forms (GET) of the registers' public lists. As the contract search: input is parsed
and normalized (Persian digits included) and a field that does not parse is left out, so a
search never fails as a whole."""

from __future__ import annotations

import dataclasses
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import JalaliDateField
from chatr.transparency.choices import (
    AssetOwnership,
    AssetType,
    DonationChannel,
    DonationPurpose,
    HiringStatus,
)
from chatr.transparency.forms import RialsField
from chatr.transparency.selectors_registers import (
    ASSETS,
    DONATIONS,
    HIRING,
    MANAGERS,
    TENURE_CURRENT,
    TENURE_FORMER,
    AssetFilters,
    DonationFilters,
    HiringFilters,
    ManagerFilters,
    Register,
    register_publishers,
)


class RegisterSearchForm(forms.Form):
    """Words, publisher and sort, shared by the four searches; `filters()` gives the
    register's filters from the fields that parsed (a field left empty or refused takes the
    filter's default)."""

    register: Register[Any]
    filters_class: type[Any]
    sort_labels: dict[str, Any] = {}

    publisher = forms.ChoiceField(label=_("Publisher"), required=False)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        publishers = register_publishers(category=self.register.category)
        self.fields["publisher"].choices = [  # type: ignore[attr-defined]
            ("", _("All publishers")),
            *[(unit.code, unit.name) for unit in publishers],
        ]
        self.fields["sort"].choices = [  # type: ignore[attr-defined]
            (key, self.sort_labels[key]) for key in self.register.sorts
        ]

    def _choices(self, name: str, empty: Any, choices: list[tuple[str, Any]]) -> None:
        self.fields[name].choices = [("", empty), *choices]  # type: ignore[attr-defined]

    def valid_data(self) -> dict[str, Any]:
        """The fields that parsed ({} for an unbound form)."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return self.cleaned_data

    def filters(self) -> Any:
        data = self.valid_data()
        given = {
            f.name: data[f.name]
            for f in dataclasses.fields(self.filters_class)
            if data.get(f.name) not in (None, "")
        }
        return self.filters_class(**given)


class ManagerSearchForm(RegisterSearchForm):
    register = MANAGERS
    filters_class = ManagerFilters
    sort_labels = {
        "-since": _("Newest appointment first"),
        "since": _("Oldest appointment first"),
        "full_name": _("By name"),
    }

    q = forms.CharField(label=_("Name, position or unit"), max_length=100, required=False)
    tenure = forms.ChoiceField(label=_("In office"), required=False)

    field_order = ["q", "publisher", "tenure", "sort"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices(
            "tenure",
            _("Current and former"),
            [(TENURE_CURRENT, _("Current managers")), (TENURE_FORMER, _("Former managers"))],
        )


class AssetSearchForm(RegisterSearchForm):
    register = ASSETS
    filters_class = AssetFilters
    sort_labels = {
        "asset_code": _("By asset number"),
        "-area": _("Largest area first"),
        "area": _("Smallest area first"),
        "title": _("By title"),
    }

    q = forms.CharField(label=_("Number, title, place or use"), max_length=100, required=False)
    asset_type = forms.ChoiceField(label=_("Asset type"), required=False)
    ownership = forms.ChoiceField(label=_("Ownership"), required=False)

    field_order = ["q", "publisher", "asset_type", "ownership", "sort"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("asset_type", _("All types"), AssetType.choices)
        self._choices("ownership", _("Any ownership"), AssetOwnership.choices)


class DonationSearchForm(RegisterSearchForm):
    register = DONATIONS
    filters_class = DonationFilters
    sort_labels = {
        "-received_on": _("Newest first"),
        "received_on": _("Oldest first"),
        "-amount": _("Largest amount first"),
        "amount": _("Smallest amount first"),
    }

    q = forms.CharField(
        label=_("Receipt number, description or named donor"), max_length=100, required=False
    )
    channel = forms.ChoiceField(label=_("Payment channel"), required=False)
    purpose = forms.ChoiceField(label=_("Purpose"), required=False)
    received_from = JalaliDateField(label=_("Received from"), required=False)
    received_to = JalaliDateField(label=_("Received until"), required=False)
    amount_min = RialsField(label=_("Amount from (rials)"), required=False, min_value=0)
    amount_max = RialsField(label=_("Amount up to (rials)"), required=False, min_value=0)

    field_order = [
        "q",
        "publisher",
        "channel",
        "purpose",
        "received_from",
        "received_to",
        "amount_min",
        "amount_max",
        "sort",
    ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("channel", _("All channels"), DonationChannel.choices)
        self._choices("purpose", _("All purposes"), DonationPurpose.choices)


class HiringSearchForm(RegisterSearchForm):
    register = HIRING
    filters_class = HiringFilters
    sort_labels = {
        "-announced_on": _("Newest first"),
        "announced_on": _("Oldest first"),
        "-applications_close_on": _("Latest deadline first"),
        "-positions": _("Most positions first"),
    }

    q = forms.CharField(label=_("Number, title or unit"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    announced_from = JalaliDateField(label=_("Announced from"), required=False)
    announced_to = JalaliDateField(label=_("Announced until"), required=False)

    field_order = ["q", "publisher", "status", "announced_from", "announced_to", "sort"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._choices("status", _("All statuses"), HiringStatus.choices)
