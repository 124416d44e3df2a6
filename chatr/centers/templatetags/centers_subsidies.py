"""Links to the residents and subsidies pages, shown only to staff who may open them:
`{% subsidy_nav_links %}` (items of the centers staff nav) and `{% center_subsidy_links
center %}` (the staff center page). Permissions only, no query."""

from __future__ import annotations

from typing import Any

from django import template

from chatr.org.models import OrgUnitKind
from chatr.org.roles import Perm
from chatr.org.scope import Scope

register = template.Library()


def _scope(context: template.Context) -> Scope:
    request = context.get("request")
    return getattr(request, "scope", None) or Scope.empty()


@register.inclusion_tag("centers/subsidies/partials/nav_links.html", takes_context=True)
def subsidy_nav_links(context: template.Context) -> dict[str, Any]:
    scope = _scope(context)
    return {
        "request": context.get("request"),
        "can_residents": scope.has_perm(Perm.CENTERS_RESIDENTS),
        "can_view": scope.has_perm(Perm.CENTERS_SUBSIDY_VIEW),
        "can_prepare": scope.has_perm(Perm.CENTERS_SUBSIDY_PREPARE)
        or scope.has_perm(Perm.CENTERS_SUBSIDY_APPROVE),
        "can_rates": any(
            g.unit_kind == OrgUnitKind.HQ for g in scope.grants_for(Perm.CENTERS_RATES)
        ),
    }


@register.inclusion_tag("centers/subsidies/partials/center_links.html", takes_context=True)
def center_subsidy_links(context: template.Context, center: Any) -> dict[str, Any]:
    scope = _scope(context)
    return {
        "center": center,
        "can_residents": scope.covers_record(center, Perm.CENTERS_RESIDENTS),
        "can_claims": scope.covers_record(center, Perm.CENTERS_SUBSIDY_VIEW),
    }


@register.inclusion_tag("centers/subsidies/partials/nav.html", takes_context=True)
def subsidy_nav(context: template.Context) -> dict[str, Any]:
    """The nav of the residents and subsidies pages (finance staff may not see centers)."""
    return {
        **subsidy_nav_links(context),
        "can_centers": _scope(context).has_perm(Perm.CENTERS_VIEW),
    }
