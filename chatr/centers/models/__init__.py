"""Models of the care-centers module, one file per slice; import them from here.

directory.py holds centers and licences; the licensing workflow, inspections and sanctions,
residents and subsidies add their own files and re-export them below.
"""

from chatr.centers.models.directory import Center, Licence
from chatr.centers.models.licensing import (
    ApplicationDocument,
    LicenceApplication,
    LicensingFee,
    RenewalReminder,
)
from chatr.centers.models.residents import Admission, DischargeReason
from chatr.centers.models.subsidies import (
    CenterPaymentAccount,
    ClaimState,
    RateBasis,
    SubsidyBatch,
    SubsidyClaim,
    SubsidyRate,
)
from chatr.centers.models.supervision import (
    ChecklistItem,
    ChecklistTemplate,
    Finding,
    Inspection,
    InspectionScore,
    SanctionProceeding,
    SanctionStep,
)

__all__ = [
    "Admission",
    "ApplicationDocument",
    "Center",
    "CenterPaymentAccount",
    "ChecklistItem",
    "ChecklistTemplate",
    "ClaimState",
    "DischargeReason",
    "Finding",
    "Inspection",
    "InspectionScore",
    "Licence",
    "LicenceApplication",
    "LicensingFee",
    "RateBasis",
    "RenewalReminder",
    "SanctionProceeding",
    "SanctionStep",
    "SubsidyBatch",
    "SubsidyClaim",
    "SubsidyRate",
]
