"""Demo data of the registers: managers, properties and assets, public donations and hiring
for headquarters, Kerman (P08) and Zanjan (P19), all published: 20 managers, 60 assets, 210
donations (a few donors named, most not) and 8 hiring announcements.

One correction goes through the real machinery (an HQ officer imports a file that changes an
asset's current use, an HQ manager publishes it), and one donation is withdrawn with a public
reason; both need the demo world's users (`build_world()`) and are skipped without them.

Deterministic and idempotent: datasets are keyed by code, records by their record key, and the
correction and withdrawal are made once.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import date, timedelta
from typing import Any, Final

from django.contrib.auth import get_user_model
from django.db import transaction

from chatr.core.jalali import jalali_day
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.org.services import load_reference_units
from chatr.transparency import services, services_publishing
from chatr.transparency import services_registers as registers
from chatr.transparency.choices import (
    AssetOwnership,
    AssetType,
    DatasetCategory,
    DonationChannel,
    DonationPurpose,
    HiringStatus,
    RecordState,
    RevisionState,
    UpdateFrequency,
)
from chatr.transparency.kinds import parse_date
from chatr.transparency.models import (
    Asset,
    Dataset,
    Donation,
    HiringAnnouncement,
    Manager,
    Revision,
)

PERIOD_START: Final = date(2024, 3, 20)  # 1403/01/01
PERIOD_END: Final = date(2025, 3, 20)  # 1403/12/30
LAST_UPDATED: Final = date(2025, 4, 5)
PUBLISHERS: Final = (("HQ", ""), ("P08", "کرمان"), ("P19", "زنجان"))
EDITOR, REVIEWER = "hq_officer", "hq_manager"

_CATEGORY_TEXT: Final[dict[str, tuple[str, str, str, str, str]]] = {
    DatasetCategory.MANAGERS: (
        "مدیران",
        "Managers",
        "نام، سمت و واحد مدیران و تاریخ آغاز و پایان مسئولیت آنان.",
        "Managers' names, positions and units, with the start and end of their terms.",
        UpdateFrequency.ON_CHANGE,
    ),
    DatasetCategory.ASSETS: (
        "املاک و دارایی‌های",
        "Properties and assets of",
        "زمین، ساختمان، خودرو و تجهیزات، با نوع مالکیت، کاربری و در صورت انتشار، ارزش.",
        "Land, buildings, vehicles and equipment, with ownership, use and, where public, value.",
        UpdateFrequency.YEARLY,
    ),
    DatasetCategory.DONATIONS: (
        "مشارکت‌های مردمی",
        "Public donations to",
        "کمک‌های مردمی دریافت‌شده به تفکیک تاریخ، روش پرداخت و محل مصرف؛ نام نیکوکاران فقط "
        "با رضایت خودشان.",
        "Donations received by date, channel and purpose; donors named only if they chose so.",
        UpdateFrequency.MONTHLY,
    ),
    DatasetCategory.HIRING: (
        "آگهی‌های استخدام",
        "Hiring announcements of",
        "آگهی‌های استخدام با ظرفیت، مراحل و تاریخ‌ها و نتایج اعلام‌شده.",
        "Recruitment announcements with positions, stages, dates and published results.",
        UpdateFrequency.ON_CHANGE,
    ),
}


def _dataset(category: str, unit: OrgUnit, province: str) -> Dataset:
    title_fa, title_en, description_fa, description_en, frequency = _CATEGORY_TEXT[category]
    where_fa = f"اداره کل بهزیستی استان {province}" if province else "ستاد ملی سازمان بهزیستی"
    where_en = f"the {unit.name_en} provincial office" if province else "the national headquarters"
    return services.dataset_ensure(
        publisher=unit,
        data=services.DatasetData(
            code=f"{category}-{unit.code.lower()}",
            category=category,
            title_fa=f"{title_fa} {where_fa}",
            title_en=f"{title_en} {where_en}",
            description_fa=description_fa,
            description_en=description_en,
            period_start=PERIOD_START,
            period_end=PERIOD_END,
            frequency=frequency,
            last_updated=LAST_UPDATED,
            contact_email="shafaf@behzisti.example",
            contact_phone="02166700000",
        ),
        published=True,
    )


# ---------------------------------------------------------------- managers

# (position, unit; "{where}" is the province's office) — names are invented.
_HQ_MANAGERS: Final = (
    ("رئیس سازمان", "ستاد ملی سازمان بهزیستی", "مهدی رستمی"),
    ("معاون امور توانبخشی", "معاونت امور توانبخشی", "سمیه کاظمی"),
    ("معاون امور اجتماعی", "معاونت امور اجتماعی", "علیرضا نوروزی"),
    ("معاون امور پیشگیری", "معاونت امور پیشگیری", "لیلا صادقی"),
    ("معاون توسعه مدیریت و منابع", "معاونت توسعه مدیریت و منابع", "حمید یزدانی"),
    ("مدیرکل دفتر امور مشارکت‌های مردمی", "دفتر امور مشارکت‌های مردمی", "نسرین فلاحی"),
    ("مدیرکل روابط عمومی", "اداره کل روابط عمومی", "رضا شریفی"),
    ("مدیرکل دفتر ارزیابی عملکرد و پاسخگویی به شکایات", "دفتر ارزیابی عملکرد", "مینا طاهری"),
)
_PROVINCE_POSITIONS: Final = (
    ("مدیرکل", "اداره کل بهزیستی استان {where}"),
    ("معاون توانبخشی", "اداره کل بهزیستی استان {where}"),
    ("معاون امور اجتماعی", "اداره کل بهزیستی استان {where}"),
    ("رئیس اداره بهزیستی شهرستان {county}", "اداره بهزیستی شهرستان {county}"),
)
_PROVINCE_NAMES: Final = {
    "P08": ("محمد باقری", "فاطمه ایزدی", "عباس شهابی", "زهره میرزایی", "جواد اسدی", "مریم افشار"),
    "P19": ("سعید قاسمی", "پروین حیدری", "مصطفی عباسی", "اکرم جعفری", "یوسف رحمانی", "نرگس مهدوی"),
}
_COUNTIES: Final = {
    "HQ": ("تهران", "تهران"),
    "P08": ("کرمان", "بم", "رفسنجان", "سیرجان", "جیرفت", "زرند"),
    "P19": ("زنجان", "ابهر", "خدابنده", "خرمدره", "طارم", "ماهنشان"),
}


def _managers(dataset: Dataset, unit_code: str, province: str, rng: random.Random) -> None:
    if unit_code == "HQ":
        rows = list(_HQ_MANAGERS)
    else:
        names = _PROVINCE_NAMES[unit_code]
        counties = _COUNTIES[unit_code]
        rows = [
            (
                position.format(county=counties[1]),
                unit.format(where=province, county=counties[1]),
                n,
            )
            for (position, unit), n in zip(_PROVINCE_POSITIONS[:3], names[:3], strict=True)
        ]
        rows += [
            (
                _PROVINCE_POSITIONS[3][0].format(county=county),
                _PROVINCE_POSITIONS[3][1].format(county=county),
                name,
            )
            for county, name in zip(counties[1:4], names[3:], strict=True)
        ]
    for index, (position, unit_name, full_name) in enumerate(rows):
        since = PERIOD_START - timedelta(days=rng.randrange(60, 1500))
        # Every fifth appointment has ended: the former manager stays in the register.
        until = since + timedelta(days=rng.randrange(200, 700)) if index % 5 == 4 else None
        registers.manager_record(
            dataset=dataset,
            data=registers.ManagerData(
                full_name=full_name,
                position=position,
                unit_name=unit_name,
                since=since,
                until=until,
            ),
            publish=True,
        )


# ---------------------------------------------------------------- properties and assets

# (type, title, uses, area range m² or None, value range rials or None, ownership weights)
_ASSET_KINDS: Final = (
    (
        AssetType.BUILDING,
        "ساختمان",
        ("مرکز توانبخشی روزانه", "اداره بهزیستی شهرستان", "خانه سالمندان", "مهدکودک"),
        (300, 2500),
        (20_000_000_000, 250_000_000_000),
    ),
    (
        AssetType.LAND,
        "زمین",
        ("بدون استفاده؛ برای ساخت مرکز توانبخشی", "فضای سبز و پارکینگ مرکز"),
        (800, 12_000),
        (10_000_000_000, 400_000_000_000),
    ),
    (
        AssetType.VEHICLE,
        "خودرو",
        ("آمبولانس اورژانس اجتماعی", "خودروی بازدید از مراکز", "سرویس ایاب و ذهاب معلولان"),
        None,
        (3_000_000_000, 25_000_000_000),
    ),
    (
        AssetType.EQUIPMENT,
        "تجهیزات",
        ("اتاق درمان اوتیسم", "کارگاه حرفه‌آموزی", "آزمایشگاه شنوایی‌سنجی"),
        None,
        (500_000_000, 8_000_000_000),
    ),
)
_OWNERSHIP_WEIGHTS: Final = (
    (AssetOwnership.OWNED, 10),
    (AssetOwnership.LEASED, 3),
    (AssetOwnership.ENDOWED, 3),
    (AssetOwnership.IN_USE_FROM_OTHERS, 2),
)
ASSETS_PER_DATASET: Final = 20


def _assets(dataset: Dataset, unit_code: str, province: str, rng: random.Random) -> None:
    owners = [o for o, _w in _OWNERSHIP_WEIGHTS]
    weights = [w for _o, w in _OWNERSHIP_WEIGHTS]
    counties = _COUNTIES[unit_code]
    prefix = "00" if unit_code == "HQ" else unit_code[1:]
    for serial in range(1, ASSETS_PER_DATASET + 1):
        asset_type, noun, uses, areas, values = _ASSET_KINDS[serial % len(_ASSET_KINDS)]
        county = counties[serial % len(counties)]
        use = rng.choice(uses)
        ownership = rng.choices(owners, weights)[0]
        if asset_type in (AssetType.VEHICLE, AssetType.EQUIPMENT):
            ownership = AssetOwnership.OWNED
        value = rng.randrange(*values) // 1_000_000 * 1_000_000
        registers.asset_record(
            dataset=dataset,
            data=registers.AssetData(
                asset_code=f"{prefix}-ام-{serial:04d}",
                asset_type=asset_type,
                title=f"{noun} {use} {county}",
                ownership=ownership,
                current_use=use,
                area=rng.randrange(*areas) if areas else None,
                province=province or "تهران",
                county=county,
                address=f"{county}، خیابان {rng.choice(('امام', 'آزادی', 'بهار', 'فردوسی'))}"
                if areas
                else "",
                value=value,
                # Owned property is valued publicly; leased and endowed values stay internal.
                value_public=ownership == AssetOwnership.OWNED and serial % 3 != 0,
            ),
            publish=True,
        )


# ---------------------------------------------------------------- public donations

_DONATIONS_PER_DATASET: Final = {"HQ": 60, "P08": 80, "P19": 70}
_CHANNEL_WEIGHTS: Final = (
    (DonationChannel.ONLINE, 8),
    (DonationChannel.BANK_TRANSFER, 5),
    (DonationChannel.CASH, 2),
    (DonationChannel.IN_KIND, 2),
)
_PURPOSE_WEIGHTS: Final = (
    (DonationPurpose.GENERAL, 6),
    (DonationPurpose.HOUSING, 3),
    (DonationPurpose.MARRIAGE, 3),
    (DonationPurpose.TREATMENT, 3),
    (DonationPurpose.CHILDREN, 2),
    (DonationPurpose.EDUCATION, 2),
    (DonationPurpose.ELDERLY, 2),
    (DonationPurpose.EMPLOYMENT, 1),
    (DonationPurpose.EMERGENCY, 1),
)
# Donors who chose to be named (invented); everyone else appears only in the totals.
_NAMED_DONORS: Final = (
    "مؤسسه خیریه نیکوکاران کویر",
    "بنیاد خیریه مهر ماندگار",
    "علی‌اکبر صالحی",
    "شرکت صنایع غذایی سحر (مسئولیت اجتماعی)",
    "گروه جهادی امید زنجان",
    "طاهره نیک‌نام",
)
_IN_KIND: Final = ("۲۰ دستگاه ویلچر", "۵۰ تخته پتو", "لوازم التحریر ۳۰ دانش‌آموز", "۱۰ سمعک")


def _donations(dataset: Dataset, unit_code: str, rng: random.Random) -> None:
    channels = [c for c, _w in _CHANNEL_WEIGHTS]
    channel_weights = [w for _c, w in _CHANNEL_WEIGHTS]
    purposes = [p for p, _w in _PURPOSE_WEIGHTS]
    purpose_weights = [w for _p, w in _PURPOSE_WEIGHTS]
    days = (PERIOD_END - PERIOD_START).days
    prefix = "00" if unit_code == "HQ" else unit_code[1:]
    for serial in range(1, _DONATIONS_PER_DATASET[unit_code] + 1):
        channel = rng.choices(channels, channel_weights)[0]
        named = serial % 7 == 0
        amount = int(rng.lognormvariate(17.5, 1.2)) // 100_000 * 100_000 + 1_000_000
        registers.donation_record(
            dataset=dataset,
            data=registers.DonationData(
                receipt_number=f"R{prefix}-{1403}-{serial:05d}",
                received_on=PERIOD_START + timedelta(days=rng.randrange(days)),
                channel=channel,
                purpose=rng.choices(purposes, purpose_weights)[0],
                amount=amount,
                description=rng.choice(_IN_KIND) if channel == DonationChannel.IN_KIND else "",
                donor_named=named,
                donor_name=rng.choice(_NAMED_DONORS) if named else "",
            ),
            publish=True,
        )


# ---------------------------------------------------------------- hiring

# (title, positions, announced (days after the period starts), status)
_HIRING: Final = {
    "HQ": (
        ("استخدام کارشناس مددکاری اجتماعی (آزمون فراگیر)", 120, 20, HiringStatus.RESULTS),
        ("جذب کارشناس روانشناسی برای صدای مشاور ۱۴۸۰", 40, 150, HiringStatus.RESULTS),
        ("استخدام کارشناس فناوری اطلاعات", 8, 300, HiringStatus.OPEN),
    ),
    "P08": (
        ("استخدام مربی توانبخشی مراکز روزانه", 15, 60, HiringStatus.RESULTS),
        ("جذب نیروی اورژانس اجتماعی ۱۲۳ کرمان", 10, 200, HiringStatus.CLOSED),
        ("استخدام کاردرمانگر برای شهرستان‌های جنوب استان", 6, 320, HiringStatus.OPEN),
    ),
    "P19": (
        ("استخدام مددکار اجتماعی شهرستان‌های زنجان", 12, 90, HiringStatus.RESULTS),
        ("جذب شنوایی‌سنج برای مرکز توانبخشی ابهر", 3, 250, HiringStatus.CLOSED),
    ),
}


def _hiring(dataset: Dataset, unit_code: str, province: str) -> None:
    unit_name = f"اداره کل بهزیستی استان {province}" if province else "ستاد ملی سازمان بهزیستی"
    prefix = "00" if unit_code == "HQ" else unit_code[1:]
    for serial, (title, positions, offset, status) in enumerate(_HIRING[unit_code], start=1):
        announced = PERIOD_START + timedelta(days=offset)
        closes = announced + timedelta(days=20)
        exam = closes + timedelta(days=25) if status != HiringStatus.OPEN else None
        results = exam + timedelta(days=30) if exam and status == HiringStatus.RESULTS else None
        registers.hiring_record(
            dataset=dataset,
            data=registers.HiringData(
                number=f"{prefix}-1403-{serial:02d}",
                title=title,
                unit_name=unit_name,
                positions=positions,
                announced_on=announced,
                applications_close_on=closes,
                status=status,
                exam_on=exam,
                results_on=results,
                results_url=(
                    f"https://behzisti.example/hiring/{prefix}-1403-{serial:02d}/results.pdf"
                    if results
                    else ""
                ),
                results_text=(
                    f"فهرست {positions} پذیرفته‌شده نهایی و ذخیره‌ها در پیوست آمده است."
                    if results
                    else ""
                ),
            ),
            publish=True,
        )


# ---------------------------------------------------------------- correction and withdrawal


def _cell(value: Any, column: Any) -> str:
    """A value of `kind.current` as an editor's file writes it (Jalali dates, yes/no)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if column.parse is parse_date and value:
        return jalali_day(date.fromisoformat(value))
    return str(value)


