"""Forms of the counter operator's flow: choose the service and identify the person, then the
consent code the person reads out. The request form itself is the desk's `RequestForm`."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import JalaliDateField
from chatr.core.national_code import NationalCodeField
from chatr.eservices.models import Service


class CounterStartForm(forms.Form):
    service = forms.ChoiceField(label=_("Service"))
    national_code = NationalCodeField(
        label=_("The person's national code"),
        widget=forms.TextInput(attrs={"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}),
    )
    birth_date = JalaliDateField(
        label=_("The person's birth date"),
        help_text=_("In the Persian calendar, e.g. 1360/05/14."),
    )

    def __init__(self, *args: Any, services: list[Service], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", "—")] + [
            (service.code, service.title) for service in services
        ]


class ConsentCodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code the person read out"),
        max_length=12,
        help_text=_("The 6-digit code in the SMS sent to the person's own mobile."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "numeric", "dir": "ltr"}),
    )


class PerformanceFilterForm(forms.Form):
    date_from = JalaliDateField(label=_("Filed from"), required=False)
    date_to = JalaliDateField(label=_("Filed until"), required=False)

    def clean(self) -> dict[str, Any]:
        data: dict[str, Any] = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return data
