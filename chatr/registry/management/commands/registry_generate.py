"""`chatr registry_generate --households 2000000`: a national-scale registry for benchmarks.

Writes rows directly, in batches of one transaction each, bypassing the services (no audit
trail, no duplicate checks): people, households with their members, disabilities, coverage
files and bank accounts. On PostgreSQL the rows go in with COPY (ids reserved from the
sequences first); elsewhere with bulk_create, for the small counts of a test. Tops up: a run
adds households until there are --households of them, so a second run adds only the
difference. Never run it against real data. `--jobs` (default 2) forks that many writers on
PostgreSQL; connected as a superuser, the batches skip the per-row foreign-key triggers
(`session_replication_role = replica`): the rows are consistent by construction, and the
tests load them with the constraints on. About 1,000–2,000 households/s on 2 cores.

What it makes, per 2M households: about 6M people (three per household on average), about 8%
of them with a disability decided by the commission, about 1.6M ACTIVE files in the pension
sub-groups (female-headed, disability, children without guardians, elderly) and some files in
the applicant, waiting, approved and closed states; a current bank account for about 97% of
the active clients (the rest have an invalid Sheba or none, so a payment cycle has exceptions
to report). Households are spread over the 31 provinces by a rough population weight and over
each province's counties; a province with fewer than three to ten counties (by population)
gets generated ones (codes C<province>51…), and every county without a Positive Life counter
gets one (code PL<province><serial>), created through the org services like the world's units.
Records are stamped as `stamp_org_unit` would: households, their memberships and files not yet
active belong to the household's county, active files to their county's counter (as
`file_activate` does).

Deterministic: the same database, arguments and seed give the same rows. Identifiers do not
depend on the seed, only on the household's index, so runs with different seeds can top up
the same database without clashing:

- national codes: slot = household index × 8 + member number, mapped to a 9-digit body by an
  affine bijection modulo 10^9, then the check digit. A code already held by someone else
  (demo or test data) moves the slot to index × 8 + member + k × 10^8 (k = 1…9), which no
  household index below 12.5M can reach;
- file numbers: twelve-digit tracking codes like `tracking_code_issue` makes (a body whose
  first digit is not zero and a Verhoeff check digit), the body an affine bijection of the
  index modulo 9 × 10^10 with another multiplier than the watchdog generator's; each is
  recorded in the tracking-code table under the registry's namespace, so the app's random
  codes (which insert with ON CONFLICT DO NOTHING) can never issue it again, and a code
  already recorded (by the app or another generator) moves to index + k × 10^9.

Scores follow the default score factors' points, without the line-by-line breakdown; no social
worker is assigned and the caseload limits are not applied.

Dates are fixed against REFERENCE_DAY (1405/09/01), not the clock, so the rows do not change
from one day to the next; `created_at` is the time of the run.
"""

from __future__ import annotations

import json
import multiprocessing
import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from functools import lru_cache
from itertools import accumulate
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, models, transaction
from django.utils import timezone

from chatr.core.models import TrackingCode
from chatr.core.national_code import national_code_check_digit
from chatr.core.sheba import sheba_check_digits
from chatr.core.text import search_key
from chatr.core.tracking import verhoeff_check_digit
from chatr.org.data.provinces import PROVINCES
from chatr.org.models import OrgUnit, OrgUnitKind
from chatr.org.services import load_reference_units, org_unit_ensure
from chatr.registry.choices import (
    TARGET_GROUP_OF,
    Area,
    CloseReason,
    DisabilityType,
    FileState,
    Housing,
    Relationship,
    Severity,
    Sex,
    SubGroup,
)
from chatr.registry.demo import FEMALE_NAMES, LAST_NAMES, MALE_NAMES, STREETS, VILLAGES
from chatr.registry.models import (
    BankAccount,
    ClientFile,
    Disability,
    Household,
    HouseholdMember,
    Person,
)
from chatr.registry.services import FILE_NAMESPACE

REFERENCE_DAY = date(2026, 11, 22)  # 1405/09/01
_SLOTS_PER_HOUSEHOLD = 8
_MAX_HOUSEHOLDS = 10**8 // _SLOTS_PER_HOUSEHOLD  # national-code slots stay below 10^8
_NC_SPACE, _NC_MULTIPLIER, _NC_OFFSET = 10**9, 387_420_489, 271_828_182  # 3^18: coprime to 10
_FILE_SPACE, _FILE_MULTIPLIER, _FILE_OFFSET = 9 * 10**10, 7_654_321, 14_142_135_623
_FILE_INDEXES = 10**9

