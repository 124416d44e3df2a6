"""Residents and subsidies forms: they parse and normalize input (Persian digits, Jalali
dates, national codes typed with spaces); the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import CareMode, Grade, LicenceType
from chatr.centers.forms import DigitsIntegerField
from chatr.centers.models import DischargeReason, RateBasis
from chatr.centers.services_subsidies import YEAR_MAX, YEAR_MIN, RateData
from chatr.core.jalali import JalaliDateField, jalali_month_choices
from chatr.core.national_code import NationalCodeField
from chatr.core.text import to_ascii_digits

MONTH_CHOICES = jalali_month_choices


class AmountField(DigitsIntegerField):
    """Whole rials: Persian or ASCII digits, with or without thousands separators."""

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_ascii_digits(value).replace(",", "").replace("٬", "").strip()
        return super().to_python(value)


class AdmissionForm(forms.Form):
    """Admit a registry person: the national code and the birth date identify them."""

    national_code = NationalCodeField(
        label=_("National code"),
        max_length=20,
        help_text=_("10 digits; the person must already be in the registry."),
    )
    birth_date = JalaliDateField(label=_("Birth date"))
    admitted_on = JalaliDateField(label=_("Admission date"))


class DischargeForm(forms.Form):
    discharged_on = JalaliDateField(
        label=_("Discharge date"), help_text=_("The discharge day is not a day in care.")
    )
    reason = forms.ChoiceField(
        label=_("Reason for the discharge"),
        choices=[("", _("Choose a reason")), *DischargeReason.choices],
    )


class MonthForm(forms.Form):
    """A Jalali month (compute its claims, or make its payment batch)."""

    year = DigitsIntegerField(label=_("Jalali year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    month = forms.TypedChoiceField(label=_("Month"), coerce=int, choices=MONTH_CHOICES)


class RateForm(forms.Form):
    licence_type = forms.ChoiceField(
        label=_("Licence type"), choices=[("", _("Choose a type")), *LicenceType.choices]
    )
    care_mode = forms.ChoiceField(
        label=_("Care mode"), choices=CareMode.choices, widget=forms.RadioSelect
    )
    grade = forms.TypedChoiceField(
        label=_("Grade"), choices=Grade.choices, coerce=int, widget=forms.RadioSelect
    )
    year = DigitsIntegerField(label=_("Jalali year"), min_value=YEAR_MIN, max_value=YEAR_MAX)
    effective_month = forms.TypedChoiceField(
        label=_("From month"),
        coerce=int,
        choices=MONTH_CHOICES,
        help_text=_(
            "The rate applies from this month to the end of the year, or until a later one."
        ),
    )
    basis = forms.ChoiceField(label=_("Basis"), choices=RateBasis.choices, widget=forms.RadioSelect)
    amount = AmountField(label=_("Amount (rials a month)"), min_value=0)
    note = forms.CharField(
        label=_("Note (decree)"),
        max_length=200,
        required=False,
        help_text=_("For example the decree's number and date."),
    )

    def rate_data(self) -> RateData:
        data = self.cleaned_data
        return RateData(
            licence_type=data["licence_type"],
            care_mode=data["care_mode"],
            grade=data["grade"],
            year=data["year"],
            effective_month=data["effective_month"],
            basis=data["basis"],
            amount=data["amount"],
            note=data.get("note") or "",
        )


class PaymentAccountForm(forms.Form):
    """A center's Sheba and account holder; the service validates the Sheba (the one core
    validator: Persian digits, spaces and a missing "IR" are accepted)."""

    sheba = forms.CharField(
        label=_("Sheba number"),
        max_length=40,
        help_text=_("IR followed by 24 digits."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "dir": "ltr", "spellcheck": "false", "size": 34}
        ),
    )
    holder_name = forms.CharField(
        label=_("Account holder"),
        max_length=200,
        help_text=_("The name the account is held in, usually the center's legal entity."),
    )
