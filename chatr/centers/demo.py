"""Demo data for the directory: a few hundred centers in every province and their counties, of
every licence type and ownership, with licences valid, expiring within three months, expired
and renewed — all written through the centers services like real data.

Includes the state-run Kerman infant nursery (the world's unit K0801, where the demo center
operator works) and the Navid addiction treatment center, and makes the world's Zanjan
counter (Z1901) a Positive Life center. A few real counties are added to each province (created
only when missing; an existing unit is never renamed).

Deterministic and idempotent: a center whose org-unit code exists is skipped. Needs the shared
world (units and demo accounts) first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chatr.centers import services
from chatr.centers.choices import CareMode, CenterStatus, LicenceKind, LicenceType, Ownership
from chatr.centers.demo_licensing import seed_licensing_demo
from chatr.centers.demo_subsidies import seed_subsidies_demo
from chatr.centers.demo_supervision import seed_supervision_demo
from chatr.centers.models import Center
from chatr.core.jalali import to_jalali
from chatr.org.data.provinces import PROVINCES
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.scope import scope_for_user
from chatr.org.services import org_unit_create

DEMO_ACTOR = "hq_manager"
SEED = 1405

# Two more real counties per province (Qom's province is essentially its one county).
EXTRA_COUNTIES: dict[str, tuple[tuple[str, str, str], ...]] = {
    "00": (("C0002", "ساوه", "Saveh"), ("C0003", "خمین", "Khomeyn")),
    "01": (("C0102", "بندر انزلی", "Bandar-e Anzali"), ("C0103", "لاهیجان", "Lahijan")),
    "02": (("C0202", "بابل", "Babol"), ("C0203", "آمل", "Amol")),
    "03": (("C0302", "مراغه", "Maragheh"), ("C0303", "مرند", "Marand")),
    "04": (("C0402", "خوی", "Khoy"), ("C0403", "مهاباد", "Mahabad")),
    "05": (("C0502", "اسلام‌آباد غرب", "Eslamabad-e Gharb"), ("C0503", "کنگاور", "Kangavar")),
    "06": (("C0602", "دزفول", "Dezful"), ("C0603", "آبادان", "Abadan")),
    "07": (("C0702", "مرودشت", "Marvdasht"), ("C0703", "کازرون", "Kazerun")),
    "08": (
        ("C0802", "رفسنجان", "Rafsanjan"),
        ("C0803", "سیرجان", "Sirjan"),
        ("C0804", "بم", "Bam"),
    ),
    "09": (("C0902", "نیشابور", "Neyshabur"), ("C0903", "سبزوار", "Sabzevar")),
    "10": (("C1002", "کاشان", "Kashan"), ("C1003", "نجف‌آباد", "Najafabad")),
    "11": (("C1102", "زابل", "Zabol"), ("C1103", "چابهار", "Chabahar")),
    "12": (("C1202", "سقز", "Saqqez"), ("C1203", "مریوان", "Marivan")),
    "13": (("C1302", "ملایر", "Malayer"), ("C1303", "نهاوند", "Nahavand")),
    "14": (("C1402", "بروجن", "Borujen"), ("C1403", "لردگان", "Lordegan")),
    "15": (("C1502", "بروجرد", "Borujerd"), ("C1503", "دورود", "Dorud")),
    "16": (("C1602", "دهلران", "Dehloran"), ("C1603", "ایوان", "Eyvan")),
    "17": (("C1702", "کهگیلویه", "Kohgiluyeh"), ("C1703", "گچساران", "Gachsaran")),
    "18": (("C1802", "دشتستان", "Dashtestan"), ("C1803", "گناوه", "Genaveh")),
    "19": (("C1902", "ابهر", "Abhar"), ("C1903", "خدابنده", "Khodabandeh")),
    "20": (("C2002", "شاهرود", "Shahrud"), ("C2003", "دامغان", "Damghan")),
    "21": (("C2102", "میبد", "Meybod"), ("C2103", "اردکان", "Ardakan")),
    "22": (("C2202", "میناب", "Minab"), ("C2203", "بندر لنگه", "Bandar Lengeh")),
    "23": (("C2302", "ری", "Rey"), ("C2303", "اسلامشهر", "Eslamshahr")),
    "24": (("C2402", "مشگین‌شهر", "Meshginshahr"), ("C2403", "پارس‌آباد", "Parsabad")),
    "25": (),
    "26": (("C2602", "تاکستان", "Takestan"), ("C2603", "بوئین‌زهرا", "Buin Zahra")),
    "27": (("C2702", "گنبد کاووس", "Gonbad-e Kavus"), ("C2703", "علی‌آباد کتول", "Aliabad-e Katul")),
    "28": (("C2802", "شیروان", "Shirvan"), ("C2803", "اسفراین", "Esfarayen")),
    "29": (("C2902", "قائنات", "Qaenat"), ("C2903", "فردوس", "Ferdows")),
    "30": (("C3002", "ساوجبلاغ", "Savojbolagh"), ("C3003", "نظرآباد", "Nazarabad")),
}

# Telephone area codes, and the capital's position for map points.
AREA_CODES: dict[str, str] = {
    "00": "86", "01": "13", "02": "11", "03": "41", "04": "44", "05": "83", "06": "61",
    "07": "71", "08": "34", "09": "51", "10": "31", "11": "54", "12": "87", "13": "81",
    "14": "38", "15": "66", "16": "84", "17": "74", "18": "77", "19": "24", "20": "23",
    "21": "35", "22": "76", "23": "21", "24": "45", "25": "25", "26": "28", "27": "17",
    "28": "58", "29": "56", "30": "26",
}  # fmt: skip
CAPITALS: dict[str, tuple[str, str]] = {
    "00": ("34.0917", "49.6892"), "01": ("37.2808", "49.5832"), "02": ("36.5633", "53.0601"),
    "03": ("38.0800", "46.2919"), "04": ("37.5527", "45.0761"), "05": ("34.3142", "47.0650"),
    "06": ("31.3183", "48.6706"), "07": ("29.5918", "52.5837"), "08": ("30.2839", "57.0834"),
    "09": ("36.2972", "59.6067"), "10": ("32.6546", "51.6680"), "11": ("29.4963", "60.8629"),
    "12": ("35.3114", "46.9960"), "13": ("34.7992", "48.5146"), "14": ("32.3256", "50.8644"),
    "15": ("33.4878", "48.3558"), "16": ("33.6374", "46.4227"), "17": ("30.6682", "51.5880"),
    "18": ("28.9234", "50.8203"), "19": ("36.6736", "48.4787"), "20": ("35.5729", "53.3971"),
    "21": ("31.8974", "54.3569"), "22": ("27.1832", "56.2666"), "23": ("35.6892", "51.3890"),
    "24": ("38.2498", "48.2933"), "25": ("34.6416", "50.8746"), "26": ("36.2688", "50.0041"),
    "27": ("36.8427", "54.4439"), "28": ("37.4747", "57.3290"), "29": ("32.8649", "59.2262"),
    "30": ("35.8400", "50.9391"),
}  # fmt: skip
# Relative size of each province (population, roughly): how many centers it gets.
WEIGHTS: dict[str, int] = {
    "00": 14, "01": 25, "02": 32, "03": 39, "04": 33, "05": 19, "06": 47, "07": 49,
    "08": 32, "09": 64, "10": 51, "11": 28, "12": 16, "13": 17, "14": 9, "15": 17,
    "16": 6, "17": 7, "18": 12, "19": 11, "20": 7, "21": 11, "22": 18, "23": 133,
    "24": 13, "25": 13, "26": 13, "27": 19, "28": 9, "29": 8, "30": 27,
}  # fmt: skip
CENTERS_PER_WEIGHT = 0.4
MIN_CENTERS = 5

# How often each type appears, its usual care modes and grade, capacity range, and its name.
TYPES: dict[str, tuple[int, tuple[str, ...], tuple[int, int], str, str]] = {
    LicenceType.KINDERGARTEN: (18, (CareMode.DAY,), (30, 120), "مهدکودک", "Kindergarten"),
    LicenceType.CHILDRENS_HOME: (
        5, (CareMode.RESIDENTIAL,), (8, 25), "خانه کودک", "Children's home"
    ),
    LicenceType.WOMENS_HEALTH_HOUSE: (
        3, (CareMode.RESIDENTIAL, CareMode.DAY), (10, 30), "خانه سلامت زنان", "Women's health house"
    ),
    LicenceType.WELFARE_COMPLEX: (
        3, (CareMode.DAY,), (40, 150), "مجتمع خدمات بهزیستی", "Welfare service complex"
    ),
    LicenceType.SOCIAL_WORK_CLINIC: (
        5, (CareMode.DAY,), (20, 60), "کلینیک مددکاری اجتماعی", "Social-work clinic"
    ),
    LicenceType.SOCIAL_COUNSELING: (
        9, (CareMode.DAY,), (20, 80), "مرکز مشاوره اجتماعی", "Social counseling center"
    ),
    LicenceType.REHABILITATION: (
        9, (CareMode.DAY, CareMode.RESIDENTIAL, CareMode.HOME_CARE), (20, 90),
        "مرکز توانبخشی", "Rehabilitation center",
    ),
    LicenceType.VOCATIONAL_TRAINING: (
        4, (CareMode.WORKSHOP,), (15, 60), "کارگاه آموزش حرفه‌ای معلولان",
        "Vocational training workshop",
    ),
    LicenceType.ELDERLY_CARE: (
        8, (CareMode.RESIDENTIAL, CareMode.DAY, CareMode.HOME_CARE), (15, 100),
        "خانه سالمندان", "Elderly care home",
    ),
    LicenceType.CHRONIC_PSYCHIATRIC: (
        3, (CareMode.RESIDENTIAL,), (30, 150), "مرکز نگهداری بیماران روانی مزمن",
        "Chronic psychiatric care center",
    ),
    LicenceType.GENETIC_COUNSELING: (
        2, (CareMode.DAY,), (10, 40), "مرکز مشاوره ژنتیک", "Genetic counseling center"
    ),
    LicenceType.ADDICTION_TREATMENT: (
        12, (CareMode.RESIDENTIAL, CareMode.DAY), (20, 80), "مرکز درمان اعتیاد",
        "Addiction treatment center",
    ),
    LicenceType.NGO: (6, (CareMode.DAY, CareMode.HOME_CARE), (0, 0), "موسسه خیریه", "Charity"),
    LicenceType.POSITIVE_LIFE: (
        13, (CareMode.DAY,), (0, 0), "مرکز مثبت زندگی", "Positive Life counter"
    ),
}  # fmt: skip

NAMES: tuple[tuple[str, str], ...] = (
    ("امید", "Omid"), ("مهر", "Mehr"), ("رویش", "Rooyesh"), ("پویا", "Pouya"),
    ("آفتاب", "Aftab"), ("بهار", "Bahar"), ("نیکان", "Nikan"), ("همراه", "Hamrah"),
    ("رنگین‌کمان", "Rangin-Kaman"), ("گل‌های بهشت", "Golha-ye Behesht"), ("یاس", "Yas"),
    ("مهرگان", "Mehregan"), ("سپیده", "Sepideh"), ("آوا", "Ava"), ("پرستو", "Parastoo"),
    ("شکوفه", "Shokoufeh"), ("آرامش", "Aramesh"), ("زندگی", "Zendegi"), ("نیلوفر", "Niloufar"),
    ("کوثر", "Kowsar"), ("سروش", "Soroush"), ("ستاره", "Setareh"), ("همدلی", "Hamdeli"),
    ("طراوت", "Taravat"), ("باران", "Baran"), ("روشنا", "Roshana"), ("فردا", "Farda"),
    ("مهتاب", "Mahtab"), ("ایثار", "Isar"), ("نیک‌اندیشان", "Nik-Andishan"),
)  # fmt: skip
STREETS = (
    "خیابان امام خمینی", "بلوار جمهوری", "خیابان آزادی", "خیابان شهید بهشتی", "بلوار کشاورز",
    "خیابان فردوسی", "خیابان حافظ", "بلوار معلم", "خیابان طالقانی", "خیابان انقلاب",
)  # fmt: skip
FIRST_NAMES = (
    "مریم", "زهرا", "فاطمه", "علی", "محمد", "حسین", "رضا", "نرگس", "سمیه", "مهدی",
    "لیلا", "احمد", "سارا", "مجید", "الهام", "حمید",
)  # fmt: skip
LAST_NAMES = (
    "احمدی", "رضایی", "کریمی", "حسینی", "محمدی", "موسوی", "جعفری", "رحیمی", "صادقی",
    "کاظمی", "قاسمی", "نوری", "یزدانی", "شریفی", "عباسی", "اکبری",
)  # fmt: skip


@dataclass(frozen=True)
class Special:
    """A well-known center the demo always has."""

    code: str
    county: str
    name_fa: str
    name_en: str
    licence_type: str
    ownership: str
    care_mode: str
    capacity: int
    address: str
    postal_code: str
    phone: str
    manager: str
    point: tuple[str, str] | None
    licence: str  # "valid" | "expiring" | "expired"


SPECIALS: tuple[Special, ...] = (
    Special(
        "K0801", "C0801", "شیرخوارگاه کرمان", "Kerman Infant Nursery",
        LicenceType.CHILDRENS_HOME, Ownership.STATE, CareMode.RESIDENTIAL, 60,
        "کرمان، بلوار جمهوری اسلامی، کوچه ۱۴، شیرخوارگاه کرمان", "7618713651", "03432451200",
        "نرگس کاظمی", ("30.2790", "57.0710"), "valid",
    ),
    Special(
        "CT0801901", "C0801", "مرکز درمان اعتیاد نوید", "Navid Addiction Treatment Center",
        LicenceType.ADDICTION_TREATMENT, Ownership.STATE, CareMode.RESIDENTIAL, 45,
        "کرمان، خیابان شهید بهشتی، نبش کوچه ۲۲", "7616914381", "03432263010",
        "حمید یزدانی", ("30.2905", "57.0652"), "expiring",
    ),
    Special(
        "Z1901", "C1901", "مرکز مثبت زندگی زنجان ۱", "Zanjan Positive Life Counter 1",
        LicenceType.POSITIVE_LIFE, Ownership.NGO, CareMode.DAY, 0,
        "زنجان، خیابان سعدی وسط، پلاک ۴۸", "4513843719", "02433451630",
        "مریم قاسمی", None, "valid",
    ),
)  # fmt: skip


def _postal_code(rng: random.Random) -> str:
    """A code that passes core.postal_code: see the pattern there."""
    first = "13456789"
    while True:
        head = "".join(rng.choice(first) for _ in range(4))
        if len(set(head)) > 1:
            break
    fifth = rng.choice("134678")
    tail = "".join(rng.choice("013456789") for _ in range(5))
    return head + fifth + tail


def _counties(province_code: str) -> list[OrgUnit]:
    """The province's counties, the extra real ones created when missing (never renamed)."""
    province = OrgUnit.objects.get(code=f"P{province_code}")
    for code, name_fa, name_en in EXTRA_COUNTIES.get(province_code, ()):
        if not OrgUnit.objects.filter(code=code).exists():
            org_unit_create(
                kind=OrgUnitKind.COUNTY, code=code, name_fa=name_fa, name_en=name_en,
                parent=province,
            )  # fmt: skip
    return list(
        OrgUnit.objects.filter(kind=OrgUnitKind.COUNTY, parent=province, is_active=True).order_by(
            "code"
        )
    )


