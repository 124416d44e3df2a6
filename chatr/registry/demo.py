"""Demo data for the registry: the default waiting-list score factors and forty households in
Zanjan and Kerman with members, disabilities and coverage files in every state, all written
through the registry's services (disabilities directly: no service records them yet).

Deterministic and idempotent: the same people every time, and a household whose head is
already registered is skipped. Needs the shared world (units and demo accounts) first.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import jdatetime
from django.contrib.auth import get_user_model
from django.db import transaction

from chatr.core.national_code import national_code_check_digit
from chatr.org.models import OrgUnit
from chatr.org.scope import scope_for_user
from chatr.registry import services
from chatr.registry.choices import (
    Area,
    ChangeType,
    CloseReason,
    DisabilityType,
    FileState,
    Housing,
    Relationship,
    Severity,
    Sex,
    SubGroup,
    TargetGroup,
)
from chatr.registry.models import (
    ChangeRequest,
    ClientFile,
    HouseholdMember,
    Person,
    ScoreFactor,
)

# (code, Persian name, English name, points): what file_score reads, in display order.
SCORE_FACTORS: tuple[tuple[str, str, str, int], ...] = (
    (
        "low_income_decile",
        "دهک درآمدی پایین (به ازای هر دهک زیر دهک ۵)",
        "Low income decile (per decile below the 5th)",
        10,
    ),
    (
        "disability_very_severe",
        "معلولیت خیلی شدید (به ازای هر عضو)",
        "Very severe disability (per member)",
        40,
    ),
    ("disability_severe", "معلولیت شدید (به ازای هر عضو)", "Severe disability (per member)", 30),
    (
        "disability_moderate",
        "معلولیت متوسط (به ازای هر عضو)",
        "Moderate disability (per member)",
        20,
    ),
    ("disability_mild", "معلولیت خفیف (به ازای هر عضو)", "Mild disability (per member)", 10),
    ("female_headed", "خانوار زن سرپرست", "Female-headed household", 25),
    (
        "household_size",
        "بعد خانوار (به ازای هر عضو به جز سرپرست)",
        "Household size (per member besides the head)",
        5,
    ),
    (
        "several_with_disability",
        "بیش از یک عضو دارای معلولیت",
        "Several members with disabilities",
        30,
    ),
    ("deprived_area", "منطقه محروم (روستایی)", "Deprived area (rural)", 15),
)

MALE_NAMES = (
    "علی", "محمد", "حسین", "رضا", "مهدی", "حسن", "امیر", "سعید", "مجید", "جواد",
    "احمد", "ابراهیم", "یوسف", "کاظم", "اکبر", "مصطفی", "هادی", "ناصر",
)  # fmt: skip
FEMALE_NAMES = (
    "فاطمه", "زهرا", "مریم", "معصومه", "سکینه", "زینب", "لیلا", "نرگس", "سمیه", "اعظم",
    "طاهره", "رقیه", "صغری", "کبری", "مهناز", "پروین", "شهلا", "آمنه",
)  # fmt: skip
LAST_NAMES = (
    "احمدی", "محمدی", "حسینی", "رضایی", "کریمی", "موسوی", "جعفری", "قاسمی", "رحیمی",
    "صادقی", "عباسی", "نوری", "مرادی", "حیدری", "اکبری", "یزدانی", "کرمانی", "زنجانی",
    "ابهری", "بهرامی", "شریفی", "سلطانی", "نجفی", "افشار",
)  # fmt: skip
STREETS = ("خیابان امام", "خیابان سعدی", "کوچه بهار", "بلوار آزادی", "خیابان طالقانی")
VILLAGES = ("قره‌بوته", "سهرین", "گوزلدره", "باغ‌صفا", "دهنو", "جوزم")

# County code → (households, the manager who registers them): 24 in Zanjan, 16 in Kerman.
COUNTIES: tuple[tuple[str, int, str], ...] = (
    ("C1901", 14, "zanjan_manager"),
    ("C1902", 10, "zanjan_manager"),
    ("C0801", 10, "kerman_manager"),
    ("C0802", 6, "kerman_manager"),
)
# Where each household's file ends up, in turn. The demo world's one Positive Life counter with
# a social worker is in Zanjan county (C1901): "active" files elsewhere stop at "approved".
FILE_PLAN = (
    FileState.APPLICANT,
    FileState.WAITING,
    FileState.ACTIVE,
    FileState.APPROVED,
    FileState.WAITING,
    FileState.ACTIVE,
    FileState.CLOSED,
    FileState.WAITING,
)
DEMO_COUNTER = "Z1901"
COUNTER_COUNTY = "C1901"
DEMO_SOCIAL_WORKER = "zanjan_social_worker"
# The shared world's citizen (chatr.demo.world.DEMO_CITIZEN_MOBILE; the registry may not
# import the demo package): the spouse in a covered Zanjan household has this mobile, so the
# citizen's "My file" (and the pensions' "My payments") have a person to show.
DEMO_CITIZEN_MOBILE = "+989121234567"
CITIZEN_PLAN_INDEX = 5  # Zanjan county, male-headed (so there is a spouse), file active


def seed_score_factors() -> int:
    """The default factors; points HQ already changed are kept. Returns how many were added."""
    added = 0
    for code, name_fa, name_en, points in SCORE_FACTORS:
        _factor, created = ScoreFactor.objects.get_or_create(
            code=code, defaults={"name_fa": name_fa, "name_en": name_en, "points": points}
        )
        added += created
    return added


@dataclass
class PersonPlan:
    data: services.PersonData
    relationship: str
    disability: tuple[str, str] | None = None


@dataclass
class HouseholdPlan:
    county: str
    manager: str
    members: list[PersonPlan]
    area: str
    address: str
    village: str
    postal_code: str
    income_decile: int | None
    housing: str
    joined_on: date
    file_state: str
    close_reason: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


def _jalali(year: int, month: int, day: int) -> date:
    gregorian: date = jdatetime.date(year, month, day).togregorian()
    return gregorian


def _national_code(rng: random.Random, taken: set[str]) -> str:
    while True:
        body = f"{rng.randrange(10**8, 10**9):09d}"
        code = body + str(national_code_check_digit(body))
        if code not in taken and len(set(code)) > 1:
            taken.add(code)
            return code


def _postal_code(rng: random.Random) -> str:
    # First four from 1,3-9 and not all the same, fifth not 0/2/5, last five without a 2.
    while True:
        head = "".join(rng.choice("13456789") for _ in range(4))
        if len(set(head)) > 1:
            break
    return head + rng.choice("1346789") + "".join(rng.choice("013456789") for _ in range(5))


def _person(
    rng: random.Random, taken: set[str], *, sex: str, last_name: str, born: date, father: str
) -> services.PersonData:
    names = FEMALE_NAMES if sex == Sex.FEMALE else MALE_NAMES
    return services.PersonData(
        first_name=rng.choice(names),
        last_name=last_name,
        father_name=father,
        birth_date=born,
        sex=sex,
        national_code=_national_code(rng, taken),
        mobile=f"+98912{rng.randrange(10**6, 10**7)}",
    )


def household_plans(seed: int = 1405) -> list[HouseholdPlan]:
    """The demo households, the same on every run."""
    rng = random.Random(seed)  # noqa: S311 - demo data
    taken: set[str] = set()
    plans: list[HouseholdPlan] = []
    for county, count, manager in COUNTIES:
        for _ in range(count):
            index = len(plans)
            last = rng.choice(LAST_NAMES)
            female_headed = index % 3 == 0
            head_sex = Sex.FEMALE if female_headed else Sex.MALE
            head = _person(
                rng,
                taken,
                sex=head_sex,
                last_name=last,
                born=_jalali(rng.randint(1335, 1375), rng.randint(1, 12), rng.randint(1, 28)),
                father=rng.choice(MALE_NAMES),
            )
            members = [PersonPlan(head, Relationship.HEAD)]
            if not female_headed:
                spouse = _person(
                    rng,
                    taken,
                    sex=Sex.FEMALE,
                    last_name=rng.choice(LAST_NAMES),
                    born=_jalali(rng.randint(1340, 1378), rng.randint(1, 12), rng.randint(1, 28)),
                    father=rng.choice(MALE_NAMES),
                )
                members.append(PersonPlan(spouse, Relationship.SPOUSE))
            father = head.first_name if head_sex == Sex.MALE else rng.choice(MALE_NAMES)
            for _child in range(rng.randint(0, 3)):
                child = _person(
                    rng,
                    taken,
                    sex=rng.choice([Sex.FEMALE, Sex.MALE]),
                    last_name=last,
                    born=_jalali(rng.randint(1385, 1402), rng.randint(1, 12), rng.randint(1, 28)),
                    father=father,
                )
                members.append(PersonPlan(child, Relationship.CHILD))
            # About a third have a member with a disability; every eighth has two.
            if index % 3 == 1 or index % 8 == 5:
                target = members[-1]
                target.disability = (
                    rng.choice(DisabilityType.values),
                    rng.choice(Severity.values),
                )
            if index % 8 == 5 and len(members) > 1:
                members[0].disability = (DisabilityType.PHYSICAL_MOTOR, Severity.MODERATE)
            rural = rng.random() < 0.35
            state = FILE_PLAN[index % len(FILE_PLAN)]
            if state == FileState.ACTIVE and county != COUNTER_COUNTY:
                state = FileState.APPROVED
            plans.append(
                HouseholdPlan(
                    county=county,
                    manager=manager,
                    members=members,
                    area=Area.RURAL if rural else Area.URBAN,
                    address=f"{rng.choice(STREETS)}، پلاک {rng.randint(1, 120)}",
                    village=rng.choice(VILLAGES) if rural else "",
                    postal_code=_postal_code(rng),
                    income_decile=rng.choice([1, 1, 2, 2, 3, 3, 4, 5, 6, None]),
                    housing=rng.choice(Housing.values),
                    joined_on=_jalali(rng.randint(1395, 1404), rng.randint(1, 12), 1),
                    file_state=state,
                    close_reason=rng.choice(
                        [CloseReason.SELF_SUFFICIENT, CloseReason.MOVED, CloseReason.INELIGIBLE]
                    ),
                )
            )
    return plans


def _file_for(plan: HouseholdPlan) -> tuple[int, str, str]:
    """Whose file it is (member index), its target group and sub-group."""
    for index, member in enumerate(plan.members):
        if member.disability:
            return index, TargetGroup.REHABILITATION, SubGroup.DISABILITY
    head = plan.members[0].data
    if head.sex == Sex.FEMALE:
        return 0, TargetGroup.SOCIAL_AFFAIRS, SubGroup.FEMALE_HEADED
    if head.birth_date < _jalali(1345, 1, 1):
        return 0, TargetGroup.SOCIAL_AFFAIRS, SubGroup.ELDERLY
    return 0, TargetGroup.PREVENTION, SubGroup.ADDICTION


def _seed_household(plan: HouseholdPlan, actors: dict[str, Any], units: dict[str, Any]) -> None:
    actor = actors[plan.manager]
    scope = scope_for_user(actor)
    people: list[Person] = []
    for member in plan.members:
        person = services.person_register(
            actor=actor, scope=scope, data=member.data, duplicates_confirmed=True
        )
        people.append(person)
        if member.disability:
            services.disability_record(
                actor=actor,
                person=person,
                disability_type=member.disability[0],
                severity=member.disability[1],
                decided_on=plan.joined_on,
                commission_reference=f"DEMO-{person.pk}",
            )
    household = services.household_create(
        actor=actor,
        scope=scope,
        head=people[0],
        joined_on=plan.joined_on,
        data=services.HouseholdData(
            county=units[plan.county],
            area=plan.area,
            address=plan.address,
            housing=plan.housing,
            village=plan.village,
            postal_code=plan.postal_code,
            income_decile=plan.income_decile,
        ),
    )
    for member, person in zip(plan.members[1:], people[1:], strict=True):
        services.household_member_add(
            actor=actor,
            scope=scope,
            household=household,
            person=person,
            relationship=member.relationship,
            joined_on=plan.joined_on,
        )
    client_index, target_group, sub_group = _file_for(plan)
    file = services.file_open(
        actor=actor,
        scope=scope,
        household=household,
        client=people[client_index],
        target_group=target_group,
        sub_group=sub_group,
    )
    if plan.file_state == FileState.APPLICANT:
        return
    file = services.file_to_waiting_list(actor=actor, scope=scope, file=file)
    if plan.file_state == FileState.WAITING:
        return
    refused = plan.file_state == FileState.CLOSED and plan.close_reason == CloseReason.INELIGIBLE
    file = services.file_commission_decide(
        actor=actor,
        scope=scope,
        file=file,
        decided_on=_jalali(1405, 7, 15),
        members="دکتر سمیعی (پزشک)، خانم کاظمی (مددکار)، آقای نادری (کارشناس توانبخشی)",
        approved=not refused,
        notes="" if not refused else "درآمد خانوار بالاتر از سقف است.",
    )
    if refused or plan.file_state == FileState.APPROVED:
        return
    if plan.county == COUNTER_COUNTY:
        file = services.file_activate(
            actor=actor,
            scope=scope,
            file=file,
            counter=units[DEMO_COUNTER],
            social_worker=actors[DEMO_SOCIAL_WORKER],
        )
    if plan.file_state == FileState.CLOSED:
        services.file_close(actor=actor, scope=scope, file=file, reason=plan.close_reason)


def _seed_move(actors: dict[str, Any]) -> None:
    """A member of one Zanjan household moves to another: the history of both is kept."""
    plans = household_plans()
    # Both in Zanjan; the first is male-headed (so it has a spouse) and its file is the head's.
    first, second = plans[2], plans[3]
    person = Person.objects.filter(national_code=first.members[-1].data.national_code).first()
    target_head = Person.objects.filter(national_code=second.members[0].data.national_code).first()
    if person is None or target_head is None or len(first.members) < 2:
        return
    target = (
        HouseholdMember.objects.filter(person=target_head, left_on__isnull=True)
        .select_related("household")
        .first()
    )
    if target is None or HouseholdMember.objects.filter(person=person).count() > 1:
        return  # already moved on an earlier run
    actor = actors["zanjan_manager"]
    services.household_member_move(
        actor=actor,
        scope=scope_for_user(actor),
        person=person,
        to=target.household,
        relationship=Relationship.OTHER,
        on=_jalali(1405, 8, 1),
    )


def _plan_household(plan: HouseholdPlan) -> Any:
    head = Person.objects.filter(national_code=plan.members[0].data.national_code).first()
    member = (
        HouseholdMember.objects.filter(person=head, left_on__isnull=True)
        .select_related("household__org_unit")
        .first()
    )
    return member.household if member else None


def seed_demo_citizen() -> Person | None:
    """Give the demo citizen's mobile to the spouse of a covered Zanjan household (the same
    person every run). Returns that person."""
    plan = household_plans()[CITIZEN_PLAN_INDEX]
    spouse = Person.objects.filter(national_code=plan.members[1].data.national_code).first()
    if spouse is None:
        return None
    if spouse.mobile != DEMO_CITIZEN_MOBILE:
        # Demo data only: no one else may keep the citizen's mobile, or the lookup is ambiguous.
        Person.objects.filter(mobile=DEMO_CITIZEN_MOBILE).exclude(pk=spouse.pk).update(mobile="")
        Person.objects.filter(pk=spouse.pk).update(mobile=DEMO_CITIZEN_MOBILE)
        spouse.refresh_from_db()
    return spouse


def _sheba(account: str) -> str:
    from chatr.core.sheba import sheba_check_digits

    return f"IR{sheba_check_digits(account)}{account}"


def _seed_change_requests(actors: dict[str, Any], citizen_person: Person | None) -> None:
    """Two pending requests in Zanjan (one from the social worker, one from the citizen), one
    approved and one rejected. Skipped once any request exists."""
    if ChangeRequest.objects.exists() or citizen_person is None:
        return
    plans = household_plans()
    officer, manager = actors["zanjan_officer"], actors["zanjan_manager"]
    worker, citizen = actors[DEMO_SOCIAL_WORKER], actors.get("citizen")
    citizen_household = _plan_household(plans[CITIZEN_PLAN_INDEX])
    covered = (
        ClientFile.objects.filter(state=FileState.ACTIVE, counter__code=DEMO_COUNTER)
        .exclude(household=citizen_household)
        .select_related("household")
        .order_by("pk")
        .first()
    )
    if covered is not None:
        services.change_request_file(
            actor=worker,
            scope_or_none=scope_for_user(worker),
            household=covered.household,
            change_type=ChangeType.ADDRESS,
            data={
                "area": Area.URBAN,
                "address": "زنجان، خیابان سعدی، کوچه یاس، پلاک ۷",
                "postal_code": "4515743911",
            },
        )
    if citizen is not None and citizen_household is not None:
        services.change_request_file(
            actor=citizen,
            scope_or_none=None,
            household=citizen_household,
            change_type=ChangeType.BANK_ACCOUNT,
            data={"person": citizen_person.pk, "sheba": _sheba("0170000000345678901234")},
            citizen=citizen_person,
        )
    approved_household = _plan_household(plans[0])
    if approved_household is not None:
        request = services.change_request_file(
            actor=officer,
            scope_or_none=scope_for_user(officer),
            household=approved_household,
            change_type=ChangeType.ADDRESS,
            data={
                "area": approved_household.area,
                "address": "زنجان، بلوار آزادی، کوچه ۱۴، پلاک ۳",
                "postal_code": "4513913871",
                "village": approved_household.village,
            },
        )
        services.change_request_approve(
            actor=manager, scope=scope_for_user(manager), request=request
        )
    rejected_household = _plan_household(plans[1])
    if rejected_household is not None:
        request = services.change_request_file(
            actor=officer,
            scope_or_none=scope_for_user(officer),
            household=rejected_household,
            change_type=ChangeType.BANK_ACCOUNT,
            data={
                "person": rejected_household.head_id,
                "sheba": _sheba("0550000000112233445566"),
            },
        )
        services.change_request_reject(
            actor=manager,
            scope=scope_for_user(manager),
            request=request,
            reason="نام صاحب حساب با نام مددجو یکی نیست؛ گواهی شبای بانک را بیاورید.",
        )


@transaction.atomic
def seed_registry_demo() -> int:
    """Score factors, then the demo households (skipping those already there). Returns how
    many households were added."""
    seed_score_factors()
    usernames = {manager for _c, _n, manager in COUNTIES} | {DEMO_SOCIAL_WORKER, "zanjan_officer"}
    actors = {u.username: u for u in get_user_model().objects.filter(username__in=usernames)}
    citizen_user = (
        get_user_model().objects.filter(mobile=DEMO_CITIZEN_MOBILE, is_staff=False).first()
    )
    if citizen_user is not None:
        actors["citizen"] = citizen_user
    codes = {code for code, _n, _m in COUNTIES} | {DEMO_COUNTER}
    units = {u.code: u for u in OrgUnit.objects.filter(code__in=codes)}
    plans = household_plans()
    registered = set(
        Person.objects.filter(
            national_code__in=[p.members[0].data.national_code for p in plans]
        ).values_list("national_code", flat=True)
    )
    added = 0
    for plan in plans:
        if plan.members[0].data.national_code in registered:
            continue
        _seed_household(plan, actors, units)
        added += 1
    _seed_move(actors)
    _seed_change_requests(actors, seed_demo_citizen())
    return added
