"""Editors' and reviewers' reads: the datasets of their units, the files imported into them,
and what a waiting file would publish. Every read starts from `visible_to(scope, perm)`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from chatr.core.errors import NotFoundError
from chatr.core.text import language_is_persian
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.transparency.choices import RecordState, RevisionState
from chatr.transparency.kinds import kind_for
from chatr.transparency.models import Dataset, ImportBatch, Revision

STAGED_SHOWN = 200  # the review page lists this many of each; the counts are exact


def dataset_list_for_editor(*, scope: Scope) -> QuerySet[Dataset]:
    """Datasets of the units where the scope may edit open data."""
    return (
        Dataset.objects.visible_to(scope, Perm.TRANSPARENCY_EDIT)
        .select_related("org_unit")
        .order_by("category", "org_unit__code", "code")
    )


def dataset_get_for_editor(*, scope: Scope, code: str) -> Dataset:
    dataset = dataset_list_for_editor(scope=scope).filter(code=code).first()
    if dataset is None:
        raise NotFoundError()
    return dataset


def batch_list(*, scope: Scope, dataset: Dataset | None = None) -> QuerySet[ImportBatch]:
    """Imported files, newest first (with the dataset and who imported and reviewed them)."""
    batches = ImportBatch.objects.visible_to(scope, Perm.TRANSPARENCY_EDIT)
    if dataset is not None:
        batches = batches.filter(dataset=dataset)
    return batches.select_related("dataset", "imported_by", "reviewed_by").order_by("-pk")


def batch_get(*, scope: Scope, batch_id: int) -> ImportBatch:
    batch = batch_list(scope=scope).filter(pk=batch_id).first()
    if batch is None:
        raise NotFoundError()
    return batch


def batch_new_records(*, batch: ImportBatch) -> QuerySet[Any]:
    """The draft records a waiting file would publish."""
    kind = kind_for(batch.dataset.category)
    if kind is None:
        return ImportBatch.objects.none()
    records: QuerySet[Any] = kind.model.objects.filter(  # type: ignore[attr-defined]
        batch=batch, state=RecordState.DRAFT
    )
    return records.order_by("pk")


def batch_corrections(*, batch: ImportBatch) -> QuerySet[Revision]:
    return batch.revisions.exclude(state=RevisionState.DISCARDED).order_by("pk")


def record_get_for_editor(*, scope: Scope, category: str, record_id: int) -> Any:
    """A record of an importable category in a dataset the scope edits (any state), for the
    staff actions on it."""
    kind = kind_for(category)
    if kind is None:
        raise NotFoundError()
    record = (
        kind.model.objects.visible_to(scope, Perm.TRANSPARENCY_EDIT)  # type: ignore[attr-defined]
        .select_related("dataset")
        .filter(pk=record_id, dataset__category=category)
        .first()
    )
    if record is None:
        raise NotFoundError()
    return record


def batch_report(*, batch: ImportBatch) -> list[dict[str, Any]]:
    """A refused file's problems in the reader's language, with the columns' names."""
    kind = kind_for(batch.dataset.category)
    persian = language_is_persian()
    rows = []
    for error in batch.errors:
        column = kind.column(error.get("column", "")) if kind else None
        rows.append(
            {
                "row": error.get("row", 0),
                "label": column.label if column else "",
                "message": error.get("fa") if persian else error.get("en"),
            }
        )
    return rows
