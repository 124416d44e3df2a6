"""Reads for the signed-in person's own pages."""

from __future__ import annotations

from typing import Any

from chatr.audit.selectors import audit_event_list
from chatr.org.models import Membership, OrgUnit, OrgUnitKind
from chatr.org.roles import Perm
from chatr.org.scope import Scope
from chatr.ui.tools import tools_for


def workspace_summary(*, scope: Scope) -> dict[str, Any]:
    """What a staff member's landing page shows: roles, units in reach, tools, recent activity."""
    memberships = (
        Membership.objects.filter(user_id=scope.user_id)
        .select_related("org_unit")
        .order_by("org_unit__path", "role")
    )
    units = OrgUnit.objects.visible_to(scope)
    counts = {kind: 0 for kind in OrgUnitKind.values}
    for kind in units.values_list("kind", flat=True):
        counts[kind] += 1
    tools = tools_for(scope)
    recent = list(audit_event_list(scope=scope)[:10]) if scope.has_perm(Perm.AUDIT_VIEW) else []
    return {
        "memberships": list(memberships),
        "unit_counts": [(OrgUnitKind(kind).label, n) for kind, n in counts.items() if n],
        "tools": tools,
        "recent_events": recent,
    }
