"""Who may open the Django admin: sysadmins (by role) and superusers."""

from __future__ import annotations

from django.http import HttpRequest

from chatr.org.roles import Perm
from chatr.org.scope import request_scope


def admin_has_permission(request: HttpRequest) -> bool:
    user = request.user
    if not (user.is_active and user.is_staff):
        return False
    scope = request_scope(request)
    # HQ managers keep the watchdog taxonomy; the admin shows them only those models.
    return bool(
        user.is_superuser
        or scope.has_perm(Perm.ADMIN_SITE)
        or scope.has_perm(Perm.WATCHDOG_TAXONOMY)
    )