# Population in 10,000s (2016 census, rounded), by province code: where households live.
PROVINCE_WEIGHTS: dict[str, int] = {
    "00": 143, "01": 253, "02": 328, "03": 391, "04": 327, "05": 195, "06": 471, "07": 485,
    "08": 316, "09": 643, "10": 512, "11": 278, "12": 160, "13": 174, "14": 95, "15": 176,
    "16": 58, "17": 71, "18": 116, "19": 106, "20": 70, "21": 114, "22": 178, "23": 1327,
    "24": 127, "25": 129, "26": 127, "27": 187, "28": 86, "29": 77, "30": 271,
}  # fmt: skip
_CAPITAL_SHARE = 0.4  # of a province's households, in its capital county

# Household types: the file each gets and how its members are drawn (see Generator.household).
_KIND_WEIGHTS = {
    SubGroup.FEMALE_HEADED: 30,
    SubGroup.DISABILITY: 22,
    SubGroup.ELDERLY: 22,
    SubGroup.CHILDREN_WITHOUT_GUARDIANS: 8,
    "other": 18,  # no pension: a third have an addiction-recovery file being considered
}
# A pension household's file: 97.5% active, so 82% × 97.5% ≈ 80% of households are covered.
_PENSION_STATES = {
    FileState.ACTIVE: 975,
    FileState.WAITING: 10,
    FileState.APPLICANT: 5,
    FileState.APPROVED: 5,
    FileState.CLOSED: 5,
}
_SEVERITIES = {
    Severity.VERY_SEVERE: 15,
    Severity.SEVERE: 30,
    Severity.MODERATE: 35,
    Severity.MILD: 20,
}
_DISABILITY_TYPES = {
    DisabilityType.PHYSICAL_MOTOR: 38,
    DisabilityType.VISUAL: 12,
    DisabilityType.HEARING: 12,
    DisabilityType.SPEECH: 3,
    DisabilityType.INTELLECTUAL: 16,
    DisabilityType.CHRONIC_PSYCHIATRIC: 12,
    DisabilityType.AUTISM: 3,
    DisabilityType.MULTIPLE: 4,
}
_EXTRA_DISABILITY = 0.008  # of the people outside the disability households
_HOUSING = {Housing.OWNED: 35, Housing.RENTED: 45, Housing.FREE: 15, Housing.NONE: 5}
_DECILES = {None: 5, 1: 30, 2: 25, 3: 17, 4: 10, 5: 6, 6: 3, 7: 2, 8: 1, 9: 1}
_BANKS = ("017", "012", "019", "018", "016", "015", "055", "056", "057", "062", "021", "013")
_MOBILE_PREFIXES = ("12", "13", "15", "19", "35", "36", "37", "38", "39", "01", "02", "21")
_ALLEYS = ("کوچه گلستان", "کوچه شهید رجایی", "کوچه نسترن", "کوچه یاس", "کوچه ۱۲", "بن‌بست نور")
_SCORE_POINTS = {"very_severe": 40, "severe": 30, "moderate": 20, "mild": 10}
_MORE_MALE = ("عباس", "غلامرضا", "محمدرضا", "علیرضا", "حمید", "بهروز", "داود", "قاسم", "رسول")
_MORE_FEMALE = ("خدیجه", "اشرف", "منیژه", "فریبا", "الهام", "نسرین", "سارا", "هاجر", "بتول")
_MORE_LAST = ("کاظمی", "ملکی", "عزیزی", "طاهری", "فرجی", "باقری", "دهقان", "سبحانی", "کیانی")
_MALE = MALE_NAMES + _MORE_MALE
_FEMALE = FEMALE_NAMES + _MORE_FEMALE
_LAST = LAST_NAMES + _MORE_LAST

Row = tuple[Any, ...]


class _Picker:
    """Weighted choice without rebuilding the tables on every draw."""

    def __init__(self, weights: dict[Any, int]) -> None:
        self.population = list(weights)
        self.cumulative = list(accumulate(weights.values()))

    def __call__(self, rng: random.Random) -> Any:
        return rng.choices(self.population, cum_weights=self.cumulative)[0]


