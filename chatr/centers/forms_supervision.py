"""Supervision forms: record an inspection (one score field per checklist item, a few finding
rows, the open findings a follow-up found fixed), plan one, and the sanctions ladder's steps.
They parse and normalize (Persian digits, Jalali dates); the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.forms import formset_factory
from django.forms.boundfield import BoundField
from django.utils.translation import gettext_lazy as _

from chatr.centers.forms import DigitsIntegerField
from chatr.centers.models import ChecklistTemplate, Finding
from chatr.centers.models.supervision import InspectionKind, Severity
from chatr.centers.services_supervision import (
    DECISIONS,
    LADDER,
    ChecklistItemData,
    FindingData,
    InspectionData,
)
from chatr.core.jalali import JalaliDateField

FINDING_ROWS = 3
_FINDING_FIELDS = ("text", "severity", "corrective_action", "due_in_days", "due_on")
_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "spellcheck": "false"}


class InspectionForm(forms.Form):
    """Record a visit. Score fields are `item_<id>`; finding rows `findings-<n>-<field>`,
    the names the service's refusals point to."""

    kind = forms.ChoiceField(
        label=_("Kind of inspection"), choices=InspectionKind.choices, widget=forms.RadioSelect
    )
    visited_on = JalaliDateField(
        label=_("Visited on"), help_text=_("Jalali date, e.g. 1404/08/15.")
    )
    watchdog_code = forms.CharField(
        label=_("Watchdog tracking code (if a complaint led to this visit)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    fixed_findings = forms.MultipleChoiceField(
        label=_("Findings of earlier visits now fixed"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(
        self,
        *args: Any,
        template: ChecklistTemplate,
        open_findings: list[Finding],
        watchdog_locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.items = [item for item in template.items.all() if item.is_active]
        for item in self.items:
            self.fields[f"item_{item.pk}"] = DigitsIntegerField(
                label=_("%(item)s (0 to %(max)s)") % {"item": item.text_fa, "max": item.max_score},
                min_value=0,
                max_value=item.max_score,
            )
        for n in range(FINDING_ROWS):
            prefix = f"findings-{n}-"
            self.fields[f"{prefix}text"] = forms.CharField(
                label=_("Finding %(n)s") % {"n": n + 1},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{prefix}severity"] = forms.ChoiceField(
                label=_("Severity"), choices=Severity.choices, initial=Severity.MINOR
            )
            self.fields[f"{prefix}corrective_action"] = forms.CharField(
                label=_("Corrective action"),
                required=False,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"{prefix}due_in_days"] = DigitsIntegerField(
                label=_("Due in (working days)"), required=False, min_value=1, max_value=365
            )
            self.fields[f"{prefix}due_on"] = JalaliDateField(
                label=_("… or due on (date)"), required=False
            )
        self.open_findings = open_findings
        self.fields["fixed_findings"].choices = [  # type: ignore[attr-defined]
            (str(f.pk), f.text[:120]) for f in open_findings
        ]
        if not open_findings:
            del self.fields["fixed_findings"]
        if watchdog_locked:
            del self.fields["watchdog_code"]

    def item_fields(self) -> list[BoundField]:
        return [self[f"item_{item.pk}"] for item in self.items]

    def finding_rows(self) -> list[dict[str, Any]]:
        return [
            {"n": n + 1, **{name: self[f"findings-{n}-{name}"] for name in _FINDING_FIELDS}}
            for n in range(FINDING_ROWS)
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for n in range(FINDING_ROWS):
            prefix = f"findings-{n}-"
            if data.get(f"{prefix}due_in_days") and data.get(f"{prefix}due_on"):
                self.add_error(
                    f"{prefix}due_on",
                    ValidationError(_("Give either working days or a date, not both.")),
                )
        return data

    def inspection_data(self) -> InspectionData:
        data = self.cleaned_data
        findings = [
            FindingData(
                text=data[f"findings-{n}-text"],
                severity=data[f"findings-{n}-severity"],
                corrective_action=data[f"findings-{n}-corrective_action"],
                due_in_days=data[f"findings-{n}-due_in_days"],
                due_on=data[f"findings-{n}-due_on"],
            )
            for n in range(FINDING_ROWS)
        ]
        return InspectionData(
            kind=data["kind"],
            visited_on=data["visited_on"],
            scores={item.pk: data[f"item_{item.pk}"] for item in self.items},
            findings=findings,
            fixed_finding_ids=[int(pk) for pk in data.get("fixed_findings", [])],
            summary=data["summary"],
            watchdog_code=data.get("watchdog_code", ""),
        )


class PlanForm(forms.Form):
    planned_on = JalaliDateField(label=_("Planned for"), help_text=_("Jalali date."))
    inspector = forms.ModelChoiceField(label=_("Inspector"), queryset=None)  # type: ignore[arg-type]
    kind = forms.ChoiceField(
        label=_("Kind of inspection"),
        choices=[
            (InspectionKind.PLANNED, InspectionKind.PLANNED.label),
            (InspectionKind.UNANNOUNCED, InspectionKind.UNANNOUNCED.label),
            (InspectionKind.FOLLOW_UP, InspectionKind.FOLLOW_UP.label),
        ],
    )
    watchdog_code = forms.CharField(
        label=_("Watchdog tracking code (if a complaint led to this visit)"),
        required=False,
        max_length=20,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )

    def __init__(self, *args: Any, inspectors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["inspector"].queryset = inspectors  # type: ignore[attr-defined]
        self.fields["inspector"].label_from_instance = (  # type: ignore[attr-defined]
            lambda user: str(user)
        )


class SanctionOpenForm(forms.Form):
    finding = forms.ChoiceField(label=_("Finding that establishes the violation"))
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, findings: list[Finding], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.findings = {str(f.pk): f for f in findings}
        self.fields["finding"].choices = [  # type: ignore[attr-defined]
            (str(f.pk), f.text[:120]) for f in findings
        ]


class SanctionAdvanceForm(forms.Form):
    step = forms.ChoiceField(
        choices=[(s.value, s.label) for s in LADDER[1:]], widget=forms.HiddenInput
    )
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SanctionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("The commission's decision"),
        choices=[(d.value, d.label) for d in DECISIONS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SanctionRemediedForm(forms.Form):
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ChecklistHeaderForm(forms.Form):
    name_fa = forms.CharField(label=_("Persian name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)


class ChecklistItemForm(forms.Form):
    item_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    text_fa = forms.CharField(label=_("Item (Persian)"), max_length=300, required=False)
    text_en = forms.CharField(label=_("Item (English)"), max_length=300, required=False)
    max_score = DigitsIntegerField(
        label=_("Maximum score"), min_value=1, max_value=100, required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("text_fa") and not data.get("max_score"):
            self.add_error("max_score", ValidationError(_("Give the item's maximum score.")))
        return data


ChecklistItemFormSet = formset_factory(ChecklistItemForm, extra=3)


def checklist_items(formset: Any) -> list[ChecklistItemData]:
    """The items typed, in order; empty rows are dropped (that retires an item)."""
    return [
        ChecklistItemData(
            text_fa=form.cleaned_data["text_fa"],
            text_en=form.cleaned_data.get("text_en") or "",
            max_score=form.cleaned_data["max_score"],
            item_id=form.cleaned_data.get("item_id"),
        )
        for form in formset.forms
        if form.cleaned_data.get("text_fa")
    ]


__all__ = [
    "ChecklistHeaderForm",
    "ChecklistItemFormSet",
    "InspectionForm",
    "PlanForm",
    "SanctionAdvanceForm",
    "SanctionDecideForm",
    "SanctionOpenForm",
    "SanctionRemediedForm",
    "checklist_items",
]
