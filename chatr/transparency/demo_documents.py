"""Demo data of the plans and research categories, and the two datasets generated from the
centers module.

HQ publishes a plans dataset with four plans and programs and a research dataset with six
reports, one of them withdrawn with its public reason; each document carries a small valid PDF
written here (no PDF library needed). The centers' addresses and licences issued are datasets
too, so the catalogue lists them with their metadata, but their records are the centers
directory's own: nothing is copied.

Deterministic and idempotent: datasets are keyed by code, documents by (dataset, number).
"""

from __future__ import annotations

from datetime import date
from typing import Final

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.roles import Role
from chatr.org.scope import Grant, Scope, scope_for_user
from chatr.org.services import load_reference_units
from chatr.transparency import selectors_centers, services
from chatr.transparency.choices import (
    DatasetCategory,
    DocumentLanguage,
    DocumentType,
    RecordState,
    UpdateFrequency,
)
from chatr.transparency.models import Dataset, Document
from chatr.transparency.services_documents import DocumentData, document_record
from chatr.transparency.services_publishing import record_withdraw

PERIOD_START: Final = date(2021, 3, 21)  # 1400/01/01
PERIOD_END: Final = date(2026, 3, 20)  # 1404/12/29
GENERATED_START: Final = date(2023, 3, 21)  # 1402/01/01
LAST_UPDATED: Final = date(2025, 4, 5)
CONTACT_EMAIL: Final = "shafaf@behzisti.example"
CONTACT_PHONE: Final = "02166700000"

PLANS: Final = (
    # (number, title, type, year, pages, keywords, summary)
    (
        "SP-1400",
        "برنامه راهبردی سازمان بهزیستی کشور (۱۴۰۰ تا ۱۴۰۴)",
        DocumentType.STRATEGIC_PLAN,
        1400,
        6,
        "برنامه راهبردی، چشم‌انداز، اهداف کلان",
        "چشم‌انداز، مأموریت، اهداف کلان و راهبردهای سازمان در پنج سال.",
    ),
    (
        "DP7-1403",
        "سهم سازمان بهزیستی در برنامه هفتم توسعه",
        DocumentType.DEVELOPMENT_PLAN,
        1403,
        4,
        "برنامه هفتم توسعه، توانبخشی، حمایت اجتماعی",
        "تکالیف سازمان در قانون برنامه هفتم توسعه و شاخص‌های پایش آن.",
    ),
    (
        "AP-1403",
        "برنامه عملیاتی سالانه ۱۴۰۳",
        DocumentType.ANNUAL_PROGRAM,
        1403,
        3,
        "برنامه عملیاتی، بودجه سالانه",
        "فعالیت‌ها، اعتبارات و مسئولان اجرای برنامه‌های سال ۱۴۰۳.",
    ),
    (
        "AP-1404",
        "برنامه عملیاتی سالانه ۱۴۰۴",
        DocumentType.ANNUAL_PROGRAM,
        1404,
        3,
        "برنامه عملیاتی، بودجه سالانه",
        "فعالیت‌ها، اعتبارات و مسئولان اجرای برنامه‌های سال ۱۴۰۴.",
    ),
)

