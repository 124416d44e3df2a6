"""core.errors.required_text: the one check for a reason or answer a person must write."""

from __future__ import annotations

import pytest
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError, required_text


def test_blank_text_is_refused_on_its_field_with_the_message() -> None:
    message = _("Give the reasons.")
    for blank in ("", "   \n\t", None):
        with pytest.raises(ApplicationError) as refused:
            required_text(blank, code="reason_required", field="reason", message=message)
        assert refused.value.code == "reason_required"
        assert refused.value.status == 400
        assert refused.value.fields == {"reason": message}


def test_text_is_trimmed_and_cut_at_the_limit() -> None:
    kept = required_text("  enough  ", code="c", field="f", message="m")
    long = required_text("x" * 3000, code="c", field="f", message="m")
    short = required_text("abcdef", code="c", field="f", message="m", max_length=3)
    assert (kept, len(long), short) == ("enough", 2000, "abc")


def test_long_answers_can_be_kept_whole() -> None:
    answer = "پاسخ " * 1000
    assert required_text(answer, code="c", field="f", message="m", max_length=None) == (
        answer.strip()
    )
