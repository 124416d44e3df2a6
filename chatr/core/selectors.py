"""Readers for core records: looking up tracking codes."""

from __future__ import annotations

from chatr.core.models import TrackingCode
from chatr.core.tracking import is_well_formed_tracking_code, normalize_tracking_code


def tracking_code_namespace(*, code: str) -> str | None:
    """Return the namespace that owns a tracking code, or None when there is no such code."""
    code = normalize_tracking_code(code)
    # A mistyped code fails its check digit, so it is refused without a query.
    if not is_well_formed_tracking_code(code):
        return None
    return TrackingCode.objects.filter(pk=code).values_list("namespace", flat=True).first()
