"""Demo expenditures: published datasets of headquarters and two provinces (Kerman, Zanjan)
covering the 24 Jalali months 1402/01–1403/12, per spending unit, program and economic class,
with one published correction (an import reviewed by another person) and one withdrawn record,
so the public pages show both.

Deterministic (a seeded generator) and idempotent: datasets are keyed by code, records by
their key (rows already there are left as they are, so a correction is never undone), and the
correction and the withdrawal are made once. Both go through the publishing services, by the
demo world's HQ officer and manager and Zanjan's manager; without the world (no such users)
they are skipped.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Final

from django.contrib.auth import get_user_model
from django.db import transaction

from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.transparency import services
from chatr.transparency.choices import (
    DatasetCategory,
    EconomicClass,
    RecordState,
    RevisionState,
    UpdateFrequency,
)
from chatr.transparency.models import Dataset, Expenditure, Revision
from chatr.transparency.services_expenditures import (
    ExpenditureData,
    expenditure_key,
    expenditure_record,
)
from chatr.transparency.services_publishing import batch_import, batch_publish, record_withdraw

PERIOD_START: Final = date(2023, 3, 21)  # 1402/01/01
PERIOD_END: Final = date(2025, 3, 20)  # 1403/12/30
LAST_UPDATED: Final = date(2025, 4, 5)
YEARS: Final = (1402, 1403)

# (dataset code, publisher org-unit code, province name, size of the province in percent)
DATASETS: Final = (
    ("expenditures-hq", "HQ", "", 100),
    ("expenditures-p08", "P08", "کرمان", 100),
    ("expenditures-p19", "P19", "زنجان", 60),
)

C = EconomicClass
# (program, the unit that spends on it, its classes with a monthly base in billions of rials)
HQ_LINES: Final = (
    ("توانبخشی معلولان", "معاونت امور توانبخشی", ((C.SOCIAL_BENEFITS, 900), (C.SUBSIDIES, 400))),
    ("حمایت از سالمندان", "معاونت امور توانبخشی", ((C.SOCIAL_BENEFITS, 500), (C.GRANTS, 120))),
    (
        "توانمندسازی زنان سرپرست خانوار",
        "معاونت امور اجتماعی",
        ((C.GRANTS, 350), (C.SOCIAL_BENEFITS, 250)),
    ),
    (
        "نگهداری کودکان بی‌سرپرست و بدسرپرست",
        "معاونت امور اجتماعی",
        ((C.SUBSIDIES, 300), (C.GOODS_SERVICES, 80)),
    ),
    (
        "پیشگیری از اعتیاد",
        "معاونت امور پیشگیری و درمان اعتیاد",
        ((C.GOODS_SERVICES, 150), (C.GRANTS, 70)),
    ),
    (
        "مدیریت و پشتیبانی",
        "معاونت توسعه مدیریت و منابع",
        (
            (C.COMPENSATION, 1_200),
            (C.GOODS_SERVICES, 200),
            (C.NON_FINANCIAL_ASSETS, 150),
            (C.OTHER, 30),
        ),
    ),
)
# The same for a province of 100 percent; "اداره کل" is the provincial office itself.
PROVINCE_LINES: Final = (
    ("توانبخشی معلولان", "اداره کل", ((C.SOCIAL_BENEFITS, 250), (C.SUBSIDIES, 120))),
    ("حمایت از سالمندان", "اداره کل", ((C.SOCIAL_BENEFITS, 140),)),
    ("توانمندسازی زنان سرپرست خانوار", "اداره مرکز", ((C.GRANTS, 90),)),
    ("اورژانس اجتماعی", "اداره مرکز", ((C.COMPENSATION, 70), (C.GOODS_SERVICES, 35))),
    ("مدیریت و پشتیبانی", "اداره کل", ((C.COMPENSATION, 300), (C.NON_FINANCIAL_ASSETS, 40))),
)
# The users who make the demo's correction (editor, reviewer) and its withdrawal.
EDITOR: Final = "hq_officer"
REVIEWER: Final = "hq_manager"
WITHDRAWER: Final = "zanjan_manager"

# The demo's correction: HQ's disability benefits of 1403/03 were published short.
CORRECTED: Final = (0, 0, 1403, 3)  # (line, class of the line, year, month) in HQ_LINES
CORRECTION_FACTOR: Final = 1.08
# The demo's withdrawal: a row Zanjan published twice, under two units.
WITHDRAWN: Final = (3, 1, 1402, 11)  # (line, class, year, month) in PROVINCE_LINES
WITHDRAW_REASON: Final = (
    "این ردیف تکراری بود: همین هزینه در ردیف اداره کل برای همین ماه منتشر شده است."
)


def _unit_name(unit: str, province: str) -> str:
    if not province:
        return unit
    return f"{unit} بهزیستی استان {province}" if unit == "اداره کل" else f"{unit} استان {province}"


def _dataset_data(code: str, unit: OrgUnit, province: str) -> services.DatasetData:
    where_fa = f"اداره کل بهزیستی استان {province}" if province else "ستاد ملی سازمان بهزیستی"
    where_en = f"the {unit.name_en} provincial office" if province else "the national headquarters"
    return services.DatasetData(
        code=code,
        category=DatasetCategory.EXPENDITURES,
        title_fa=f"هزینه‌های {where_fa}",
        title_en=f"Expenditures of {where_en}",
        description_fa=(
            "هزینه‌های ماهانه به تفکیک واحد، برنامه و طبقه‌بندی اقتصادی (فصل‌های هزینه)، به ریال."
        ),
        description_en=(
            "Monthly expenditures by spending unit, program and economic classification, in rials."
        ),
        period_start=PERIOD_START,
        period_end=PERIOD_END,
        frequency=UpdateFrequency.MONTHLY,
        last_updated=LAST_UPDATED,
        contact_email="shafaf@behzisti.example",
        contact_phone="02166700000",
    )


def _amount(rng: random.Random, billions: float, economic_class: str, month: int, year: int) -> int:
    """A month's spending in rials, rounded to a million: salaries steady, the rest varying,
    capital spending bunched at the end of the year, everything growing with inflation."""
    growth = 1.0 if year == YEARS[0] else 1.35
    if economic_class == EconomicClass.COMPENSATION:
        factor = rng.uniform(0.97, 1.03) * (1.6 if month == 12 else 1.0)  # Esfand bonus
    elif economic_class == EconomicClass.NON_FINANCIAL_ASSETS:
        factor = rng.uniform(0.2, 0.8) if month < 10 else rng.uniform(1.5, 3.0)
    else:
        factor = rng.uniform(0.75, 1.25)
    return round(billions * growth * factor * 1_000) * 1_000_000


def _lines(province: str) -> tuple[tuple[str, str, tuple[tuple[str, int], ...]], ...]:
    return PROVINCE_LINES if province else HQ_LINES


def _seed_dataset(dataset: Dataset, province: str, percent: int, rng: random.Random) -> int:
    existing = set(Expenditure.objects.filter(dataset=dataset).values_list("record_key", flat=True))
    created = 0
    for program, unit, classes in _lines(province):
        unit_name = _unit_name(unit, province)
        for economic_class, base in classes:
            for year in YEARS:
                for month in range(1, 13):
                    # Drawn whether or not the row exists, so reruns draw the same numbers.
                    amount = _amount(rng, base * percent / 100, economic_class, month, year)
                    key = expenditure_key(
                        unit_name=unit_name,
                        program=program,
                        economic_class=economic_class,
                        year=year,
                        month=month,
                    )
                    if key in existing:
                        continue
                    expenditure_record(
                        dataset=dataset,
                        data=ExpenditureData(
                            unit_name=unit_name,
                            program=program,
                            economic_class=economic_class,
                            year=year,
                            month=month,
                            amount=amount,
                        ),
                        publish=True,
                    )
                    created += 1
    return created


def _record(
    dataset: Dataset, province: str, line: int, klass: int, year: int, month: int
) -> Expenditure:
    program, unit, classes = _lines(province)[line]
    return Expenditure.objects.get(
        dataset=dataset,
        record_key=expenditure_key(
            unit_name=_unit_name(unit, province),
            program=program,
            economic_class=classes[klass][0],
            year=year,
            month=month,
        ),
    )


def _correct(dataset: Dataset) -> None:
    """Import a one-row file that raises an amount, and have another person publish it."""
    users = {
        u.username: u for u in get_user_model().objects.filter(username__in=(EDITOR, REVIEWER))
    }
    if len(users) < 2:
        return
    record = _record(dataset, "", *CORRECTED)
    if Revision.objects.filter(
        category=DatasetCategory.EXPENDITURES, record_id=record.pk, state=RevisionState.PUBLISHED
    ).exists():
        return
    amount = round(record.amount * CORRECTION_FACTOR / 1_000_000) * 1_000_000
    content = (
        "واحد,برنامه,طبقه‌بندی اقتصادی,سال,ماه,مبلغ (ریال)\n"
        f"{record.unit_name},{record.program},{record.economic_class},"
        f"{record.year},{record.month},{amount}\n"
    ).encode("utf-8-sig")
    editor, reviewer = users[EDITOR], users[REVIEWER]
    batch = batch_import(
        actor=editor,
        scope=scope_for_user(editor),
        dataset=dataset,
        content=content,
        filename="اصلاحیه-هزینه-خرداد-۱۴۰۳.csv",
    )
    batch_publish(actor=reviewer, scope=scope_for_user(reviewer), batch=batch)


def _withdraw(dataset: Dataset, province: str) -> None:
    reviewer = get_user_model().objects.filter(username=WITHDRAWER).first()
    if reviewer is None:
        return
    record = _record(dataset, province, *WITHDRAWN)
    if record.state == RecordState.PUBLISHED:
        record_withdraw(
            actor=reviewer, scope=scope_for_user(reviewer), record=record, reason=WITHDRAW_REASON
        )


@transaction.atomic
def seed_expenditures_demo() -> int:
    """Load the demo expenditure datasets; return how many expenditure rows were new."""
    rng = random.Random(1403)  # noqa: S311 - demo data, deterministic on purpose
    created = 0
    datasets: dict[str, Dataset] = {}
    for code, unit_code, province, percent in DATASETS:
        unit = OrgUnit.objects.get(code=unit_code)
        dataset = services.dataset_ensure(
            publisher=unit, data=_dataset_data(code, unit, province), published=True
        )
        datasets[unit_code] = dataset
        created += _seed_dataset(dataset, province, percent, rng)
    _correct(datasets["HQ"])
    _withdraw(datasets["P19"], "زنجان")
    return created
