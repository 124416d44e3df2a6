"""Monthly subsidy claims when the licence does not cover the whole month: gaps between
licences, overlapping renewals, revocations (hand-computed), and every claim against the
day-by-day rule of `selectors.center_has_valid_licence`."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from chatr.centers.choices import LicenceKind
from chatr.centers.models import Admission, Center, Licence, SubsidyClaim
from chatr.centers.selectors import center_has_valid_licence
from chatr.centers.services_subsidies import claim_amount, month_bounds
from chatr.centers.tests.factories import licence_number
from chatr.centers.tests.test_subsidies_support import (
    CHILD_RATE,
    admit,
    children_home,
    compute,
    discharge,
    jd,
    licensed,
    person,
    rate,
)

pytestmark = pytest.mark.django_db


def _claim(center: Center) -> SubsidyClaim:
    return SubsidyClaim.objects.get(center=center, year=1405, month=7)


def _licence(center: Center) -> Licence:
    return Licence.objects.get(center=center, kind=LicenceKind.ACTIVITY_LICENCE, is_current=True)


def _add_licence(center: Center, valid_from: date, valid_until: date, **fields: object) -> None:
    """A second activity licence of the center (a renewal), not the current one."""
    other = _licence(center)
    other.pk = None
    other.number = licence_number()
    other.is_current = False
    other.renews = None
    other.valid_from, other.valid_until = valid_from, valid_until
    for name, value in fields.items():
        setattr(other, name, value)
    other.save()


def test_a_gap_between_licences_pays_only_licensed_days_and_counts_residents_once(world) -> None:
    # Mehr 1405 (30 days): the old licence covers the 1st–10th (expired since), the renewal
    # the 21st on: 20 licensed days in two spans.
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    Licence.objects.filter(center=center).update(valid_until=jd(1405, 7, 10), status="expired")
    _add_licence(center, jd(1405, 7, 21), jd(1406, 7, 20))
    rate()
    op = world.kerman_manager
    admit(op, center, person(world), jd(1405, 6, 1))  # the whole month: 10 + 10 = 20
    both = admit(op, center, person(world), jd(1405, 7, 5))  # 5th–24th: 6 + 4 = 10
    discharge(op, both, jd(1405, 7, 25))
    between = admit(op, center, person(world), jd(1405, 7, 12))  # 12th–17th: unlicensed
    discharge(op, between, jd(1405, 7, 18))
    assert compute(world.kerman_finance, 1405, 7) == 1
    claim = _claim(center)
    assert (claim.licensed_days, claim.residents) == (20, 3)
    assert claim.resident_days == claim.paid_days == 30
    assert claim.amount == CHILD_RATE  # 30 × 7,000,000 / 30


def test_an_overlapping_renewal_does_not_count_days_twice(world) -> None:
    # The old licence runs to the 20th, the renewal from the 11th: 30 licensed days, not 40.
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    Licence.objects.filter(center=center).update(valid_until=jd(1405, 7, 20))
    _add_licence(center, jd(1405, 7, 11), jd(1406, 7, 10))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 7, 6))  # 25 days
    compute(world.kerman_finance, 1405, 7)
    claim = _claim(center)
    assert (claim.licensed_days, claim.residents, claim.resident_days) == (30, 1, 25)
    assert claim.amount == 5_833_333  # 25 × 7,000,000 / 30 = 5,833,333.33


def test_a_revocation_caps_capacity_days_too(world) -> None:
    # Revoked on the 16th: 15 licensed days; capacity 1 → 15 capacity-days for 30
    # resident-days.
    center = children_home(world, capacity=2)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    Center.objects.filter(pk=center.pk).update(capacity=1)
    Licence.objects.filter(center=center).update(
        status="revoked", status_changed_on=jd(1405, 7, 16)
    )
    compute(world.kerman_finance, 1405, 7)
    claim = _claim(center)
    assert (claim.licensed_days, claim.resident_days) == (15, 30)
    assert (claim.capacity_days, claim.paid_days) == (15, 15)
    assert claim.amount == 3_500_000  # 15 × 7,000,000 / 30


def test_a_licence_suspended_before_it_started_pays_nothing(world) -> None:
    center = children_home(world)
    licensed(world, center, jd(1405, 7, 11))
    Licence.objects.filter(center=center).update(
        valid_from=jd(1405, 7, 11), status="suspended", status_changed_on=jd(1405, 7, 5)
    )
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 7, 11))
    assert compute(world.kerman_finance, 1405, 7) == 0


def _expected(center: Center, start: date, days: int) -> tuple[int, int, int]:
    """Licensed days, residents and resident-days, day by day with the selector's rule."""
    month = [start + timedelta(days=i) for i in range(days)]
    open_days = {d for d in month if center_has_valid_licence(center=center, on=d)}
    stays = [
        s
        for s in Admission.objects.filter(center=center)
        if s.admitted_on < start + timedelta(days=days)
        and (s.discharged_on is None or s.discharged_on > start)
    ]
    resident_days = sum(1 for s in stays for d in open_days if s.in_care_on(d))
    return len(open_days), len(stays), resident_days


def test_every_claim_follows_the_day_by_day_licence_rule(world) -> None:
    # Whole-month licences and the partial shapes side by side, in one computation.
    op = world.kerman_manager
    rate()
    shapes = {
        "whole month": {},
        "starts on the 8th": {"valid_from": jd(1405, 7, 8)},
        "ends on the 23rd": {"valid_until": jd(1405, 7, 23), "status": "expired"},
        "suspended on the 3rd": {"status": "suspended", "status_changed_on": jd(1405, 7, 3)},
        "revoked on the 30th": {"status": "revoked", "status_changed_on": jd(1405, 7, 30)},
    }
    centers = []
    for index, changes in enumerate(shapes.values()):
        center = children_home(world, capacity=3)
        licensed(world, center, jd(1404, 1, 1))
        Licence.objects.filter(center=center).update(**changes)
        for admitted, discharged in [
            (jd(1405, 6, 1), None),
            (jd(1405, 7, 2 + index), jd(1405, 7, 19)),
            (jd(1405, 7, 15), jd(1405, 8, 2)),
            (jd(1405, 7, 27 - index), None),
        ]:
            stay = admit(op, center, person(world), admitted)
            if discharged is not None:
                discharge(op, stay, discharged)
        centers.append(center)
    # A renewal overlapping the end of a licence that expired mid-month, and a gap.
    overlap = centers[2]
    _add_licence(overlap, jd(1405, 7, 20), jd(1406, 7, 19))
    gap = centers[1]
    _add_licence(gap, jd(1405, 6, 1), jd(1405, 7, 3), status="expired")
    start, days = month_bounds(year=1405, month=7)
    assert compute(world.kerman_finance, 1405, 7) == len(centers)
    for center in centers:
        claim = _claim(center)
        licensed_days, residents, resident_days = _expected(center, start, days)
        assert (claim.licensed_days, claim.residents, claim.resident_days) == (
            licensed_days,
            residents,
            resident_days,
        ), center.pk
        paid = min(resident_days, 3 * licensed_days)
        assert claim.paid_days == paid
        assert claim.amount == claim_amount(rate_amount=CHILD_RATE, days=paid, days_in_month=30)
