"""Demo data for licensing: applications at every step across provinces, written through the
licensing services like real ones — a new NGO application of the demo citizen in Zanjan, one
waiting for documents in Kerman, inquiries sent in Tehran, at the commission in Fars, in
security vetting in Isfahan, a granted principle agreement (the demo citizen's, with its
activity licence at the site visit), a refused one, and the renewal of the Navid center's
expiring licence.

Idempotent: each planned application carries a payment reference "DEMO<key>" and is skipped
when it exists. Needs the shared world and the centers demo first.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from unittest import mock

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from chatr.centers import services_licensing as services
from chatr.centers.choices import CareMode, LicenceKind, LicenceType
from chatr.centers.choices_licensing import FILING_DOCUMENTS, ApplicantKind, ApplicationKind
from chatr.centers.choices_licensing import DocumentType as D
from chatr.centers.models import Center, Licence, LicenceApplication
from chatr.core.company_id import demo_company_id
from chatr.core.errors import ApplicationError
from chatr.core.national_code import national_code_check_digit
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user

DEMO_ACTOR = "hq_manager"
# The world's demo citizen (chatr.demo.world.DEMO_CITIZEN_MOBILE; centers may not import demo).
DEMO_CITIZEN_MOBILE = "+989121234567"
# The smallest file the content check accepts as a PDF.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _ref(key: str) -> str:
    """The payment reference marking a demo application (stored normalized: no dashes)."""
    return f"DEMO{key.replace('-', '')}"


def demo_pdf(name: str = "document.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def demo_national_code(first_nine: str) -> str:
    """A valid national code from nine digits (demo and tests)."""
    return first_nine + str(national_code_check_digit(first_nine))


def documents(kind: str, *, without: tuple[str, ...] = ()) -> dict[str, SimpleUploadedFile]:
    """A PDF for each document the form of `kind` takes, except `without`."""
    return {
        doc_type: demo_pdf(f"{doc_type}.pdf")
        for doc_type in FILING_DOCUMENTS[kind]
        if doc_type not in without
    }


@dataclass(frozen=True)
class Plan:
    key: str
    county: str
    step: str  # how far staff take it
    ngo: bool
    name: str
    applicant: str
    licence_type: str
    care_mode: str
    capacity: int
    by_citizen: bool = False


PLANS: tuple[Plan, ...] = (
    Plan("ZNJ-NEW", "C1901", "submitted", True, "مرکز توانبخشی همراه زنجان",
         "موسسه خیریه همراهان زنجان", LicenceType.REHABILITATION, CareMode.DAY, 30, True),
    Plan("KRM-DOCS", "C0801", "waiting_documents", False, "مهدکودک شکوفه کرمان",
         "الهام رحیمی", LicenceType.KINDERGARTEN, CareMode.DAY, 40),
    Plan("THR-INQ", "C2301", "inquiries_sent", False, "مرکز مشاوره اجتماعی آرامش تهران",
         "مجید صادقی", LicenceType.SOCIAL_COUNSELING, CareMode.DAY, 25),
    Plan("FRS-COM", "C0701", "at_commission", True, "خانه سالمندان مهرگان شیراز",
         "موسسه نیکوکاری مهرگان", LicenceType.ELDERLY_CARE, CareMode.RESIDENTIAL, 50),
    Plan("ISF-SEC", "C1001", "security_vetting", False, "مرکز درمان اعتیاد سپیده اصفهان",
         "حمید نوری", LicenceType.ADDICTION_TREATMENT, CareMode.RESIDENTIAL, 35),
    Plan("ZNJ-OK", "C1901", "agreement_issued", True, "خانه سلامت زنان یاس زنجان",
         "موسسه خیریه یاس زنجان", LicenceType.WOMENS_HEALTH_HOUSE, CareMode.DAY, 20, True),
    Plan("KRM-NO", "C0801", "refused", False, "مرکز نگهداری روزانه فردا کرمان",
         "احمد اکبری", LicenceType.REHABILITATION, CareMode.DAY, 15),
)  # fmt: skip

_ORDER = ("submitted", "inquiries_sent", "at_commission", "security_vetting", "agreement_issued")


@contextmanager
def _quiet_sms() -> Iterator[None]:
    """Demo data does not text anyone."""
    with mock.patch.object(services, "sms_send", lambda **kwargs: None):
        yield


def _advance(actor: Any, scope: Any, application: LicenceApplication, plan: Plan) -> None:
    steps: dict[str, Callable[[], Any]] = {
        "inquiries_sent": lambda: services.application_send_inquiries(
            actor=actor, scope=scope, application=application
        ),
        "at_commission": lambda: services.application_forward(
            actor=actor, scope=scope, application=application
        ),
        "security_vetting": lambda: services.application_commission_approve(
            actor=actor, scope=scope, application=application
        ),
        "agreement_issued": lambda: services.application_agreement_issue(
            actor=actor, scope=scope, application=application
        ),
    }
    if plan.step == "waiting_documents":
        services.application_request_documents(
            actor=actor, scope=scope, application=application, documents=[D.NO_ADDICTION]
        )
        return
    if plan.step == "refused":
        services.application_send_inquiries(actor=actor, scope=scope, application=application)
        services.application_refuse(
            actor=actor,
            scope=scope,
            application=application,
            reason=(
                "استعلام اداره بهداشت منفی است: ساختمان پیشنهادی برای نگهداری روزانه مناسب نیست."
            ),
        )
        return
    for step in _ORDER[1 : _ORDER.index(plan.step) + 1]:
        steps[step]()
        application.refresh_from_db()


def _file(actor: Any, scope: Any, citizen: Any, plan: Plan, serial: int) -> LicenceApplication:
    applicant = services.ApplicantData(
        kind=ApplicantKind.NGO if plan.ngo else ApplicantKind.PERSON,
        name=plan.applicant,
        mobile=DEMO_CITIZEN_MOBILE if plan.by_citizen else f"0912{5550000 + serial:07d}",
        national_code="" if plan.ngo else demo_national_code(f"0{serial:02d}140562"),
        company_id=demo_company_id(f"1400{serial:02d}8765") if plan.ngo else "",
    )
    county = OrgUnit.objects.get(code=plan.county)
    data = services.ApplicationData(
        licence_type=plan.licence_type,
        applicant=applicant,
        proposed_name=plan.name,
        county=county,
        care_mode=plan.care_mode,
        capacity=plan.capacity,
        address=f"{county.name_fa}، خیابان امام خمینی، پلاک {10 + serial}",
        payment_reference=_ref(plan.key),
    )
    without = (D.NO_ADDICTION,) if plan.step == "waiting_documents" else ()
    docs = documents(ApplicationKind.PRINCIPLE_AGREEMENT, without=without)
    if plan.by_citizen:
        return services.application_file(
            actor=citizen, scope_or_none=None, data=data, documents=docs
        )
    return services.application_file(actor=actor, scope_or_none=scope, data=data, documents=docs)


def _renew_navid(actor: Any, scope: Any) -> int:
    center = Center.objects.filter(org_unit__code="CT0801901").first()
    if center is None:
        return 0
    licence = Licence.objects.filter(
        center=center, kind=LicenceKind.ACTIVITY_LICENCE, is_current=True
    ).first()
    if (
        licence is None
        or LicenceApplication.objects.filter(payment_reference=_ref("NAVID")).exists()
    ):
        return 0
    try:
        services.renewal_apply(
            actor=actor,
            scope_or_none=scope,
            licence=licence,
            payment_reference="DEMO-NAVID",
            documents=documents(ApplicationKind.RENEWAL),
            applicant=services.ApplicantData(
                kind=ApplicantKind.PERSON,
                name="حمید یزدانی",
                mobile="09135550101",
                national_code=demo_national_code("298765432"),
            ),
        )
    except ApplicationError:
        return 0  # not in its window on this day: nothing to show
    return 1


@transaction.atomic
def seed_licensing_demo() -> int:
    """Create the demo applications that are missing; return how many were created."""
    actor = get_user_model().objects.get(username=DEMO_ACTOR)
    scope = scope_for_user(actor)
    citizen = get_user_model().objects.get(mobile=DEMO_CITIZEN_MOBILE)
    created = 0
    with _quiet_sms():
        for serial, plan in enumerate(PLANS, start=1):
            if LicenceApplication.objects.filter(payment_reference=_ref(plan.key)).exists():
                continue
            application = _file(actor, scope, citizen, plan, serial)
            _advance(actor, scope, application, plan)
            created += 1
            if plan.key == "ZNJ-OK":
                application.refresh_from_db()
                activity = services.activity_licence_apply(
                    actor=citizen,
                    scope_or_none=None,
                    agreement=application,
                    payment_reference="DEMO-ZNJ-OK-ACT",
                    documents=documents(ApplicationKind.ACTIVITY_LICENCE),
                )
                services.application_site_visit_schedule(
                    actor=actor, scope=scope, application=activity
                )
                created += 1
        created += _renew_navid(actor, scope)
    return created
