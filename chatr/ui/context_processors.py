"""Template context every page's layout needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation


def layout(request: HttpRequest) -> dict[str, Any]:
    """The languages the switch offers: every configured language but the active one, each
    named in its own language ("English", "فارسی") so people can find theirs."""
    current = translation.get_language() or settings.LANGUAGE_CODE
    other_languages = [
        (code, translation.get_language_info(code)["name_local"])
        for code, _name in settings.LANGUAGES
        if code != current
    ]
    return {"other_languages": other_languages}
