"""The public "track a code" form: the tracking code plus the mobile given (or a secret)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _


class TrackForm(forms.Form):
    code = forms.CharField(
        label=_("Tracking code"),
        max_length=20,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )
    mobile = forms.CharField(
        label=_("Mobile number you gave"),
        max_length=20,
        required=False,
        widget=forms.TextInput(
            attrs={"type": "tel", "inputmode": "tel", "autocomplete": "tel", "dir": "ltr"}
        ),
    )
    secret = forms.CharField(
        label=_("Secret (anonymous reports only)"),
        max_length=12,
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "dir": "ltr"}),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("mobile") and not data.get("secret"):
            raise forms.ValidationError(
                _("Enter the mobile number you gave, or the secret of an anonymous report.")
            )
        return data