def _licence_number(province_code: str, year: int, serial: int) -> str:
    return f"{province_code}{year}{serial:05d}"


class _Numbers:
    """Licence serials per province and Jalali year, continuing after those already used."""

    def __init__(self) -> None:
        self.next: dict[tuple[str, int], int] = {}

    def take(self, province_code: str, year: int) -> str:
        key = (province_code, year)
        serial = self.next.get(key, 1)
        while True:
            number = _licence_number(province_code, year, serial)
            serial += 1
            if not _number_taken(number):
                self.next[key] = serial
                return number


def _number_taken(number: str) -> bool:
    from chatr.centers.models import Licence

    return Licence.objects.filter(number=number).exists()


def _issue(
    actor: Any,
    scope: Any,
    center: Center,
    numbers: _Numbers,
    province_code: str,
    plan: str,
    today: date,
    rng: random.Random,
) -> None:
    """Licences for one center by plan: "valid", "expiring" (within three months), "expired",
    "renewed" (an expired licence and its renewal), "agreement" (a principle agreement only)."""

    def issue(kind: str, start: date, years: int) -> None:
        if (start.month, start.day) == (2, 29):
            start -= timedelta(days=1)
        end = start.replace(year=start.year + years) - timedelta(days=1)
        services.licence_issue(
            actor=actor,
            scope=scope,
            center=center,
            data=services.LicenceData(
                kind=kind,
                number=numbers.take(province_code, to_jalali(start).year),
                issued_on=start - timedelta(days=rng.randint(3, 20)),
                valid_from=start,
                valid_until=end,
            ),
            today=today,
        )

    if plan == "agreement":
        # Still being licensed: not operating yet.
        issue(LicenceKind.PRINCIPLE_AGREEMENT, today - timedelta(days=rng.randint(20, 200)), 1)
        services.center_update(
            actor=actor,
            scope=scope,
            center=center,
            data=services.center_data_of(center),
            status=CenterStatus.INACTIVE,
        )
        return
    agreement_start = today - timedelta(days=rng.randint(4 * 365, 9 * 365))
    issue(LicenceKind.PRINCIPLE_AGREEMENT, agreement_start, 1)
    if plan == "expiring":
        start = today + timedelta(days=rng.randint(5, 88)) - timedelta(days=3 * 365)
        issue(LicenceKind.ACTIVITY_LICENCE, start, 3)
    elif plan == "expired":
        start = today - timedelta(days=rng.randint(3 * 365 + 10, 3 * 365 + 200))
        issue(LicenceKind.ACTIVITY_LICENCE, start, 3)
    elif plan == "renewed":
        first = today - timedelta(days=rng.randint(3 * 365 + 100, 5 * 365))
        issue(LicenceKind.ACTIVITY_LICENCE, first, 3)
        issue(LicenceKind.ACTIVITY_LICENCE, first + timedelta(days=3 * 365), 3)
    else:  # valid, with a comfortable margin
        start = today - timedelta(days=rng.randint(30, 2 * 365))
        issue(LicenceKind.ACTIVITY_LICENCE, start, 3)