def national_code_for(slot: int) -> str:
    body = f"{(slot * _NC_MULTIPLIER + _NC_OFFSET) % _NC_SPACE:09d}"
    return body + str(national_code_check_digit(body))


def file_number_for(index: int) -> str:
    body = str(10**10 + (index * _FILE_MULTIPLIER + _FILE_OFFSET) % _FILE_SPACE)
    return body + verhoeff_check_digit(body)


def sheba_for(bban: str) -> str:
    """ "IR" + the mod-97 check digits + the 22-digit BBAN (bank code and account)."""
    return f"IR{sheba_check_digits(bban)}{bban}"


@lru_cache(maxsize=65536)
def _name_key(first: str, last: str, father: str) -> str:
    return search_key(f"{first} {last} {father}")


# ---------------------------------------------------------------- tables


class _Table:
    """The columns the generator fills for a model, then every other column's default.

    Other columns get their field default once (auto_now fields: the run's time), so a column
    someone adds later with a default does not break the COPY."""

    def __init__(self, model: type[models.Model], given: Sequence[str], now: datetime) -> None:
        self.model = model
        self.given = list(given)
        self.rest: list[str] = []
        rest_values: list[Any] = []
        for f in model._meta.concrete_fields:
            if f.attname in self.given or (f.primary_key and f.attname == "id"):
                continue
            value: Any
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                value = now
            else:
                value = f.get_default()
                if isinstance(f, models.JSONField):
                    value = json.dumps(value)
            self.rest.append(f.attname)
            rest_values.append(value)
        self.tail = tuple(rest_values)
        self.rows: list[Row] = []

    def add(self, *values: Any) -> None:
        self.rows.append(values)

    def write(self, use_copy: bool) -> None:
        if not self.rows:
            return
        names = self.given + self.rest
        if use_copy:
            by_attname = {f.attname: f.column for f in self.model._meta.concrete_fields}
            columns = ", ".join(connection.ops.quote_name(by_attname[n]) for n in names)
            table = connection.ops.quote_name(self.model._meta.db_table)
            tail = self.tail
            with connection.cursor() as cursor:
                raw = cursor.cursor  # psycopg's cursor
                with raw.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row + tail)
        else:
            objects = []
            for row in self.rows:
                values = dict(zip(names, row + self.tail, strict=True))
                for f in self.model._meta.concrete_fields:
                    if isinstance(f, models.JSONField) and f.attname in values:
                        values[f.attname] = json.loads(values[f.attname])
                objects.append(self.model(**values))
            self.model.objects.bulk_create(objects)  # type: ignore[attr-defined]
        self.rows = []


def _reserve_ids(model: type[models.Model], count: int, use_copy: bool) -> list[int]:
    table = model._meta.db_table
    with connection.cursor() as cursor:
        if use_copy:
            cursor.execute(
                "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                [table, count],
            )
            return [row[0] for row in cursor.fetchall()]
        # SQLite (tests, small counts, one writer): continue after the highest id.
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        start = int(cursor.fetchone()[0]) + 1
        return list(range(start, start + count))


# ---------------------------------------------------------------- org units


@dataclass(frozen=True)
class Place:
    """A county where households live, with the counter its active files go to."""

    county_id: int
    province_id: int
    counter_id: int


def _counties_wanted(weight: int) -> int:
    return min(10, max(3, round(weight / 100 * 1.2)))


