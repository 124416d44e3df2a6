"""An accessible arithmetic challenge for public forms: no images, no third-party service.

The question's answer travels signed (and time-stamped) in a hidden field, so no session is
needed; the question is shown in the active language's digits."""

from __future__ import annotations

import secrets

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import lazy_message
from chatr.core.text import localize_digits, to_ascii_digits

_SALT = "chatr.challenge"
MAX_AGE_SECONDS = 60 * 60


def new_challenge() -> tuple[str, str]:
    """(question, signed token) for a fresh sum of two small numbers."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    question = lazy_message(
        _("What is %(a)s plus %(b)s?"), a=localize_digits(str(a)), b=localize_digits(str(b))
    )
    return str(question), signing.dumps({"s": a + b}, salt=_SALT)


class ChallengeField(forms.CharField):
    """The visible answer box; the form's `challenge_token` hidden field carries the sum."""

    def __init__(self, **kwargs: object) -> None:
        kwargs.setdefault("label", _("Security question"))
        kwargs.setdefault("max_length", 3)
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self.widget.attrs.update({"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"})


class ChallengeFormMixin(forms.Form):
    """Add to a public form; call `refresh_challenge()` before rendering it again."""

    challenge_token = forms.CharField(widget=forms.HiddenInput, required=False)
    challenge_answer = ChallengeField()

    def refresh_challenge(self) -> None:
        question, token = new_challenge()
        self.fields["challenge_answer"].help_text = question
        self.initial["challenge_token"] = token
        if self.is_bound:
            data = self.data.copy()
            data["challenge_token"] = token
            data["challenge_answer"] = ""
            self.data = data

    def clean_challenge_answer(self) -> str:
        answer = to_ascii_digits(self.cleaned_data.get("challenge_answer", "")).strip()
        token = self.data.get("challenge_token", "")
        try:
            expected = signing.loads(token, salt=_SALT, max_age=MAX_AGE_SECONDS)["s"]
        except (signing.BadSignature, KeyError, TypeError) as error:
            raise forms.ValidationError(
                _("The security question expired. Answer the new question."),
                code="challenge_expired",
            ) from error
        if answer != str(expected):
            raise forms.ValidationError(
                _("The answer to the security question is not correct. Try the new question."),
                code="challenge_wrong",
            )
        return answer
