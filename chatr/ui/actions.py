"""The adapters for a POST on a record's page: an action form (validate, call one service,
redirect on success; on refusal show the page again with the errors and the service's status)
and a button with nothing to fill in (call one service; a refusal is flashed)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
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


def record_form_action(
    request: HttpRequest,
    *,
    form: forms.Form,
    act: Callable[[dict[str, Any]], Any],
    success_url: str,
    template: str,
    context: Callable[[], dict[str, Any]],
    form_key: str,
    success_message: Any = None,
) -> HttpResponse:
    """`form_action` for one of the forms of a record's page. The caller has already loaded
    the record through its scoped selector (out of scope is a 404 before any form is read).

    A refusal renders `template` again with `context()` (built only then), the bound form in
    place of the empty one under `form_key`, `failed_form` naming it, and the refusal's status.
    """

    def failed(bound: forms.Form, status: int) -> HttpResponse:
        page = context()
        page[form_key] = bound
        page["failed_form"] = form_key
        return render(request, template, page, status=status)

    return form_action(
        request,
        form=form,
        act=act,
        success_url=success_url,
        on_failure=failed,
        success_message=success_message,
    )


def button_action(
    request: HttpRequest,
    *,
    act: Callable[[], Any],
    success_url: str,
    success_message: Any = None,
) -> HttpResponse:
    """A POSTed button of a record's page with nothing to fill in ("start the review"): call
    `act` and go back to `success_url`. A refusal is flashed as an error there (there is no
    form to show it in); `success_message`, if given, is flashed on success.

    Not-found and forbidden refusals propagate to the 404/403 pages.
    """
    try:
        act()
    except (NotFoundError, PermissionDeniedError):
        raise
    except ApplicationError as error:
        messages.error(request, str(error.message))
    else:
        if success_message:
            messages.success(request, success_message)
    return redirect(success_url)
