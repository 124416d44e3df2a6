"""OCDS 1.1: release and record packages of the published contracts, validated against the
official 1.1.5 schemas vendored in tests/data/ocds (no network: the packages' `$ref`s to the
release schema resolve to the local copy), the mappings, pagination and what never appears."""

from __future__ import annotations

import json
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from django.test import override_settings
from jsonschema import Draft4Validator
from referencing import Registry, Resource
from referencing.exceptions import NoSuchResource
from referencing.jsonschema import DRAFT4

from chatr.transparency import ocds
from chatr.transparency.choices import ContractStatus, ProcurementMethod
from chatr.transparency.selectors import ContractFilters, contract_list
from chatr.transparency.tests.factories import (
    make_contract,
    make_dataset,
    make_party,
    make_payment,
)

pytestmark = pytest.mark.django_db
API = "/api/v1/transparency/ocds"
SCHEMAS = Path(__file__).parent / "data" / "ocds"


# ---------------------------------------------------------------- the official schemas


def _offline(uri: str) -> Resource[Any]:
    raise NoSuchResource(ref=uri)  # a reference that is not vendored fails, never downloads


@cache
def _schemas() -> dict[str, dict[str, Any]]:
    return {
        name: json.loads((SCHEMAS / f"{name}.json").read_text(encoding="utf-8"))
        for name in ("release-schema", "release-package-schema", "record-package-schema")
    }


@cache
def _registry() -> Registry[Any]:
    resources = [
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT4))
        for schema in _schemas().values()
    ]
    return Registry(retrieve=_offline).with_resources(resources)  # type: ignore[call-arg]


def schema_errors(name: str, instance: Any) -> list[str]:
    validator = Draft4Validator(
        _schemas()[name], registry=_registry(), format_checker=Draft4Validator.FORMAT_CHECKER
    )
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for error in validator.iter_errors(instance)
    ]


def body(response: Any) -> Any:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return json.loads(content)


def release_of(contract: Any) -> dict[str, Any]:
    found = list(
        ocds.with_payments(contract_list(filters=ContractFilters()).filter(pk=contract.pk))
    )
    assert len(found) == 1
    return ocds.contract_release(*found[0])


@pytest.fixture
def published(world):  # type: ignore[no-untyped-def]
    """HQ and Kerman publish contracts (one with payments); Isfahan's dataset is a draft."""
    hq = make_dataset("HQ", contact_email="shafaf@example.org", contact_phone="02161234567")
    paid = make_contract(hq, number="HQ-1", amount=9_000_000_000, party=make_party("شرکت البرز"))
    make_payment(paid, paid_on=date(2024, 7, 1), amount=2_000_000_000)
    make_payment(paid, paid_on=date(2024, 9, 1), amount=3_500_000_000)
    make_contract(hq, number="HQ-2", method=ProcurementMethod.DIRECT)
    make_contract(make_dataset("P08"), number="08-1", status=ContractStatus.COMPLETED)
    make_contract(hq, number="HQ-DRAFT", publish=False)
    hidden = make_contract(make_dataset("P10", published=False), number="10-1")
    return {"paid": paid, "hidden": hidden}


# ---------------------------------------------------------------- validation


def test_the_vendored_schemas_are_the_official_ocds_1_1_5_ones() -> None:
    schemas = _schemas()
    for name, schema in schemas.items():
        version = ocds.OCDS_SCHEMA_VERSION
        assert schema["id"] == f"https://standard.open-contracting.org/schema/{version}/{name}.json"
        assert schema["$schema"] == "http://json-schema.org/draft-04/schema#"
    assert (
        "IRR" in schemas["release-schema"]["definitions"]["Value"]["properties"]["currency"]["enum"]
    )
    # Formats are checked for real, not skipped for want of a checker.
    assert {"date-time", "uri"} <= set(Draft4Validator.FORMAT_CHECKER.checkers)


def test_release_package_validates_against_the_official_schema(client, published) -> None:
    package = body(client.get(f"{API}/releases"))
    assert schema_errors("release-package-schema", package) == []
    for release in package["releases"]:
        assert schema_errors("release-schema", release) == []
    assert package["version"] == "1.1"
    assert package["uri"] == "http://testserver/api/v1/transparency/ocds/releases"
    assert package["license"] == "https://creativecommons.org/licenses/by/4.0/"
    assert package["publisher"]["name"]
    assert package["publicationPolicy"].startswith("http://testserver/transparency/")
    assert package["publishedDate"] == max(release["date"] for release in package["releases"])


