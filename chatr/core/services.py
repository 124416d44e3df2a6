"""Writers for core records: issuing tracking codes."""

from __future__ import annotations

from typing import Final

from django.db import connection
from django.utils import timezone

from chatr.core.models import TrackingCode
from chatr.core.tracking import generate_tracking_code

# With 9 * 10**10 possible codes a collision is rare; ten in a row means something is broken.
_TRACKING_CODE_ATTEMPTS: Final = 10
_NAMESPACE_MAX_LENGTH: Final = 40


def tracking_code_issue(*, namespace: str) -> str:
    """Reserve a new unique tracking code for the owning module and return it."""
    # SQLite does not enforce max_length; check here so every database behaves the same.
    if not namespace or len(namespace) > _NAMESPACE_MAX_LENGTH:
        raise ValueError(f"namespace must be 1 to {_NAMESPACE_MAX_LENGTH} characters")
    # The table name comes from the model, never from input.
    sql = (
        f"INSERT INTO {connection.ops.quote_name(TrackingCode._meta.db_table)} "  # noqa: S608
        "(code, namespace, created_at) VALUES (%s, %s, %s) ON CONFLICT (code) DO NOTHING"
    )
    for _attempt in range(_TRACKING_CODE_ATTEMPTS):
        code = generate_tracking_code()
        # ON CONFLICT DO NOTHING (SQLite and PostgreSQL): a collision inserts nothing and
        # leaves a caller's surrounding transaction usable, without the cost of a savepoint.
        with connection.cursor() as cursor:
            cursor.execute(sql, [code, namespace, timezone.now()])
            if cursor.rowcount == 1:
                return code
    raise RuntimeError(f"no free tracking code after {_TRACKING_CODE_ATTEMPTS} attempts")
