"""`chatr transparency_generate --contracts 1000000 --expenditures 5000000`: the portal's
contracts and expenditures at national scale, for the benchmark. Never run it against real data.

Writes records directly (no import batches, no review, no audit trail), with COPY on
PostgreSQL and bulk_create elsewhere (the small counts of a test), in batches of one
transaction each. What the writers would compute is computed by their own helpers: the
contract number (`kinds_contracts.contract_number_key`), `search_text`
(`services.contract_search_text`, `services_expenditures.expenditure_search_text`) and
`record_key` (the number; `services_expenditures.expenditure_key`). Every record is published
(state, `published_at`) in a published dataset of its publisher, stamped as `stamp_org_unit`
does.

- Datasets: one contracts and one expenditures dataset for HQ and each of the 31 provinces
  (codes `bench-contracts-hq`, `bench-expenditures-p08`, …), through `services.dataset_ensure`.
- Parties: 3,000 companies with valid national company IDs (`108` + a serial + the check
  digit), through `services.party_ensure`.
- Contracts: publishers weighted by province population (HQ about 7%), Persian subjects
  with their usual procurement method and amount range, signed 1398/01/01–1404/12/29.
- Expenditures: one row per (publisher, spending unit, program, economic class, Jalali month
  1398/01–1404/12). Row n is a mixed-radix reading of n (publisher fastest, then month, class,
  program, unit), so any number of rows spreads over every publisher and month and keys never
  repeat.

Tops up: row n is the n-th generated record of its kind whatever the batch, so a run adds rows
until there are --contracts and --expenditures generated ones, and the same seed always gives
the same rows.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from datetime import date, datetime, timedelta
from functools import lru_cache, partial
from typing import Any, Final

import jdatetime
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from chatr.core.company_id import demo_company_id
from chatr.core.text import normalize_persian
from chatr.org.data.provinces import PROVINCES
from chatr.org.models import OrgUnit
from chatr.org.services import load_reference_units
from chatr.registry.management.commands.registry_generate import PROVINCE_WEIGHTS
from chatr.transparency import services
from chatr.transparency.choices import (
    ContractStatus,
    DatasetCategory,
    EconomicClass,
    ProcurementMethod,
    RecordState,
    UpdateFrequency,
)
from chatr.transparency.kinds_contracts import contract_number_key
from chatr.transparency.models import Contract, Dataset, Expenditure, Party
from chatr.transparency.services_expenditures import expenditure_key, expenditure_search_text

PERIOD_START: Final = date(2019, 3, 21)  # 1398/01/01
PERIOD_END: Final = date(2026, 3, 20)  # 1404/12/29
LAST_UPDATED: Final = date(2026, 4, 5)
YEARS: Final = tuple(range(1398, 1405))
MONTHS: Final = tuple((year, month) for year in YEARS for month in range(1, 13))
DATASET_PREFIX: Final = "bench-"
PARTIES: Final = 3_000
HQ_WEIGHT: Final = 600  # against the provinces' population in 10,000s (7,991 in all)

M = ProcurementMethod
# (subject, its usual procurement method, amount range in millions of rials)
SUBJECTS: Final = (
    ("احداث ساختمان مرکز توانبخشی", M.TENDER, (8_000, 90_000)),
    ("تعمیر و نوسازی خانه سالمندان", M.TENDER, (2_000, 20_000)),
    ("خرید ویلچر و وسایل کمک‌توانبخشی", M.LIMITED_TENDER, (500, 8_000)),
    ("تهیه غذای مراکز شبانه‌روزی", M.TENDER, (1_000, 12_000)),
    ("خدمات نظافت ساختمان اداره کل", M.INQUIRY, (300, 3_000)),
    ("پشتیبانی سامانه‌های نرم‌افزاری", M.DIRECT, (400, 5_000)),
    ("چاپ کتابچه‌های آموزشی پیشگیری از اعتیاد", M.INQUIRY, (80, 900)),
    ("اجاره خودرو برای بازدید از مراکز", M.INQUIRY, (150, 1_500)),
    ("مشاوره در تدوین برنامه راهبردی", M.EXEMPT, (200, 2_500)),
    ("بیمه تکمیلی مددجویان", M.LIMITED_TENDER, (3_000, 30_000)),
    ("نصب سامانه گرمایش مهدکودک", M.INQUIRY, (250, 2_000)),
    ("خرید تجهیزات اتاق درمان اوتیسم", M.LIMITED_TENDER, (700, 6_000)),
    ("پژوهش درباره سالمندی فعال", M.EXEMPT, (300, 1_800)),
    ("خدمات حراست و نگهبانی", M.TENDER, (900, 8_000)),
    ("خرید سمعک برای کودکان کم‌شنوا", M.LIMITED_TENDER, (400, 4_000)),
    ("خرید عینک و وسایل کمک‌بینایی", M.INQUIRY, (100, 1_200)),
    ("برگزاری دوره‌های مهارت‌آموزی زنان سرپرست خانوار", M.EXEMPT, (150, 1_500)),
    ("مقاوم‌سازی ساختمان شیرخوارگاه", M.TENDER, (3_000, 25_000)),
    ("خرید خودروی ویژه جابه‌جایی معلولان", M.TENDER, (5_000, 40_000)),
    ("راه‌اندازی خط تلفن اورژانس اجتماعی ۱۲۳", M.DIRECT, (300, 3_500)),
    ("خدمات مددکاری اجتماعی در محلات کم‌برخوردار", M.LIMITED_TENDER, (600, 7_000)),
    ("تأمین دارو و لوازم پزشکی مراکز درمان اعتیاد", M.INQUIRY, (500, 6_000)),
    ("طراحی و ساخت پارک کودک دسترس‌پذیر", M.TENDER, (2_500, 18_000)),
    ("اجاره ساختمان اداره بهزیستی شهرستان", M.DIRECT, (200, 2_400)),
    ("غربالگری شنوایی نوزادان", M.LIMITED_TENDER, (800, 9_000)),
    ("خرید تخت و تشک مواج برای سالمندان بستری", M.INQUIRY, (300, 3_000)),
    ("ساماندهی کودکان کار و خیابان", M.EXEMPT, (400, 4_500)),
    ("ارزیابی و نظارت بر مراکز غیردولتی", M.EXEMPT, (150, 1_600)),
)
_WHERE: Final = ("", " استان {province}", " مراکز استان {province}", " شهرستان {capital}")

_KINDS: Final = ("شرکت", "شرکت", "شرکت", "مؤسسه", "شرکت تعاونی")
_TRADES: Final = (
    "ساختمانی", "مهندسی", "خدمات پشتیبانی", "تجهیزات پزشکی", "فناوری اطلاعات",
    "حمل و نقل", "تغذیه و پذیرایی", "نظافت و خدمات شهری", "مشاوره مدیریت", "چاپ و نشر",
    "تأسیسات حرارتی", "توانبخشی و ارتز", "نرم‌افزاری", "خدمات امنیتی", "آموزش و پژوهش",
    "تولیدی", "بازرگانی", "پیمانکاری", "داروسازی", "خدمات مشاوره‌ای",
)  # fmt: skip
_BRANDS: Final = (
    "آبادگران", "پارس", "نیکان", "آریا", "مهر", "سپهر", "سبز", "پاکان", "راهبرد", "روشن",
    "امین", "سامان", "بنیان", "زاگرس", "نگهبان", "کیان", "دانش", "آسان‌گام", "شفا", "ایمن",
    "البرز", "دماوند", "کویر", "خلیج فارس", "ارغوان", "نوین", "پویا", "افق", "سپیدار", "تدبیر",
)  # fmt: skip
_STATUS_VALUES: Final = (
    ContractStatus.ACTIVE,
    ContractStatus.COMPLETED,
    ContractStatus.TERMINATED,
    ContractStatus.CANCELLED,
)
_STATUS_WEIGHTS: Final = (5, 8, 1, 1)

# Spending units: HQ's deputies, a province's offices (then numbered districts: "ناحیه").
_HQ_UNITS: Final = (
    "معاونت امور توانبخشی", "معاونت امور اجتماعی", "معاونت امور پیشگیری و درمان اعتیاد",
    "معاونت توسعه مدیریت و منابع", "دفتر امور مراکز روزانه", "دفتر امور سالمندان",
    "دفتر توانمندسازی زنان و خانواده", "دفتر امور کودکان و نوجوانان", "مرکز فوریت‌های اجتماعی",
    "دفتر فناوری اطلاعات", "اداره کل امور مالی", "دفتر حقوقی",
)  # fmt: skip
_PROVINCE_UNITS: Final = (
    "اداره کل بهزیستی استان {province}", "اداره بهزیستی شهرستان {capital}",
    "اداره مرکز استان {province}", "مرکز توانبخشی {capital}", "شیرخوارگاه {capital}",
    "خانه سالمندان {capital}", "مرکز اورژانس اجتماعی استان {province}",
    "مرکز درمان اعتیاد {capital}",
)  # fmt: skip
_PROGRAMS: Final = (
    "توانبخشی معلولان", "حمایت از سالمندان", "توانمندسازی زنان سرپرست خانوار",
    "نگهداری کودکان بی‌سرپرست و بدسرپرست", "پیشگیری از اعتیاد", "اورژانس اجتماعی",
    "مدیریت و پشتیبانی", "مستمری مددجویان", "مسکن مددجویان", "اشتغال مددجویان",
    "غربالگری و پیشگیری از معلولیت", "آموزش و مهارت‌آموزی",
)  # fmt: skip
_UNITS_PER_PUBLISHER: Final = 60  # ناحیه 1… after the named ones
_CLASSES: Final = tuple(EconomicClass.values)
# Monthly base in millions of rials by class: salaries steady, the rest varying.
_CLASS_BASE: Final[dict[str, int]] = {
    EconomicClass.COMPENSATION: 3_000, EconomicClass.GOODS_SERVICES: 800,
    EconomicClass.SUBSIDIES: 1_200, EconomicClass.GRANTS: 600,
    EconomicClass.SOCIAL_BENEFITS: 2_500, EconomicClass.OTHER: 100,
    EconomicClass.NON_FINANCIAL_ASSETS: 900,
}  # fmt: skip


# ---------------------------------------------------------------- writing rows


def _write(model: type[models.Model], names: Sequence[str], rows: list[tuple[Any, ...]]) -> None:
    """COPY on PostgreSQL, bulk_create elsewhere; every column not named gets its default."""
    if not rows:
        return
    if connection.vendor != "postgresql":
        model.objects.bulk_create(  # type: ignore[attr-defined]
            [model(**dict(zip(names, row, strict=True))) for row in rows]
        )
        return
    fields = {f.attname: f for f in model._meta.concrete_fields}
    rest = [n for n, f in fields.items() if n not in names and not f.primary_key]
    tail = tuple(fields[n].get_default() for n in rest)
    columns = ", ".join(connection.ops.quote_name(fields[n].column) for n in (*names, *rest))
    table = connection.ops.quote_name(model._meta.db_table)
    with (
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row + tail)


def _batch(write: Callable[[], None], *, skip_triggers: bool) -> None:
    """One batch, one transaction; on PostgreSQL without waiting for the disk and, with
    `skip_triggers`, without the per-row foreign-key triggers (the rows refer to datasets,
    units and parties read just before)."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                if skip_triggers:
                    cursor.execute("SET LOCAL session_replication_role = replica")
        write()


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