def _correct_asset_use(asset: Asset, new_use: str) -> None:
    """An HQ officer imports the asset's row with a new current use; an HQ manager publishes
    it: the public "changed on …" note of the demo."""
    if Revision.objects.filter(
        category=DatasetCategory.ASSETS, record_id=asset.pk, state=RevisionState.PUBLISHED
    ).exists():
        return
    users = get_user_model().objects.filter(username__in=(EDITOR, REVIEWER))
    by_name = {user.get_username(): user for user in users}
    if len(by_name) < 2:
        return
    kind = services_publishing.dataset_kind(asset.dataset)
    values = {**kind.current(asset), "current_use": new_use}
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([column.key for column in kind.columns])
    writer.writerow([_cell(values[column.key], column) for column in kind.columns])
    editor, reviewer = by_name[EDITOR], by_name[REVIEWER]
    batch = services_publishing.batch_import(
        actor=editor,
        scope=scope_for_user(editor),
        dataset=asset.dataset,
        content=buffer.getvalue().encode(),
        filename="assets-correction.csv",
    )
    services_publishing.batch_publish(actor=reviewer, scope=scope_for_user(reviewer), batch=batch)


def _withdraw(donation: Donation, reason: str) -> None:
    if donation.state != RecordState.PUBLISHED:
        return
    reviewer = get_user_model().objects.filter(username=REVIEWER).first()
    if reviewer is None:
        return
    services_publishing.record_withdraw(
        actor=reviewer, scope=scope_for_user(reviewer), record=donation, reason=reason
    )


