"""Authentication backends: staff by password (Argon2), citizens by a verified mobile."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest


class StaffPasswordBackend(ModelBackend):
    """Username + password, for staff only. Lockout is enforced by accounts.services."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> Any:
        if not username or not password:
            return None
        user_model = get_user_model()
        user = user_model.objects.filter(username=username, is_staff=True).first()
        if user is None:
            # Hash anyway so response time does not tell whether the username exists.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None


class MobileOneTimeCodeBackend(ModelBackend):
    """Citizens are logged in by accounts.services after their one-time code checks out."""

    def authenticate(self, request: HttpRequest | None, **kwargs: Any) -> Any:
        return None
