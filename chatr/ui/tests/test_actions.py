"""The shared action-form adapter: success redirects, refusals keep the form and the status."""

from __future__ import annotations

import pytest
from django import forms
from django.contrib.messages.storage.fallback import FallbackStorage
from django.http import HttpResponse
from django.test import RequestFactory

from chatr.core.errors import ApplicationError, NotFoundError
from chatr.ui.actions import form_action


class NoteForm(forms.Form):
    text = forms.CharField()


def _request(data: dict[str, str]):  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/", data)
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _failed(form: forms.Form, status: int) -> HttpResponse:
    return HttpResponse(" ".join(str(e) for e in form.non_field_errors()), status=status)


def test_success_calls_the_service_once_and_redirects() -> None:
    calls = []
    response = form_action(
        _request({"text": "hi"}),
        form=NoteForm({"text": "hi"}),
        act=calls.append,
        success_url="/done/",
        on_failure=_failed,
    )
    assert response.status_code == 302 and response["Location"] == "/done/"
    assert calls == [{"text": "hi"}]


def test_a_refusal_keeps_the_services_status_and_message() -> None:
    def refuse(data: dict) -> None:
        raise ApplicationError("illegal_transition", "Not from here.", status=409)

    response = form_action(
        _request({"text": "hi"}),
        form=NoteForm({"text": "hi"}),
        act=refuse,
        success_url="/done/",
        on_failure=_failed,
    )
    assert response.status_code == 409
    assert "Not from here." in response.content.decode()


def test_an_invalid_form_never_reaches_the_service() -> None:
    response = form_action(
        _request({}), form=NoteForm({}), act=pytest.fail, success_url="/done/", on_failure=_failed
    )
    assert response.status_code == 400


def test_not_found_is_not_a_form_error() -> None:
    def missing(data: dict) -> None:
        raise NotFoundError()

    with pytest.raises(NotFoundError):
        form_action(
            _request({"text": "hi"}),
            form=NoteForm({"text": "hi"}),
            act=missing,
            success_url="/done/",
            on_failure=_failed,
        )