def ensure_places() -> dict[str, list[tuple[Place, float]]]:
    """Per province code: its counties (with their counter) and the share of households each
    gets. Creates missing counties and counters through the org services."""
    load_reference_units()
    units = list(
        OrgUnit.objects.filter(
            kind__in=[OrgUnitKind.PROVINCE, OrgUnitKind.COUNTY, OrgUnitKind.COUNTER]
        ).order_by("code")
    )
    provinces = {u.code: u for u in units if u.kind == OrgUnitKind.PROVINCE}
    counties_of: dict[int, list[OrgUnit]] = {}
    counter_of: dict[int, OrgUnit] = {}
    for unit in units:
        if unit.kind == OrgUnitKind.COUNTY and unit.parent_id is not None:
            counties_of.setdefault(unit.parent_id, []).append(unit)
        elif unit.kind == OrgUnitKind.COUNTER and unit.parent_id is not None:
            counter_of.setdefault(unit.parent_id, unit)
    places: dict[str, list[tuple[Place, float]]] = {}
    for province in PROVINCES:
        unit = provinces[f"P{province.code}"]
        counties = counties_of.get(unit.pk, [])
        codes = {c.code for c in counties}
        serial = 51
        while len(counties) < _counties_wanted(PROVINCE_WEIGHTS[province.code]):
            code = f"C{province.code}{serial}"
            serial += 1
            if code in codes:
                continue
            counties.append(
                org_unit_ensure(
                    kind=OrgUnitKind.COUNTY,
                    code=code,
                    name_fa=f"شهرستان {serial - 50} {province.name_fa}",
                    name_en=f"{province.name_en} county {serial - 50}",
                    parent=unit,
                )
            )
        capital = f"C{province.code}01"
        rows: list[tuple[Place, float]] = []
        others = max(1, len(counties) - 1)
        for county in counties:
            counter = counter_of.get(county.pk) or org_unit_ensure(
                kind=OrgUnitKind.COUNTER,
                code=f"PL{county.code[1:]}",
                name_fa=f"مرکز مثبت زندگی {county.name_fa}",
                name_en=f"{county.name_en} Positive Life counter",
                parent=county,
            )
            if len(counties) == 1:
                share = 1.0
            elif county.code == capital:
                share = _CAPITAL_SHARE
            else:
                share = (1 - _CAPITAL_SHARE) / others
            assert county.province_id is not None  # noqa: S101 - a county always has one
            rows.append((Place(county.pk, county.province_id, counter.pk), share))
        places[province.code] = rows
    return places


# ---------------------------------------------------------------- rows


@dataclass
class _Member:
    slot: int
    sex: str
    born: date
    relationship: str
    first: str
    last: str
    father: str
    disability: tuple[str, str] | None = None
    pk: int = 0
    code: str = ""


