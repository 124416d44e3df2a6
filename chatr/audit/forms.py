from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.core.jalali import JalaliDateField


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All actions")), *AuditAction.choices]
    )
    actor = forms.CharField(label=_("Username of the actor"), required=False, max_length=150)
    date_from = JalaliDateField(label=_("From date"), required=False)
    date_to = JalaliDateField(label=_("To date"), required=False)
