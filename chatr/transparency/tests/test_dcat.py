"""DCAT-AP catalogue in JSON-LD at /transparency/catalog.jsonld and /api/v1/transparency/catalog:
one dcat:Dataset per published dataset with its metadata in both languages, and distributions
whose absolute URLs really answer with the media type they announce."""

from __future__ import annotations

import json
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils.translation import gettext_lazy

from chatr.transparency import dcat
from chatr.transparency.choices import DataLicence, DatasetCategory, UpdateFrequency
from chatr.transparency.models import Dataset
from chatr.transparency.tests.factories import make_contract, make_dataset

pytestmark = pytest.mark.django_db
URL = "/transparency/catalog.jsonld"
IANA = "https://www.iana.org/assignments/media-types/"
EU = "http://publications.europa.eu/resource/authority/"


@pytest.fixture
def catalogue(world):  # type: ignore[no-untyped-def]
    hq = make_dataset(
        "HQ",
        title_fa="قراردادهای ستاد",
        title_en="Contracts of the headquarters",
        description_fa="قراردادهای ستاد ملی",
        contact_email="shafaf@example.org",
    )
    make_contract(hq, number="HQ-1")
    make_contract(make_dataset("P08", frequency=UpdateFrequency.QUARTERLY), number="08-1")
    make_dataset(
        "P08",
        code="expenditures-p08",
        category=DatasetCategory.EXPENDITURES,
        frequency=UpdateFrequency.ON_CHANGE,
    )
    make_dataset("P10", published=False)
    Dataset.objects.filter(code="contracts-p08").update(licence=DataLicence.CC0)


