"""`chatr registry_generate`: the benchmark registry is valid, stamped like the app does, and
a second run tops up instead of duplicating (SQLite and PostgreSQL)."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from chatr.core.models import TrackingCode
from chatr.core.national_code import is_valid_national_code
from chatr.core.postal_code import is_valid_postal_code
from chatr.core.sheba import is_valid_sheba
from chatr.core.tracking import is_well_formed_tracking_code
from chatr.org.models import OrgUnitKind
from chatr.registry.choices import FileState, Relationship, SubGroup
from chatr.registry.management.commands.registry_generate import (
    file_number_for,
    national_code_for,
    sheba_for,
)
from chatr.registry.models import (
    BankAccount,
    ClientFile,
    Disability,
    Household,
    HouseholdMember,
    Person,
)
from chatr.registry.services import FILE_NAMESPACE

PENSION_GROUPS = {
    SubGroup.FEMALE_HEADED,
    SubGroup.DISABILITY,
    SubGroup.CHILDREN_WITHOUT_GUARDIANS,
    SubGroup.ELDERLY,
}


def generate(households: int) -> str:
    out = StringIO()
    call_command("registry_generate", households=households, seed=7, jobs=1, stdout=out)
    return out.getvalue()


@pytest.fixture
def generated(world: Any) -> None:
    generate(50)


def test_identifiers_are_valid_and_distinct_for_every_index() -> None:
    codes = [national_code_for(slot) for slot in range(20_000)]
    assert len(set(codes)) == len(codes)
    assert all(is_valid_national_code(code) for code in codes if len(set(code)) > 1)
    numbers = [file_number_for(index) for index in range(5_000)]
    assert len(set(numbers)) == len(numbers)
    assert all(is_well_formed_tracking_code(number) for number in numbers)
    sheba = sheba_for("0170000000123456789012")
    assert is_valid_sheba(sheba)
    assert not is_valid_sheba(sheba[:-1] + str((int(sheba[-1]) + 1) % 10))


@pytest.mark.usefixtures("generated")
def test_generates_households_with_about_three_valid_people_each() -> None:
    assert Household.objects.count() == 50
    people = list(Person.objects.all())
    assert 100 <= len(people) <= 200
    assert all(is_valid_national_code(p.national_code or "") for p in people)
    assert all(p.name_key and p.first_name and p.last_name for p in people)
    assert HouseholdMember.objects.count() == len(people)
    for household in Household.objects.all():
        head = HouseholdMember.objects.get(household=household, relationship=Relationship.HEAD)
        assert head.person_id == household.head_id
        assert is_valid_postal_code(household.postal_code)
        assert household.income_decile is None or 1 <= household.income_decile <= 10
    assert Disability.objects.exists()


@pytest.mark.usefixtures("generated")
def test_records_are_stamped_as_stamp_org_unit_would() -> None:
    for household in Household.objects.select_related("org_unit"):
        county = household.org_unit
        assert county.kind == OrgUnitKind.COUNTY
        assert household.scope_county_id == county.pk == county.county_id
        assert household.scope_province_id == county.province_id
    for member in HouseholdMember.objects.select_related("household"):
        household = member.household
        assert (member.org_unit_id, member.scope_province_id, member.scope_county_id) == (
            household.org_unit_id,
            household.scope_province_id,
            household.scope_county_id,
        )
    for file in ClientFile.objects.select_related("org_unit", "household", "counter"):
        unit = file.org_unit
        assert (file.scope_province_id, file.scope_county_id) == (unit.province_id, unit.county_id)
        assert file.scope_province_id == file.household.scope_province_id
        assert file.scope_county_id == file.household.scope_county_id
        if file.state == FileState.ACTIVE:
            # file_activate: the counter owns an active file.
            assert file.counter is not None and file.counter.kind == OrgUnitKind.COUNTER
            assert file.org_unit_id == file.counter_id
            assert file.activated_at is not None
        else:
            assert file.org_unit_id == file.household.org_unit_id
            assert file.counter_id is None


@pytest.mark.usefixtures("generated")
def test_files_are_mostly_active_pensions_with_some_in_earlier_states() -> None:
    files = list(ClientFile.objects.all())
    active = [f for f in files if f.state == FileState.ACTIVE]
    assert 30 <= len(active) <= 48  # about 80% of the households
    assert {f.sub_group for f in active} <= PENSION_GROUPS
    assert {f.state for f in files} <= set(FileState.values)
    assert all(f.close_reason for f in files if f.state == FileState.CLOSED)
    for file in files:
        assert is_well_formed_tracking_code(file.file_number)
        assert HouseholdMember.objects.filter(
            household_id=file.household_id, person_id=file.client_id, left_on__isnull=True
        ).exists()
    recorded = TrackingCode.objects.filter(code__in=[f.file_number for f in files])
    assert recorded.filter(namespace=FILE_NAMESPACE).count() == len(files)


@pytest.mark.usefixtures("generated")
def test_active_clients_mostly_have_a_valid_sheba() -> None:
    active_clients = set(
        ClientFile.objects.filter(state=FileState.ACTIVE).values_list("client_id", flat=True)
    )
    accounts = list(BankAccount.objects.filter(ended_on__isnull=True))
    assert {a.person_id for a in accounts} <= active_clients
    valid = [a for a in accounts if is_valid_sheba(a.sheba)]
    assert len(valid) >= 0.9 * len(active_clients)


@pytest.mark.usefixtures("generated")
def test_a_second_run_adds_nothing_and_a_larger_one_tops_up() -> None:
    counts = (Person.objects.count(), ClientFile.objects.count(), BankAccount.objects.count())
    assert "Added 0 households" in generate(50)
    assert (Person.objects.count(), ClientFile.objects.count(), BankAccount.objects.count()) == (
        counts
    )
    generate(60)
    assert Household.objects.count() == 60
    assert Person.objects.count() > counts[0]
