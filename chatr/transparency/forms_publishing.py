"""Forms of the editors' and reviewers' pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.core.spreadsheets import MAX_FILE_BYTES
from chatr.transparency.services_publishing import WITHDRAW_REASON_MIN


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of records"),
        help_text=_("CSV (UTF-8) or Excel (XLSX), one row per record, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it."))
        return upload


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for withdrawing it"),
        help_text=_("Readers of the record's page will see this reason."),
        min_length=WITHDRAW_REASON_MIN,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
