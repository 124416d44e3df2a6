"""Links and labels of the portal's templates: a dataset's list page (transparency.pages),
a column's name in a correction note."""

from typing import Any

from django import template

from chatr.org.roles import Perm
from chatr.transparency import pages
from chatr.transparency.choices import RecordState
from chatr.transparency.kinds import kind_for
from chatr.transparency.models import Dataset

register = template.Library()


@register.filter
def dataset_list_url(dataset: Dataset) -> str:
    return pages.dataset_list_url(dataset)


@register.filter
def column_label(key: str, category: str) -> Any:
    """A record kind's column name (`{{ key|column_label:revision.category }}`)."""
    kind = kind_for(category)
    column = kind.column(key) if kind else None
    return column.label if column else key


@register.filter
def revision_key(values: dict[str, Any], category: str) -> str:
    """The record a pending correction is about: its key (`values|revision_key:category`)."""
    kind = kind_for(category)
    return kind.key_of(values).replace("|", " — ") if kind else ""


@register.inclusion_tag("transparency/partials/withdraw_link.html", takes_context=True)
def withdraw_link(context: dict[str, Any], record: Any) -> dict[str, Any]:
    """A reviewer's "withdraw" button on a published record's public page (nothing for others)."""
    request = context.get("request")
    scope = getattr(request, "scope", None)
    shown = (
        record is not None
        and getattr(record, "state", "") == RecordState.PUBLISHED
        and kind_for(record.dataset.category) is not None
        and scope is not None
        and getattr(getattr(request, "user", None), "is_authenticated", False)
        and scope.covers_record(record, Perm.TRANSPARENCY_PUBLISH)
    )
    return {"shown": shown, "record": record}