def fetch(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.get(URL)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    data: dict[str, Any] = json.loads(response.content)
    return data


def datasets(catalog: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {node["dct:identifier"]: node for node in catalog["dcat:dataset"]}


def texts(node: dict[str, Any], key: str) -> dict[str, str]:
    return {literal["@language"]: literal["@value"] for literal in node[key]}


def ids(value: Any) -> list[str]:
    """Every @id in a JSON-LD tree."""
    if isinstance(value, dict):
        own = [value["@id"]] if "@id" in value else []
        return own + [i for key, item in value.items() if key != "@context" for i in ids(item)]
    if isinstance(value, list):
        return [i for item in value for i in ids(item)]
    return []


def test_catalog_is_a_dcat_catalog_of_the_published_datasets_only(client, catalogue) -> None:
    catalog = fetch(client)
    assert catalog["@context"]["dcat"] == "http://www.w3.org/ns/dcat#"
    assert catalog["@context"]["dct"] == "http://purl.org/dc/terms/"
    assert catalog["@type"] == "dcat:Catalog"
    assert catalog["@id"] == f"http://testserver{URL}"
    assert sorted(datasets(catalog)) == ["contracts-hq", "contracts-p08", "expenditures-p08"]
    assert all(node["@type"] == "dcat:Dataset" for node in catalog["dcat:dataset"])
    assert catalog["foaf:homepage"] == {"@id": "http://testserver/transparency/"}
    assert catalog["dct:modified"] == {"@value": "2025-04-01", "@type": "xsd:date"}
    # Every identifier is absolute: harvesters resolve nothing against the page.
    assert all(urlsplit(i).scheme in {"http", "https", "mailto"} for i in ids(catalog))


def test_a_dataset_carries_its_metadata_in_both_languages(client, catalogue) -> None:
    node = datasets(fetch(client))["contracts-hq"]
    assert texts(node, "dct:title") == {
        "fa": "قراردادهای ستاد",
        "en": "Contracts of the headquarters",
    }
    # The English description is missing: the English title stands in (DCAT-AP requires one).
    assert texts(node, "dct:description") == {
        "fa": "قراردادهای ستاد ملی",
        "en": "Contracts of the headquarters",
    }
    assert node["dct:publisher"]["@type"] == "foaf:Agent"
    assert texts(node["dct:publisher"], "foaf:name")["en"] == "National Headquarters"
    assert node["dct:temporal"] == {
        "@type": "dct:PeriodOfTime",
        "dcat:startDate": {"@value": "2024-03-20", "@type": "xsd:date"},
        "dcat:endDate": {"@value": "2025-03-20", "@type": "xsd:date"},
    }
    assert node["dct:accrualPeriodicity"] == {"@id": f"{EU}frequency/MONTHLY"}
    assert node["dct:modified"] == {"@value": "2025-04-01", "@type": "xsd:date"}
    assert node["dcat:contactPoint"]["@type"] == "vcard:Kind"
    assert node["dcat:contactPoint"]["vcard:hasEmail"] == {"@id": "mailto:shafaf@example.org"}
    assert node["dcat:landingPage"] == {
        "@id": "http://testserver/transparency/contracts/?publisher=HQ"
    }
    assert node["dcat:theme"] == {"@id": f"{EU}data-theme/GOVE"}


def test_frequencies_use_the_eu_vocabulary(client, catalogue) -> None:
    found = {
        code: node["dct:accrualPeriodicity"]["@id"].rsplit("/", 1)[1]
        for code, node in datasets(fetch(client)).items()
    }
    assert found == {
        "contracts-hq": "MONTHLY",
        "contracts-p08": "QUARTERLY",
        "expenditures-p08": "IRREG",
    }


def test_contract_distributions_are_the_downloads_and_the_ocds_package(client, catalogue) -> None:
    node = datasets(fetch(client))["contracts-p08"]
    by_type = {d["dct:format"]["@id"].rsplit("/", 1)[1]: d for d in node["dcat:distribution"]}
    assert len(node["dcat:distribution"]) == 4
    files = [d for d in node["dcat:distribution"] if "dcat:downloadURL" in d]
    assert {d["dcat:mediaType"]["@id"] for d in files} == {
        f"{IANA}text/csv",
        f"{IANA}application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        f"{IANA}application/json",
    }
    assert by_type["CSV"]["dcat:downloadURL"] == {
        "@id": "http://testserver/transparency/contracts/download/?publisher=P08&format=csv"
    }
    # Each dataset's own licence is on its distributions.
    licences = {d["dct:license"]["@id"] for d in node["dcat:distribution"]}
    assert licences == {"https://creativecommons.org/publicdomain/zero/1.0/"}
    # The URLs answer with what they announce, narrowed to the dataset's publisher.
    for distribution in files:
        url = urlsplit(distribution["dcat:downloadURL"]["@id"])
        response = client.get(url.path, dict(pair.split("=") for pair in url.query.split("&")))
        media_type = distribution["dcat:mediaType"]["@id"].removeprefix(IANA)
        assert response.status_code == 200
        assert response["Content-Type"].startswith(media_type)
    [package] = [d for d in node["dcat:distribution"] if "dct:conformsTo" in d]
    assert package["dct:conformsTo"] == {"@id": "https://standard.open-contracting.org/1.1/en/"}
    assert package["dcat:mediaType"] == {"@id": f"{IANA}application/json"}
    url = urlsplit(package["dcat:accessURL"]["@id"])
    assert url.netloc == "testserver" and url.query == "publisher=P08"
    releases = json.loads(b"".join(client.get(url.path, {"publisher": "P08"}).streaming_content))
    assert [r["contracts"][0]["id"] for r in releases["releases"]] == ["08-1"]


def test_a_category_without_pages_is_described_by_the_portal_home(
    client, catalogue, monkeypatch
) -> None:
    from chatr.transparency import pages

    monkeypatch.delitem(pages.CATEGORY_PAGES, "expenditures", raising=False)
    node = datasets(fetch(client))["expenditures-p08"]
    [page] = node["dcat:distribution"]
    assert page["dcat:accessURL"] == {"@id": "http://testserver/transparency/"}
    assert "dcat:downloadURL" not in page
    assert page["dcat:mediaType"] == {"@id": f"{IANA}text/html"}
    assert node["dcat:landingPage"] == page["dcat:accessURL"]
    assert "dcat:contactPoint" not in node  # no e-mail nor phone was given


def test_the_api_answers_the_same_catalogue(client, catalogue) -> None:
    response = client.get("/api/v1/transparency/catalog")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert json.loads(response.content) == fetch(client)
    assert reverse("transparency:catalog") == URL


def test_an_untranslated_text_is_never_tagged_as_persian() -> None:
    assert dcat._texts(gettext_lazy("Transparency portal")) == [
        {"@value": "درگاه شفافیت", "@language": "fa"},
        {"@value": "Transparency portal", "@language": "en"},
    ]
    untranslated = "A sentence nobody has translated yet"
    assert dcat._texts(gettext_lazy(untranslated)) == [{"@value": untranslated, "@language": "en"}]


def test_expenditures_also_offer_their_fiscal_data_package_descriptor(client, world) -> None:
    from chatr.transparency.tests.test_expenditures import make_expenditure_dataset

    make_expenditure_dataset("P08")
    node = datasets(fetch(client))["expenditures-p08"]
    fdp = [d for d in node["dcat:distribution"] if "dct:conformsTo" in d]
    assert len(fdp) == 1
    assert fdp[0]["dct:conformsTo"] == {"@id": dcat.FISCAL_DATA_PACKAGE_URL}
    url = fdp[0]["dcat:accessURL"]["@id"]
    assert url.startswith("http://testserver/transparency/expenditures/datapackage.json?")
    descriptor = client.get(url.removeprefix("http://testserver")).json()
    assert descriptor["profile"] == "fiscal-data-package"


def test_plans_and_research_link_to_their_own_category() -> None:
    from chatr.org.models import OrgUnit
    from chatr.transparency import pages

    dataset = Dataset(category="research")
    dataset.org_unit = OrgUnit(code="HQ")
    assert pages.dataset_list_url(dataset).endswith("?publisher=HQ&category=research")
