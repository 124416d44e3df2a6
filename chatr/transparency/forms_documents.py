"""Forms of the documents, centers and licences pages.

The search forms (GET) parse and normalize input (Persian digits included); an invalid field
is dropped rather than refused, so a search never fails as a whole. The upload form gives the
service what the editor typed; the file's checks (PDF by content, size) are the service's.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from chatr.centers.choices import LicenceKind, LicenceStatus, LicenceType
from chatr.core.errors import lazy_message
from chatr.core.text import to_ascii_digits
from chatr.org.scope import Scope
from chatr.transparency import selectors_centers
from chatr.transparency.choices import (
    DOCUMENT_TYPES_BY_CATEGORY,
    DatasetCategory,
    DocumentLanguage,
    DocumentType,
)
from chatr.transparency.models import Dataset
from chatr.transparency.selectors_documents import (
    DEFAULT_DOCUMENT_SORT,
    DocumentFilters,
    document_datasets_for_editor,
    document_publishers,
    document_years,
)
from chatr.transparency.services_documents import DOCUMENT_MAX_BYTES, DocumentData

_NUMBER_ATTRS = {"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}


class DigitsIntegerField(forms.IntegerField):
    """A whole number typed with Persian, Arabic-Indic or ASCII digits."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> int | None:
        if isinstance(value, str):
            value = to_ascii_digits(value).strip()
        return super().to_python(value)

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**_NUMBER_ATTRS}


