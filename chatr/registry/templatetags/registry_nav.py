"""`{% offered_tools as tools %}`: the keys of the workspace tools the signed-in staff member
may use, so a menu shows a link exactly when the workspace offers the tool (one permission
per page, declared once on its `Tool`)."""

from __future__ import annotations

from typing import Any

from django import template

from chatr.org.scope import Scope
from chatr.ui.tools import tools_for

register = template.Library()


@register.simple_tag(takes_context=True)
def offered_tools(context: Any) -> frozenset[str]:
    request = context.get("request")
    scope = getattr(request, "scope", None) or Scope.empty()
    return frozenset(tool.key for tool in tools_for(scope))