def _center_data(
    *,
    name_fa: str,
    name_en: str,
    licence_type: str,
    ownership: str,
    care_mode: str,
    capacity: int,
    address: str,
    postal_code: str,
    phone: str,
    manager: str,
    point: tuple[str, str] | None,
    rng: random.Random,
) -> services.CenterData:
    grade = 1 if rng.random() < 0.6 else 2
    return services.CenterData(
        name_fa=name_fa,
        name_en=name_en,
        licence_type=licence_type,
        ownership=ownership,
        care_mode=care_mode,
        grade=grade,
        capacity=capacity,
        address=address,
        postal_code=postal_code,
        phone=phone,
        manager_name=manager,
        latitude=Decimal(point[0]) if point else None,
        longitude=Decimal(point[1]) if point else None,
    )


def _seed_specials(actor: Any, scope: Any, numbers: _Numbers, today: date) -> int:
    created = 0
    for special in SPECIALS:
        rng = random.Random(f"{SEED}-{special.code}")  # noqa: S311 - demo data
        existing_unit = OrgUnit.objects.filter(code=special.code).first()
        if existing_unit is not None and Center.objects.filter(org_unit=existing_unit).exists():
            continue
        county = OrgUnit.objects.get(code=special.county)
        data = _center_data(
            name_fa=special.name_fa,
            name_en=special.name_en,
            licence_type=special.licence_type,
            ownership=special.ownership,
            care_mode=special.care_mode,
            capacity=special.capacity,
            address=special.address,
            postal_code=special.postal_code,
            phone=special.phone,
            manager=special.manager,
            point=special.point,
            rng=rng,
        )
        center = services.center_register(
            actor=actor,
            scope=scope,
            county=county,
            data=data,
            org_unit=existing_unit,
            code="" if existing_unit else special.code,
        )
        _issue(actor, scope, center, numbers, special.county[1:3], special.licence, today, rng)
        created += 1
    return created


