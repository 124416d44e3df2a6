"""Pensions forms: they parse and normalize input (Persian digits included); services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from chatr.core.jalali import jalali_month_choices
from chatr.core.national_code import NationalCodeField
from chatr.core.text import to_ascii_digits
from chatr.pensions.conditions import conditions_all
from chatr.pensions.models import Program
from chatr.registry.choices import SubGroup

_NUMBER_ATTRS = {"inputmode": "numeric", "dir": "ltr", "autocomplete": "off"}


class AmountField(forms.IntegerField):
    """Whole rials or counts; Persian or Arabic digits and thousands separators accepted."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("min_value", 0)
        super().__init__(widget=forms.TextInput(attrs=_NUMBER_ATTRS), **kwargs)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = to_ascii_digits(value).replace(",", "").replace("٬", "").strip()
        return super().to_python(value)


class CycleOpenForm(forms.Form):
    program = forms.ModelChoiceField(
        label=_("Program"), queryset=Program.objects.none(), empty_label=None
    )
    year = AmountField(label=_("Jalali year"), min_value=1300, max_value=1500)
    month = forms.TypedChoiceField(
        label=_("Month"),
        coerce=int,
        choices=jalali_month_choices,
    )

    def __init__(self, *args: Any, programs: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["program"].queryset = programs  # type: ignore[attr-defined]


class ResultsUploadForm(forms.Form):
    results = forms.FileField(
        label=_("The bank's result file (CSV)"),
        help_text=_("Columns: row_id, reference, status (paid or failed), reason, bank_reference."),
    )


class RuleForm(forms.Form):
    year = AmountField(label=_("Jalali year"), min_value=1300, max_value=1500)
    base_amount = AmountField(label=_("Base amount (rials)"))
    per_member_amount = AmountField(label=_("Amount per extra household member (rials)"))
    max_extra_members = AmountField(label=_("Extra members counted at most"), max_value=30)
    very_severe_amount = AmountField(label=_("Very severe disability (rials)"))
    severe_amount = AmountField(label=_("Severe disability (rials)"))
    moderate_amount = AmountField(label=_("Moderate disability (rials)"))
    mild_amount = AmountField(label=_("Mild disability (rials)"))

    def values(self) -> dict[str, int]:
        return {k: v for k, v in self.cleaned_data.items() if k != "year"}


class ProgramForm(forms.Form):
    name_fa = forms.CharField(label=_("Persian name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200)
    sub_groups = forms.MultipleChoiceField(
        label=_("Sub-groups served"),
        choices=SubGroup.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    conditions = forms.MultipleChoiceField(
        label=_("Conditions checked at every cycle"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    is_active = forms.BooleanField(label=pgettext_lazy("pension program", "Active"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["conditions"].choices = [(c.code, c.label) for c in conditions_all()]  # type: ignore[attr-defined]


class WhoAmIForm(forms.Form):
    """Several people share the citizen's mobile: which one are you?"""

    national_code = NationalCodeField(label=_("Your national code"), max_length=20)