class Generator:
    """Builds the rows of batch after batch; everything random comes from seeded streams."""

    def __init__(self, *, seed: int, now: datetime, use_copy: bool) -> None:
        self.seed, self.now, self.use_copy = seed, now, use_copy
        self.places = ensure_places()
        self.pick_province = _Picker(PROVINCE_WEIGHTS)
        self.pick_kind = _Picker(_KIND_WEIGHTS)
        self.pick_state = _Picker(_PENSION_STATES)
        self.pick_severity = _Picker(_SEVERITIES)
        self.pick_type = _Picker(_DISABILITY_TYPES)
        self.pick_housing = _Picker(_HOUSING)
        self.pick_decile = _Picker(_DECILES)
        self.county_pickers = {
            code: (
                [place for place, _share in rows],
                list(accumulate(share for _place, share in rows)),
            )
            for code, rows in self.places.items()
        }

    # -- people

    def _born(self, rng: random.Random, low: int, high: int) -> date:
        """A birth date for an age (in years on REFERENCE_DAY) between low and high."""
        days = rng.randrange(low * 365, high * 365 + 364)
        return REFERENCE_DAY - timedelta(days=days)

    def _person(
        self,
        rng: random.Random,
        members: list[_Member],
        *,
        sex: str,
        ages: tuple[int, int],
        relationship: str,
        last: str,
        father: str,
    ) -> _Member:
        first = rng.choice(_FEMALE if sex == Sex.FEMALE else _MALE)
        member = _Member(
            slot=len(members),
            sex=sex,
            born=self._born(rng, *ages),
            relationship=relationship,
            first=first,
            last=last,
            father=father,
        )
        members.append(member)
        return member

    def _children(
        self,
        rng: random.Random,
        members: list[_Member],
        count: int,
        *,
        parent_age: int,
        last: str,
        father: str,
        relationship: str = Relationship.CHILD,
        ages: tuple[int, int] = (0, 24),
    ) -> None:
        oldest = max(ages[0], min(ages[1], parent_age - 18))
        for _ in range(count):
            sex = Sex.FEMALE if rng.random() < 0.49 else Sex.MALE
            self._person(
                rng,
                members,
                sex=sex,
                ages=(ages[0], oldest),
                relationship=relationship,
                last=last,
                father=father,
            )

    def household(self, rng: random.Random) -> tuple[str, list[_Member], int, bool]:
        """The household's type, its members (head first), whose file it would be and whether
        it has one."""
        kind = self.pick_kind(rng)
        last = rng.choice(_LAST)
        members: list[_Member] = []
        client = 0
        if kind == SubGroup.FEMALE_HEADED:
            age = rng.randint(25, 65)
            self._person(
                rng, members, sex=Sex.FEMALE, ages=(age, age), relationship=Relationship.HEAD,
                last=last, father=rng.choice(_MALE),
            )  # fmt: skip
            count = rng.choices((0, 1, 2, 3, 4), cum_weights=(10, 35, 70, 90, 100))[0]
            self._children(rng, members, count, parent_age=age, last=last, father=rng.choice(_MALE))
        elif kind == SubGroup.ELDERLY:
            age = rng.randint(65, 90)
            sex = Sex.FEMALE if rng.random() < 0.5 else Sex.MALE
            head = self._person(
                rng, members, sex=sex, ages=(age, age), relationship=Relationship.HEAD,
                last=last, father=rng.choice(_MALE),
            )  # fmt: skip
            if rng.random() < 0.5:
                other = Sex.MALE if sex == Sex.FEMALE else Sex.FEMALE
                self._person(
                    rng, members, sex=other, ages=(max(60, age - 8), age + 4),
                    relationship=Relationship.SPOUSE, last=rng.choice(_LAST),
                    father=rng.choice(_MALE),
                )  # fmt: skip
            if rng.random() < 0.2:
                father = head.first if sex == Sex.MALE else rng.choice(_MALE)
                self._children(
                    rng, members, 1, parent_age=age, last=last, father=father, ages=(25, 50)
                )
        elif kind == SubGroup.CHILDREN_WITHOUT_GUARDIANS:
            age = rng.randint(55, 80)
            sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
            self._person(
                rng, members, sex=sex, ages=(age, age), relationship=Relationship.HEAD,
                last=last, father=rng.choice(_MALE),
            )  # fmt: skip
            count = rng.choices((1, 2, 3), cum_weights=(40, 80, 100))[0]
            self._children(
                rng, members, count, parent_age=age, last=rng.choice(_LAST),
                father=rng.choice(_MALE), relationship=Relationship.GRANDCHILD, ages=(2, 17),
            )  # fmt: skip
            client = 1
        else:  # a couple with children: the disability households and the others
            age = rng.randint(28, 70)
            female_head = kind == SubGroup.DISABILITY and rng.random() < 0.2
            head = self._person(
                rng, members, sex=Sex.FEMALE if female_head else Sex.MALE, ages=(age, age),
                relationship=Relationship.HEAD, last=last, father=rng.choice(_MALE),
            )  # fmt: skip
            if rng.random() < 0.85:
                self._person(
                    rng, members, sex=Sex.MALE if female_head else Sex.FEMALE,
                    ages=(max(20, age - 10), age + 3), relationship=Relationship.SPOUSE,
                    last=rng.choice(_LAST), father=rng.choice(_MALE),
                )  # fmt: skip
            most = 3 if kind == SubGroup.DISABILITY else 4
            count = rng.randint(0, most)
            father = rng.choice(_MALE) if female_head else head.first
            self._children(rng, members, count, parent_age=age, last=last, father=father)
            if kind == SubGroup.DISABILITY:
                # Children more often than adults.
                client = rng.randrange(len(members)) if rng.random() < 0.5 else len(members) - 1
                members[client].disability = (self.pick_type(rng), self.pick_severity(rng))
        for member in members:
            if member.disability is None and rng.random() < _EXTRA_DISABILITY:
                member.disability = (self.pick_type(rng), self.pick_severity(rng))
        return kind, members, client, kind != "other" or rng.random() < 1 / 3

    # -- a batch

    def batch(self, first: int, last: int) -> dict[str, _Table]:
        """The rows of households number first … last-1."""
        rng = random.Random(f"{self.seed}:{first}")  # noqa: S311 - benchmark data
        now = self.now
        tables = {
            "person": _Table(
                Person,
                ["id", "national_code", "first_name", "last_name", "father_name",
                 "birth_date", "sex", "mobile", "name_key"],
                now,
            ),
            "household": _Table(
                Household,
                ["id", "head_id", "area", "village", "address", "postal_code",
                 "income_decile", "housing", "org_unit_id", "scope_province_id",
                 "scope_county_id", "member_count", "most_severe_disability"],
                now,
            ),
            "member": _Table(
                HouseholdMember,
                ["household_id", "person_id", "relationship", "joined_on", "org_unit_id",
                 "scope_province_id", "scope_county_id"],
                now,
            ),
            "disability": _Table(
                Disability,
                ["person_id", "type", "severity", "decided_on", "commission_reference"],
                now,
            ),
            "code": _Table(TrackingCode, ["code", "namespace"], now),
            "file": _Table(
                ClientFile,
                ["id", "file_number", "household_id", "client_id", "target_group", "sub_group",
                 "state", "close_reason", "score", "counter_id", "activated_at", "closed_at",
                 "org_unit_id", "scope_province_id", "scope_county_id"],
                now,
            ),
            "account": _Table(
                BankAccount, ["person_id", "sheba", "holder_name", "valid_from"], now
            ),
        }  # fmt: skip
        plans = [(index, *self.household(rng)) for index in range(first, last)]
        self._identify(plans)
        with_file = [index for index, _k, _m, _c, has_file in plans if has_file]
        people_ids = iter(_reserve_ids(Person, sum(len(p[2]) for p in plans), self.use_copy))
        household_ids = iter(_reserve_ids(Household, len(plans), self.use_copy))
        file_ids = iter(_reserve_ids(ClientFile, len(with_file), self.use_copy))
        numbers = _file_numbers(with_file)
        for index, kind, members, client, has_file in plans:
            for member in members:
                member.pk = next(people_ids)
            household_id = next(household_ids)
            place, rural = self._rows(rng, tables, members, household_id)
            if has_file:
                number = numbers.get(index) or _file_number_free(index)
                file_id = next(file_ids)
                self._file(
                    rng, tables, kind, members, client, (file_id, number, household_id),
                    place, rural,
                )  # fmt: skip
        return tables

    def _identify(self, plans: list[tuple[int, str, list[_Member], int, bool]]) -> None:
        """National codes for everyone in the batch, stepping past any code already taken."""
        wanted = {}
        for index, _kind, members, _client, _has_file in plans:
            for member in members:
                slot = index * _SLOTS_PER_HOUSEHOLD + member.slot
                member.code = national_code_for(slot)
                wanted[member.code] = member
        taken = _existing(Person, "national_code", list(wanted))
        for code, member in wanted.items():
            if code not in taken and len(set(code)) > 1:
                continue
            slot = member.slot
            index = next(p[0] for p in plans if any(m is member for m in p[2]))
            for step in range(1, 10):
                candidate = national_code_for(
                    index * _SLOTS_PER_HOUSEHOLD + slot + step * _MAX_HOUSEHOLDS * 8
                )
                if (
                    len(set(candidate)) > 1
                    and not Person.objects.filter(national_code=candidate).exists()
                ):
                    member.code = candidate
                    break
            else:
                raise CommandError(f"no free national code for household {index}")

    def _rows(
        self,
        rng: random.Random,
        tables: dict[str, _Table],
        members: list[_Member],
        household_id: int,
    ) -> tuple[Place, bool]:
        province = self.pick_province(rng)
        counties, cumulative = self.county_pickers[province]
        place = rng.choices(counties, cum_weights=cumulative)[0]
        joined = REFERENCE_DAY - timedelta(days=rng.randrange(200, 6000))
        person, member_table = tables["person"], tables["member"]
        for member in members:
            adult = (REFERENCE_DAY - member.born).days >= 18 * 365
            mobile = (
                f"+989{rng.choice(_MOBILE_PREFIXES)}{rng.randrange(10**7):07d}"
                if adult and rng.random() < 0.75
                else ""
            )
            person.add(
                member.pk, member.code, member.first, member.last, member.father, member.born,
                member.sex, mobile, _name_key(member.first, member.last, member.father),
            )  # fmt: skip
            member_table.add(
                household_id, member.pk, member.relationship, max(joined, member.born),
                place.county_id, place.province_id, place.county_id,
            )  # fmt: skip
            if member.disability is not None:
                decided = max(member.born, REFERENCE_DAY - timedelta(days=rng.randrange(60, 4000)))
                tables["disability"].add(member.pk, *member.disability, decided, f"GEN-{member.pk}")
        # The household's derived facts, as services.household_facts_refresh keeps them.
        severities = [m.disability[1] for m in members if m.disability is not None]
        worst = min(severities, key=Severity.values.index) if severities else ""
        rural = rng.random() < 0.26
        street = rng.choice(STREETS)
        address = f"{street}، {rng.choice(_ALLEYS)}، پلاک {rng.randint(1, 240)}"
        tables["household"].add(
            household_id, members[0].pk, Area.RURAL if rural else Area.URBAN,
            rng.choice(VILLAGES) if rural else "", address, _postal_code(rng),
            self.pick_decile(rng), self.pick_housing(rng), place.county_id, place.province_id,
            place.county_id, len(members), worst,
        )  # fmt: skip
        return place, rural

    def _file(
        self,
        rng: random.Random,
        tables: dict[str, _Table],
        kind: str,
        members: list[_Member],
        client: int,
        ids: tuple[int, str, int],
        place: Place,
        rural: bool,
    ) -> None:
        file_id, number, household_id = ids
        sub_group: str
        if kind == "other":
            sub_group = SubGroup.ADDICTION
            state = FileState.APPLICANT if rng.random() < 0.5 else FileState.WAITING
        else:
            sub_group = kind
            state = self.pick_state(rng)
        person = members[client]
        score = 5 * (len(members) - 1) + (15 if rural else 0)
        score += 25 if members[0].sex == Sex.FEMALE and kind == SubGroup.FEMALE_HEADED else 0
        score += sum(_SCORE_POINTS[m.disability[1]] for m in members if m.disability)
        activated_at = closed_at = None
        close_reason = ""
        unit_id, province_id, county_id, counter_id = (
            place.county_id, place.province_id, place.county_id, None,
        )  # fmt: skip
        if state in (FileState.ACTIVE, FileState.CLOSED):
            days = rng.randrange(45, 3650)
            activated_at = datetime.combine(
                REFERENCE_DAY - timedelta(days=days), datetime.min.time(), tzinfo=UTC
            ) + timedelta(hours=rng.randint(5, 13))
        if state == FileState.ACTIVE:
            # As file_activate: the counter owns it, inside the same county and province.
            unit_id = counter_id = place.counter_id
            valid_from = (activated_at or self.now).date()
            draw = rng.random()
            if draw < 0.985:  # 97% valid, 1.5% invalid, 1.5% without an account
                bban = f"{rng.choice(_BANKS)}{rng.randrange(10**19):019d}"
                sheba = sheba_for(bban)
                if draw >= 0.97:  # a mistyped last digit: the checksum fails
                    sheba = sheba[:-1] + str((int(sheba[-1]) + 1) % 10)
                holder = members[0] if kind == SubGroup.CHILDREN_WITHOUT_GUARDIANS else person
                tables["account"].add(person.pk, sheba, f"{holder.first} {holder.last}", valid_from)
        elif state == FileState.CLOSED:
            closed_at = (activated_at or self.now) + timedelta(days=rng.randrange(30, 700))
            close_reason = rng.choice((CloseReason.SELF_SUFFICIENT, CloseReason.MOVED))
        tables["code"].add(number, FILE_NAMESPACE)
        tables["file"].add(
            file_id, number, household_id, person.pk, TARGET_GROUP_OF[sub_group], sub_group,
            state, close_reason, Decimal(score), counter_id, activated_at, closed_at,
            unit_id, province_id, county_id,
        )  # fmt: skip


