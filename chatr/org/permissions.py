"""One helper combining "what may you do" (role permissions) with "where" (scope)."""

from __future__ import annotations

from typing import Any

from chatr.core.errors import NotFoundError, PermissionDeniedError
from chatr.org.scope import Scope


def require(scope: Scope, perm: str, record: Any = None) -> None:
    """Refuse unless the scope holds `perm` (over `record`, when given).

    A record outside every unit of the scope is reported as missing (404), so ids cannot be
    probed; a record the user can see but may not act on is forbidden (403).
    """
    if record is None:
        if not scope.has_perm(perm):
            raise PermissionDeniedError()
        return
    if not scope.covers_record(record):
        raise NotFoundError()
    if not scope.covers_record(record, perm):
        raise PermissionDeniedError()
