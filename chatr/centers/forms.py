"""Directory forms: they parse and normalize input (Persian digits included) and narrow the
choices to what the reader may pick; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import (
    EDITABLE_STATUSES,
    CareMode,
    CenterStatus,
    Grade,
    LicenceKind,
    LicenceType,
    Ownership,
)
from chatr.centers.selectors import (
    CenterFilters,
    counties_for_registration,
    directory_counties,
    directory_provinces,
)
from chatr.centers.services import CenterData, LicenceData
from chatr.centers.validation import (
    map_point_field,
    normalize_phone,
    validate_licence_number,
    validate_map_point,
)
from chatr.core.jalali import JalaliDateField
from chatr.core.postal_code import validate_postal_code
from chatr.core.text import to_ascii_digits
from chatr.org.models import OrgUnit
from chatr.org.scope import Scope

_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "spellcheck": "false"}
_DECIMAL_ATTRS = {"inputmode": "decimal", "autocomplete": "off", "dir": "ltr"}


def _ascii_number(value: Any) -> Any:
    """Persian digits and the Persian decimal separator, as Python parses numbers."""
    if isinstance(value, str):
        return to_ascii_digits(value).replace("\u066b", ".").replace("\u066c", "").strip()
    return value


class DigitsIntegerField(forms.IntegerField):
    """An integer typed with Persian, Arabic-Indic or ASCII digits (a text input: number
    inputs refuse Persian digits)."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> int | None:
        return super().to_python(_ascii_number(value))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**_CODE_ATTRS}


class DigitsDecimalField(forms.DecimalField):
    widget = forms.TextInput

    def to_python(self, value: Any) -> Any:  # Decimal | None
        return super().to_python(_ascii_number(value))

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**_DECIMAL_ATTRS}


def _grouped_counties(counties: list[OrgUnit]) -> list[tuple[Any, Any]]:
    """One optgroup per province when there are several, a flat list otherwise."""
    groups: dict[int | None, list[OrgUnit]] = {}
    for county in counties:
        groups.setdefault(county.province_id, []).append(county)
    if len(groups) <= 1:
        return [(c.code, c.name) for c in counties]
    return [
        (group[0].province.name if group[0].province else "", [(c.code, c.name) for c in group])
        for group in groups.values()
    ]


# ---------------------------------------------------------------- public


class DirectorySearchForm(forms.Form):
    """The directory's filters (a GET form). The county list follows the chosen province; a
    county of another province (left over when the province changed without script) is
    dropped rather than refused."""

    province = forms.ChoiceField(
        label=_("Province"),
        required=False,
        # With script, choosing a province refreshes the county list in place.
        widget=forms.Select(
            attrs={
                "hx-get": reverse_lazy("centers:county_options"),
                "hx-target": "#county-field",
                "hx-swap": "outerHTML",
                "hx-trigger": "change",
                # The form pushes its search to the address bar; this fragment must not.
                "hx-push-url": "false",
            }
        ),
    )
    county = forms.CharField(label=_("County"), required=False, widget=forms.Select)
    licence_type = forms.ChoiceField(label=_("Type of center"), required=False)
    name = forms.CharField(label=_("Name of the center"), max_length=100, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        provinces = list(directory_provinces())
        self.fields["province"].choices = [  # type: ignore[attr-defined]
            ("", _("All provinces")),
            *[(p.code, p.name) for p in provinces],
        ]
        self.fields["licence_type"].choices = [  # type: ignore[attr-defined]
            ("", _("All types")),
            *LicenceType.choices,
        ]
        province = self.data.get("province", "") if self.is_bound else ""
        if province not in {p.code for p in provinces}:
            province = ""
        self.counties = list(directory_counties(province=province))
        self.fields["county"].widget.choices = [
            ("", _("All counties")),
            *_grouped_counties(self.counties),
        ]

    def clean_county(self) -> str:
        county: str = self.cleaned_data.get("county") or ""
        return county if county in {c.code for c in self.counties} else ""

    def filters(self) -> CenterFilters:
        if not self.is_bound or not self.is_valid():
            return CenterFilters()
        data = self.cleaned_data
        return CenterFilters(
            province=data["province"] or "",
            county=data["county"] or "",
            licence_type=data["licence_type"] or "",
            name=data["name"] or "",
        )


class StaffFilterForm(DirectorySearchForm):
    """The directory's filters plus the center's status, for staff lists."""

    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("All")),
            *CenterStatus.choices,
        ]

    def filters(self) -> CenterFilters:
        base = super().filters()
        if not self.is_bound or not self.is_valid():
            return base
        return CenterFilters(
            province=base.province,
            county=base.county,
            licence_type=base.licence_type,
            name=base.name,
            status=self.cleaned_data.get("status") or "",
        )


