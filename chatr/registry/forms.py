"""Registry forms. They parse and normalize input and narrow choices to the reader's scope;
the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from chatr.core.jalali import JalaliDateField
from chatr.core.national_code import NationalCodeField
from chatr.core.phone import MobileField
from chatr.core.postal_code import validate_postal_code
from chatr.core.text import format_number
from chatr.org.models import Membership, OrgUnit, OrgUnitKind
from chatr.org.roles import Perm, Role
from chatr.org.scope import Scope
from chatr.registry.choices import (
    Area,
    ChangeType,
    CloseReason,
    DisabilityType,
    Housing,
    Relationship,
    Severity,
    Sex,
    SubGroup,
    TargetGroup,
)
from chatr.registry.models import HouseholdMember
from chatr.registry.selectors import caseloads
from chatr.registry.services import HouseholdData, PersonData, caseload_limits

# The nationalities the organization serves most; anyone else is "other".
NATIONALITY_CHOICES = [
    ("IR", _("Iranian")),
    ("AF", _("Afghan")),
    ("IQ", _("Iraqi")),
    ("PK", _("Pakistani")),
    ("XX", _("Other")),
]

_CODE_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr", "spellcheck": "false"}


def counties_in_scope(scope: Scope, perm: str = Perm.REGISTRY_EDIT) -> Any:
    """Active counties under the units where the reader holds `perm`, in tree order."""
    return (
        OrgUnit.objects.filter(scope.unit_path_q("path", perm), kind=OrgUnitKind.COUNTY)
        .filter(is_active=True)
        .select_related("province")
        .order_by("path")
    )


def _grouped_by_province(counties: list[OrgUnit]) -> list[tuple[Any, Any]]:
    """One optgroup per province when there are several, a flat list otherwise."""
    provinces: dict[int | None, list[OrgUnit]] = {}
    for county in counties:
        provinces.setdefault(county.province_id, []).append(county)
    if len(provinces) <= 1:
        return [(c.pk, c.name) for c in counties]
    return [
        (group[0].province.name if group[0].province else "", [(c.pk, c.name) for c in group])
        for group in provinces.values()
    ]


class PersonFieldsMixin(forms.Form):
    """A person's identity and details, as PersonData takes them."""

    national_code = NationalCodeField(
        label=_("National code"),
        max_length=20,
        required=False,
        help_text=_("10 digits. For a foreign national, enter the residence code instead."),
    )
    residence_code = forms.CharField(
        label=_("Residence code (foreign nationals)"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    father_name = forms.CharField(label=_("Father's name"), max_length=100, required=False)
    birth_date = JalaliDateField(label=_("Birth date"), required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )
    nationality = forms.ChoiceField(
        label=_("Nationality"), choices=NATIONALITY_CHOICES, initial="IR", required=False
    )
    mobile = MobileField(label=_("Mobile number"), required=False)
    education = forms.CharField(label=_("Education"), max_length=60, required=False)
    employment = forms.CharField(label=_("Employment"), max_length=60, required=False)
    confirm_different_person = forms.BooleanField(
        label=_("I checked the list: this is a different person. Save anyway."), required=False
    )

    PERSON_REQUIRED = ("first_name", "last_name", "birth_date", "sex")

    def require_person_fields(self, data: dict[str, Any]) -> None:
        for name in self.PERSON_REQUIRED:
            if not data.get(name):
                self.add_error(name, ValidationError(_("This field is required."), "required"))

    def person_data(self) -> PersonData:
        data = self.cleaned_data
        return PersonData(
            first_name=data["first_name"],
            last_name=data["last_name"],
            father_name=data.get("father_name") or "",
            birth_date=data["birth_date"],
            sex=data["sex"],
            national_code=data.get("national_code") or "",
            residence_code=data.get("residence_code") or "",
            nationality=data.get("nationality") or "IR",
            mobile=data.get("mobile") or "",
            education=data.get("education") or "",
            employment=data.get("employment") or "",
        )

    @property
    def duplicates_confirmed(self) -> bool:
        return bool(self.cleaned_data.get("confirm_different_person"))


class HouseholdRegisterForm(PersonFieldsMixin):
    """A new household in one form: its head, then the address and living conditions."""

    county = forms.TypedChoiceField(label=_("County"), coerce=int, choices=())
    area = forms.ChoiceField(
        label=_("Urban or rural"), choices=Area.choices, widget=forms.RadioSelect
    )
    village = forms.CharField(label=_("Village (rural areas)"), max_length=100, required=False)
    address = forms.CharField(
        label=_("Address"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=20,
        required=False,
        help_text=_("10 digits."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    income_decile = forms.TypedChoiceField(
        label=_("Income decile"),
        coerce=int,
        required=False,
        empty_value=None,
        choices=(),
        help_text=_("1 is the poorest tenth of households, 10 the richest."),
    )
    housing = forms.ChoiceField(label=_("Housing"), choices=Housing.choices)

    field_order = [
        "national_code",
        "residence_code",
        "first_name",
        "last_name",
        "father_name",
        "birth_date",
        "sex",
        "nationality",
        "mobile",
        "education",
        "employment",
        "county",
        "area",
        "village",
        "address",
        "postal_code",
        "income_decile",
        "housing",
        "confirm_different_person",
    ]
    PERSON_FIELDS = field_order[:11]
    ADDRESS_FIELDS = field_order[11:18]

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The head's name, birth date and sex are always needed here (and so marked).
        for name in self.PERSON_REQUIRED:
            self.fields[name].required = True
        self.counties = {c.pk: c for c in counties_in_scope(scope)}
        self.fields["county"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a county")),
            *_grouped_by_province(list(self.counties.values())),
        ]
        # Built per request so the digits follow the reader's language.
        self.fields["income_decile"].choices = [  # type: ignore[attr-defined]
            ("", _("Not known")),
            *[(n, format_number(n)) for n in range(1, 11)],
        ]

    def clean_postal_code(self) -> str:
        value = self.cleaned_data.get("postal_code") or ""
        return validate_postal_code(value) if value.strip() else ""

    def household_data(self) -> HouseholdData:
        data = self.cleaned_data
        return HouseholdData(
            county=self.counties[data["county"]],
            area=data["area"],
            address=data["address"],
            housing=data["housing"],
            village=data.get("village") or "",
            postal_code=data.get("postal_code") or "",
            income_decile=data.get("income_decile"),
        )

    @property
    def person_fields(self) -> list[Any]:
        return [self[name] for name in self.PERSON_FIELDS]

    @property
    def address_fields(self) -> list[Any]:
        return [self[name] for name in self.ADDRESS_FIELDS]


class MemberAddForm(PersonFieldsMixin):
    """Add a member: a new person, or one already registered, found by national code."""

    NEW = "new"
    EXISTING = "existing"

    mode = forms.ChoiceField(
        label=_("Who joins the household?"),
        choices=[
            (NEW, _("A person not yet registered")),
            (EXISTING, _("A registered person (by national code)")),
        ],
        initial=NEW,
        widget=forms.RadioSelect,
    )
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"),
        choices=[c for c in Relationship.choices if c[0] != Relationship.HEAD],
    )
    joined_on = JalaliDateField(
        label=_("Joined on"), required=False, help_text=_("Leave empty for today.")
    )
    move_from_current = forms.BooleanField(
        label=_("If the person is in another household, record a move from it"),
        required=False,
        help_text=_("Their membership there ends today and stays in its history."),
    )

    field_order = [
        "mode",
        "relationship",
        "joined_on",
        "national_code",
        "move_from_current",
        "residence_code",
        "first_name",
        "last_name",
        "father_name",
        "birth_date",
        "sex",
        "nationality",
        "mobile",
        "education",
        "employment",
        "confirm_different_person",
    ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("mode") == self.EXISTING:
            if not data.get("national_code") and "national_code" not in self.errors:
                self.add_error(
                    "national_code", _("Enter the national code of the registered person.")
                )
        elif data.get("mode") == self.NEW:
            self.require_person_fields(data)
        return data

    @property
    def is_existing(self) -> bool:
        return self.cleaned_data.get("mode") == self.EXISTING


class PersonFindForm(forms.Form):
    national_code = NationalCodeField(label=_("National code"), max_length=20)


class FileOpenForm(forms.Form):
    client = forms.TypedChoiceField(label=_("Client"), coerce=int, choices=())
    target_group = forms.ChoiceField(label=_("Target group"), choices=TargetGroup.choices)
    sub_group = forms.ChoiceField(label=_("Sub-group"), choices=SubGroup.choices)

    def __init__(self, *args: Any, members: list[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {m.person_id: m.person for m in members}
        self.fields["client"].choices = [  # type: ignore[attr-defined]
            (m.person_id, f"{m.person} — {m.get_relationship_display()}") for m in members
        ]


class DisabilityForm(forms.Form):
    """The specialist commission's decision on a person's disability, as staff record it."""

    disability_type = forms.ChoiceField(
        label=_("Type of disability"),
        choices=[("", _("Choose a type")), *DisabilityType.choices],
    )
    severity = forms.ChoiceField(
        label=_("Severity"), choices=Severity.choices, widget=forms.RadioSelect
    )
    decided_on = JalaliDateField(
        label=_("Decision date"), help_text=_("The date of the commission's decision.")
    )
    commission_reference = forms.CharField(
        label=_("Commission reference (optional)"),
        max_length=60,
        required=False,
        help_text=_("The number of the commission's letter or minutes, if it has one."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )


class DecisionForm(forms.Form):
    decided_on = JalaliDateField(label=_("Decision date"))
    members = forms.CharField(
        label=_("Commission members present"),
        max_length=2000,
        help_text=_("One name and role per line."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    approved = forms.TypedChoiceField(
        label=_("Decision"),
        coerce=lambda value: value == "yes",
        choices=[("yes", _("Approved: cover the client")), ("no", _("Refused: close the file"))],
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _load(count: int, limit: int) -> str:
    return gettext("%(count)s of %(limit)s active files") % {
        "count": format_number(count),
        "limit": format_number(limit),
    }


class ActivateForm(forms.Form):
    """Choose a counter in the file's province and a social worker there; each option shows
    its current caseload so the officer can spread the work."""

    counter = forms.TypedChoiceField(label=_("Positive Life counter"), coerce=int, choices=())
    social_worker = forms.TypedChoiceField(label=_("Social worker"), coerce=int, choices=())

    def __init__(self, *args: Any, scope: Scope, province_id: int | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        counters = OrgUnit.objects.filter(
            scope.unit_path_q("path", Perm.REGISTRY_APPROVE),
            kind=OrgUnitKind.COUNTER,
            is_active=True,
            province_id=province_id,
        ).order_by("path")
        self.counters = {c.pk: c for c in counters}
        workers = (
            Membership.objects.filter(
                role=Role.SOCIAL_WORKER, org_unit_id__in=self.counters, user__is_active=True
            )
            .select_related("user")
            .order_by("org_unit__path", "user__full_name", "user_id")
        )
        self.social_workers = {m.user_id: m.user for m in workers}
        per_worker, per_counter = caseload_limits()
        loads = caseloads(counter_ids=list(self.counters))
        self.fields["counter"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a counter")),
            *[
                (pk, f"{c.name} ({_load(loads['counter'].get(pk, 0), per_counter)})")
                for pk, c in self.counters.items()
            ],
        ]
        groups: dict[int, list[tuple[int, str]]] = {}
        for membership in workers:
            user = membership.user
            load = _load(loads["social_worker"].get(user.pk, 0), per_worker)
            groups.setdefault(membership.org_unit_id, []).append((user.pk, f"{user} ({load})"))
        self.fields["social_worker"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a social worker")),
            *[(self.counters[unit_id].name, options) for unit_id, options in groups.items()],
        ]

    def clean(self) -> dict[str, Any]:
        """Replace the chosen ids by the counter and the user (both were offered above)."""
        data = super().clean() or {}
        if data.get("counter") in self.counters:
            data["counter"] = self.counters[data["counter"]]
        if data.get("social_worker") in self.social_workers:
            data["social_worker"] = self.social_workers[data["social_worker"]]
        return data

    @property
    def has_choices(self) -> bool:
        return bool(self.counters and self.social_workers)


class CloseForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason for closing"), choices=CloseReason.choices)


# ---------------------------------------------------------------- change requests


class ChangeTypeForm(forms.Form):
    change_type = forms.ChoiceField(
        label=_("What should change?"), choices=ChangeType.choices, widget=forms.RadioSelect
    )


class ChangeForm(forms.Form):
    """Base of the type-specific forms: the fields map one-to-one onto the service's data."""

    def __init__(self, *args: Any, members: list[HouseholdMember], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if "person" in self.fields:
            self.fields["person"].choices = [  # type: ignore[attr-defined]
                ("", _("Choose a member")),
                *[
                    (m.person_id, f"{m.person} — {m.get_relationship_display()}")
                    for m in members
                    if self.offer(m)
                ],
            ]

    def offer(self, member: HouseholdMember) -> bool:
        return True

    def change_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if v not in (None, "")}


class AddressChangeForm(ChangeForm):
    area = forms.ChoiceField(
        label=_("Urban or rural"), choices=Area.choices, widget=forms.RadioSelect
    )
    address = forms.CharField(
        label=_("New address"), max_length=300, widget=forms.Textarea(attrs={"rows": 2})
    )
    postal_code = forms.CharField(
        label=_("Postal code"),
        max_length=20,
        required=False,
        help_text=_("10 digits."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    village = forms.CharField(label=_("Village (rural areas)"), max_length=100, required=False)


class MemberJoinChangeForm(ChangeForm):
    relationship = forms.ChoiceField(
        label=_("Relationship to the head"),
        choices=[
            ("", _("Choose")),
            *[c for c in Relationship.choices if c[0] != Relationship.HEAD],
        ],
    )
    joined_on = JalaliDateField(
        label=_("Joined on"), required=False, help_text=_("Leave empty for today.")
    )
    national_code = NationalCodeField(
        label=_("National code"),
        max_length=20,
        required=False,
        help_text=_("10 digits. For a foreign national, enter the residence code instead."),
    )
    residence_code = forms.CharField(
        label=_("Residence code (foreign nationals)"),
        max_length=16,
        required=False,
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    first_name = forms.CharField(label=_("First name"), max_length=100, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=100, required=False)
    father_name = forms.CharField(label=_("Father's name"), max_length=100, required=False)
    birth_date = JalaliDateField(label=_("Birth date"), required=False)
    sex = forms.ChoiceField(
        label=_("Sex"), choices=Sex.choices, required=False, widget=forms.RadioSelect
    )


class _MemberChoiceForm(ChangeForm):
    person = forms.TypedChoiceField(label=_("Member"), coerce=int, choices=())


class MemberLeaveChangeForm(_MemberChoiceForm):
    left_on = JalaliDateField(
        label=_("Left on"), required=False, help_text=_("Leave empty for today.")
    )

    def offer(self, member: HouseholdMember) -> bool:
        return member.relationship != Relationship.HEAD


class DeathChangeForm(_MemberChoiceForm):
    died_on = JalaliDateField(label=_("Date of death"))


class BankAccountChangeForm(_MemberChoiceForm):
    sheba = forms.CharField(
        label=_("Sheba number"),
        max_length=40,
        help_text=_("IR followed by 24 digits."),
        widget=forms.TextInput(attrs=_CODE_ATTRS),
    )
    holder_name = forms.CharField(label=_("Account holder"), max_length=200, required=False)


CHANGE_FORMS: dict[str, type[ChangeForm]] = {
    ChangeType.ADDRESS: AddressChangeForm,
    ChangeType.MEMBER_JOIN: MemberJoinChangeForm,
    ChangeType.MEMBER_LEAVE: MemberLeaveChangeForm,
    ChangeType.DEATH: DeathChangeForm,
    ChangeType.BANK_ACCOUNT: BankAccountChangeForm,
}


class ApproveForm(forms.Form):
    confirm_different_person = forms.BooleanField(
        label=_("I checked: the new member is not already registered under another record."),
        required=False,
    )


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason for rejecting"),
        max_length=2000,
        help_text=_("The person who filed the request sees it."),
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why withdraw it? (optional)"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CitizenIdentifyForm(forms.Form):
    """Several people share the citizen's mobile (a family phone): who is signed in?"""

    national_code = NationalCodeField(label=_("Your national code"), max_length=20)
