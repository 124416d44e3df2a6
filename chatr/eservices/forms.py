"""Forms of the e-service desk. The request form is built from a form definition; its fields
only render and keep what was typed — the answers are checked by the one engine
(eservices.formdefs), through the service that files the request."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.eservices.choices import Audience, FieldType, ServiceType
from chatr.eservices.formdefs import spec_text
from chatr.eservices.selectors import CatalogueFilters
from chatr.org.models import OrgUnit


class CatalogueSearchForm(forms.Form):
    q = forms.CharField(label=_("Service name or keyword"), max_length=100, required=False)
    audience = forms.ChoiceField(label=_("For whom"), required=False)
    service_type = forms.ChoiceField(label=_("Service type"), required=False)
    unit = forms.TypedChoiceField(
        label=_("Responsible unit"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args: Any, units: Sequence[OrgUnit] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        everyone = [("", _("All"))]
        choices: dict[str, list[tuple[Any, Any]]] = {
            "audience": everyone + list(Audience.choices),
            "service_type": everyone + list(ServiceType.choices),
            "unit": everyone + [(unit.pk, unit.name) for unit in units],
        }
        for name, options in choices.items():
            cast(forms.ChoiceField, self.fields[name]).choices = options

    def filters(self) -> CatalogueFilters:
        if not self.is_bound or not self.is_valid():
            return CatalogueFilters()
        data = self.cleaned_data
        return CatalogueFilters(
            q=data.get("q") or "",
            audience=data.get("audience") or "",
            service_type=data.get("service_type") or "",
            unit_id=data.get("unit"),
        )


class AnswerField(forms.Field):
    """Keeps what was typed; `required` only marks the label (the engine checks answers)."""

    def validate(self, value: Any) -> None:
        return None


class AnswerFileField(forms.FileField):
    def validate(self, value: Any) -> None:
        return None


_YES_NO = (("yes", _("Yes")), ("no", _("No")))


def _field_for(spec: Mapping[str, Any]) -> forms.Field:
    kind = spec["type"]
    options: dict[str, Any] = {
        "label": spec_text(spec, "label"),
        "required": bool(spec.get("required")),
        "help_text": spec_text(spec, "help"),
    }
    if spec.get("required_if"):
        options["help_text"] = " ".join(
            part for part in (options["help_text"], str(_("Needed only in some cases."))) if part
        )
    if kind == FieldType.FILE:
        return AnswerFileField(
            widget=forms.ClearableFileInput(attrs={"accept": "image/*,application/pdf"}),
            **options,
        )
    if kind == FieldType.CHOICE:
        choices = [("", "—")] + [
            (choice["value"], spec_text(choice, "label")) for choice in spec["choices"]
        ]
        return AnswerField(widget=forms.Select(choices=choices), **options)
    if kind == FieldType.YES_NO:
        return AnswerField(widget=forms.RadioSelect(choices=_YES_NO), **options)
    if kind == FieldType.TEXT and (spec.get("max_length") or 2000) > 200:
        return AnswerField(widget=forms.Textarea(attrs={"rows": 3}), **options)
    attrs: dict[str, Any] = {}
    if kind == FieldType.JALALI_DATE:
        attrs = {"placeholder": "1405/09/03", "dir": "ltr", "inputmode": "numeric"}
    elif kind in (FieldType.NATIONAL_CODE, FieldType.NUMBER, FieldType.POSTAL_CODE):
        attrs = {"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}
    elif kind == FieldType.SHEBA:
        attrs = {"dir": "ltr", "placeholder": "IR…", "autocomplete": "off", "spellcheck": "false"}
    elif kind == FieldType.MOBILE:
        attrs = {"dir": "ltr", "inputmode": "tel", "autocomplete": "tel"}
    return AnswerField(widget=forms.TextInput(attrs=attrs), **options)


class RequestForm(forms.Form):
    """The request form of one definition version."""

    def __init__(self, *args: Any, fields: Sequence[Mapping[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for spec in fields:
            self.fields[spec["key"]] = _field_for(spec)


class AskInfoForm(forms.Form):
    message = forms.CharField(
        label=_("What the person must send"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Be exact: the person reads this in an SMS and on their requests page."),
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("The person sees this reason."),
    )


class NoteForm(forms.Form):
    note = forms.CharField(
        label=_("Message to the person (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )


class AnswerInfoForm(forms.Form):
    text = forms.CharField(
        label=_("Your answer"), widget=forms.Textarea(attrs={"rows": 4}), max_length=2000
    )
    attachment = forms.FileField(
        label=_("Attach a file (optional)"),
        required=False,
        help_text=_("An image or a PDF, up to 5 MB."),
    )


class DefinitionForm(forms.Form):
    fields_json = forms.CharField(
        label=_("Fields (JSON)"),
        widget=forms.Textarea(attrs={"rows": 20, "dir": "ltr", "class": "font-monospace"}),
        help_text=_(
            "A list of fields; each has key, label_fa, label_en, type, required, and as needed "
            "choices, min, max, max_length and required_if. See docs/eservices.md."
        ),
    )

    def clean_fields_json(self) -> Any:
        try:
            return json.loads(self.cleaned_data["fields_json"])
        except ValueError as error:
            raise forms.ValidationError(
                _("This is not valid JSON: %(error)s"), params={"error": str(error)}
            ) from None


class RateForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with this service?"),
        choices=[(n, str(n)) for n in range(5, 0, -1)],
        coerce=int,
        widget=forms.RadioSelect,
        help_text=_("5 is the best, 1 the worst."),
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