def _count() -> int:
    return sum(model.objects.count() for model in (Manager, Asset, Donation, HiringAnnouncement))


@transaction.atomic
def seed_registers_demo() -> int:
    """Load the registers' demo datasets and records; return how many records were new."""
    load_reference_units()
    before = _count()
    for unit_code, province in PUBLISHERS:
        unit = OrgUnit.objects.get(code=unit_code)
        # One generator per publisher and category: adding records to one never shifts another.
        seed = int(unit.code.replace("HQ", "0").lstrip("P") or 0)
        _managers(
            _dataset(DatasetCategory.MANAGERS, unit, province),
            unit_code,
            province,
            random.Random(1403_100 + seed),  # noqa: S311 - demo data, deterministic on purpose
        )
        _assets(
            _dataset(DatasetCategory.ASSETS, unit, province),
            unit_code,
            province,
            random.Random(1403_200 + seed),  # noqa: S311
        )
        _donations(
            _dataset(DatasetCategory.DONATIONS, unit, province),
            unit_code,
            random.Random(1403_300 + seed),  # noqa: S311
        )
        _hiring(_dataset(DatasetCategory.HIRING, unit, province), unit_code, province)
    created = _count() - before
    hq_asset = Asset.objects.get(dataset__code="assets-hq", record_key="00-ام-0004")
    _correct_asset_use(hq_asset, "مرکز جامع توانبخشی و کاردرمانی")
    _withdraw(
        Donation.objects.get(dataset__code="donations-hq", record_key="R00-1403-00002"),
        "این کمک دو بار ثبت شده بود؛ رسید درست R00-1403-00003 است.",
    )
    return created
