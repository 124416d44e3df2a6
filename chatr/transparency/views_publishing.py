"""Editors' and reviewers' pages: their datasets, importing a file (with the row-by-row
report of a refused one), reviewing a waiting file, publishing or setting it aside, and
withdrawing a published record with a public reason. Adapters only."""

from __future__ import annotations

import csv
import io
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from chatr.core.errors import ApplicationError, NotFoundError
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.transparency.choices import BatchState, DatasetCategory
from chatr.transparency.forms_publishing import ImportForm, WithdrawForm
from chatr.transparency.kinds import kind_for
from chatr.transparency.selectors_publishing import (
    STAGED_SHOWN,
    batch_corrections,
    batch_get,
    batch_list,
    batch_new_records,
    batch_report,
    dataset_get_for_editor,
    dataset_list_for_editor,
    record_get_for_editor,
)
from chatr.transparency.services_publishing import (
    batch_discard,
    batch_import,
    batch_publish,
    dataset_kind,
    record_withdraw,
)
from chatr.ui.actions import form_action

RECENT_BATCHES = 10


def withdrawn_message() -> str:
    """What an editor is told once a record or document is withdrawn."""
    return _("Withdrawn: the page now shows the reason.")


# Categories whose records are documents uploaded one by one (views_documents), not files.
DOCUMENT_CATEGORIES = frozenset({DatasetCategory.PLANS, DatasetCategory.RESEARCH})


def register_publishing_tools() -> None:
    """The workspace tool for editors; call from TransparencyConfig.ready()."""
    from django.utils.translation import gettext_lazy

    from chatr.ui.tools import Tool, register_tool

    register_tool(
        Tool(
            "transparency.manage",
            gettext_lazy("Open data: import and publish"),
            "transparency:manage",
            Perm.TRANSPARENCY_EDIT,
        )
    )


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    """The datasets the user edits, each with its waiting file, and the latest imports."""
    scope = request_scope(request)
    require(scope, Perm.TRANSPARENCY_EDIT)
    datasets = list(dataset_list_for_editor(scope=scope))
    waiting = {
        batch.dataset_id: batch for batch in batch_list(scope=scope).filter(state=BatchState.DRAFT)
    }
    rows = [
        {
            "dataset": d,
            "importable": kind_for(d.category) is not None,
            "uploads": d.category in DOCUMENT_CATEGORIES,
            "waiting": waiting.get(d.pk),
        }
        for d in datasets
    ]
    return render(
        request,
        "transparency/pages/manage.html",
        {"rows": rows, "batches": list(batch_list(scope=scope)[:RECENT_BATCHES])},
    )


@login_required
def dataset_import(request: HttpRequest, code: str) -> HttpResponse:
    """Upload a file into one dataset; a clean file goes to review, a refused one shows
    its report here, next to the form to import the corrected file."""
    scope = request_scope(request)
    dataset = dataset_get_for_editor(scope=scope, code=code)
    require(scope, Perm.TRANSPARENCY_EDIT, dataset)
    try:
        kind = dataset_kind(dataset)
    except ApplicationError:
        raise NotFoundError() from None
    form = ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"dataset": dataset, "form": form, "columns": kind.columns}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            upload = form.cleaned_data["file"]
            batch = batch_import(
                actor=request.user,
                scope=scope,
                dataset=dataset,
                content=upload.read(),
                filename=upload.name or "",
            )
            if batch.state != BatchState.REFUSED:
                flash.success(request, _("The file was checked and is waiting for review."))
                return redirect("transparency:batch", batch_id=batch.pk)
            context.update(refused=batch, report=batch_report(batch=batch))
    return render(request, "transparency/pages/import.html", context, status=status)


@login_required
def import_template(request: HttpRequest, code: str) -> HttpResponse:
    """The dataset's columns (Persian headings) and one example row, as CSV."""
    scope = request_scope(request)
    dataset = dataset_get_for_editor(scope=scope, code=code)
    try:
        kind = dataset_kind(dataset)
    except ApplicationError:
        raise NotFoundError() from None
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    with translation.override("fa"):
        writer.writerow([str(column.label) for column in kind.columns])
    writer.writerow([column.example for column in kind.columns])
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{dataset.code}-template.csv"'
    return response


@login_required
def batch_detail(request: HttpRequest, batch_id: int) -> HttpResponse:
    """A file as imported: its report, or what it would publish, and the review buttons."""
    scope = request_scope(request)
    batch = batch_get(scope=scope, batch_id=batch_id)
    kind = kind_for(batch.dataset.category)
    waiting = batch.state == BatchState.DRAFT
    can_publish = (
        waiting
        and scope.covers_record(batch, Perm.TRANSPARENCY_PUBLISH)
        and batch.imported_by_id != request.user.pk
    )
    return render(
        request,
        "transparency/pages/batch.html",
        {
            "batch": batch,
            "kind": kind,
            "waiting": waiting,
            "new_records": list(batch_new_records(batch=batch)[:STAGED_SHOWN]) if waiting else [],
            "corrections": list(batch_corrections(batch=batch)[:STAGED_SHOWN]),
            "labels": {c.key: c.label for c in kind.columns} if kind else {},
            "report": batch_report(batch=batch),
            "can_publish": can_publish,
            "own_file": batch.imported_by_id == request.user.pk,
            "shown": STAGED_SHOWN,
        },
    )


@login_required
@require_POST
def batch_review(request: HttpRequest, batch_id: int) -> HttpResponse:
    """Publish (reviewer) or set aside (editor or reviewer) a waiting file."""
    scope = request_scope(request)
    batch = batch_get(scope=scope, batch_id=batch_id)
    action = request.POST.get("action")
    try:
        if action == "publish":
            batch_publish(actor=request.user, scope=scope, batch=batch)
            flash.success(request, _("Published: the records are now public."))
        elif action == "discard":
            batch_discard(actor=request.user, scope=scope, batch=batch)
            flash.success(request, _("The file was set aside; nothing was published."))
        else:
            flash.error(request, _("Choose publish or set aside."))
    except ApplicationError as error:
        flash.error(request, str(error.message))
    return redirect("transparency:batch", batch_id=batch.pk)


@login_required
def record_withdraw_page(request: HttpRequest, category: str, record_id: int) -> HttpResponse:
    """Withdraw a published record of any importable category: the reason is public."""
    scope = request_scope(request)
    record = record_get_for_editor(scope=scope, category=category, record_id=record_id)
    require(scope, Perm.TRANSPARENCY_PUBLISH, record)
    kind = kind_for(category)
    page_url = reverse(kind.url_name, args=[record.pk]) if kind and kind.url_name else ""

    def page(form: forms.Form, status: int = 200) -> HttpResponse:
        return render(
            request,
            "transparency/pages/withdraw.html",
            {"record": record, "form": form, "page_url": page_url},
            status=status,
        )

    if request.method != "POST":
        return page(WithdrawForm())
    return form_action(
        request,
        form=WithdrawForm(request.POST),
        act=lambda data: record_withdraw(
            actor=request.user, scope=scope, record=record, reason=data["reason"]
        ),
        success_message=withdrawn_message(),
        success_url=page_url or reverse("transparency:manage"),
        on_failure=page,
    )