# ---------------------------------------------------------------- publishers and parties


def _publishers() -> list[tuple[OrgUnit, str, str, int]]:
    """(unit, province name, capital name, weight) for HQ and the 31 provinces."""
    load_reference_units()
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=["HQ", *_province_codes()])}
    rows = [(units["HQ"], "", "", HQ_WEIGHT)]
    for province in PROVINCES:
        unit = units[f"P{province.code}"]
        rows.append((unit, province.name_fa, province.capital_fa, PROVINCE_WEIGHTS[province.code]))
    return rows


def _province_codes() -> list[str]:
    return [f"P{province.code}" for province in PROVINCES]


def _dataset(category: str, unit: OrgUnit, province: str) -> Dataset:
    kind_fa, kind_en = (
        ("قراردادهای", "Contracts")
        if category == DatasetCategory.CONTRACTS
        else ("هزینه‌های", "Expenditures")
    )
    where_fa = f"اداره کل بهزیستی استان {province}" if province else "ستاد ملی سازمان بهزیستی"
    where_en = f"the {unit.name_en} provincial office" if province else "the national headquarters"
    return services.dataset_ensure(
        publisher=unit,
        data=services.DatasetData(
            code=f"{DATASET_PREFIX}{category}-{unit.code.lower()}",
            category=category,
            title_fa=f"{kind_fa} {where_fa}",
            title_en=f"{kind_en} of {where_en}",
            description_fa="داده‌های تولیدشده برای سنجش کارایی.",
            description_en="Generated data for the benchmark.",
            period_start=PERIOD_START,
            period_end=PERIOD_END,
            frequency=UpdateFrequency.MONTHLY,
            last_updated=LAST_UPDATED,
        ),
        published=True,
    )


