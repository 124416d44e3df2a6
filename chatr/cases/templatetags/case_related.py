"""`{% related_records case %}`: other modules' records linked to a case (cases.related)."""

from __future__ import annotations

from typing import Any

from django import template

from chatr.cases.related import related_records as related_records_for
from chatr.org.scope import Scope

register = template.Library()


@register.inclusion_tag("cases/partials/related_records.html", takes_context=True)
def related_records(context: template.Context, case: Any) -> dict[str, Any]:
    request = context.get("request")
    scope = getattr(request, "scope", None) or Scope.empty()
    return {"records": related_records_for(case=case, scope=scope)}
