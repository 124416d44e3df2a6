"""Issue and revoke API tokens."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.api.models import ApiToken, hash_token
from chatr.core.errors import ApplicationError


def api_token_issue(*, user: Any, name: str) -> tuple[ApiToken, str]:
    """Create a token for a staff user; the raw key is returned once and never stored."""
    if not user.is_staff:
        raise ApplicationError("api_token_staff_only", _("Only staff can have API tokens."))
    raw = ApiToken.new_raw_key()
    token = ApiToken.objects.create(
        user=user, name=name, key_hash=hash_token(raw), prefix=raw[6:14]
    )
    return token, raw


def api_token_revoke(*, token: ApiToken) -> None:
    token.revoked_at = timezone.now()
    token.save(update_fields=["revoked_at"])
