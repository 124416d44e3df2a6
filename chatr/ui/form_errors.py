"""Carry a service's ApplicationError into a bound form, so the page shows it in the summary."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from chatr.core.errors import ApplicationError


def add_error_to_form(
    form: forms.Form, error: ApplicationError | ValidationError, field: str | None = None
) -> None:
    """Attach a refusal to the form: field messages to their fields, the rest to the top —
    or, when the caller names the `field` a general refusal is about (a code nobody holds),
    to that field, so the summary links to it and the field is marked invalid. A rate-limit
    refusal (429) is about the reader's pace, never about what they typed: it goes to the top."""
    if isinstance(error, ValidationError):
        form.add_error(field, error)
        return
    if field is not None and field in form.fields and not error.fields and error.status != 429:
        form.add_error(field, str(error.message))
        return
    field_messages = set()
    for name, message in error.fields.items():
        if name in form.fields:
            form.add_error(name, str(message))
            field_messages.add(str(message))
    # The general message says why; the field messages say where. Show both, once.
    if str(error.message) not in field_messages:
        form.add_error(None, str(error.message))
