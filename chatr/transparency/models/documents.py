"""The plans and research categories: documents (PDF) with their metadata.

Strategic and development plans, annual programs and research reports are published as PDF
files, one record per document. Files cannot travel in a CSV, so an editor uploads each
document with a form (`services_documents.document_upload`); it is a draft, outside any
import batch, until a reviewer other than the uploader publishes it. The file itself is only
ever served through a view that checks the document is public (never a raw MEDIA URL).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel
from chatr.transparency.choices import DocumentLanguage, DocumentType
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import PublishedRecord

# The Jalali years a published document may carry (1300 = 1921, 1500 = 2121).
DOCUMENT_YEAR_MIN = 1300
DOCUMENT_YEAR_MAX = 1500


class Document(PublishedRecord, ScopedModel, TimeStampedModel):
    """A plan, program or research report published as a PDF in a plans or research dataset."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="documents", verbose_name=_("dataset")
    )
    # The document's number or code, as the organization registers it: the record key.
    number = models.CharField(_("document number"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    summary = models.TextField(_("summary"), blank=True)
    document_type = models.CharField(
        _("document type"), max_length=24, choices=DocumentType.choices
    )
    authors = models.CharField(_("authors"), max_length=300, blank=True)  # research only
    year = models.PositiveSmallIntegerField(
        _("year published (Persian calendar)"),
        validators=[MinValueValidator(DOCUMENT_YEAR_MIN), MaxValueValidator(DOCUMENT_YEAR_MAX)],
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=DocumentLanguage.choices,
        default=DocumentLanguage.PERSIAN,
    )
    file = models.FileField(_("file (PDF)"), upload_to="transparency/documents/%Y/")
    file_size = models.PositiveIntegerField(_("file size (bytes)"), null=True, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    keywords = models.CharField(_("keywords"), max_length=300, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    # core.text.search_key of the number, title, summary, authors and keywords.
    search_text = models.TextField(editable=False)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["dataset", "state", "-year"], name="document_dataset_year"),
            models.Index(fields=["state", "document_type"], name="document_state_type"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "record_key"], name="document_record_key_unique"
            ),
            models.CheckConstraint(
                condition=Q(year__gte=DOCUMENT_YEAR_MIN, year__lte=DOCUMENT_YEAR_MAX),
                name="document_year_in_range",
            ),
        ]

    def __str__(self) -> str:
        return self.number
