"""Where each category's public pages are: the one table the home page, the catalogue
(DCAT) and the editors' pages use to link a dataset to its list and downloads.

A category adds one entry to CATEGORY_PAGES. Both URLs accept `?publisher=<org-unit code>`
(the dataset's publisher), and the download also `?format=csv|xlsx|json`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final
from urllib.parse import urlencode

from django.urls import reverse

from chatr.transparency.choices import DatasetCategory
from chatr.transparency.models import Dataset


@dataclass(frozen=True)
class CategoryPages:
    list_url: str  # URL name of the public list (search) page
    download_url: str  # URL name of its streamed download
    # Categories sharing one page (plans and research) narrow it with `?category=`.
    shared: bool = False


CATEGORY_PAGES: Final[dict[str, CategoryPages]] = {
    DatasetCategory.CONTRACTS: CategoryPages(
        "transparency:contracts", "transparency:contracts_download"
    ),
    DatasetCategory.EXPENDITURES: CategoryPages(
        "transparency:expenditures", "transparency:expenditures_download"
    ),
    DatasetCategory.MANAGERS: CategoryPages(
        "transparency:managers", "transparency:managers_download"
    ),
    DatasetCategory.ASSETS: CategoryPages("transparency:assets", "transparency:assets_download"),
    DatasetCategory.DONATIONS: CategoryPages(
        "transparency:donations", "transparency:donations_download"
    ),
    DatasetCategory.HIRING: CategoryPages("transparency:hiring", "transparency:hiring_download"),
    # Plans and research share the documents' search (it filters by category too).
    DatasetCategory.PLANS: CategoryPages(
        "transparency:documents", "transparency:documents_download", shared=True
    ),
    DatasetCategory.RESEARCH: CategoryPages(
        "transparency:documents", "transparency:documents_download", shared=True
    ),
    # Generated from the centers module: one national list each (`publisher` is ignored).
    DatasetCategory.CENTERS: CategoryPages("transparency:centers", "transparency:centers_download"),
    DatasetCategory.LICENCES: CategoryPages(
        "transparency:licences", "transparency:licences_download"
    ),
}


def _narrowing(dataset: Dataset, pages: CategoryPages) -> dict[str, str]:
    query = {"publisher": dataset.org_unit.code}
    if pages.shared:
        query["category"] = dataset.category
    return query


def dataset_list_url(dataset: Dataset) -> str:
    """The public page listing the dataset's records ("" when the category has none yet)."""
    pages = CATEGORY_PAGES.get(dataset.category)
    if pages is None:
        return ""
    return f"{reverse(pages.list_url)}?{urlencode(_narrowing(dataset, pages))}"


def dataset_download_url(dataset: Dataset, kind: str) -> str:
    """The dataset's records as `kind` (csv, xlsx, json); "" when the category has none."""
    pages = CATEGORY_PAGES.get(dataset.category)
    if pages is None:
        return ""
    query = urlencode({**_narrowing(dataset, pages), "format": kind})
    return f"{reverse(pages.download_url)}?{query}"
