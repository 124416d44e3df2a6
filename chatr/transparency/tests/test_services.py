"""Writes: parties need a valid national company ID; contracts are idempotent on the number."""

from __future__ import annotations

import pytest

from chatr.core.company_id import demo_company_id, validate_company_id
from chatr.core.errors import ApplicationError
from chatr.transparency import services
from chatr.transparency.models import Contract
from chatr.transparency.tests.factories import make_contract, make_dataset

pytestmark = pytest.mark.django_db


def test_party_needs_a_valid_company_id_typed_in_any_digits(world) -> None:
    valid = demo_company_id("1010300452")
    persian = valid.translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
    party = services.party_ensure(name="شركت نمونه", company_id=persian)
    assert party.company_id == valid
    assert party.name == "شرکت نمونه"
    broken = valid[:10] + str((int(valid[10]) + 1) % 10)
    with pytest.raises(ApplicationError) as error:
        services.party_ensure(name="x", company_id=broken)
    assert error.value.code == "company_id_invalid"
    assert validate_company_id(valid) == valid


def test_contract_record_is_idempotent_on_dataset_and_number_and_stamps_the_publisher(
    world,
) -> None:
    dataset = make_dataset("P08")
    first = make_contract(dataset, number="08-1")
    again = make_contract(dataset, number="۰۸-۱", title="عنوان تازه")
    assert first.pk == again.pk
    assert Contract.objects.count() == 1
    again.refresh_from_db()
    assert again.title == "عنوان تازه"
    assert again.org_unit.code == "P08" and again.scope_province_id == again.org_unit_id


def test_contracts_are_recorded_only_in_contracts_datasets(world) -> None:
    other = make_dataset("HQ", code="managers-hq", category="managers")
    with pytest.raises(ApplicationError) as error:
        make_contract(other)
    assert error.value.code == "dataset_not_contracts"
