"""Publishing writes: import a file into a dataset, publish or discard it, withdraw a record.

- `batch_import` (editor): reads the file and checks every row first. A file with any error
  stages nothing: the batch is kept as REFUSED with its row-by-row report, and the editor
  fixes the file and imports it again. A clean file becomes the dataset's one DRAFT batch
  (replacing an earlier draft): new rows are draft records, rows that change a published
  record are pending corrections, identical rows are counted as unchanged — importing the
  same file again stages nothing new.
- `batch_publish` (reviewer, never the editor who imported the file): drafts become public,
  corrections are applied and their notes ("changed on …: what changed") become public.
- `batch_discard` (editor or reviewer): drafts are deleted, corrections dropped.
- `record_withdraw` (reviewer): the record leaves lists and downloads; its page stays with
  the reason, which is public.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.audit.models import AuditAction
from chatr.audit.services import audit_record
from chatr.core.errors import ApplicationError, in_both_languages, lazy_message
from chatr.core.spreadsheets import header_name, read_rows
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.org.services import stamp_org_unit
from chatr.transparency.choices import BatchState, RecordState, RevisionState
from chatr.transparency.kinds import RecordKind, kind_for
from chatr.transparency.models import Dataset, ImportBatch, Revision

MAX_ROWS = 20_000  # one upload; larger publications are split into several files
WITHDRAW_REASON_MIN = 10


@dataclass
class _Report:
    """The checks of one file: errors (row as the spreadsheet numbers it, header = 1)."""

    errors: list[dict[str, Any]] = field(default_factory=list)
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)

    def add(self, row: int, column: str, message: Any) -> None:
        fa, en = in_both_languages(message)
        self.errors.append({"row": row, "column": column, "fa": fa, "en": en})


def dataset_kind(dataset: Dataset) -> RecordKind:
    kind = kind_for(dataset.category)
    if kind is None:
        raise ApplicationError(
            "dataset_not_importable",
            _("This dataset is generated from another service and cannot be imported."),
        )
    return kind


def _check_file(kind: RecordKind, cells: list[list[str]]) -> _Report:
    report = _Report()
    if not cells or not any(cells[0]):
        report.add(1, "", _("The file is empty: the first row must name the columns."))
        return report
    headings = kind.headings()
    positions: dict[int, str] = {}
    for index, cell in enumerate(cells[0]):
        if not cell.strip():
            continue
        key = headings.get(header_name(cell))
        if key is None:
            report.add(1, "", lazy_message(_("Unknown column “%(name)s”: remove it."), name=cell))
        elif key in positions.values():
            report.add(1, key, lazy_message(_("Column “%(name)s” appears twice."), name=cell))
        else:
            positions[index] = key
    for column in kind.columns:
        if column.required and column.key not in positions.values():
            report.add(
                1,
                column.key,
                lazy_message(_("The column “%(name)s” is missing."), name=column.label),
            )
    if report.errors:
        return report
    data = [(number, row) for number, row in enumerate(cells[1:], start=2) if any(row)]
    if len(data) > MAX_ROWS:
        report.add(
            0, "", lazy_message(_("At most %(count)s rows per file: split it."), count=MAX_ROWS)
        )
        return report
    seen: dict[str, int] = {}
    columns = {column.key: column for column in kind.columns}
    for number, row in data:
        values: dict[str, Any] = {}
        row_ok = True
        for index, key in positions.items():
            column = columns[key]
            text = row[index].strip() if index < len(row) else ""
            if not text:
                if column.required:
                    report.add(number, key, _("This cell is required."))
                    row_ok = False
                values[key] = ""
                continue
            try:
                values[key] = column.parse(text)
            except ValidationError as error:
                report.add(number, key, _lazy(error))
                row_ok = False
        if not row_ok:
            continue
        for key, message in kind.check(values):
            report.add(number, key, message)
            row_ok = False
        record_key = kind.key_of(values)
        if record_key in seen:
            report.add(
                number,
                kind.key_columns[0],
                lazy_message(_("The same record is already on row %(row)s."), row=seen[record_key]),
            )
            row_ok = False
        seen.setdefault(record_key, number)
        if row_ok:
            report.rows.append((number, values))
    return report


def _lazy(error: ValidationError) -> Any:
    """A validator's first message, still lazy (so the report has it in both languages)."""
    item = error.error_list[0]
    params = item.params if isinstance(item.params, dict) else {}
    return lazy_message(item.message, **params) if params else item.message


