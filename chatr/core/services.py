"""Writers for core records: issuing tracking codes."""

from __future__ import annotations

from typing import Final

from django.db import IntegrityError, transaction

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
    for _attempt in range(_TRACKING_CODE_ATTEMPTS):
        code = generate_tracking_code()
        try:
            # The savepoint keeps a caller's surrounding transaction usable after a collision;
            # create() forces an INSERT, so an existing code raises instead of being overwritten.
            with transaction.atomic():
                TrackingCode.objects.create(code=code, namespace=namespace)
        except IntegrityError:
            continue
        return code
    raise RuntimeError(f"no free tracking code after {_TRACKING_CODE_ATTEMPTS} attempts")
