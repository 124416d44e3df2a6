"""Forms of the coverage page and the import page."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import JalaliDateField
from chatr.core.spreadsheets import MAX_FILE_BYTES
from chatr.registry.imports import MODE_ALL_OR_NOTHING, MODE_VALID_ROWS
from chatr.registry.reports import LEVEL_COUNTY, LEVEL_PROVINCE, CoverageUnit


class CoverageFilterForm(forms.Form):
    on = JalaliDateField(
        label=_("Figures on"), required=False, help_text=_("Leave empty for today.")
    )
    level = forms.ChoiceField(
        label=_("One row per"),
        choices=[(LEVEL_PROVINCE, _("Province")), (LEVEL_COUNTY, _("County"))],
        required=False,
    )
    province = forms.TypedChoiceField(
        label=_("Province"), coerce=int, required=False, empty_value=None, choices=()
    )

    def __init__(
        self, *args: Any, provinces: list[CoverageUnit], default_level: str, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.default_level = default_level
        self.fields["level"].initial = default_level
        self.fields["province"].choices = [  # type: ignore[attr-defined]
            ("", _("All provinces I may see")),
            *[(p.id, p.name) for p in provinces],
        ]
        if len(provinces) <= 1:
            # Nothing to choose: a province's staff always see their own.
            self.fields["province"].widget = forms.HiddenInput()

    def clean_level(self) -> str:
        return self.cleaned_data.get("level") or self.default_level

    def clean_on(self) -> Any:
        on = self.cleaned_data.get("on")
        if on and on > timezone.localdate():
            raise forms.ValidationError(_("Choose today or a day in the past."))
        return on


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("File of people and households"),
        help_text=_("CSV (UTF-8) or Excel (XLSX), one row per person, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.xlsx,text/csv"}),
    )
    mode = forms.ChoiceField(
        label=_("If some rows have errors"),
        choices=[
            (MODE_ALL_OR_NOTHING, _("Import nothing: I will fix the file and import it again")),
            (MODE_VALID_ROWS, _("Import the households without errors, and list the rest")),
        ],
        initial=MODE_ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        name = (upload.name or "").lower()
        if not name.endswith((".csv", ".xlsx", ".txt")):
            raise forms.ValidationError(_("Upload a CSV or XLSX file."))
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB. Split it."))
        return upload
