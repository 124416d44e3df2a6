"""Watchdog forms. They parse and normalize input; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.core.phone import MobileField
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.ui.challenge import ChallengeFormMixin
from chatr.watchdog.choices import MessageState, MessageType
from chatr.watchdog.models import AnswerTemplate, Category
from chatr.watchdog.selectors import taxonomy


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; each is checked by content in the service."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/jpeg,image/png,image/gif,image/webp,application/pdf"}
            ),
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def category_choices() -> list[tuple[Any, Any]]:
    """Categories grouped by subject area (optgroups), from the taxonomy HQ manages."""
    groups: list[tuple[Any, Any]] = [("", _("Choose a category"))]
    for area in taxonomy():
        groups.append((area.name, [(c.pk, c.name) for c in area.active_categories]))
    return groups


def concerned_unit_choices() -> list[tuple[Any, Any]]:
    """HQ, then each province with its counties and centers (the center registry joins here)."""
    units = list(
        OrgUnit.objects.filter(is_active=True).exclude(kind=OrgUnitKind.COUNTER).order_by("path")
    )
    choices: list[tuple[Any, Any]] = [("", _("Not sure / not listed"))]
    by_province: dict[int, list[OrgUnit]] = {}
    for unit in units:
        if unit.kind == OrgUnitKind.HQ:
            choices.append((unit.pk, unit.name))
        elif unit.province_id:
            by_province.setdefault(unit.province_id, []).append(unit)
    for province_units in by_province.values():
        province = province_units[0]
        choices.append((province.name, [(u.pk, u.name) for u in province_units]))
    return choices


class MessageForm(forms.Form):
    """What every channel asks: type, category, unit concerned, description, contact."""

    message_type = forms.ChoiceField(
        label=_("Type of message"), choices=MessageType.choices, initial=MessageType.COMPLAINT
    )
    category = forms.TypedChoiceField(label=_("Subject"), coerce=int, choices=())
    concerned_unit = forms.TypedChoiceField(
        label=_("Unit or center concerned"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
        help_text=_("Choose it from the list, or write its name below."),
    )
    concerned_text = forms.CharField(
        label=_("Name of the unit or center (if not in the list)"), max_length=200, required=False
    )
    description = forms.CharField(
        label=_("Description"),
        max_length=5000,
        help_text=_("What happened, where and when. Do not write passwords or card numbers."),
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    attachments = MultipleFileField(
        label=_("Attachments (optional)"),
        help_text=_(
            "Images or PDF, up to 5 MB each. If the form shows an error, choose the "
            "files again: browsers do not keep them."
        ),
    )
    contact_name = forms.CharField(label=_("Your name"), max_length=200, required=False)
    contact_mobile = MobileField(
        label=_("Mobile number"),
        required=False,
        help_text=_("The tracking code and the answer are sent here."),
    )
    is_anonymous = forms.BooleanField(
        label=_("Send anonymously (only for reports of a violation)"),
        required=False,
        help_text=_(
            "You will get a tracking code and a secret: keep both, they are the only "
            "way back to your report."
        ),
    )
    identity_consent = forms.BooleanField(
        label=_("The unit I am writing about may see my name and number"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()  # type: ignore[attr-defined]
        self.fields["concerned_unit"].choices = concerned_unit_choices()  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        category_id = data.get("category")
        if category_id:
            data["category_obj"] = (
                Category.objects.select_related("area")
                .filter(pk=category_id, is_active=True)
                .first()
            )
            if data["category_obj"] is None:
                self.add_error("category", _("Choose a category from the list."))
        unit_id = data.get("concerned_unit")
        data["concerned_unit_obj"] = OrgUnit.objects.filter(pk=unit_id).first() if unit_id else None
        return data


class PublicMessageForm(ChallengeFormMixin, MessageForm):
    """The public form adds the arithmetic challenge."""


class AgentMessageForm(MessageForm):
    """The call-center form: the caller's number first, no challenge (agents are signed in)."""

    field_order = [
        "contact_mobile",
        "contact_name",
        "message_type",
        "category",
        "concerned_unit",
        "concerned_text",
        "description",
        "is_anonymous",
        "identity_consent",
        "attachments",
    ]


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


class ReplyForm(forms.Form):
    text = forms.CharField(
        label=_("Your message"),
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"))


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How satisfied are you with the answer?"),
        coerce=int,
        choices=[
            (5, _("5 — very satisfied")),
            (4, _("4 — satisfied")),
            (3, _("3 — neutral")),
            (2, _("2 — dissatisfied")),
            (1, _("1 — very dissatisfied")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ObjectionForm(forms.Form):
    text = forms.CharField(
        label=_("Why does the answer not resolve your matter?"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class RouteForm(forms.Form):
    to_unit = forms.ModelChoiceField(label=_("Refer to"), queryset=OrgUnit.objects.none())
    reason = forms.CharField(
        label=_("Reason"), max_length=1000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["to_unit"].queryset = units  # type: ignore[attr-defined]


class AssignForm(forms.Form):
    officer = forms.ModelChoiceField(label=_("Officer"), queryset=None)  # type: ignore[arg-type]

    def __init__(self, *args: Any, officers: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["officer"].queryset = officers  # type: ignore[attr-defined]


class TransitionForm(forms.Form):
    to_state = forms.ChoiceField(label=_("New status"), choices=())
    text = forms.CharField(
        label=_("Message to the person (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, states: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = dict(MessageState.choices)
        self.fields["to_state"].choices = [(s, labels[s]) for s in states]  # type: ignore[attr-defined]


class AnswerForm(forms.Form):
    template = forms.ModelChoiceField(
        label=_("Start from a template (optional)"),
        required=False,
        queryset=AnswerTemplate.objects.filter(is_active=True),
        # chatr.js copies the chosen template into the answer box when it is still empty.
        widget=forms.Select(
            attrs={
                "data-template-source": "answer-templates",
                "data-template-target": "id_answer-text",
            }
        ),
    )
    text = forms.CharField(
        label=_("Answer to the person"),
        max_length=5000,
        required=False,
        help_text=_("Leave it empty to send the chosen template as it is."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("Attachments (optional)"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip():
            template = data.get("template")
            if template is None:
                self.add_error("text", _("Write the answer, or choose a template."))
            else:
                data["text"] = template.text
        return data


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Internal note (never shown to the person)"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