def party_name(index: int) -> str:
    brand = _BRANDS[index % len(_BRANDS)]
    trade = _TRADES[index // len(_BRANDS) % len(_TRADES)]
    kind = _KINDS[index % len(_KINDS)]
    rank = index // (len(_BRANDS) * len(_TRADES))
    return f"{kind} {trade} {brand}" + (f" {rank + 1}" if rank else "")


def party_company_id(index: int) -> str:
    return demo_company_id(f"108{index:07d}")


def _parties() -> list[Party]:
    """The generated parties, created through the service where missing, in index order."""
    codes = [party_company_id(i) for i in range(PARTIES)]
    have = {p.company_id: p for p in Party.objects.filter(company_id__in=codes)}
    for index, code in enumerate(codes):
        if code not in have:
            have[code] = services.party_ensure(name=party_name(index), company_id=code)
    return [have[code] for code in codes]


# ---------------------------------------------------------------- contracts

_CONTRACT_COLUMNS: Final = (
    "dataset_id", "org_unit_id", "scope_province_id", "scope_county_id", "number", "title",
    "counterparty_id", "method", "amount", "signed_on", "starts_on", "ends_on", "status",
    "search_text", "record_key", "state", "published_at", "created_at", "updated_at",
)  # fmt: skip


class _Contracts:
    def __init__(self, seed: int, now: datetime) -> None:
        self.seed, self.now = seed, now
        publishers = _publishers()
        self.places = [
            (_dataset(DatasetCategory.CONTRACTS, unit, province), unit, province, capital)
            for unit, province, capital, _weight in publishers
        ]
        self.weights = [weight for *_rest, weight in publishers]
        self.parties = _parties()
        self.days = (PERIOD_END - PERIOD_START).days + 1

    def row(self, index: int) -> tuple[Any, ...]:
        rng = random.Random(self.seed * 1_000_000_007 + index)  # noqa: S311 - benchmark data
        dataset, unit, province, capital = rng.choices(self.places, self.weights)[0]
        subject, usual, (low, high) = SUBJECTS[rng.randrange(len(SUBJECTS))]
        method: str = usual
        where = _WHERE[rng.randrange(len(_WHERE))] if province else ""
        title = normalize_persian(subject + where.format(province=province, capital=capital))
        if rng.random() < 0.15:  # a tenth or so go to another method than the usual one
            method = rng.choice(M.values)
        signed = PERIOD_START + timedelta(days=rng.randrange(self.days))
        starts = signed + timedelta(days=rng.randrange(1, 30))
        ends = starts + timedelta(days=rng.choice((90, 180, 365, 540, 730)))
        amount = int(low * (high / low) ** rng.random()) * 1_000_000  # log-uniform
        status = rng.choices(_STATUS_VALUES, _STATUS_WEIGHTS)[0]
        # Parties are not equally busy: a tenth of them win most contracts.
        busy = rng.random() < 0.7
        party = self.parties[rng.randrange(PARTIES // 10 if busy else PARTIES)]
        prefix = "00" if not province else unit.code[1:]
        number = contract_number_key(f"{prefix}-{_jalali_year(signed)}-{index + 1:07d}")
        return (
            dataset.pk, unit.pk, unit.province_id, unit.county_id, number, title, party.pk,
            method, amount, signed, starts, ends, status,
            services.contract_search_text(number=number, title=title, party=party),
            number, RecordState.PUBLISHED, self.now, self.now, self.now,
        )  # fmt: skip


@lru_cache(maxsize=4096)
def _jalali_year(day: date) -> int:
    return int(jdatetime.date.fromgregorian(date=day).year)


def contracts_generated() -> int:
    return Contract.objects.filter(dataset__code__startswith=f"{DATASET_PREFIX}contracts-").count()


# ---------------------------------------------------------------- expenditures

_EXPENDITURE_COLUMNS: Final = (
    "dataset_id", "org_unit_id", "scope_province_id", "scope_county_id", "unit_name", "program",
    "economic_class", "year", "month", "amount", "search_text", "record_key", "state",
    "published_at", "created_at", "updated_at",
)  # fmt: skip


def unit_names(province: str, capital: str) -> list[str]:
    named = _PROVINCE_UNITS if province else _HQ_UNITS
    names = [name.format(province=province, capital=capital) for name in named]
    where = f" استان {province}" if province else " ستاد"
    names += [f"ناحیه {n}{where}" for n in range(1, _UNITS_PER_PUBLISHER - len(names) + 1)]
    return [normalize_persian(name) for name in names]


EXPENDITURES_MAX: Final = (
    (1 + len(PROVINCES)) * len(MONTHS) * len(_CLASSES) * len(_PROGRAMS) * _UNITS_PER_PUBLISHER
)


class _Expenditures:
    def __init__(self, seed: int, now: datetime) -> None:
        self.seed, self.now = seed, now
        self.places = [
            (
                _dataset(DatasetCategory.EXPENDITURES, unit, province),
                unit,
                unit_names(province, capital),
            )
            for unit, province, capital, _weight in _publishers()
        ]
        self.programs = [normalize_persian(p) for p in _PROGRAMS]

    def row(self, index: int) -> tuple[Any, ...]:
        # Mixed radix: publisher, month, class, program, unit (each key exactly once).
        rest, place = divmod(index, len(self.places))
        rest, month_index = divmod(rest, len(MONTHS))
        rest, class_index = divmod(rest, len(_CLASSES))
        unit_index, program_index = divmod(rest, len(self.programs))
        dataset, unit, units = self.places[place]
        unit_name, program = units[unit_index], self.programs[program_index]
        economic_class = _CLASSES[class_index]
        year, month = MONTHS[month_index]
        rng = random.Random(self.seed * 1_000_000_009 + index)  # noqa: S311 - benchmark data
        growth = 1.4 ** (year - YEARS[0])  # inflation
        base = _CLASS_BASE[economic_class] * (3 if not unit.province_id else 1)
        amount = round(base * growth * rng.uniform(0.3, 1.7)) * 1_000_000
        key = expenditure_key(
            unit_name=unit_name,
            program=program,
            economic_class=economic_class,
            year=year,
            month=month,
        )
        return (
            dataset.pk, unit.pk, unit.province_id, unit.county_id, unit_name, program,
            economic_class, year, month, amount, _expenditure_text(unit_name, program), key,
            RecordState.PUBLISHED, self.now, self.now, self.now,
        )  # fmt: skip


@lru_cache(maxsize=8192)
def _expenditure_text(unit_name: str, program: str) -> str:
    return expenditure_search_text(unit_name=unit_name, program=program)


def expenditures_generated() -> int:
    return Expenditure.objects.filter(
        dataset__code__startswith=f"{DATASET_PREFIX}expenditures-"
    ).count()


# ---------------------------------------------------------------- the command


def generate(
    *,
    contracts: int,
    expenditures: int,
    seed: int = 1405,
    batch_size: int = 20_000,
    progress: Callable[[str], Any] | None = None,
) -> tuple[int, int]:
    """Top up to `contracts` generated contracts and `expenditures` generated expenditures;
    return how many of each were added."""
    if expenditures > EXPENDITURES_MAX:
        raise CommandError(f"at most {EXPENDITURES_MAX:,} expenditures")
    # Inside a transaction (a test) the foreign keys stay checked.
    postgresql = connection.vendor == "postgresql"
    skip_triggers = postgresql and not connection.in_atomic_block and _is_superuser()
    now = timezone.now()
    added = []
    for label, model, columns, have, want, make in (
        ("contracts", Contract, _CONTRACT_COLUMNS, contracts_generated(), contracts, _Contracts),
        ("expenditures", Expenditure, _EXPENDITURE_COLUMNS, expenditures_generated(),
         expenditures, _Expenditures),
    ):  # fmt: skip
        added.append(max(want - have, 0))
        if have >= want:
            continue
        maker = make(seed, now)
        started = time.monotonic()
        for first in range(have, want, batch_size):
            last = min(first + batch_size, want)
            rows = [maker.row(index) for index in range(first, last)]
            _batch(partial(_write, model, columns, rows), skip_triggers=skip_triggers)
            if progress is not None:
                rate = (last - have) / max(time.monotonic() - started, 1e-9)
                progress(f"{label}: {last:,}/{want:,} ({rate:,.0f}/s)")
        if postgresql:
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
    return added[0], added[1]


class Command(BaseCommand):
    help = (
        "Bulk-generate published contracts and expenditures for the transparency benchmark "
        "(never on real data): adds records until there are --contracts and --expenditures."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--contracts", type=int, required=True, help="total wanted")
        parser.add_argument("--expenditures", type=int, required=True, help="total wanted")
        parser.add_argument("--seed", type=int, default=1405)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        contracts, expenditures = generate(
            contracts=options["contracts"],
            expenditures=options["expenditures"],
            seed=options["seed"],
            progress=self.stdout.write,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {contracts:,} contracts and {expenditures:,} expenditures in "
                f"{elapsed:.1f} s."
            )
        )
