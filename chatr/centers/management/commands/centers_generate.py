"""`chatr centers_generate --centers 20000 --residents 300000`: care centers with licences and
residents at national scale, for the subsidy benchmark. Never run it against real data.

Writes rows directly (no services, no audit trail), with COPY on PostgreSQL and bulk_create
elsewhere, reusing the registry generator's helpers (`_Table`, `_reserve_ids`, `_Picker`,
`ensure_places`, `PROVINCE_WEIGHTS`, `REFERENCE_DAY`). Tops up: a run adds centers until there
are --centers generated ones (org unit codes `GC000001`…) and residents until there are
--residents generated admissions. Deterministic for the same database, arguments and seed.

Each center is an org unit (kind center) under a county, its path and copied-down keys set as
`org_unit_create` would; one activity licence (about 90% in force for the whole of the months
around REFERENCE_DAY, 5% starting in the middle of the month before it, 5% expired a year
before). Residents are registry people (residence codes `GR…`, so no national code clashes
with the registry generator's) admitted within two years before REFERENCE_DAY, never above a
center's capacity; about 15% are discharged since.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from chatr.centers.choices import CareMode, CenterStatus, LicenceType, Ownership
from chatr.centers.models import Admission, Center, Licence
from chatr.core.text import search_key
from chatr.org.models import OrgUnit, OrgUnitKind, encode_segment
from chatr.registry.management.commands.registry_generate import (
    PROVINCE_WEIGHTS,
    REFERENCE_DAY,
    _Picker,
    _reserve_ids,
    _Table,
    ensure_places,
)
from chatr.registry.models import Person

_TYPES = _Picker(
    {
        LicenceType.REHABILITATION: 20, LicenceType.ELDERLY_CARE: 16,
        LicenceType.CHILDRENS_HOME: 8, LicenceType.ADDICTION_TREATMENT: 14,
        LicenceType.CHRONIC_PSYCHIATRIC: 6, LicenceType.KINDERGARTEN: 12,
        LicenceType.VOCATIONAL_TRAINING: 6, LicenceType.WOMENS_HEALTH_HOUSE: 4,
        LicenceType.SOCIAL_COUNSELING: 6, LicenceType.SOCIAL_WORK_CLINIC: 4,
        LicenceType.GENETIC_COUNSELING: 2, LicenceType.NGO: 2,
    }
)  # fmt: skip
_MODES = (CareMode.RESIDENTIAL, CareMode.RESIDENTIAL, CareMode.DAY, CareMode.HOME_CARE)
_NAMES = ("امید", "مهر", "رویش", "آفتاب", "بهار", "نیکان", "همراه", "یاس", "سپیده", "کوثر")
_FIRST = ("مریم", "زهرا", "علی", "محمد", "حسین", "رضا", "نرگس", "سارا", "مهدی", "لیلا")
_LAST = ("احمدی", "رضایی", "کریمی", "حسینی", "محمدی", "موسوی", "جعفری", "رحیمی")
CENTER_PREFIX = "GC"


def _province_picker(places: dict[str, list[Any]]) -> _Picker:
    return _Picker({code: PROVINCE_WEIGHTS[code] for code in places})


@transaction.atomic
def _write_centers(first: int, count: int, seed: int, use_copy: bool) -> None:
    now = timezone.now()
    places = ensure_places()
    provinces = _province_picker(places)
    county_ids = [p.county_id for rows in places.values() for p, _share in rows]
    counties = {u.pk: u for u in OrgUnit.objects.filter(pk__in=county_ids)}
    units = _Table(
        OrgUnit,
        ["id", "kind", "code", "name_fa", "name_en", "parent_id", "path", "depth",
         "province_id", "county_id", "is_active"],
        now,
    )  # fmt: skip
    centers = _Table(
        Center,
        ["org_unit_id", "licence_type", "ownership", "care_mode", "grade", "capacity", "address",
         "status", "search_name", "scope_province_id", "scope_county_id"],
        now,
    )  # fmt: skip
    licences = _Table(
        Licence,
        ["center_id", "kind", "number", "issued_on", "valid_from", "valid_until", "status",
         "is_current", "org_unit_id", "scope_province_id", "scope_county_id"],
        now,
    )  # fmt: skip
    unit_ids = _reserve_ids(OrgUnit, count, use_copy)
    center_ids = _reserve_ids(Center, count, use_copy)
    for k in range(count):
        index = first + k
        rng = random.Random(f"{seed}-center-{index}")  # noqa: S311 - benchmark data
        rows = places[provinces(rng)]
        place = rng.choices([p for p, _s in rows], weights=[s for _p, s in rows])[0]
        county = counties[place.county_id]
        licence_type = _TYPES(rng)
        mode = rng.choice(_MODES)
        name = rng.choice(_NAMES)
        name_fa = f"مرکز {name} {county.name_fa} {index}"
        name_en = f"Center {index}, {county.name_en}"
        unit_id, center_id = unit_ids[k], center_ids[k]
        units.add(
            unit_id, OrgUnitKind.CENTER, f"{CENTER_PREFIX}{index:06d}", name_fa, name_en,
            county.pk, county.path + encode_segment(unit_id) + "/", county.depth + 1,
            county.province_id, county.pk, True,
        )  # fmt: skip
        centers.add(
            unit_id, licence_type, rng.choice(list(Ownership.values)), mode,
            1 if rng.random() < 0.6 else 2, rng.randint(10, 40), county.name_fa,
            CenterStatus.ACTIVE, search_key(f"{name_fa} {name_en}"), county.province_id,
            county.pk,
        )  # fmt: skip
        roll = rng.random()
        if roll < 0.9:
            start = REFERENCE_DAY - timedelta(days=rng.randint(200, 900))
        elif roll < 0.95:
            start = REFERENCE_DAY - timedelta(days=rng.randint(20, 40))
        else:
            start = REFERENCE_DAY - timedelta(days=3 * 365 + 400)
        end = start + timedelta(days=3 * 365)
        status = "valid" if end >= REFERENCE_DAY else "expired"
        licences.add(
            center_id, "activity_licence", f"G{index:09d}", start - timedelta(days=7), start,
            end, status, True, unit_id, county.province_id, county.pk,
        )  # fmt: skip
    # Centers take their reserved ids in order: the licence rows refer to them.
    centers.given.insert(0, "id")
    centers.rows = [(center_ids[i], *row) for i, row in enumerate(centers.rows)]
    centers.rest = [n for n in centers.rest if n != "id"]
    units.write(use_copy)
    centers.write(use_copy)
    licences.write(use_copy)


@transaction.atomic
def _write_residents(first: int, count: int, seed: int, use_copy: bool) -> int:
    """Admissions to the generated centers, up to each one's capacity (a center's places are
    filled in center order, so a top-up continues where the last run stopped)."""
    now = timezone.now()
    open_by_center = dict(
        Admission.objects.filter(
            center__org_unit__code__startswith=CENTER_PREFIX, discharged_on__isnull=True
        )
        .values_list("center_id")
        .annotate(n=models_count())
    )
    free = []
    for center_id, unit_id, province, county, capacity in (
        Center.objects.filter(org_unit__code__startswith=CENTER_PREFIX)
        .order_by("pk")
        .values_list("pk", "org_unit_id", "scope_province_id", "scope_county_id", "capacity")
    ):
        room = capacity - open_by_center.get(center_id, 0)
        free.extend([(center_id, unit_id, province, county)] * max(room, 0))
    count = min(count, len(free))
    people = _Table(
        Person,
        ["id", "residence_code", "first_name", "last_name", "birth_date", "sex", "name_key"],
        now,
    )
    stays = _Table(
        Admission,
        ["center_id", "person_id", "admitted_on", "discharged_on", "discharge_reason",
         "is_child_record", "org_unit_id", "scope_province_id", "scope_county_id"],
        now,
    )  # fmt: skip
    person_ids = _reserve_ids(Person, count, use_copy)
    rng = random.Random(f"{seed}-residents-{first}")  # noqa: S311 - benchmark data
    slots = rng.sample(range(len(free)), count)
    discharged = 0
    for k in range(count):
        index = first + k
        center_id, unit_id, province, county = free[slots[k]]
        first_name, last_name = rng.choice(_FIRST), rng.choice(_LAST)
        born = date(1940, 1, 1) + timedelta(days=rng.randint(0, 80 * 365))
        people.add(
            person_ids[k], f"GR{index:09d}", first_name, last_name, born,
            "female" if k % 2 else "male", search_key(f"{first_name} {last_name}"),
        )  # fmt: skip
        admitted = REFERENCE_DAY - timedelta(days=rng.randint(1, 730))
        out, reason = None, ""
        if rng.random() < 0.15:
            # A discharged stay leaves its place to a later admission in the same center.
            out = admitted + timedelta(days=rng.randint(1, (REFERENCE_DAY - admitted).days))
            reason = "returned_home"
            discharged += 1
        child = (admitted - born).days < 18 * 365
        stays.add(center_id, person_ids[k], admitted, out, reason, child, unit_id, province, county)
    people.write(use_copy)
    stays.write(use_copy)
    return count


def models_count() -> Any:
    from django.db.models import Count

    return Count("pk")


def generate(
    *,
    centers: int,
    residents: int,
    seed: int = 1405,
    batch_size: int = 5_000,
    progress: Callable[[str], Any] = lambda _line: None,
) -> tuple[int, int]:
    """Top up to `centers` generated centers and `residents` generated admissions; return
    how many of each were added."""
    use_copy = connection.vendor == "postgresql"
    have = OrgUnit.objects.filter(code__startswith=CENTER_PREFIX).count()
    added_centers = 0
    while have < centers:
        count = min(batch_size, centers - have)
        _write_centers(have + 1, count, seed, use_copy)
        have += count
        added_centers += count
        progress(f"{have:,} centers")
    have_residents = Admission.objects.filter(
        center__org_unit__code__startswith=CENTER_PREFIX
    ).count()
    added = 0
    while have_residents < residents:
        count = min(batch_size * 4, residents - have_residents)
        made = _write_residents(have_residents + 1, count, seed, use_copy)
        if not made:
            break
        have_residents += made
        added += made
        progress(f"{have_residents:,} residents")
    return added_centers, added


class Command(BaseCommand):
    help = (
        "Bulk-generate care centers with licences and residents for the subsidy benchmark "
        "(never on real data)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--centers", type=int, required=True, help="total wanted")
        parser.add_argument("--residents", type=int, required=True, help="total wanted")
        parser.add_argument("--seed", type=int, default=1405)

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.monotonic()
        centers, residents = generate(
            centers=options["centers"],
            residents=options["residents"],
            seed=options["seed"],
            progress=self.stdout.write,
        )
        elapsed = time.monotonic() - started
        self.stdout.write(
            self.style.SUCCESS(
                f"Added {centers:,} centers and {residents:,} residents in {elapsed:.1f} s."
            )
        )
