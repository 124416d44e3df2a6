"""Standard programs and the pensions demo.

`programs_ensure(year=…)` creates the four standard programs with a benefit rule for the year
(idempotent: what HQ changed is kept). `seed_pensions_demo(world)` gives the demo registry's
clients bank accounts (some missing or invalid, to show exceptions), runs one past cycle to
the end (some transfers failed) and leaves this month's cycle computed, awaiting approval.
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any

import jdatetime
from django.db import transaction
from django.utils import timezone

from chatr.core.errors import NotFoundError
from chatr.core.national_code import national_code_check_digit
from chatr.core.sheba import sheba_check_digits
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.pensions import services
from chatr.pensions.models import (
    CycleState,
    Entitlement,
    EntitlementStatus,
    PaymentCycle,
    Program,
)
from chatr.pensions.services import benefit_rule_ensure, program_ensure
from chatr.registry import services as registry_services
from chatr.registry.choices import (
    Area,
    DisabilityType,
    FileState,
    Housing,
    Relationship,
    Severity,
    Sex,
    SubGroup,
    TargetGroup,
)
from chatr.registry.models import BankAccount, ClientFile, Person
from chatr.registry.selectors import citizen_household, person_for_citizen

M = 1_000_000  # rials

# code, Persian name, English name, sub-groups, rule amounts (rials).
STANDARD_PROGRAMS: tuple[tuple[str, str, str, list[str], dict[str, int]], ...] = (
    (
        "female_headed_pension",
        "مستمری خانوارهای زن سرپرست",
        "Monthly pension for female-headed households",
        [SubGroup.FEMALE_HEADED],
        {"base_amount": 20 * M, "per_member_amount": 5 * M, "max_extra_members": 4},
    ),
    (
        "disability_care_allowance",
        "کمک‌هزینه نگهداری افراد دارای معلولیت",
        "Disability care allowance",
        [SubGroup.DISABILITY],
        {
            "base_amount": 0,
            "very_severe_amount": 30 * M,
            "severe_amount": 22 * M,
            "moderate_amount": 12 * M,
            "mild_amount": 6 * M,
        },
    ),
    (
        "orphan_support",
        "حمایت از کودکان بی‌سرپرست",
        "Support for children without guardians",
        [SubGroup.CHILDREN_WITHOUT_GUARDIANS],
        {"base_amount": 15 * M, "per_member_amount": 3 * M, "max_extra_members": 3},
    ),
    (
        "elderly_pension",
        "مستمری سالمندان",
        "Elderly pension",
        [SubGroup.ELDERLY],
        {"base_amount": 18 * M},
    ),
)


def programs_ensure(*, year: int) -> list[Program]:
    """The standard programs, each with a benefit rule for the Jalali `year` (idempotent)."""
    programs: list[Program] = []
    for code, name_fa, name_en, sub_groups, amounts in STANDARD_PROGRAMS:
        program = program_ensure(
            code=code, name_fa=name_fa, name_en=name_en, sub_groups=[str(g) for g in sub_groups]
        )
        benefit_rule_ensure(program=program, year=year, values=dict(amounts))
        programs.append(program)
    return programs


# ---------------------------------------------------------------- the demo

DEMO_COUNTER = "Z1901"
DEMO_SOCIAL_WORKER = "zanjan_social_worker"
DEMO_MANAGER = "zanjan_manager"
# (county, sub-group, head's sex, members besides the head, disability severity of the head)
PENSIONER_PLAN: tuple[tuple[str, str, str, int, str | None], ...] = (
    ("C1901", SubGroup.FEMALE_HEADED, Sex.FEMALE, 2, None),
    ("C1901", SubGroup.FEMALE_HEADED, Sex.FEMALE, 0, None),
    ("C1901", SubGroup.FEMALE_HEADED, Sex.FEMALE, 3, None),
    ("C1902", SubGroup.FEMALE_HEADED, Sex.FEMALE, 1, None),
    ("C1902", SubGroup.FEMALE_HEADED, Sex.FEMALE, 5, None),
    ("C1901", SubGroup.DISABILITY, Sex.MALE, 1, Severity.VERY_SEVERE),
    ("C1901", SubGroup.DISABILITY, Sex.FEMALE, 2, Severity.SEVERE),
    ("C1902", SubGroup.DISABILITY, Sex.MALE, 0, Severity.MODERATE),
    ("C1902", SubGroup.DISABILITY, Sex.MALE, 3, Severity.MILD),
    ("C1901", SubGroup.ELDERLY, Sex.MALE, 1, None),
    ("C1902", SubGroup.ELDERLY, Sex.FEMALE, 0, None),
    ("C1901", SubGroup.CHILDREN_WITHOUT_GUARDIANS, Sex.FEMALE, 2, None),
)
FIRST_NAMES = {Sex.FEMALE: ("سارا", "فاطمه", "زهرا", "مریم", "لیلا", "نرگس"),
               Sex.MALE: ("علی", "حسین", "رضا", "مهدی", "جواد", "ناصر")}  # fmt: skip
LAST_NAMES = ("ابراهیمی", "کریمی", "موسوی", "قاسمی", "رحیمی", "نوری", "حیدری", "سلطانی")
FAILED_REASON = "R03 حساب مسدود است"


def _jalali(year: int, month: int, day: int) -> date:
    gregorian: date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def _national_code(index: int) -> str:
    body = f"{580_100_000 + index * 37:09d}"
    return body + str(national_code_check_digit(body))


def _sheba(index: int) -> str:
    bban = f"0550000000{7_000_000_000 + index:012d}"
    return "IR" + sheba_check_digits(bban) + bban


def _seed_pensioner(index: int, plan: tuple[Any, ...], actors: dict[str, Any]) -> None:
    county, sub_group, sex, extra, severity = plan
    head_code = _national_code(index * 10)
    if Person.objects.filter(national_code=head_code).exists():
        return
    actor = actors[DEMO_MANAGER]
    scope = scope_for_user(actor)
    rng = random.Random(index)  # noqa: S311 - demo data
    last = LAST_NAMES[index % len(LAST_NAMES)]
    elderly = sub_group == SubGroup.ELDERLY
    head = registry_services.person_register(
        actor=actor,
        scope=scope,
        duplicates_confirmed=True,
        data=registry_services.PersonData(
            first_name=rng.choice(FIRST_NAMES[sex]),
            last_name=last,
            father_name=rng.choice(FIRST_NAMES[Sex.MALE]),
            birth_date=_jalali(1330 if elderly else 1360 + index, 1 + index % 12, 10),
            sex=sex,
            national_code=head_code,
        ),
    )
    if severity:
        registry_services.disability_record(
            actor=actor,
            person=head,
            disability_type=DisabilityType.PHYSICAL_MOTOR,
            severity=severity,
            decided_on=_jalali(1402, 3, 1),
            commission_reference=f"DEMO-P{head.pk}",
        )
    household = registry_services.household_create(
        actor=actor,
        scope=scope,
        head=head,
        joined_on=_jalali(1400, 1, 1),
        data=registry_services.HouseholdData(
            county=OrgUnit.objects.get(code=county),
            area=Area.URBAN,
            address=f"خیابان امام، پلاک {10 + index}",
            housing=Housing.RENTED,
            income_decile=1 + index % 3,
        ),
    )
    for child in range(extra):
        member = registry_services.person_register(
            actor=actor,
            scope=scope,
            duplicates_confirmed=True,
            data=registry_services.PersonData(
                first_name=rng.choice(FIRST_NAMES[Sex.FEMALE if child % 2 else Sex.MALE]),
                last_name=last,
                father_name=rng.choice(FIRST_NAMES[Sex.MALE]),
                birth_date=_jalali(1390 + child, 5, 5),
                sex=Sex.FEMALE if child % 2 else Sex.MALE,
                national_code=_national_code(index * 10 + child + 1),
            ),
        )
        registry_services.household_member_add(
            actor=actor,
            scope=scope,
            household=household,
            person=member,
            relationship=Relationship.CHILD,
            joined_on=_jalali(1400, 1, 1),
        )
    target = (
        TargetGroup.REHABILITATION
        if sub_group == SubGroup.DISABILITY
        else TargetGroup.SOCIAL_AFFAIRS
    )
    file = registry_services.file_open(
        actor=actor,
        scope=scope,
        household=household,
        client=head,
        target_group=target,
        sub_group=sub_group,
    )
    file = registry_services.file_to_waiting_list(actor=actor, scope=scope, file=file)
    file = registry_services.file_commission_decide(
        actor=actor,
        scope=scope,
        file=file,
        decided_on=_jalali(1404, 6, 1),
        members="دکتر سمیعی، خانم کاظمی",
        approved=True,
    )
    registry_services.file_activate(
        actor=actor,
        scope=scope,
        file=file,
        counter=OrgUnit.objects.get(code=DEMO_COUNTER),
        social_worker=actors[DEMO_SOCIAL_WORKER],
    )


def _seed_citizen_carer(world: Any, actors: dict[str, Any]) -> None:
    """The registry demo gives the citizen's mobile to the spouse in a covered Zanjan household
    with a member with a disability: she is their carer, so she receives the disability care
    allowance (a file of her own in the disability sub-group), and "My payments" has data."""
    try:
        person = person_for_citizen(user=world.citizen)
    except NotFoundError:
        return
    if ClientFile.objects.filter(client=person, state=FileState.ACTIVE).exists():
        return
    household = citizen_household(person=person)
    if household is None:
        return
    actor = actors[DEMO_MANAGER]
    scope = scope_for_user(actor)
    file = ClientFile.objects.filter(client=person).exclude(state=FileState.CLOSED).first()
    if file is None:
        file = registry_services.file_open(
            actor=actor,
            scope=scope,
            household=household,
            client=person,
            target_group=TargetGroup.REHABILITATION,
            sub_group=SubGroup.DISABILITY,
        )
    if file.state == FileState.APPLICANT:
        file = registry_services.file_to_waiting_list(actor=actor, scope=scope, file=file)
    if file.state == FileState.WAITING:
        file = registry_services.file_commission_decide(
            actor=actor,
            scope=scope,
            file=file,
            decided_on=_jalali(1404, 6, 1),
            members="دکتر سمیعی، خانم کاظمی",
            approved=True,
        )
    if file.state == FileState.APPROVED:
        registry_services.file_activate(
            actor=actor,
            scope=scope,
            file=file,
            counter=OrgUnit.objects.get(code=DEMO_COUNTER),
            social_worker=actors[DEMO_SOCIAL_WORKER],
        )


def _bank_accounts(actor: Any, programs: list[Program], citizen_mobile: str) -> None:
    """Every active client in a pension sub-group gets a Sheba, except a few: every seventh has
    none and every ninth an invalid one migrated from an old system (the service refuses it,
    so it is written directly), so the cycles show exceptions. The demo citizen is paid."""
    groups = sorted({g for p in programs for g in p.sub_groups})
    clients = (
        ClientFile.objects.filter(state=FileState.ACTIVE, sub_group__in=groups)
        .order_by("client_id")
        .values_list("client_id", flat=True)
        .distinct()
    )
    for position, person_id in enumerate(clients):
        if BankAccount.objects.filter(person_id=person_id).exists():
            continue
        person = Person.objects.get(pk=person_id)
        citizen = person.mobile == citizen_mobile
        if not citizen and position % 7 == 6:
            continue
        sheba = _sheba(person_id)
        if not citizen and position % 9 == 8:
            mistyped = sheba[:4] + sheba[5] + sheba[4] + sheba[6:]
            BankAccount.objects.create(person=person, sheba=mistyped, valid_from=date(2019, 3, 21))
            continue
        registry_services.bank_account_set(actor=actor, person=person, sheba=sheba)


def _months_back(year: int, month: int, back: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def _run(cycle: PaymentCycle, maker: Any, checker: Any, *, until: str) -> None:
    """Move a demo cycle on to `until` (computed or reconciled), from wherever it is."""
    maker_scope, checker_scope = scope_for_user(maker), scope_for_user(checker)
    if cycle.state == CycleState.OPEN:
        services.cycle_compute(actor=maker, scope=maker_scope, cycle=cycle)
    if until == CycleState.COMPUTED:
        return
    if cycle.state == CycleState.COMPUTED:
        services.cycle_approve(actor=checker, scope=checker_scope, cycle=cycle)
    if cycle.state == CycleState.APPROVED:
        "".join(services.cycle_export(actor=maker, scope=maker_scope, cycle=cycle))
    if cycle.state == CycleState.EXPORTED:
        rows = Entitlement.objects.filter(cycle=cycle, status=EntitlementStatus.PAYABLE).order_by(
            "pk"
        )
        lines = ["row_id,reference,status,reason,bank_reference"]
        for position, row in enumerate(rows):
            failed = position % 5 == 3
            lines.append(
                f"{row.pk},{row.reference},{'failed' if failed else 'paid'},"
                f"{FAILED_REASON if failed else ''},MELLI{row.pk:08d}"
            )
        services.cycle_import_results(
            actor=maker, scope=maker_scope, cycle=cycle, content="\r\n".join(lines) + "\r\n"
        )
        services.cycle_reconcile(actor=maker, scope=maker_scope, cycle=cycle)


PAST_MONTHS = 3


@transaction.atomic
def seed_pensions_demo(world: Any) -> int:
    """Programs for this Jalali year, pensioners (the demo citizen among them) with bank
    accounts, the last three months' cycles reconciled (a few transfers failed and were paid
    again the month after) and this month's computed, awaiting approval. Idempotent. Returns
    how many entitlements exist."""
    today = jdatetime.date.fromgregorian(date=timezone.localdate())
    months = [_months_back(today.year, today.month, back) for back in range(PAST_MONTHS, -1, -1)]
    programs = programs_ensure(year=today.year)
    for year in {y for y, _m in months} - {today.year}:
        programs_ensure(year=year)
    names = (DEMO_MANAGER, DEMO_SOCIAL_WORKER, "hq_finance", "hq_finance_checker")
    actors = {name: world.users[name] for name in names}
    for index, plan in enumerate(PENSIONER_PLAN):
        _seed_pensioner(index, plan, actors)
    _seed_citizen_carer(world, actors)
    _bank_accounts(actors[DEMO_MANAGER], programs, world.citizen.mobile)
    maker, checker = actors["hq_finance"], actors["hq_finance_checker"]
    for year, month in months:
        current = (year, month) == (today.year, today.month)
        for program in programs:
            cycle = services.cycle_open(
                actor=maker, scope=scope_for_user(maker), program=program, year=year, month=month
            )
            _run(
                cycle,
                maker,
                checker,
                until=CycleState.COMPUTED if current else CycleState.RECONCILED,
            )
    return Entitlement.objects.count()
