"""Forms of licensing: the application (citizen and counter), the documents, and each step."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import CareMode, LicenceType
from chatr.centers.choices_licensing import (
    FILING_DOCUMENTS,
    ApplicantKind,
    ApplicationKind,
    DocumentType,
    Inquiry,
    LicensingState,
)
from chatr.centers.forms import DigitsIntegerField, _grouped_counties
from chatr.centers.selectors_licensing import ApplicationFilters
from chatr.centers.services_licensing import ApplicantData, ApplicationData
from chatr.core.jalali import JalaliDateField
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.roles import Perm
from chatr.org.scope import Scope

_LTR = {"dir": "ltr", "inputmode": "numeric", "autocomplete": "off"}
_FILE = {"accept": "application/pdf,image/jpeg,image/png,image/gif,image/webp"}


def _counties(scope: Scope | None) -> QuerySet[OrgUnit]:
    counties = OrgUnit.objects.filter(kind=OrgUnitKind.COUNTY, is_active=True)
    if scope is not None:
        counties = counties.filter(scope.unit_path_q("path", Perm.CENTERS_LICENSING))
    return counties.select_related("province").order_by("path")


class DocumentsMixin(forms.Form):
    """One optional file field per document type (`doc_<type>`), checked by content later."""

    document_types: tuple[str, ...] = ()

    def add_document_fields(self, types: tuple[str, ...]) -> None:
        self.document_types = types
        for doc_type in types:
            self.fields[f"doc_{doc_type}"] = forms.FileField(
                label=DocumentType(doc_type).label,
                required=False,
                widget=forms.ClearableFileInput(attrs=_FILE),
                help_text=_("PDF or image, up to 5 MB."),
            )

    def documents(self) -> dict[str, Any]:
        return {
            doc_type: self.cleaned_data[f"doc_{doc_type}"]
            for doc_type in self.document_types
            if self.cleaned_data.get(f"doc_{doc_type}")
        }

    def document_fields(self) -> list[Any]:
        return [self[f"doc_{doc_type}"] for doc_type in self.document_types]


class ApplicationForm(DocumentsMixin):
    applicant_kind = forms.ChoiceField(
        label=_("Who applies"), choices=ApplicantKind.choices, widget=forms.RadioSelect
    )
    applicant_name = forms.CharField(label=_("Applicant's name (person or NGO)"), max_length=200)
    national_code = forms.CharField(
        label=_("National code (a person)"), max_length=20, required=False,
        widget=forms.TextInput(attrs=_LTR),
    )  # fmt: skip
    company_id = forms.CharField(
        label=_("National company ID (an NGO)"), max_length=20, required=False,
        widget=forms.TextInput(attrs=_LTR),
    )  # fmt: skip
    mobile = forms.CharField(
        label=_("Mobile"), max_length=20,
        widget=forms.TextInput(attrs={**_LTR, "autocomplete": "tel"}),
    )  # fmt: skip
    licence_type = forms.ChoiceField(label=_("Licence type"))
    proposed_name = forms.CharField(label=_("Proposed center name"), max_length=200)
    county = forms.ChoiceField(label=_("County"))
    care_mode = forms.ChoiceField(label=_("Care mode"), choices=CareMode.choices)
    # Typed with Persian digits as often as not: a text input (number inputs refuse them).
    capacity = DigitsIntegerField(label=_("Capacity"), min_value=0, max_value=10000)
    address = forms.CharField(label=_("Address of the proposed center"), max_length=300)
    payment_reference = forms.CharField(
        label=_("Fee payment reference"), max_length=40, widget=forms.TextInput(attrs=_LTR)
    )

    def __init__(self, *args: Any, scope: Scope | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["licence_type"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a licence type")),
            *[c for c in LicenceType.choices if c[0] != LicenceType.POSITIVE_LIFE],
        ]
        self.counties = {c.code: c for c in _counties(scope)}
        self.fields["county"].choices = [  # type: ignore[attr-defined]
            ("", _("Choose a county")),
            *_grouped_counties(list(self.counties.values())),
        ]
        self.add_document_fields(FILING_DOCUMENTS[ApplicationKind.PRINCIPLE_AGREEMENT])

    def application_data(self) -> ApplicationData:
        data = self.cleaned_data
        return ApplicationData(
            licence_type=data["licence_type"],
            applicant=ApplicantData(
                kind=data["applicant_kind"],
                name=data["applicant_name"],
                mobile=data["mobile"],
                national_code=data.get("national_code") or "",
                company_id=data.get("company_id") or "",
            ),
            proposed_name=data["proposed_name"],
            county=self.counties[data["county"]],
            care_mode=data["care_mode"],
            capacity=data["capacity"],
            address=data["address"],
            payment_reference=data["payment_reference"],
        )


class FollowUpApplicationForm(DocumentsMixin):
    """Activity licence or renewal: the fee's reference and the documents."""

    payment_reference = forms.CharField(
        label=_("Fee payment reference"), max_length=40, widget=forms.TextInput(attrs=_LTR)
    )

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_document_fields(FILING_DOCUMENTS[kind])


class SupplyDocumentsForm(DocumentsMixin):
    text = forms.CharField(
        label=_("Message (optional)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, types: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_document_fields(types)


class QueueFilterForm(forms.Form):
    kind = forms.ChoiceField(label=_("Application"), required=False)
    state = forms.ChoiceField(label=_("Step"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("All")), *ApplicationKind.choices]  # type: ignore[attr-defined]
        self.fields["state"].choices = [("", _("Open applications")), *LicensingState.choices]  # type: ignore[attr-defined]

    def filters(self) -> ApplicationFilters:
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return ApplicationFilters(state=data.get("state", ""), kind=data.get("kind", ""))


class NoteForm(forms.Form):
    text = forms.CharField(
        label=_("Note for the timeline (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class RequestDocumentsForm(forms.Form):
    documents = forms.MultipleChoiceField(
        label=_("Missing documents"),
        choices=DocumentType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note for the applicant (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class InquiriesForm(NoteForm):
    inquiries = forms.MultipleChoiceField(
        label=_("Inquiries sent"),
        choices=Inquiry.choices,
        widget=forms.CheckboxSelectMultiple,
        initial=list(Inquiry.values),
    )


class RefuseForm(forms.Form):
    reason = forms.CharField(
        label=_("Reasons for the refusal"), widget=forms.Textarea(attrs={"rows": 3})
    )


class ActivityIssueForm(forms.Form):
    visited_on = JalaliDateField(label=_("Site visit on"))
    findings = forms.CharField(
        label=_("The specialist's findings"), widget=forms.Textarea(attrs={"rows": 3})
    )