def _postal_code(rng: random.Random) -> str:
    # First four from 1,3-9 and not all the same, fifth not 0/2/5, last five without a 2.
    while True:
        head = "".join(rng.choices("13456789", k=4))
        if len(set(head)) > 1:
            break
    return head + rng.choice("1346789") + "".join(rng.choices("013456789", k=5))


def _existing(model: type[models.Model], column: str, values: list[str]) -> set[str]:
    """Which of the values the column already holds (one indexed query)."""
    if connection.vendor != "postgresql":
        return set(model.objects.filter(**{f"{column}__in": values}).values_list(column, flat=True))  # type: ignore[attr-defined]
    table = connection.ops.quote_name(model._meta.db_table)
    with connection.cursor() as cursor:
        # One array parameter: a 15,000-item IN list costs more to send and plan than to run.
        cursor.execute(
            f"SELECT {column} FROM {table} WHERE {column} = ANY(%s)",  # noqa: S608
            [values],
        )
        return {row[0] for row in cursor.fetchall()}


def _file_numbers(indexes: list[int]) -> dict[int, str]:
    """File numbers for the households' indexes, minus those already recorded (rare)."""
    numbers = {index: file_number_for(index) for index in indexes}
    taken = _existing(TrackingCode, "code", list(numbers.values()))
    return {index: code for index, code in numbers.items() if code not in taken}