class YearChoiceField(forms.TypedChoiceField):
    """A year among the choices, typed (or linked) with Persian or ASCII digits."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(to_ascii_digits(value) if isinstance(value, str) else value))


def _grouped_document_types() -> list[tuple[Any, Any]]:
    """Document types grouped by the category whose datasets take them."""
    labels = dict(DatasetCategory.choices)
    return [
        (labels[category], [(value, DocumentType(value).label) for value in types])
        for category, types in DOCUMENT_TYPES_BY_CATEGORY.items()
    ]


# ---------------------------------------------------------------- documents


def document_sort_choices() -> list[tuple[str, Any]]:
    return [
        ("-year", _("Newest first")),
        ("year", _("Oldest first")),
        ("-published_at", _("Recently published")),
        ("title", _("Title (A to Z)")),
    ]


class DocumentSearchForm(forms.Form):
    q = forms.CharField(label=_("Title, number, author or keyword"), max_length=100, required=False)
    category = forms.ChoiceField(
        label=_("Plans or research"),
        required=False,
        choices=[
            ("", _("Plans and research")),
            (DatasetCategory.PLANS, DatasetCategory.PLANS.label),
            (DatasetCategory.RESEARCH, DatasetCategory.RESEARCH.label),
        ],
    )
    publisher = forms.ChoiceField(label=_("Publisher"), required=False)
    document_type = forms.ChoiceField(label=_("Document type"), required=False)
    year = YearChoiceField(label=_("Year published"), required=False, coerce=int, empty_value=None)
    sort = forms.ChoiceField(label=_("Sort by"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["publisher"].choices = [  # type: ignore[attr-defined]
            ("", _("All publishers")),
            *[(unit.code, unit.name) for unit in document_publishers()],
        ]
        self.fields["document_type"].choices = [  # type: ignore[attr-defined]
            ("", _("All types")),
            *_grouped_document_types(),
        ]
        self.fields["year"].choices = [  # type: ignore[attr-defined]
            ("", _("All years")),
            *[(str(year), str(year)) for year in document_years()],
        ]
        self.fields["sort"].choices = document_sort_choices()  # type: ignore[attr-defined]

    def filters(self) -> DocumentFilters:
        """The valid part of the search; a field that does not parse is left out."""
        if not self.is_bound:
            return DocumentFilters()
        self.is_valid()
        data = self.cleaned_data
        return DocumentFilters(
            q=data.get("q") or "",
            category=data.get("category") or "",
            publisher=data.get("publisher") or "",
            document_type=data.get("document_type") or "",
            year=data.get("year"),
            sort=data.get("sort") or DEFAULT_DOCUMENT_SORT,
        )


class DocumentUploadForm(forms.Form):
    """One document and its PDF, into one of the editor's plans or research datasets."""

    dataset = forms.ModelChoiceField(
        label=_("Dataset"), queryset=Dataset.objects.none(), empty_label=None
    )
    number = forms.CharField(
        label=_("Document number or code"),
        max_length=40,
        help_text=_("As the organization registered it; it identifies the document."),
        widget=forms.TextInput(attrs={"dir": "auto", "autocomplete": "off"}),
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    document_type = forms.ChoiceField(label=_("Document type"))
    year = DigitsIntegerField(
        label=_("Year published (Persian calendar)"),
        min_value=1300,
        max_value=1500,
        help_text=_("For example 1403."),
    )
    language = forms.ChoiceField(
        label=_("Language"), choices=DocumentLanguage.choices, initial=DocumentLanguage.PERSIAN
    )
    authors = forms.CharField(
        label=_("Authors"),
        max_length=300,
        required=False,
        help_text=_("Research only: the authors' names, separated by commas."),
    )
    summary = forms.CharField(
        label=_("Summary"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    keywords = forms.CharField(
        label=_("Keywords"),
        max_length=300,
        required=False,
        help_text=_("Separated by commas; they help people find the document."),
    )
    page_count = DigitsIntegerField(
        label=_("Number of pages"),
        min_value=1,
        required=False,
        help_text=_("Optional: read from the file when it can be."),
    )
    file = forms.FileField(
        label=_("File (PDF)"),
        help_text=lazy_message(
            _("A PDF file of at most %(mb)s MB."), mb=DOCUMENT_MAX_BYTES // (1024 * 1024)
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,application/pdf"}),
    )

    def __init__(self, *args: Any, scope: Scope, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        dataset_field = self.fields["dataset"]
        dataset_field.queryset = document_datasets_for_editor(scope=scope)  # type: ignore[attr-defined]
        dataset_field.label_from_instance = lambda dataset: (  # type: ignore[attr-defined]
            f"{dataset.title} — {dataset.org_unit.name}"
        )
        self.fields["document_type"].choices = _grouped_document_types()  # type: ignore[attr-defined]

    def document_data(self) -> DocumentData:
        data = self.cleaned_data
        return DocumentData(
            number=data["number"],
            title=data["title"],
            document_type=data["document_type"],
            year=data["year"],
            summary=data.get("summary") or "",
            authors=data.get("authors") or "",
            language=data["language"],
            keywords=data.get("keywords") or "",
            page_count=data.get("page_count"),
        )


# ---------------------------------------------------------------- centers and licences


def _province_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("All provinces")),
        *[(unit.code, unit.name) for unit in selectors_centers.provinces()],
    ]


class CenterSearchForm(forms.Form):
    name = forms.CharField(label=_("Name of the center"), max_length=100, required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    county = forms.ChoiceField(label=_("County"), required=False)
    licence_type = forms.ChoiceField(label=_("Type of center"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        province = str(self.data.get("province", "")) if self.is_bound else ""
        self.fields["province"].choices = _province_choices()  # type: ignore[attr-defined]
        # The counties of the chosen province (all of them when none is chosen).
        self.fields["county"].choices = [  # type: ignore[attr-defined]
            ("", _("All counties")),
            *[(unit.code, unit.name) for unit in selectors_centers.counties(province=province)],
        ]
        self.fields["licence_type"].choices = [  # type: ignore[attr-defined]
            ("", _("All types")),
            *LicenceType.choices,
        ]

    def filters(self) -> selectors_centers.CenterFilters:
        if not self.is_bound:
            return selectors_centers.CenterFilters()
        self.is_valid()
        data = self.cleaned_data
        return selectors_centers.CenterFilters(
            name=data.get("name") or "",
            province=data.get("province") or "",
            county=data.get("county") or "",
            licence_type=data.get("licence_type") or "",
        )


class LicenceSearchForm(forms.Form):
    q = forms.CharField(label=_("Licence number or center"), max_length=100, required=False)
    province = forms.ChoiceField(label=_("Province"), required=False)
    licence_type = forms.ChoiceField(label=_("Type of center"), required=False)
    kind = forms.ChoiceField(label=_("Kind of licence"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["province"].choices = _province_choices()  # type: ignore[attr-defined]
        self.fields["licence_type"].choices = [  # type: ignore[attr-defined]
            ("", _("All types")),
            *LicenceType.choices,
        ]
        self.fields["kind"].choices = [  # type: ignore[attr-defined]
            ("", _("All kinds")),
            *LicenceKind.choices,
        ]
        self.fields["status"].choices = [  # type: ignore[attr-defined]
            ("", _("All statuses")),
            *LicenceStatus.choices,
        ]

    def filters(self) -> selectors_centers.PublicLicenceFilters:
        if not self.is_bound:
            return selectors_centers.PublicLicenceFilters()
        self.is_valid()
        data = self.cleaned_data
        return selectors_centers.PublicLicenceFilters(
            q=data.get("q") or "",
            province=data.get("province") or "",
            licence_type=data.get("licence_type") or "",
            kind=data.get("kind") or "",
            status=data.get("status") or "",
        )
