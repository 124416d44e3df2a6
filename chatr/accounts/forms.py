"""Sign-in forms. Input is normalized by the shared core fields (digits, mobile form)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.core.phone import MobileField


class StaffSignInForm(forms.Form):
    username = forms.CharField(
        label=_("Username"),
        max_length=150,
        widget=forms.TextInput(
            attrs={"autocomplete": "username", "dir": "ltr", "autocapitalize": "none"}
        ),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "dir": "ltr"}),
    )


class MobileForm(forms.Form):
    mobile = MobileField(
        label=_("Mobile number"),
        help_text=_("We send a 6-digit code to this number. Example: 0912 345 6789"),
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=12,
        help_text=_("The 6-digit code in the SMS we sent you."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "dir": "ltr"}
        ),
    )
