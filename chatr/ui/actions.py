"""The one adapter for a POSTed action form on a record's page: validate, call one service,
redirect on success; on refusal show the page again with the errors and the service's status."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.ui.form_errors import add_error_to_form


def form_action(
    request: HttpRequest,
    *,
    form: forms.Form,
    act: Callable[[dict[str, Any]], Any],
    success_url: str,
    on_failure: Callable[[forms.Form, int], HttpResponse],
    success_message: Any = None,
) -> HttpResponse:
    """`act` receives the cleaned data; `on_failure(form, status)` renders the page again.
    `success_message` says what happened (default "Saved.").

    Not-found and forbidden refusals are not form errors: they propagate to the 404/403 pages.
    """
    status = 400
    if form.is_valid():
        try:
            act(form.cleaned_data)
        except (NotFoundError, PermissionDeniedError):
            raise
        except ApplicationError as error:
            add_error_to_form(form, error)
            status = error.status
        else:
            messages.success(request, success_message or _("Saved."))
            return redirect(success_url)
    return on_failure(form, status)
