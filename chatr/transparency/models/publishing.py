"""Publishing: how records reach the public and how they change afterwards.

Every category's record model inherits `PublishedRecord` (its state, when it was published or
withdrawn and why). Editors import a file into a dataset as an `ImportBatch`: new rows become
draft records, rows that change a published record become pending `Revision`s; a reviewer
(never the editor who imported it) publishes the batch. A published revision is the public
"changed on …" note with what changed; a withdrawn record keeps its public page with the reason.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from chatr.core.models import TimeStampedModel
from chatr.org.models import ScopedModel, ScopedQuerySet
from chatr.transparency.choices import BatchState, RecordState, RevisionState
from chatr.transparency.models.datasets import Dataset, DatasetQuerySet


class ImportBatch(ScopedModel, TimeStampedModel):
    """One file an editor imported into a dataset, with its row-by-row report."""

    dataset = models.ForeignKey(
        Dataset, on_delete=models.PROTECT, related_name="batches", verbose_name=_("dataset")
    )
    file_name = models.CharField(_("file"), max_length=200)
    state = models.CharField(
        _("state"), max_length=16, choices=BatchState.choices, default=BatchState.DRAFT
    )
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("imported by"),
    )
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    rows = models.PositiveIntegerField(_("rows"), default=0)
    created = models.PositiveIntegerField(_("new records"), default=0)
    corrected = models.PositiveIntegerField(_("corrections"), default=0)
    unchanged = models.PositiveIntegerField(_("unchanged"), default=0)
    # The report of a refused file: [{"row": 3, "column": "amount", "fa": "…", "en": "…"}].
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        indexes = [models.Index(fields=["dataset", "state"], name="batch_dataset_state")]
        constraints = [
            # A dataset has at most one file waiting for review: a newer file replaces it.
            models.UniqueConstraint(
                fields=["dataset"],
                condition=Q(state="draft"),
                name="batch_one_draft_per_dataset",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.dataset_id}: {self.file_name}"


class PublishedRecordQuerySet(ScopedQuerySet):
    """The portal's one public-visibility rule, shared by every category's records.

    Lists, counts, totals and downloads show `public()`: published records of published
    datasets. A record's own page shows `public_pages()`: published or withdrawn (the page
    then gives the reason). Anything else is "not found" for the public, exactly like a
    missing record. Editors' reads start from `visible_to(scope, perm)` instead.
    """

    def public(self, *, datasets: DatasetQuerySet | None = None) -> PublishedRecordQuerySet:
        """Published records of published datasets.

        With `datasets` (e.g. one category's, or one publisher's), only the records of the
        published ones among them: their ids are read first (one small query) and filtered
        as literals, so on tables of millions of rows the planner walks a (dataset, state,
        …) index in the page's order instead of sorting a join.
        """
        if datasets is None:
            return self.filter(dataset__is_published=True, state=RecordState.PUBLISHED)
        ids = list(datasets.published().values_list("pk", flat=True))
        return self.filter(dataset_id__in=ids, state=RecordState.PUBLISHED)

    def public_pages(self) -> PublishedRecordQuerySet:
        """Records with a public page: published or withdrawn, of published datasets."""
        return self.filter(
            dataset__is_published=True,
            state__in=(RecordState.PUBLISHED, RecordState.WITHDRAWN),
        )


class PublishedRecord(models.Model):
    """What every category's record carries: its key, publication state and history marks.

    A concrete model adds a `dataset` foreign key and a unique constraint on
    (dataset, record_key)."""

    # What identifies the record within its dataset (`RecordKind.key_of`), set by the writers.
    record_key = models.CharField(_("record key"), max_length=200, default="", editable=False)

    state = models.CharField(
        _("publication state"),
        max_length=16,
        choices=RecordState.choices,
        default=RecordState.DRAFT,
        db_index=True,
    )
    # The batch that brought the record in (drafts are published with their batch).
    batch = models.ForeignKey(
        ImportBatch,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("import"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason for withdrawal"), blank=True)

    objects = PublishedRecordQuerySet.as_manager()

    class Meta:
        abstract = True


class Revision(TimeStampedModel):
    """A correction of a published record: pending until its batch is published, then the
    public note of what changed (`changes`: field → [before, after], as shown)."""

    batch = models.ForeignKey(
        ImportBatch, on_delete=models.CASCADE, related_name="revisions", verbose_name=_("import")
    )
    category = models.CharField(_("category"), max_length=16)
    record_id = models.PositiveBigIntegerField(_("record"))
    state = models.CharField(
        _("state"), max_length=16, choices=RevisionState.choices, default=RevisionState.PENDING
    )
    # The new values in the import's terms (what `apply` writes), and what a reader sees.
    values = models.JSONField(_("new values"), default=dict)
    changes = models.JSONField(_("changes"), default=dict)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        indexes = [
            models.Index(fields=["category", "record_id", "state"], name="revision_record"),
        ]

    def __str__(self) -> str:
        return f"{self.category}:{self.record_id}"