RESEARCH: Final = (
    # (number, title, type, year, pages, keywords, summary, authors)
    (
        "R-1401-003",
        "ارزیابی اثربخشی مراکز مثبت زندگی",
        DocumentType.EVALUATION,
        1401,
        5,
        "مثبت زندگی، ارزیابی، خدمات سطح یک",
        "سنجش رضایت مددجویان و دسترسی به خدمات در مراکز مثبت زندگی ده استان.",
        "مریم رضایی، علی محمدی",
    ),
    (
        "R-1402-011",
        "سالمندی فعال در ایران: مطالعه ملی",
        DocumentType.RESEARCH_REPORT,
        1402,
        8,
        "سالمندی، سالمندی فعال، مراقبت در منزل",
        "وضعیت سلامت، مشارکت اجتماعی و نیازهای مراقبتی سالمندان.",
        "زهرا کریمی",
    ),
    (
        "R-1402-015",
        "پیمایش وضعیت زنان سرپرست خانوار",
        DocumentType.SURVEY,
        1402,
        4,
        "زنان سرپرست خانوار، اشتغال، دهک درآمدی",
        "پیمایش ملی درآمد، اشتغال و حمایت‌های دریافتی زنان سرپرست خانوار.",
        "فاطمه حسینی، رضا احمدی",
    ),
    (
        "R-1403-002",
        "هزینه و فایده توانبخشی مبتنی بر جامعه",
        DocumentType.RESEARCH_REPORT,
        1403,
        6,
        "توانبخشی مبتنی بر جامعه، هزینه و فایده، معلولیت",
        "مقایسه هزینه‌ها و پیامدهای توانبخشی مبتنی بر جامعه با خدمات مراکز.",
        "حمید مرادی",
    ),
    (
        "R-1403-009",
        "شیوع اختلال طیف اوتیسم در کودکان پیش‌دبستانی",
        DocumentType.RESEARCH_REPORT,
        1403,
        5,
        "اوتیسم، غربالگری، کودکان",
        "نتایج غربالگری اتیسم در کودکان سه تا شش ساله و پیشنهادهای مداخله زودهنگام.",
        "لیلا صادقی، سعید رحیمی",
    ),
    (
        "R-1404-001",
        "پیشنهادهای سیاستی برای کاهش طلاق",
        DocumentType.POLICY_BRIEF,
        1404,
        2,
        "طلاق، سامانه تصمیم، مشاوره",
        "جمع‌بندی یافته‌های سامانه تصمیم و پیشنهادهای سیاستی.",
        "مهدی قاسمی",
    ),
)
WITHDRAWN_NUMBER: Final = "R-1402-015"
WITHDRAW_REASON: Final = (
    "در جدول‌های پیوست این گزارش خطای محاسبه یافت شد؛ نسخه اصلاح‌شده با شماره جدید منتشر می‌شود."
)


def _pdf_text(text: str) -> bytes:
    """A PDF string literal's content: printable ASCII, with its delimiters escaped."""
    ascii_text = text.encode("ascii", "replace").decode("ascii")
    escaped = ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    return escaped.encode("ascii")


def minimal_pdf(title: str, *, pages: int = 1) -> bytes:
    """A small, valid PDF (A4 pages of Helvetica text) with its cross-reference table.

    The text is ASCII (the standard fonts have no Persian letters): the document's number and
    the page numbers, enough for a viewer to open it and for the page count to be read."""
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages' numbers are known
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    kids = []
    for page in range(1, pages + 1):
        page_number, content_number = len(objects) + 1, len(objects) + 2
        kids.append(b"%d 0 R" % page_number)
        stream = (
            b"BT /F1 20 Tf 72 760 Td (" + _pdf_text(title) + b") Tj ET\n"
            b"BT /F1 12 Tf 72 730 Td (Page %d of %d) Tj ET" % (page, pages)
        )
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
            b"/Resources << /Font << /F1 3 0 R >> >> /Contents %d 0 R >>" % content_number
        )
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    objects[1] = b"<< /Type /Pages /Kids [" + b" ".join(kids) + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _dataset(
    hq: OrgUnit,
    *,
    code: str,
    category: str,
    titles: tuple[str, str],
    descriptions: tuple[str, str],
    period: tuple[date, date],
    frequency: str,
    last_updated: date,
) -> Dataset:
    return services.dataset_ensure(
        publisher=hq,
        data=services.DatasetData(
            code=code,
            category=category,
            title_fa=titles[0],
            title_en=titles[1],
            description_fa=descriptions[0],
            description_en=descriptions[1],
            period_start=period[0],
            period_end=period[1],
            frequency=frequency,
            last_updated=last_updated,
            contact_email=CONTACT_EMAIL,
            contact_phone=CONTACT_PHONE,
        ),
        published=True,
    )


def _seed(dataset: Dataset, data: DocumentData, pages: int) -> bool:
    """Record one published document unless it is already there; True when new."""
    if Document.objects.filter(dataset=dataset, record_key=data.number).exists():
        return False
    content = minimal_pdf(f"{data.number} - {dataset.title_en}", pages=pages)
    document_record(
        dataset=dataset,
        data=data,
        file=ContentFile(content, name=f"{data.number}.pdf"),
        publish=True,
    )
    return True


