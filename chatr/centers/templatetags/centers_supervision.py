"""`{% center_supervision_panel center %}`: the staff center page's supervision panel (latest
inspections, sanctions status, corrective actions open), read through the reader's scope."""

from __future__ import annotations

from typing import Any

from django import template

from chatr.centers.selectors_supervision import center_supervision
from chatr.org.roles import Perm
from chatr.org.scope import Scope

register = template.Library()


@register.inclusion_tag("centers/supervision/partials/center_panel_body.html", takes_context=True)
def center_supervision_panel(context: template.Context, center: Any) -> dict[str, Any]:
    request = context["request"]
    scope: Scope = getattr(request, "scope", None) or Scope.empty()
    return {
        "request": request,
        "center": center,
        "summary": center_supervision(scope=scope, center=center),
        "can_inspect": scope.covers_record(center, Perm.CENTERS_INSPECT),
    }
