"""`{{ dataset|dataset_list_url }}`: a dataset's public list page (see transparency.pages)."""

from django import template

from chatr.transparency import pages
from chatr.transparency.models import Dataset

register = template.Library()


@register.filter
def dataset_list_url(dataset: Dataset) -> str:
    return pages.dataset_list_url(dataset)