def _pick_type(rng: random.Random) -> str:
    types = list(TYPES)
    return rng.choices(types, weights=[TYPES[t][0] for t in types])[0]


def _ownership(rng: random.Random, licence_type: str) -> str:
    if licence_type == LicenceType.NGO:
        return Ownership.NGO
    roll = rng.random()
    # 94% of services are delivered by NGO and private centers; the state runs a few.
    if roll < 0.05:
        return Ownership.STATE
    return Ownership.NGO if roll < 0.55 else Ownership.PRIVATE


def _plan(rng: random.Random) -> str:
    roll = rng.random()
    if roll < 0.62:
        return "valid"
    if roll < 0.76:
        return "expiring"
    if roll < 0.86:
        return "expired"
    if roll < 0.95:
        return "renewed"
    return "agreement"


@transaction.atomic
def seed_centers_demo() -> int:
    """Create the demo centers that are missing; return how many were created."""
    actor = get_user_model().objects.get(username=DEMO_ACTOR)
    scope = scope_for_user(actor)
    today = timezone.localdate()
    numbers = _Numbers()
    created = _seed_specials(actor, scope, numbers, today)
    for province in PROVINCES:
        counties = _counties(province.code)
        capital = f"C{province.code}01"
        count = max(MIN_CENTERS, round(WEIGHTS[province.code] * CENTERS_PER_WEIGHT))
        for index in range(count):
            # One generator per center: skipping an existing one leaves the others unchanged.
            rng = random.Random(f"{SEED}-{province.code}-{index}")  # noqa: S311 - demo data
            # Half of a province's centers are in its capital county.
            county = next(c for c in counties if c.code == capital)
            if len(counties) > 1 and rng.random() >= 0.5:
                county = rng.choice([c for c in counties if c.code != capital])
            licence_type = _pick_type(rng)
            _weight, modes, capacity_range, type_fa, type_en = TYPES[licence_type]
            name_fa, name_en = rng.choice(NAMES)
            ownership = _ownership(rng, licence_type)
            care_mode = rng.choice(modes)
            capacity = rng.randint(*capacity_range)
            street = rng.choice(STREETS)
            point = None
            if county.code == capital and rng.random() < 0.7:
                lat, lon = CAPITALS[province.code]
                point = (
                    str((Decimal(lat) + Decimal(rng.randint(-400, 400)) / 10000).quantize(
                        Decimal("0.000001")
                    )),
                    str((Decimal(lon) + Decimal(rng.randint(-400, 400)) / 10000).quantize(
                        Decimal("0.000001")
                    )),
                )  # fmt: skip
            manager = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
            phone = f"0{AREA_CODES[province.code]}{rng.randint(30000000, 39999999)}"
            postal_code = _postal_code(rng)
            plan = _plan(rng)
            code = f"CT{county.code[1:]}{100 + index:03d}"
            if OrgUnit.objects.filter(code=code).exists():
                continue
            serial = index + 1
            full_name_fa = f"{type_fa} {name_fa} {county.name_fa}"
            full_name_en = f"{name_en} {type_en}, {county.name_en}"
            if licence_type == LicenceType.POSITIVE_LIFE:
                full_name_fa = f"{type_fa} {county.name_fa} {serial}"
                full_name_en = f"{county.name_en} {type_en} {serial}"
            data = _center_data(
                name_fa=full_name_fa,
                name_en=full_name_en,
                licence_type=licence_type,
                ownership=ownership,
                care_mode=care_mode,
                capacity=capacity,
                address=f"{county.name_fa}، {street}، پلاک {rng.randint(1, 300)}",
                postal_code=postal_code,
                phone=phone,
                manager=manager,
                point=point,
                rng=rng,
            )
            center = services.center_register(
                actor=actor, scope=scope, county=county, data=data, code=code
            )
            _issue(actor, scope, center, numbers, province.code, plan, today, rng)
            created += 1
    services.licence_expire_due(today=today)
    seed_subsidies_demo()
    seed_licensing_demo()
    seed_supervision_demo()
    return created