def test_record_package_validates_and_links_each_release(client, published) -> None:
    package = body(client.get(f"{API}/records"))
    assert schema_errors("record-package-schema", package) == []
    paid = published["paid"]
    record = next(r for r in package["records"] if r["ocid"].endswith("-contracts-hq-HQ-1"))
    compiled = record["compiledRelease"]
    assert compiled["tag"] == ["compiled"] and compiled["ocid"] == record["ocid"]
    assert compiled["id"] == f"{record['ocid']}-{compiled['date']}"
    link = record["releases"][0]
    url, fragment = link["url"].split("#")
    assert url == f"http://testserver{API}/releases/{paid.pk}"
    # The link leads to a package holding the release it names.
    linked = body(client.get(urlsplit(url).path))
    assert schema_errors("release-package-schema", linked) == []
    [release] = linked["releases"]
    assert release["id"] == fragment and release["date"] == link["date"]
    assert release["tag"] == link["tag"] == ["contract", "implementation"]
    assert release["contracts"] == compiled["contracts"]


def test_the_validation_refuses_what_the_standard_refuses(client, published) -> None:
    """The checks are real: codelists, formats and required fields reached through the
    packages' `$ref` to the release schema."""
    package = body(client.get(f"{API}/releases"))
    broken = json.loads(json.dumps(package))
    release = broken["releases"][0]
    release["tender"]["procurementMethod"] = "auction"
    release["contracts"][0]["status"] = "done"
    release["date"] = "2024-13-45"
    del release["initiationType"]
    broken["uri"] = "not a uri"
    errors = "\n".join(schema_errors("release-package-schema", broken))
    assert "'auction' is not one of" in errors
    assert "'done' is not one of" in errors
    assert "'2024-13-45' is not a 'date-time'" in errors
    assert "'initiationType' is a required property" in errors
    assert "'not a uri' is not a 'uri'" in errors


# ---------------------------------------------------------------- mappings


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (ProcurementMethod.TENDER, "open"),
        (ProcurementMethod.LIMITED_TENDER, "selective"),
        (ProcurementMethod.INQUIRY, "limited"),
        (ProcurementMethod.DIRECT, "direct"),
        (ProcurementMethod.EXEMPT, "direct"),
    ],
)
def test_procurement_methods_map_to_the_ocds_method_codelist(world, method, expected) -> None:
    release = release_of(make_contract(make_dataset("HQ"), method=method))
    assert release["tender"]["procurementMethod"] == expected
    assert release["tender"]["procurementMethodDetails"]  # the local (Persian) name


@pytest.mark.parametrize(
    ("status", "expected", "award"),
    [
        (ContractStatus.ACTIVE, "active", "active"),
        (ContractStatus.COMPLETED, "terminated", "active"),
        (ContractStatus.TERMINATED, "terminated", "active"),
        (ContractStatus.CANCELLED, "cancelled", "cancelled"),
    ],
)
def test_statuses_map_to_the_ocds_contract_status_codelist(world, status, expected, award) -> None:
    release = release_of(make_contract(make_dataset("HQ"), status=status))
    assert release["contracts"][0]["status"] == expected
    assert release["awards"][0]["status"] == award
    assert ("contractTermination" in release["tag"]) is (expected == "terminated")


def test_payments_become_transactions_between_buyer_and_supplier(published) -> None:
    release = release_of(published["paid"])
    buyer, supplier = release["parties"]
    assert buyer["roles"] == ["buyer", "procuringEntity", "payer"]
    assert buyer["contactPoint"] == {"email": "shafaf@example.org", "telephone": "02161234567"}
    assert release["buyer"] == {"id": buyer["id"], "name": buyer["name"]}
    assert supplier["name"] == "شرکت البرز" and supplier["roles"] == ["supplier", "payee"]
    company_id = published["paid"].counterparty.company_id
    assert supplier["identifier"] == {
        "scheme": "IR-CR",
        "id": company_id,
        "legalName": "شرکت البرز",
    }
    assert supplier["id"] == f"IR-CR-{company_id}"
    [award] = release["awards"]
    [contract] = release["contracts"]
    assert award["suppliers"] == [{"id": supplier["id"], "name": supplier["name"]}]
    assert contract["awardID"] == award["id"] == "HQ-1"
    assert contract["value"] == award["value"] == {"amount": 9_000_000_000, "currency": "IRR"}
    assert contract["dateSigned"] == "2024-06-01T00:00:00+03:30"  # the date in Tehran
    transactions = contract["implementation"]["transactions"]
    assert len(transactions) == 2
    assert sum(t["value"]["amount"] for t in transactions) == 5_500_000_000
    assert [t["date"][:10] for t in transactions] == ["2024-07-01", "2024-09-01"]
    assert {t["value"]["currency"] for t in transactions} == {"IRR"}
    assert all(t["payer"]["id"] == buyer["id"] for t in transactions)
    assert all(t["payee"]["id"] == supplier["id"] for t in transactions)
    assert release["tag"] == ["contract", "implementation"]