def _file_number_free(index: int) -> str:
    for step in range(1, 90):
        code = file_number_for(index + step * _FILE_INDEXES)
        if not TrackingCode.objects.filter(code=code).exists():
            return code
    raise CommandError(f"no free file number for household {index}")


_ORDER = ("person", "household", "member", "disability", "code", "file", "account")
TABLES: tuple[type[models.Model], ...] = (
    Person,
    Household,
    HouseholdMember,
    Disability,
    TrackingCode,
    ClientFile,
    BankAccount,
)


_worker: tuple[Generator, bool] | None = None  # the generator a forked worker inherits


def _write(first: int, last: int) -> int:
    """One batch in its own transaction (in the calling process or a forked worker)."""
    assert _worker is not None  # noqa: S101 - set by generate() before any batch
    generator, skip_triggers = _worker
    with transaction.atomic():
        if generator.use_copy:
            # Benchmark rows: a crash may lose the last batches, never corrupt the database.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit = off")
                if skip_triggers:
                    # The rows are consistent by construction (the test checks them): no
                    # foreign-key trigger per row at commit, which costs a third of the time.
                    cursor.execute("SET LOCAL session_replication_role = replica")
        tables = generator.batch(first, last)
        for name in _ORDER:
            tables[name].write(generator.use_copy)
    return last


