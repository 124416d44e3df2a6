"""Demo residents and subsidies: the 1405 rate table, residents in the Kerman infant nursery
(where `kerman_center_operator` works) and the Navid addiction treatment center, their Sheba
accounts, and last month's claim of the nursery computed by HQ finance, awaiting approval by
`kerman_finance`. Idempotent and deterministic; called at the end of `seed_centers_demo()`."""

from __future__ import annotations

from datetime import date, timedelta

import jdatetime
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chatr.centers import services_residents, services_subsidies
from chatr.centers.choices import CareMode, Grade, LicenceType
from chatr.centers.models import Admission, Center, CenterPaymentAccount, RateBasis
from chatr.core.national_code import national_code_check_digit
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.registry import services as registry_services
from chatr.registry.choices import Area, Housing, Sex

RATE_YEAR = 1405
# Rials per person per month for 24-hour care by grade; other modes relative to it.
_PER_PERSON: dict[str, tuple[int, int]] = {
    CareMode.RESIDENTIAL: (7_700_000, 6_900_000),
    CareMode.DAY: (3_600_000, 3_100_000),
    CareMode.HOME_CARE: (2_600_000, 2_200_000),
    CareMode.WORKSHOP: (2_900_000, 2_500_000),
}
# Licence types paid per center by service rather than per person.
_PER_CENTER: dict[str, int] = {
    LicenceType.SOCIAL_COUNSELING: 45_000_000,
    LicenceType.GENETIC_COUNSELING: 40_000_000,
    LicenceType.SOCIAL_WORK_CLINIC: 60_000_000,
    LicenceType.WELFARE_COMPLEX: 80_000_000,
    LicenceType.NGO: 30_000_000,
    LicenceType.POSITIVE_LIFE: 35_000_000,
}
CHILDRENS_HOME_RATE = 7_000_000  # per child per month, whatever the mode and grade
KINDERGARTEN_RATE = 1_500_000

_NURSERY = ("K0801", "IR110170000000123456789001", "شیرخوارگاه کرمان")
_NAVID = ("CT0801901", "IR630120000000987654321002", "مرکز درمان اعتیاد نوید")
_FIRST = ("آرین", "ستایش", "محمدطاها", "فاطمه‌زهرا", "امیرعلی", "یسنا", "حسنا", "علی‌اصغر")
_LAST = ("امیدوار", "مهرآیین", "نیک‌نام", "روشن", "بهاری", "آزاده", "سپهری", "پاکزاد")


def rate_rows(year: int = RATE_YEAR) -> list[services_subsidies.RateData]:
    rows = []
    for licence_type in LicenceType.values:
        for care_mode in CareMode.values:
            for grade in Grade.values:
                basis, amount = RateBasis.PER_PERSON, _PER_PERSON[care_mode][grade - 1]
                if licence_type == LicenceType.CHILDRENS_HOME:
                    amount = CHILDRENS_HOME_RATE
                elif licence_type == LicenceType.KINDERGARTEN:
                    amount = KINDERGARTEN_RATE
                elif licence_type in _PER_CENTER:
                    basis, amount = RateBasis.PER_CENTER, _PER_CENTER[licence_type]
                rows.append(
                    services_subsidies.RateData(
                        licence_type=licence_type,
                        care_mode=care_mode,
                        grade=grade,
                        year=year,
                        effective_month=1,
                        basis=basis,
                        amount=amount,
                        note="مصوبه نرخ یارانه مراکز ۱۴۰۵",
                    )
                )
    return rows


def _national_code(n: int) -> str:
    body = f"{390_100_000 + n:09d}"
    return body + str(national_code_check_digit(body))


def _previous_month(today: date) -> tuple[int, int]:
    j = jdatetime.date.fromgregorian(date=today)
    return (j.year, j.month - 1) if j.month > 1 else (j.year - 1, 12)


def _residents(center: Center, *, count: int, offset: int, infants: bool, today: date) -> None:
    if Admission.objects.filter(center=center).exists():
        return
    manager = get_user_model().objects.get(username="kerman_manager")
    scope = scope_for_user(manager)
    county = OrgUnit.objects.get(code="C0801")
    for i in range(count):
        code = _national_code(offset + i)
        born = today - timedelta(days=(120 + 37 * i) if infants else (9000 + 400 * i))
        data = registry_services.PersonData(
            first_name=_FIRST[i % len(_FIRST)],
            last_name=_LAST[(i + offset) % len(_LAST)],
            birth_date=born,
            sex=Sex.FEMALE if i % 2 else Sex.MALE,
            national_code=code,
        )
        try:
            person = registry_services.person_register(
                actor=manager, scope=scope, data=data, duplicates_confirmed=True
            )
            registry_services.household_create(
                actor=manager,
                scope=scope,
                head=person,
                data=registry_services.HouseholdData(
                    county=county, area=Area.URBAN, address="کرمان", housing=Housing.FREE
                ),
            )
        except Exception:  # noqa: S112 - already registered by an earlier run
            continue
        admitted = today - timedelta(days=20 + 11 * i)
        if infants:
            admitted = max(admitted, born)
        services_residents.admission_create(
            actor=manager,
            scope=scope,
            center=center,
            national_code=code,
            birth_date=born,
            admitted_on=admitted,
            today=today,
        )


@transaction.atomic
def seed_subsidies_demo() -> None:
    today = timezone.localdate()
    for data in rate_rows():
        services_subsidies.rate_ensure(data=data)
    hq_finance = get_user_model().objects.get(username="hq_finance")
    centers = {}
    for code, sheba, holder in (_NURSERY, _NAVID):
        center = Center.objects.filter(org_unit__code=code).first()
        if center is None:
            continue
        centers[code] = center
        if not CenterPaymentAccount.objects.filter(center=center).exists():
            services_subsidies.payment_account_set(
                actor=hq_finance,
                scope=scope_for_user(hq_finance),
                center=center,
                sheba=sheba,
                holder_name=holder,
            )
    if _NURSERY[0] in centers:
        _residents(centers[_NURSERY[0]], count=8, offset=0, infants=True, today=today)
        year, month = _previous_month(today)
        services_subsidies.subsidy_month_compute(
            actor=hq_finance,
            scope=scope_for_user(hq_finance),
            year=year,
            month=month,
            center_ids=[centers[_NURSERY[0]].pk],
        )
    if _NAVID[0] in centers:
        _residents(centers[_NAVID[0]], count=6, offset=20, infants=False, today=today)
