"""Pages of the plans and research documents, and of the centers' addresses and licences
issued (generated from the centers module). Adapters only: parse → one selector or service
→ render.

Public: the document search with its downloads, a document's page, its PDF (served here, only
when the document is public — never a raw MEDIA URL), the centers' addresses and the licences
issued with their downloads. Staff: uploading a document, and its page where a reviewer other
than the uploader publishes it, or withdraws it once published.
"""

from __future__ import annotations

import re
from typing import Any

from django import forms
from django.contrib import messages as flash
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from chatr.centers.choices import LicenceStatus
from chatr.core.errors import ApplicationError
from chatr.org.permissions import require
from chatr.org.roles import Perm
from chatr.org.scope import request_scope
from chatr.transparency import selectors_centers
from chatr.transparency.choices import RecordState
from chatr.transparency.exports import EXPORT_FORMATS, EXPORTERS
from chatr.transparency.exports_documents import (
    CENTERS_EXPORT,
    LICENCES_EXPORT,
    document_export,
    document_file_path,
)
from chatr.transparency.forms_documents import (
    CenterSearchForm,
    DocumentSearchForm,
    DocumentUploadForm,
    LicenceSearchForm,
)
from chatr.transparency.forms_publishing import WithdrawForm
from chatr.transparency.models import Document
from chatr.transparency.selectors_documents import (
    document_export_rows,
    document_for_download,
    document_get_for_editor,
    document_get_public,
    document_list,
    documents_waiting,
)
from chatr.transparency.services_documents import (
    document_discard,
    document_publish,
    document_upload,
)
from chatr.transparency.services_publishing import record_withdraw
from chatr.transparency.views_publishing import withdrawn_message
from chatr.ui.actions import form_action
from chatr.ui.form_errors import add_error_to_form
from chatr.ui.htmx import render_page_or_partial

PAGE_SIZE = 20
WAITING_SHOWN = 50
_UNSAFE_FILENAME = re.compile(r"[^A-Za-z0-9_-]+")


def _list_context(request: HttpRequest, form: Any, rows: Any) -> dict[str, Any]:
    """A search page's context: the page of rows, and the query kept for the pagination and
    the downloads."""
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    download = query.copy()
    download.pop("format", None)
    return {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "download_query": download.urlencode(),
        "formats": EXPORT_FORMATS,
        "oob": True,
    }


def _download_format(request: HttpRequest) -> str | None:
    kind = request.GET.get("format", "csv")
    return kind if kind in EXPORT_FORMATS else None


def _bad_format() -> HttpResponse:
    return HttpResponse(_("Choose the CSV, XLSX or JSON format."), status=400)


# ---------------------------------------------------------------- documents: public


@require_safe
def documents(request: HttpRequest) -> HttpResponse:
    """Search, filter, sort; htmx swaps only the results (and the live count)."""
    form = DocumentSearchForm(request.GET or None)
    return render_page_or_partial(
        request,
        page="transparency/pages/documents.html",
        partial="transparency/partials/document_results.html",
        context=_list_context(request, form, document_list(filters=form.filters())),
    )


@require_safe
def documents_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    """The filtered list as `?format=csv|xlsx|json`, streamed, with each PDF's address."""
    kind = _download_format(request)
    if kind is None:
        return _bad_format()
    form = DocumentSearchForm(request.GET)
    rows = document_export_rows(filters=form.filters())
    spec = document_export(file_url=lambda pk: request.build_absolute_uri(document_file_path(pk)))
    return EXPORTERS[kind](spec, rows, filename="documents")


@require_safe
def document_detail(request: HttpRequest, document_id: int) -> HttpResponse:
    document = document_get_public(document_id=document_id)
    scope = getattr(request, "scope", None)
    can_manage = scope is not None and scope.covers_record(document, Perm.TRANSPARENCY_PUBLISH)
    return render(
        request,
        "transparency/pages/document.html",
        {"document": document, "can_manage": can_manage},
    )


def _download_name(number: str) -> str:
    return f"{_UNSAFE_FILENAME.sub('-', number).strip('-') or 'document'}.pdf"


@require_safe
def document_file(request: HttpRequest, document_id: int) -> FileResponse:
    """The PDF of a public document (staff of its unit also get drafts, to review them)."""
    document = document_for_download(scope=getattr(request, "scope", None), document_id=document_id)
    response = FileResponse(
        document.file.open("rb"),
        content_type="application/pdf",
        as_attachment=True,
        filename=_download_name(document.number),
    )
    if document.state != RecordState.PUBLISHED:
        # A draft is for its reviewers only: no shared cache may keep it.
        patch_cache_control(response, private=True, no_store=True)
    return response


# ---------------------------------------------------------------- documents: staff


