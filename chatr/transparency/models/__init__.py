"""Models of the transparency portal, one file per slice; import them from here.

datasets.py holds the catalogue of datasets; contracts.py the contracts category. Later
categories (expenditures, managers, assets, …) add their own files and re-export them below.
"""

from chatr.transparency.models.contracts import Contract, ContractPayment, Party
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.publishing import ImportBatch, PublishedRecord, Revision

__all__ = [
    "Contract",
    "ContractPayment",
    "Dataset",
    "ImportBatch",
    "Party",
    "PublishedRecord",
    "Revision",
]
