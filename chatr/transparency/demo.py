"""Demo data of the transparency portal: the national contracts dataset, three provincial
ones and a provincial draft (unpublished, so invisible to the public), about 300 contracts
with Persian subjects, parties with valid national company IDs, and their payments.

Deterministic and idempotent: datasets are keyed by code, parties by company ID, contracts by
(dataset, number), payments by (contract, date, amount).
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from typing import Final

from django.db import transaction

from chatr.accounts.models import User
from chatr.core.company_id import demo_company_id
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.org.services import load_reference_units
from chatr.transparency import services
from chatr.transparency.choices import (
    ContractStatus,
    DatasetCategory,
    ProcurementMethod,
    UpdateFrequency,
)
from chatr.transparency.demo_documents import seed_documents_demo
from chatr.transparency.demo_expenditures import seed_expenditures_demo
from chatr.transparency.demo_registers import seed_registers_demo
from chatr.transparency.kinds_contracts import DEMO_IMPORT_FILE
from chatr.transparency.models import Contract, Dataset, ImportBatch, Party
from chatr.transparency.services_publishing import batch_import

PERIOD_START: Final = date(2023, 3, 21)  # 1402/01/01
PERIOD_END: Final = date(2025, 3, 20)  # 1403/12/30
LAST_UPDATED: Final = date(2025, 4, 5)

# (dataset code, publisher org-unit code, province name, contracts, published)
DATASETS: Final = (
    ("contracts-hq", "HQ", "", 150, True),
    ("contracts-p08", "P08", "کرمان", 60, True),
    ("contracts-p19", "P19", "زنجان", 50, True),
    ("contracts-p23", "P23", "تهران", 40, True),
    ("contracts-p10", "P10", "اصفهان", 8, False),
)

PARTY_NAMES: Final = (
    "شرکت ساختمانی آبادگران کویر",
    "شرکت مهندسی پارس سازه",
    "شرکت خدمات پشتیبانی نیکان",
    "شرکت تجهیزات پزشکی آریا طب",
    "شرکت فناوری اطلاعات داده‌پردازان مهر",
    "شرکت حمل و نقل کاروان سپهر",
    "شرکت تغذیه و پذیرایی سفره سبز",
    "شرکت نظافت و خدمات شهری پاکان",
    "شرکت مشاوره مدیریت راهبرد نوین",
    "شرکت چاپ و نشر کتاب روشن",
    "شرکت تأسیسات حرارتی گرمایش ایران",
    "شرکت توانبخشی و ارتز پویا",
    "شرکت بیمه‌گری امین",
    "شرکت نرم‌افزاری سامانه‌گستر",
    "شرکت تعاونی خدمات رفاهی کارکنان",
    "شرکت ساخت و ساز بنیان کرمان",
    "شرکت پیمانکاری زاگرس راه",
    "شرکت خدمات امنیتی نگهبان",
    "شرکت لوازم اداری کیان",
    "شرکت آموزش و پژوهش دانش‌پژوهان",
    "شرکت تولیدی ویلچر آسان‌گام",
    "شرکت داروسازی شفا",
    "شرکت خدمات مشاوره‌ای ایمن‌کار",
    "شرکت تبلیغاتی رسانه نو",
)

SUBJECTS: Final = (
    ("احداث ساختمان مرکز توانبخشی", ProcurementMethod.TENDER, (8_000_000_000, 60_000_000_000)),
    ("تعمیر و نوسازی خانه سالمندان", ProcurementMethod.TENDER, (2_000_000_000, 15_000_000_000)),
    (
        "خرید ویلچر و وسایل کمک‌توانبخشی",
        ProcurementMethod.LIMITED_TENDER,
        (500_000_000, 6_000_000_000),
    ),
    ("تهیه غذای مراکز شبانه‌روزی", ProcurementMethod.TENDER, (1_000_000_000, 9_000_000_000)),
    ("خدمات نظافت ساختمان اداره کل", ProcurementMethod.INQUIRY, (300_000_000, 2_500_000_000)),
    ("پشتیبانی سامانه‌های نرم‌افزاری", ProcurementMethod.DIRECT, (400_000_000, 4_000_000_000)),
    (
        "چاپ کتابچه‌های آموزشی پیشگیری از اعتیاد",
        ProcurementMethod.INQUIRY,
        (80_000_000, 900_000_000),
    ),
    ("اجاره خودرو برای بازدید از مراکز", ProcurementMethod.INQUIRY, (150_000_000, 1_200_000_000)),
    ("مشاوره در تدوین برنامه راهبردی", ProcurementMethod.EXEMPT, (200_000_000, 2_000_000_000)),
    ("بیمه تکمیلی مددجویان", ProcurementMethod.LIMITED_TENDER, (3_000_000_000, 25_000_000_000)),
    ("نصب سامانه گرمایش مهدکودک", ProcurementMethod.INQUIRY, (250_000_000, 1_800_000_000)),
    (
        "خرید تجهیزات اتاق درمان اوتیسم",
        ProcurementMethod.LIMITED_TENDER,
        (700_000_000, 5_000_000_000),
    ),
    ("پژوهش درباره سالمندی فعال", ProcurementMethod.EXEMPT, (300_000_000, 1_500_000_000)),
    ("خدمات حراست و نگهبانی", ProcurementMethod.TENDER, (900_000_000, 7_000_000_000)),
)

STATUS_WEIGHTS: Final = (
    (ContractStatus.ACTIVE, 5),
    (ContractStatus.COMPLETED, 8),
    (ContractStatus.TERMINATED, 1),
    (ContractStatus.CANCELLED, 1),
)


def demo_parties() -> list[Party]:
    return [
        services.party_ensure(
            name=name, company_id=demo_company_id(f"10{103 + index:03d}52{index:03d}")
        )
        for index, name in enumerate(PARTY_NAMES)
    ]


def _dataset_data(code: str, unit: OrgUnit, province: str) -> services.DatasetData:
    where_fa = f"اداره کل بهزیستی استان {province}" if province else "ستاد ملی سازمان بهزیستی"
    where_en = f"the {unit.name_en} provincial office" if province else "the national headquarters"
    return services.DatasetData(
        code=code,
        category=DatasetCategory.CONTRACTS,
        title_fa=f"قراردادهای {where_fa}",
        title_en=f"Contracts of {where_en}",
        description_fa=(
            "قراردادهای منعقدشده با اشخاص حقوقی، با روش انجام معامله، مبلغ، مدت و پرداخت‌ها."
        ),
        description_en=(
            "Contracts signed with legal entities, with the procurement method, amount, "
            "period and payments."
        ),
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        frequency=UpdateFrequency.MONTHLY,
        last_updated=LAST_UPDATED,
        contact_email="shafaf@behzisti.example",
        contact_phone="02166700000",
    )


@transaction.atomic
def seed_transparency_demo() -> int:
    """Load the demo datasets and contracts; return how many contracts were new."""
    load_reference_units()
    parties = demo_parties()
    before = Contract.objects.count()
    rng = random.Random(1404)  # noqa: S311 - demo data, deterministic on purpose
    statuses = [s for s, _w in STATUS_WEIGHTS]
    weights = [w for _s, w in STATUS_WEIGHTS]
    days = (PERIOD_END - PERIOD_START).days
    for code, unit_code, province, count, published in DATASETS:
        unit = OrgUnit.objects.get(code=unit_code)
        dataset = services.dataset_ensure(
            publisher=unit, data=_dataset_data(code, unit, province), published=published
        )
        prefix = unit_code if unit_code != "HQ" else "00"
        for serial in range(1, count + 1):
            subject, method, (low, high) = rng.choice(SUBJECTS)
            signed = PERIOD_START + timedelta(days=rng.randrange(days))
            starts = signed + timedelta(days=rng.randrange(1, 30))
            ends = starts + timedelta(days=rng.choice((90, 180, 365, 540)))
            amount = rng.randrange(low, high) // 1_000_000 * 1_000_000
            status = rng.choices(statuses, weights)[0]
            where = f" استان {province}" if province else ""
            contract = services.contract_record(
                dataset=dataset,
                party=rng.choice(parties),
                data=services.ContractData(
                    number=f"{prefix.lstrip('P')}-{1402 + signed.year - 2023}-{serial:04d}",
                    title=f"{subject}{where}",
                    method=method,
                    amount=amount,
                    signed_on=signed,
                    starts_on=starts,
                    ends_on=ends,
                    status=status,
                ),
                publish=True,
            )
            if status == ContractStatus.CANCELLED:
                continue
            parts = rng.randint(1, 4)
            share = amount // (parts + (1 if status == ContractStatus.ACTIVE else 0))
            for part in range(parts):
                paid_on = starts + timedelta(days=30 * (part + 1))
                if paid_on > PERIOD_END:
                    break
                services.payment_record(
                    contract=contract,
                    paid_on=paid_on,
                    amount=share,
                    description=f"پرداخت مرحله {part + 1}",
                )
    # The other categories, and a file waiting for review (the editors' journey).
    seed_expenditures_demo()
    seed_registers_demo()
    seed_documents_demo()
    _seed_waiting_import()
    return Contract.objects.count() - before


def _seed_waiting_import() -> None:
    """HQ's editor has imported the example file; HQ's manager can review and publish it."""
    editor = User.objects.filter(username="hq_officer").first()
    dataset = Dataset.objects.filter(code="contracts-hq").first()
    if editor is None or dataset is None or ImportBatch.objects.filter(dataset=dataset).exists():
        return
    batch_import(
        actor=editor,
        scope=scope_for_user(editor),
        dataset=dataset,
        content=DEMO_IMPORT_FILE.read_bytes(),
        filename=DEMO_IMPORT_FILE.name,
    )