def test_a_contract_without_payments_has_no_implementation(world) -> None:
    release = release_of(make_contract(make_dataset("HQ"), number="Q-1"))
    assert "implementation" not in release["contracts"][0]
    assert release["tag"] == ["contract"]
    assert release["parties"][0]["roles"] == ["buyer", "procuringEntity"]
    assert release["parties"][1]["roles"] == ["supplier"]
    assert release["initiationType"] == "tender" and release["language"] == "fa"


def test_ocid_is_the_prefix_the_dataset_code_and_the_number(world) -> None:
    contract = make_contract(make_dataset("HQ"), number="Q-7")
    assert release_of(contract)["ocid"] == "ocds-chatr1-contracts-hq-Q-7"
    with override_settings(OCDS_PREFIX="ocds-abc123"):
        release = release_of(contract)
    assert release["ocid"] == "ocds-abc123-contracts-hq-Q-7"
    assert release["id"].startswith("ocds-abc123-contracts-hq-Q-7-")
    assert release["tender"]["id"] == release["ocid"]


# ---------------------------------------------------------------- what appears


def test_only_published_contracts_of_published_datasets_appear(client, published) -> None:
    releases = body(client.get(f"{API}/releases"))["releases"]
    numbers = sorted(r["contracts"][0]["id"] for r in releases)
    assert numbers == ["08-1", "HQ-1", "HQ-2"]  # neither the draft nor Isfahan's
    records = body(client.get(f"{API}/records"))["records"]
    assert sorted(r["ocid"] for r in records) == sorted(r["ocid"] for r in releases)
    response = client.get(f"{API}/releases/{published['hidden'].pk}")
    assert response.status_code == 404 and response.json()["code"] == "not_found"


def test_releases_follow_the_contract_search_filters(client, published) -> None:
    package = body(client.get(f"{API}/releases", {"publisher": "P08"}))
    assert [r["contracts"][0]["id"] for r in package["releases"]] == ["08-1"]
    assert package["releases"][0]["buyer"]["id"].endswith("-unit-P08")
    direct = body(client.get(f"{API}/releases", {"method": "direct"}))["releases"]
    assert [r["tender"]["procurementMethod"] for r in direct] == ["direct"]


def test_pages_link_to_the_next_and_previous_page(client, world) -> None:
    dataset = make_dataset("HQ")
    for n in range(5):
        make_contract(dataset, number=f"P-{n}", amount=(n + 1) * 1_000)
    first = body(client.get(f"{API}/releases", {"limit": 2, "sort": "amount"}))
    assert [r["contracts"][0]["id"] for r in first["releases"]] == ["P-0", "P-1"]
    assert schema_errors("release-package-schema", first) == []
    assert first["extensions"] == [ocds.PAGINATION_EXTENSION] and "prev" not in first["links"]
    query = parse_qs(urlsplit(first["links"]["next"]).query)
    assert query == {"limit": ["2"], "sort": ["amount"], "offset": ["2"]}
    last = body(client.get(f"{API}/releases", {"limit": 2, "sort": "amount", "offset": 4}))
    assert [r["contracts"][0]["id"] for r in last["releases"]] == ["P-4"]
    assert "next" not in last["links"] and "offset=2" in last["links"]["prev"]
    capped = body(client.get(f"{API}/releases", {"limit": 10_000}))
    assert len(capped["releases"]) == 5


def test_queries_do_not_grow_with_the_number_of_contracts(
    client, world, django_assert_max_num_queries
) -> None:
    dataset = make_dataset("HQ")
    for n in range(12):
        make_payment(make_contract(dataset, number=f"N-{n}"), amount=n + 1)
    # One query to know whether a next page exists, one for the contracts, one for payments.
    with django_assert_max_num_queries(3):
        package = body(client.get(f"{API}/releases"))
    assert len(package["releases"]) == 12
