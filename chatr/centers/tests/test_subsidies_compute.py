"""Monthly subsidy claims: pro-rata arithmetic (hand-computed), capacity cap, licensed days
only, rates history, idempotent compute, maker–checker and scoping."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from chatr.centers import services_subsidies
from chatr.centers.choices import CareMode, LicenceType
from chatr.centers.models import Center, ClaimState, Licence, RateBasis, SubsidyClaim
from chatr.centers.selectors_subsidies import claim_get, rate_for
from chatr.centers.tests.factories import register_center
from chatr.centers.tests.test_subsidies_support import (
    CHILD_RATE,
    ELDERLY_RATE,
    admit,
    children_home,
    compute,
    discharge,
    jd,
    licensed,
    person,
    rate,
    set_account,
)
from chatr.core.errors import ApplicationError, NotFoundError
from chatr.org.scope import scope_for_user

pytestmark = pytest.mark.django_db


def _claim(center: Center, year: int, month: int) -> SubsidyClaim:
    return SubsidyClaim.objects.get(center=center, year=year, month=month)


def test_thirty_day_month_pays_mid_month_admission_and_discharge_pro_rata(world) -> None:
    # Mehr 1405 has 30 days. A: the whole month (30); B: admitted on the 11th (20);
    # C: discharged on the 16th, which is not a day in care (15). 65 resident-days.
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate(year=1405)
    op = world.kerman_manager
    admit(op, center, person(world), jd(1405, 6, 1))
    admit(op, center, person(world), jd(1405, 7, 11))
    leaving = admit(op, center, person(world), jd(1405, 6, 20))
    discharge(op, leaving, jd(1405, 7, 16))
    assert compute(world.kerman_finance, 1405, 7) == 1
    claim = _claim(center, 1405, 7)
    assert (claim.days_in_month, claim.licensed_days, claim.residents) == (30, 30, 3)
    assert claim.resident_days == claim.paid_days == 65
    # 65 × 7,000,000 / 30 = 15,166,666.67 → 15,166,667 rials.
    assert claim.amount == 15_166_667
    assert claim.rate_amount == CHILD_RATE
    assert claim.facts["licence_type"] == "childrens_home"
    assert claim.facts["first_day"] == jd(1405, 7, 1).isoformat()
    assert claim.state == ClaimState.COMPUTED and claim.prepared_by == world.kerman_finance


def test_thirty_one_day_month(world) -> None:
    # Farvardin 1405 has 31 days: admitted on the 20th → 12 days × 7,700,000 / 31.
    center = register_center(
        world.kerman_manager,
        world.unit("C0801"),
        licence_type=LicenceType.ELDERLY_CARE,
        care_mode=CareMode.RESIDENTIAL,
        grade=1,
    )
    licensed(world, center, jd(1404, 1, 1))
    rate(LicenceType.ELDERLY_CARE, amount=ELDERLY_RATE)
    admit(world.kerman_manager, center, person(world), jd(1405, 1, 20))
    compute(world.kerman_finance, 1405, 1)
    claim = _claim(center, 1405, 1)
    assert (claim.days_in_month, claim.resident_days) == (31, 12)
    assert claim.amount == 2_980_645  # 92,400,000 / 31 = 2,980,645.16


def test_twenty_nine_day_esfand(world) -> None:
    # Esfand 1404 (not a leap year) has 29 days: admitted on the 15th → 15 days.
    center = children_home(world)
    licensed(world, center, jd(1403, 1, 1))
    rate(year=1404)
    admit(world.kerman_manager, center, person(world), jd(1404, 12, 15))
    compute(world.kerman_finance, 1404, 12)
    claim = _claim(center, 1404, 12)
    assert (claim.days_in_month, claim.resident_days) == (29, 15)
    assert claim.amount == 3_620_690  # 105,000,000 / 29 = 3,620,689.66


def test_resident_days_are_capped_at_licensed_capacity(world) -> None:
    center = children_home(world, capacity=2)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    # The licensed capacity was lowered later (e.g. after an inspection).
    Center.objects.filter(pk=center.pk).update(capacity=1)
    compute(world.kerman_finance, 1405, 7)
    claim = _claim(center, 1405, 7)
    assert (claim.resident_days, claim.capacity_days, claim.paid_days) == (60, 30, 30)
    assert claim.amount == CHILD_RATE


def test_only_days_with_a_valid_licence_are_paid(world) -> None:
    center = children_home(world)
    # The licence starts on Mehr 11th: 20 licensed days.
    licensed(world, center, jd(1405, 7, 11))
    rate()
    Licence.objects.filter(center=center).update(valid_from=jd(1405, 7, 11))
    admit(world.kerman_manager, center, person(world), jd(1405, 7, 11))
    compute(world.kerman_finance, 1405, 7)
    claim = _claim(center, 1405, 7)
    assert (claim.licensed_days, claim.resident_days) == (20, 20)
    assert claim.amount == 4_666_667  # 20 × 7,000,000 / 30


def test_a_suspension_stops_payment_from_its_day(world) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    Licence.objects.filter(center=center, kind="activity_licence").update(
        status="suspended", status_changed_on=jd(1405, 7, 21)
    )
    compute(world.kerman_finance, 1405, 7)
    claim = _claim(center, 1405, 7)
    assert (claim.licensed_days, claim.resident_days) == (20, 20)


def test_no_claim_without_a_valid_licence_or_a_rate(world) -> None:
    unlicensed = children_home(world)
    rate()
    admit(world.kerman_manager, unlicensed, person(world), jd(1405, 6, 1))
    no_rate = register_center(world.kerman_manager, world.unit("C0801"))
    licensed(world, no_rate, jd(1404, 1, 1))
    assert compute(world.kerman_finance, 1405, 7) == 0
    assert not SubsidyClaim.objects.exists()


def test_per_center_rates_pay_licensed_days(world) -> None:
    center = register_center(
        world.kerman_manager,
        world.unit("C0801"),
        licence_type=LicenceType.SOCIAL_COUNSELING,
        care_mode=CareMode.DAY,
        grade=1,
    )
    licensed(world, center, jd(1405, 7, 11))
    Licence.objects.filter(center=center).update(valid_from=jd(1405, 7, 11))
    rate(LicenceType.SOCIAL_COUNSELING, CareMode.DAY, amount=50_000_000, basis=RateBasis.PER_CENTER)
    compute(world.kerman_finance, 1405, 7)
    assert _claim(center, 1405, 7).amount == 33_333_333  # 20/30 of 50,000,000


def test_rates_keep_their_history_and_apply_from_their_month(world) -> None:
    old = rate(month=1, amount=6_000_000)
    new = rate(month=7, amount=7_000_000)
    services_subsidies.rate_set(
        actor=world.hq_finance,
        scope=scope_for_user(world.hq_finance),
        data=services_subsidies.RateData(
            licence_type="childrens_home", care_mode="residential", grade=1, year=1405,
            effective_month=7, basis="per_person", amount=7_100_000,
        ),
    )  # fmt: skip
    key = {"licence_type": "childrens_home", "care_mode": "residential", "grade": 1, "year": 1405}
    assert rate_for(**key, month=6) == old
    corrected = rate_for(**key, month=7)
    assert corrected is not None and corrected.amount == 7_100_000 and corrected != new
    old.refresh_from_db()
    assert old.amount == 6_000_000  # never overwritten
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    admit(world.kerman_manager, center, person(world), jd(1405, 5, 1))
    compute(world.kerman_finance, 1405, 6)
    compute(world.kerman_finance, 1405, 7)
    assert _claim(center, 1405, 6).amount == 6_000_000
    assert _claim(center, 1405, 7).amount == 7_100_000


def test_only_hq_finance_sets_rates(world) -> None:
    data = services_subsidies.RateData(
        licence_type="childrens_home", care_mode="residential", grade=1, year=1405,
        effective_month=1, basis="per_person", amount=1,
    )  # fmt: skip
    for user in (world.kerman_finance, world.kerman_center_operator):
        with pytest.raises(ApplicationError) as refused:
            services_subsidies.rate_set(actor=user, scope=scope_for_user(user), data=data)
        assert refused.value.status == 403


def test_computing_again_is_safe_and_the_database_refuses_a_second_claim(world) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    assert compute(world.kerman_finance, 1405, 7) == 1
    assert compute(world.kerman_finance, 1405, 7) == 0
    assert compute(world.hq_finance, 1405, 7) == 0
    claim = _claim(center, 1405, 7)
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyClaim.objects.create(
            **{
                f.attname: getattr(claim, f.attname)
                for f in SubsidyClaim._meta.concrete_fields
                if f.attname != "id"
            }
        )


def test_maker_checker_and_sheba_before_approval(world) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 7)
    claim = _claim(center, 1405, 7)
    maker, checker = world.kerman_finance, world.kerman_manager
    with pytest.raises(ApplicationError) as no_sheba:
        services_subsidies.subsidy_claim_approve(
            actor=checker, scope=scope_for_user(checker), claim=claim
        )
    assert no_sheba.value.code == "claim_no_sheba"
    set_account(maker, center)
    claim = services_subsidies.subsidy_claim_recompute(
        actor=maker, scope=scope_for_user(maker), claim=claim
    )
    assert claim.sheba.startswith("IR") and claim.payee_name
    with pytest.raises(ApplicationError) as own:
        services_subsidies.subsidy_claim_approve(
            actor=maker, scope=scope_for_user(maker), claim=claim
        )
    assert own.value.code == "maker_checker" and own.value.status == 403
    approved = services_subsidies.subsidy_claim_approve(
        actor=checker, scope=scope_for_user(checker), claim=claim
    )
    assert approved.state == ClaimState.APPROVED and approved.approved_by == checker
    # The database holds the rule too.
    with pytest.raises(IntegrityError), transaction.atomic():
        SubsidyClaim.objects.filter(pk=claim.pk).update(approved_by=maker)


def test_payment_batch_exports_the_pensions_bank_layout(world) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    set_account(world.kerman_finance, center)
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    compute(world.kerman_finance, 1405, 7)
    claim = _claim(center, 1405, 7)
    services_subsidies.subsidy_claim_approve(
        actor=world.kerman_manager, scope=scope_for_user(world.kerman_manager), claim=claim
    )
    batch = services_subsidies.subsidy_batch_create(
        actor=world.kerman_finance, scope=scope_for_user(world.kerman_finance), year=1405, month=7
    )
    assert (batch.claim_count, batch.total_amount) == (1, CHILD_RATE)
    lines = list(
        services_subsidies.subsidy_batch_export(
            actor=world.kerman_finance, scope=scope_for_user(world.kerman_finance), batch=batch
        )
    )
    assert lines[0] == "row_id,sheba,amount_rials,payee_name,reference,month\r\n"
    assert lines[1].startswith(f"{claim.pk},IR062960000000100324200001,{CHILD_RATE},")
    assert f"CHS-140507-{claim.pk}" in lines[1]
    with pytest.raises(ApplicationError) as empty:
        services_subsidies.subsidy_batch_create(
            actor=world.kerman_finance,
            scope=scope_for_user(world.kerman_finance),
            year=1405,
            month=7,
        )
    assert empty.value.code == "batch_empty"


def test_province_finance_computes_its_province_only_and_zanjan_never_sees_kerman(world) -> None:
    center = children_home(world)
    licensed(world, center, jd(1404, 1, 1))
    rate()
    admit(world.kerman_manager, center, person(world), jd(1405, 6, 1))
    assert compute(world.hq_finance, 1405, 7) == 1
    claim = _claim(center, 1405, 7)
    # The nursery's operator sees only the nursery's claims; Zanjan sees nothing of Kerman.
    for user in (world.zanjan_manager, world.zanjan_officer, world.kerman_center_operator):
        with pytest.raises(NotFoundError):
            claim_get(scope=scope_for_user(user), claim_id=claim.pk)
    assert claim_get(scope=scope_for_user(world.kerman_finance), claim_id=claim.pk) == claim
    assert compute(world.kerman_finance, 1405, 8) == 1
