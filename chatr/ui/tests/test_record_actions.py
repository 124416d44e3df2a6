"""The adapters for a record's page: an action form shows the page again on refusal, a button
flashes its refusal; neither hides a not-found or forbidden record."""

from __future__ import annotations

from typing import Any

import pytest
from django import forms
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import RequestFactory

from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.ui.actions import button_action, record_form_action


class NoteForm(forms.Form):
    text = forms.CharField()


@pytest.fixture(autouse=True)
def record_page(settings):  # type: ignore[no-untyped-def]
    settings.TEMPLATES = [
        {
            "BACKEND": "django.template.backends.django.DjangoTemplates",
            "OPTIONS": {
                "loaders": [
                    (
                        "django.template.loaders.locmem.Loader",
                        {
                            "record.html": "{{ title }}|{{ failed_form }}|"
                            "{{ note_form.non_field_errors|join:',' }}|{{ note_form.text.value }}"
                        },
                    )
                ]
            },
        }
    ]


def _request(data: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    request = RequestFactory().post("/", data or {})
    request.session = {}  # type: ignore[attr-defined]
    request._messages = FallbackStorage(request)  # type: ignore[attr-defined]
    return request


def _flashed(request: Any) -> list[tuple[str, str]]:
    return [(message.level_tag, str(message)) for message in get_messages(request)]


def _post_note(act: Any, data: dict[str, str], built: list[str] | None = None) -> Any:
    def context() -> dict[str, Any]:
        if built is not None:
            built.append("context")
        return {"title": "Case 42", "note_form": NoteForm(prefix="note")}

    request = _request(data)
    response = record_form_action(
        request,
        form=NoteForm(data),
        act=act,
        success_url="/cases/42/",
        template="record.html",
        context=context,
        form_key="note_form",
        success_message="Noted.",
    )
    return request, response


def test_an_accepted_form_redirects_to_the_record_without_building_its_page() -> None:
    calls: list[dict[str, Any]] = []
    built: list[str] = []

    request, response = _post_note(calls.append, {"text": "hi"}, built)

    assert response.status_code == 302 and response["Location"] == "/cases/42/"
    assert calls == [{"text": "hi"}]
    assert built == []
    assert _flashed(request) == [("success", "Noted.")]


def test_a_refused_form_shows_the_record_page_with_the_bound_form_and_the_status() -> None:
    def refuse(data: dict[str, Any]) -> None:
        raise ApplicationError("illegal_transition", "Not from this state.", status=409)

    request, response = _post_note(refuse, {"text": "typed"})

    assert response.status_code == 409
    # The page's own context, the bound form in place of the empty one, and which form failed.
    assert response.content.decode() == "Case 42|note_form|Not from this state.|typed"
    assert _flashed(request) == []


def test_an_invalid_form_shows_the_page_with_400_and_never_reaches_the_service() -> None:
    _, response = _post_note(pytest.fail, {})

    assert response.status_code == 400
    assert response.content.decode().startswith("Case 42|note_form|")


@pytest.mark.parametrize("error", [NotFoundError(), PermissionDeniedError()])
def test_a_missing_or_forbidden_record_is_not_a_form_error(error: ApplicationError) -> None:
    def refuse(data: dict[str, Any]) -> None:
        raise error

    with pytest.raises(type(error)):
        _post_note(refuse, {"text": "hi"})


def test_a_button_calls_the_service_once_and_goes_back_to_the_record() -> None:
    calls: list[str] = []
    request = _request()

    response = button_action(request, act=lambda: calls.append("review"), success_url="/r/7/")

    assert response.status_code == 302 and response["Location"] == "/r/7/"
    assert calls == ["review"]
    assert _flashed(request) == []


def test_a_button_may_say_what_happened() -> None:
    request = _request()

    button_action(request, act=lambda: None, success_url="/r/7/", success_message="Queued.")

    assert _flashed(request) == [("success", "Queued.")]


def test_a_refused_button_flashes_the_reason_and_goes_back_to_the_record() -> None:
    def refuse() -> None:
        raise ApplicationError("illegal_transition", "Already under review.", status=409)

    request = _request()
    response = button_action(
        request, act=refuse, success_url="/r/7/", success_message="Never said."
    )

    assert response.status_code == 302 and response["Location"] == "/r/7/"
    assert _flashed(request) == [("error", "Already under review.")]


@pytest.mark.parametrize("error", [NotFoundError(), PermissionDeniedError()])
def test_a_button_on_a_missing_or_forbidden_record_is_not_flashed(
    error: ApplicationError,
) -> None:
    def refuse() -> None:
        raise error

    request = _request()
    with pytest.raises(type(error)):
        button_action(request, act=refuse, success_url="/r/7/")
    assert _flashed(request) == []