def generate(
    *,
    households: int,
    seed: int = 1405,
    batch_size: int = 5_000,
    jobs: int = 1,
    progress: Callable[[str], None] | None = None,
) -> int:
    """Add households until there are `households` of them; return how many were added.

    With jobs > 1 (PostgreSQL only) forked workers write batches side by side, each on its
    own connection; the rows are the same, only the ids differ."""
    global _worker
    if households > _MAX_HOUSEHOLDS:
        raise CommandError(f"at most {_MAX_HOUSEHOLDS:,} households")
    use_copy = connection.vendor == "postgresql"
    generator = Generator(seed=seed, now=timezone.now(), use_copy=use_copy)
    existing = Household.objects.count()
    if existing >= households:
        return 0
    # Inside a transaction (a test) the batches must stay in it: one process, triggers on.
    nested = connection.in_atomic_block
    _worker = (generator, use_copy and not nested and _is_superuser())
    if nested:
        jobs = 1
    batches = [
        (first, min(first + batch_size, households))
        for first in range(existing, households, batch_size)
    ]
    started = time.monotonic()
    done = 0

    def report(last: int) -> None:
        nonlocal done
        done += 1
        if progress is not None:
            rate = (min(last, households) - existing) / max(time.monotonic() - started, 1e-9)
            progress(f"{done:>6,}/{len(batches):,} batches, {rate:,.0f} households/s")

    if jobs > 1 and use_copy:
        connection.close()  # each worker opens its own
        with multiprocessing.get_context("fork").Pool(jobs, initializer=connection.close) as pool:
            for last in pool.imap_unordered(_batch_in_worker, batches):
                report(last)
    else:
        for first, last in batches:
            report(_write(first, last))
    if use_copy:
        with connection.cursor() as cursor:
            for table in [m._meta.db_table for m in TABLES] + [OrgUnit._meta.db_table]:
                cursor.execute(f"ANALYZE {connection.ops.quote_name(table)}")
    return households - existing


def _batch_in_worker(bounds: tuple[int, int]) -> int:
    return _write(*bounds)


def _is_superuser() -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        row = cursor.fetchone()
    return bool(row and row[0])


class Command(BaseCommand):
    help = (
        "Bulk-generate a national-scale registry for benchmarks (never on real data): adds "
        "households (with people, files and bank accounts) until there are --households."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--households", type=int, required=True, help="total wanted")
        parser.add_argument("--seed", type=int, default=1405)
        parser.add_argument("--batch", type=int, default=5_000)
        parser.add_argument("--jobs", type=int, default=2, help="parallel writers (PostgreSQL)")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        added = generate(
            households=options["households"],
            seed=options["seed"],
            batch_size=options["batch"],
            jobs=options["jobs"],
            progress=self.stdout.write,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(self.style.SUCCESS(f"Added {added:,} households in {elapsed:.1f} s."))
