"""Models of the transparency portal, one file per slice; import them from here.

datasets.py holds the catalogue of datasets; contracts.py the contracts category. Later
categories (expenditures, managers, assets, …) add their own files and re-export them below.
"""

from chatr.transparency.models.assets import Asset
from chatr.transparency.models.contracts import Contract, ContractPayment, Party
from chatr.transparency.models.datasets import Dataset
from chatr.transparency.models.documents import Document
from chatr.transparency.models.donations import Donation
from chatr.transparency.models.expenditures import Expenditure
from chatr.transparency.models.hiring import HiringAnnouncement
from chatr.transparency.models.managers import Manager
from chatr.transparency.models.publishing import ImportBatch, PublishedRecord, Revision

__all__ = [
    "Asset",
    "Contract",
    "ContractPayment",
    "Dataset",
    "Document",
    "Donation",
    "Expenditure",
    "HiringAnnouncement",
    "ImportBatch",
    "Manager",
    "Party",
    "PublishedRecord",
    "Revision",
]