def _changes(kind: RecordKind, before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """Field → [before, after] as a reader sees them, for the columns that differ."""
    changes: dict[str, Any] = {}
    for column in kind.columns:
        old, new = before.get(column.key, ""), after.get(column.key, "")
        if old != new:
            changes[column.key] = [column.show(old), column.show(new)]
    return changes


def _replace_draft(dataset: Dataset) -> None:
    """The dataset's waiting file, if any, gives way to a newer one."""
    for batch in ImportBatch.objects.select_for_update().filter(
        dataset=dataset, state=BatchState.DRAFT
    ):
        _drop_staged(batch)
        batch.state = BatchState.REPLACED
        batch.save(update_fields=["state", "updated_at"])


def _drop_staged(batch: ImportBatch) -> None:
    kind = dataset_kind(batch.dataset)
    kind.model.objects.filter(batch=batch, state=RecordState.DRAFT).delete()  # type: ignore[attr-defined]
    batch.revisions.filter(state=RevisionState.PENDING).update(state=RevisionState.DISCARDED)


@transaction.atomic
def batch_import(
    *, actor: Any, scope: Scope, dataset: Dataset, content: bytes, filename: str
) -> ImportBatch:
    """Check the file and, when every row is right, stage it for review (see the module)."""
    require(scope, Perm.TRANSPARENCY_EDIT, dataset)
    kind = dataset_kind(dataset)
    dataset = Dataset.objects.select_for_update().get(pk=dataset.pk)
    batch = ImportBatch(dataset=dataset, file_name=filename[:200], imported_by=actor)
    stamp_org_unit(batch, dataset.org_unit)
    try:
        cells = read_rows(content=content, filename=filename)
    except ApplicationError as error:
        report = _Report()
        report.add(0, "", error.message)
    else:
        report = _check_file(kind, cells)
    batch.rows = len(report.rows) + len({e["row"] for e in report.errors if e["row"] > 1})
    if report.errors:
        batch.state = BatchState.REFUSED
        batch.errors = report.errors
        batch.save()
        _audit(actor, batch, {"state": BatchState.REFUSED, "errors": len(report.errors)})
        return batch
    _replace_draft(dataset)
    batch.save()
    keys = [kind.key_of(values) for _number, values in report.rows]
    existing = {
        record.record_key: record
        for record in kind.model.objects.filter(  # type: ignore[attr-defined]
            dataset=dataset, record_key__in=keys
        )
    }
    for (_number, values), key in zip(report.rows, keys, strict=True):
        record = existing.get(key)
        if record is None or record.state == RecordState.DRAFT:
            record = kind.write(dataset=dataset, values=values)
            record.batch = batch
            record.record_key = key
            record.save(update_fields=["batch", "record_key"])
            batch.created += 1
            continue
        changes = _changes(kind, kind.current(record), values)
        if not changes:
            batch.unchanged += 1
            continue
        Revision.objects.create(
            batch=batch,
            category=kind.category,
            record_id=record.pk,
            values=values,
            changes=changes,
        )
        batch.corrected += 1
    if not batch.created and not batch.corrected:
        batch.state = BatchState.UNCHANGED
    batch.save()
    _audit(
        actor,
        batch,
        {
            "state": batch.state,
            "created": batch.created,
            "corrected": batch.corrected,
            "unchanged": batch.unchanged,
        },
    )
    return batch


def _locked_draft(batch: ImportBatch) -> ImportBatch:
    batch = ImportBatch.objects.select_for_update().select_related("dataset").get(pk=batch.pk)
    if batch.state != BatchState.DRAFT:
        raise ApplicationError(
            "batch_not_draft",
            _("This file is no longer waiting for review: it was published or set aside."),
        )
    return batch


@transaction.atomic
def batch_publish(*, actor: Any, scope: Scope, batch: ImportBatch) -> ImportBatch:
    """Make the batch's drafts public and apply its corrections (maker–checker)."""
    require(scope, Perm.TRANSPARENCY_PUBLISH, batch)
    batch = _locked_draft(batch)
    if batch.imported_by_id == getattr(actor, "pk", None):
        raise ApplicationError(
            "maker_checker",
            _("You imported this file: another reviewer must check and publish it."),
        )
    kind = dataset_kind(batch.dataset)
    now = timezone.now()
    kind.model.objects.filter(batch=batch, state=RecordState.DRAFT).update(  # type: ignore[attr-defined]
        state=RecordState.PUBLISHED, published_at=now
    )
    for revision in batch.revisions.filter(state=RevisionState.PENDING).order_by("pk"):
        kind.write(dataset=batch.dataset, values=revision.values)
        revision.state = RevisionState.PUBLISHED
        revision.published_at = now
        revision.save(update_fields=["state", "published_at", "updated_at"])
    batch.state = BatchState.PUBLISHED
    batch.reviewed_by = actor
    batch.reviewed_at = now
    batch.save(update_fields=["state", "reviewed_by", "reviewed_at", "updated_at"])
    dataset = batch.dataset
    dataset.last_updated = timezone.localdate()
    dataset.save(update_fields=["last_updated", "updated_at"])
    _audit(actor, batch, {"state": [BatchState.DRAFT, BatchState.PUBLISHED]})
    return batch


@transaction.atomic
def batch_discard(*, actor: Any, scope: Scope, batch: ImportBatch) -> ImportBatch:
    """Set a waiting file aside: its drafts are deleted and its corrections dropped."""
    require(scope, Perm.TRANSPARENCY_EDIT, batch)
    batch = _locked_draft(batch)
    _drop_staged(batch)
    batch.state = BatchState.DISCARDED
    batch.reviewed_by = actor
    batch.reviewed_at = timezone.now()
    batch.save(update_fields=["state", "reviewed_by", "reviewed_at", "updated_at"])
    _audit(actor, batch, {"state": [BatchState.DRAFT, BatchState.DISCARDED]})
    return batch


@transaction.atomic
def record_withdraw(*, actor: Any, scope: Scope, record: Any, reason: str) -> Any:
    """Take a published record off the lists; its page keeps the public reason."""
    require(scope, Perm.TRANSPARENCY_PUBLISH, record)
    reason = " ".join(reason.split())
    if len(reason) < WITHDRAW_REASON_MIN:
        message = lazy_message(
            _("Write the public reason for withdrawing it (at least %(count)s characters)."),
            count=WITHDRAW_REASON_MIN,
        )
        raise ApplicationError("withdraw_reason_required", message, fields={"reason": message})
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.state != RecordState.PUBLISHED:
        raise ApplicationError(
            "record_not_published", _("Only a published record can be withdrawn.")
        )
    record.state = RecordState.WITHDRAWN
    record.withdrawn_at = timezone.now()
    record.withdrawn_reason = reason
    record.save(update_fields=["state", "withdrawn_at", "withdrawn_reason", "updated_at"])
    _audit(actor, record, {"state": [RecordState.PUBLISHED, RecordState.WITHDRAWN]})
    return record


def _audit(actor: Any, target: Any, changes: dict[str, Any]) -> None:
    audit_record(actor=actor, action=AuditAction.STATE, target=target, changes=changes)
