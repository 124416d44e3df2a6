"""`{% figures_nav_link %}`: the figures page's item of the centers staff nav, shown only to
staff who may open it. Permissions only, no query."""

from __future__ import annotations

from typing import Any

from django import template

from chatr.org.roles import Perm
from chatr.org.scope import Scope

register = template.Library()


@register.inclusion_tag("centers/figures/nav_link.html", takes_context=True)
def figures_nav_link(context: template.Context) -> dict[str, Any]:
    request = context.get("request")
    scope = getattr(request, "scope", None) or Scope.empty()
    return {"request": request, "can_figures": scope.has_perm(Perm.CENTERS_FIGURES)}