def _withdraw(dataset: Dataset, hq: OrgUnit) -> None:
    document = Document.objects.get(dataset=dataset, record_key=WITHDRAWN_NUMBER)
    if document.state != RecordState.PUBLISHED:
        return
    reviewer = get_user_model().objects.filter(username="hq_manager").first()
    scope = (
        scope_for_user(reviewer)
        if reviewer is not None
        else Scope(grants=(Grant(Role.HQ_MANAGER, hq.pk, hq.kind, hq.path),))
    )
    record_withdraw(actor=reviewer, scope=scope, record=document, reason=WITHDRAW_REASON)


def seed_generated_datasets(hq: OrgUnit) -> list[Dataset]:
    """The catalogue entries of the centers' addresses and licences issued; their records are
    read live from the centers module, and their "last updated" is the directory's."""
    today = timezone.localdate()
    last_updated = selectors_centers.centers_last_updated() or today
    period = (GENERATED_START, max(today, GENERATED_START))
    return [
        _dataset(
            hq,
            code="centers-hq",
            category=DatasetCategory.CENTERS,
            titles=("نشانی مراکز بهزیستی", "Addresses of care centers"),
            descriptions=(
                "نام، نوع، استان، شهرستان، نشانی و تلفن مراکز تحت نظارت، برگرفته از فهرست مراکز.",
                "Name, type, province, county, address and phone of the care centers under "
                "supervision, generated from the centers directory.",
            ),
            period=period,
            frequency=UpdateFrequency.ON_CHANGE,
            last_updated=last_updated,
        ),
        _dataset(
            hq,
            code="licences-hq",
            category=DatasetCategory.LICENCES,
            titles=("مجوزهای صادرشده برای مراکز", "Licences issued to care centers"),
            descriptions=(
                "موافقت‌های اصولی و پروانه‌های فعالیت صادرشده، با اعتبار و وضعیت امروز آن‌ها.",
                "Principle agreements and activity licences issued, with their validity and "
                "status today.",
            ),
            period=period,
            frequency=UpdateFrequency.ON_CHANGE,
            last_updated=last_updated,
        ),
    ]


@transaction.atomic
def seed_documents_demo() -> int:
    """Load the demo plans and research documents and the generated datasets; return how
    many documents were new."""
    load_reference_units()
    hq = OrgUnit.objects.get(kind=OrgUnitKind.HQ)
    plans = _dataset(
        hq,
        code="plans-hq",
        category=DatasetCategory.PLANS,
        titles=("برنامه‌های راهبردی و توسعه‌ای ستاد ملی", "Strategic and development plans (HQ)"),
        descriptions=(
            "برنامه راهبردی، سهم سازمان در برنامه توسعه و برنامه‌های عملیاتی سالانه، با پرونده PDF.",
            "The strategic plan, the organization's part in the development plan and the "
            "annual programs, each as a PDF.",
        ),
        period=(PERIOD_START, PERIOD_END),
        frequency=UpdateFrequency.YEARLY,
        last_updated=LAST_UPDATED,
    )
    research = _dataset(
        hq,
        code="research-hq",
        category=DatasetCategory.RESEARCH,
        titles=("پژوهش‌های سازمان بهزیستی", "Research of the welfare organization"),
        descriptions=(
            "گزارش‌های پژوهشی، ارزیابی‌ها و پیمایش‌های سفارش‌داده‌شده یا انجام‌شده، با پرونده PDF.",
            "Research reports, evaluations and surveys commissioned or carried out, each as a PDF.",
        ),
        period=(PERIOD_START, PERIOD_END),
        frequency=UpdateFrequency.ON_CHANGE,
        last_updated=LAST_UPDATED,
    )
    created = 0
    for number, title, kind, year, pages, keywords, summary in PLANS:
        data = DocumentData(
            number=number,
            title=title,
            document_type=kind,
            year=year,
            summary=summary,
            keywords=keywords,
            language=DocumentLanguage.PERSIAN,
        )
        created += _seed(plans, data, pages)
    for number, title, kind, year, pages, keywords, summary, authors in RESEARCH:
        data = DocumentData(
            number=number,
            title=title,
            document_type=kind,
            year=year,
            summary=summary,
            keywords=keywords,
            authors=authors,
            language=DocumentLanguage.PERSIAN,
        )
        created += _seed(research, data, pages)
    _withdraw(research, hq)
    seed_generated_datasets(hq)
    return created