@login_required
def document_new(request: HttpRequest) -> HttpResponse:
    """Upload one document (a draft until reviewed), next to the drafts waiting for review."""
    scope = request_scope(request)
    require(scope, Perm.TRANSPARENCY_EDIT)
    form = DocumentUploadForm(request.POST or None, request.FILES or None, scope=scope)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                document = document_upload(
                    actor=request.user,
                    scope=scope,
                    dataset=form.cleaned_data["dataset"],
                    data=form.document_data(),
                    file=form.cleaned_data["file"],
                )
            except ApplicationError as error:
                add_error_to_form(form, error)
                status = error.status
            else:
                flash.success(
                    request,
                    _("The document was uploaded and is waiting for review by another person."),
                )
                return redirect("transparency:document_manage", document_id=document.pk)
    return render(
        request,
        "transparency/pages/document_form.html",
        {"form": form, "waiting": list(documents_waiting(scope=scope)[:WAITING_SHOWN])},
        status=status,
    )


def _document_manage_page(
    request: HttpRequest, document: Document, withdraw_form: forms.Form, status: int = 200
) -> HttpResponse:
    scope = request_scope(request)
    is_draft = document.state == RecordState.DRAFT
    own_upload = document.uploaded_by_id == request.user.pk
    return render(
        request,
        "transparency/pages/document_manage.html",
        {
            "document": document,
            "is_draft": is_draft,
            "own_upload": own_upload,
            "can_publish": is_draft
            and not own_upload
            and scope.covers_record(document, Perm.TRANSPARENCY_PUBLISH),
            "can_withdraw": document.state == RecordState.PUBLISHED
            and scope.covers_record(document, Perm.TRANSPARENCY_PUBLISH),
            "withdraw_form": withdraw_form,
        },
        status=status,
    )


@login_required
def document_manage(request: HttpRequest, document_id: int) -> HttpResponse:
    """A document as staff see it (any state): publish or discard a draft (buttons), withdraw
    a published one with a public reason (a form, through `form_action`)."""
    scope = request_scope(request)
    document = document_get_for_editor(scope=scope, document_id=document_id)
    action = request.POST.get("action", "") if request.method == "POST" else None
    page_url = reverse("transparency:document_manage", args=[document.pk])
    if action == "withdraw":
        return form_action(
            request,
            form=WithdrawForm(request.POST),
            act=lambda data: record_withdraw(
                actor=request.user, scope=scope, record=document, reason=data["reason"]
            ),
            success_message=withdrawn_message(),
            success_url=page_url,
            on_failure=lambda form, status: _document_manage_page(request, document, form, status),
        )
    if action is None:
        return _document_manage_page(request, document, WithdrawForm())
    try:
        if action == "publish":
            document_publish(actor=request.user, scope=scope, document=document)
            flash.success(request, _("Published: the document is now public."))
        elif action == "discard":
            document_discard(actor=request.user, scope=scope, document=document)
            flash.success(request, _("The draft was deleted; nothing was published."))
            return redirect("transparency:document_new")
        else:
            flash.error(request, _("Choose publish, delete or withdraw."))
    except ApplicationError as error:
        flash.error(request, str(error.message))
    return redirect(page_url)


# ---------------------------------------------------------------- centers and licences


@require_safe
def centers(request: HttpRequest) -> HttpResponse:
    """The centers' addresses, from the centers module's public directory."""
    form = CenterSearchForm(request.GET or None)
    context = _list_context(
        request, form, selectors_centers.center_addresses(filters=form.filters())
    )
    context["last_updated"] = selectors_centers.centers_last_updated()
    return render_page_or_partial(
        request,
        page="transparency/pages/centers.html",
        partial="transparency/partials/center_results.html",
        context=context,
    )


@require_safe
def centers_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    kind = _download_format(request)
    if kind is None:
        return _bad_format()
    form = CenterSearchForm(request.GET)
    rows = selectors_centers.center_address_rows(filters=form.filters())
    return EXPORTERS[kind](CENTERS_EXPORT, rows, filename="centers")


@require_safe
def licences(request: HttpRequest) -> HttpResponse:
    """The licences issued to the directory's centers, from the centers module."""
    form = LicenceSearchForm(request.GET or None)
    context = _list_context(
        request, form, selectors_centers.licences_issued(filters=form.filters())
    )
    page = context["page"]
    page.object_list = list(page.object_list)
    for licence in page.object_list:
        licence.public_status_label = LicenceStatus(licence.public_status).label
    context["last_updated"] = selectors_centers.centers_last_updated()
    return render_page_or_partial(
        request,
        page="transparency/pages/licences.html",
        partial="transparency/partials/licence_results.html",
        context=context,
    )


@require_safe
def licences_download(request: HttpRequest) -> HttpResponse | StreamingHttpResponse:
    kind = _download_format(request)
    if kind is None:
        return _bad_format()
    form = LicenceSearchForm(request.GET)
    rows = selectors_centers.licence_rows(filters=form.filters())
    return EXPORTERS[kind](LICENCES_EXPORT, rows, filename="licences")