class LicenceCheckForm(forms.Form):
    number = forms.CharField(
        label=_("Licence number"),
        max_length=60,
        help_text=_("As printed on the licence; Persian or Latin digits."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )

    def clean_number(self) -> str:
        return validate_licence_number(self.cleaned_data["number"])


# ---------------------------------------------------------------- staff


class CenterForm(forms.Form):
    """A center's details: the whole form to register one, the same without the county (it
    cannot move) and with its status to edit one."""

    name_fa = forms.CharField(label=_("Name (Persian)"), max_length=200)
    name_en = forms.CharField(
        label=_("Name (English)"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the Persian name."),
    )
    licence_type = forms.ChoiceField(label=_("Licence type"), choices=LicenceType.choices)
    ownership = forms.ChoiceField(
        label=_("Ownership"), choices=Ownership.choices, widget=forms.RadioSelect
    )
    care_mode = forms.ChoiceField(
        label=_("Care mode"), choices=CareMode.choices, widget=forms.RadioSelect
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"), choices=Grade.choices, coerce=int, widget=forms.RadioSelect
    )
    capacity = DigitsIntegerField(
        label=_("Capacity"), min_value=0, help_text=_("People the center may care for at once.")
    )
    county = forms.ChoiceField(label=_("County"))
    address = forms.CharField(
        label=_("Address"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=20,
        required=False,
        help_text=_("10 digits."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    phone = forms.CharField(
        label=_("Phone"),
        max_length=20,
        required=False,
        help_text=_("With the area code, for example 034 3212 3456."),
        widget=forms.TextInput(attrs={**_CODE_ATTRS, "autocomplete": "tel"}),
    )
    manager_name = forms.CharField(label=_("Manager"), max_length=200, required=False)
    latitude = DigitsDecimalField(
        label=_("Latitude"),
        max_digits=8,
        decimal_places=6,
        required=False,
        help_text=_("Optional map point, for example 30.283937."),
    )
    longitude = DigitsDecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        required=False,
        help_text=_("For example 57.083363."),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[(s.value, s.label) for s in EDITABLE_STATUSES],
        widget=forms.RadioSelect,
    )

    def __init__(
        self,
        *args: Any,
        scope: Scope,
        editing: bool = False,
        status_editable: bool = True,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.editing = editing
        if editing:
            del self.fields["county"]
            if not status_editable:
                # Suspended or revoked: only the sanctions procedure changes that.
                del self.fields["status"]
        else:
            del self.fields["status"]
            self.counties = {c.code: c for c in counties_for_registration(scope=scope)}
            self.fields["county"].choices = [  # type: ignore[attr-defined]
                ("", _("Choose a county")),
                *_grouped_counties(list(self.counties.values())),
            ]

    def clean_postal_code(self) -> str:
        value = self.cleaned_data.get("postal_code") or ""
        return validate_postal_code(value) if value.strip() else ""

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone") or ""
        return normalize_phone(value) if value.strip() else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if "latitude" not in self.errors and "longitude" not in self.errors:
            try:
                validate_map_point(latitude, longitude)
            except ValidationError as error:
                self.add_error(map_point_field(latitude, longitude), error)
        return data

    @property
    def county_unit(self) -> OrgUnit:
        return self.counties[self.cleaned_data["county"]]

    def center_data(self) -> CenterData:
        data = self.cleaned_data
        return CenterData(
            name_fa=data["name_fa"],
            name_en=data.get("name_en") or "",
            licence_type=data["licence_type"],
            ownership=data["ownership"],
            care_mode=data["care_mode"],
            grade=data["grade"],
            capacity=data["capacity"],
            address=data["address"],
            postal_code=data.get("postal_code") or "",
            latitude=data.get("latitude"),
            longitude=data.get("longitude"),
            phone=data.get("phone") or "",
            manager_name=data.get("manager_name") or "",
        )

    @staticmethod
    def initial_for(center: Any) -> dict[str, Any]:
        unit = center.org_unit
        return {
            "name_fa": unit.name_fa,
            "name_en": "" if unit.name_en == unit.name_fa else unit.name_en,
            "licence_type": center.licence_type,
            "ownership": center.ownership,
            "care_mode": center.care_mode,
            "grade": center.grade,
            "capacity": center.capacity,
            "address": center.address,
            "postal_code": center.postal_code,
            "phone": center.phone,
            "manager_name": center.manager_name,
            "latitude": center.latitude,
            "longitude": center.longitude,
            "status": center.status,
        }


class LicenceForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=LicenceKind.choices, widget=forms.RadioSelect)
    number = forms.CharField(
        label=_("Licence number"), max_length=60, widget=forms.TextInput(attrs=_CODE_ATTRS)
    )
    issued_on = JalaliDateField(label=_("Issued on"))
    valid_from = JalaliDateField(label=_("Valid from"))
    valid_until = JalaliDateField(label=_("Valid until"))

    def clean_number(self) -> str:
        return validate_licence_number(self.cleaned_data["number"])

    def licence_data(self) -> LicenceData:
        data = self.cleaned_data
        return LicenceData(
            kind=data["kind"],
            number=data["number"],
            issued_on=data["issued_on"],
            valid_from=data["valid_from"],
            valid_until=data["valid_until"],
        )
