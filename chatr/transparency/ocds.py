"""OCDS 1.1 (Open Contracting Data Standard): published contracts as releases, release packages
and record packages.

One contract is one contracting process (`ocid` = prefix + dataset code + contract number) and
its current state is one release: the publisher's org unit is the buyer (and procuring entity,
and payer once something was paid), the party is the supplier (and payee), the contract is one
award and one contract, and its payments are the contract's implementation transactions. The
record of a process links that release and carries it again as the compiled release.

Only published data leaves this module: contracts come from the public selectors, so a
publishing rule added there applies here too. Packages are written as a stream of JSON text
(`release_package_chunks`, `record_package_chunks`): releases are built one at a time from the
cursor, and the package's `publishedDate` and `license`, which depend on the releases, are
written after them (JSON object keys have no order).

docs/transparency.md ("Open standards: OCDS and DCAT") lists the mappings.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any, Final
from urllib.parse import quote

from django.conf import settings
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from chatr.core.errors import NotFoundError
from chatr.transparency.choices import ContractStatus, DataLicence, ProcurementMethod
from chatr.transparency.models import Contract, ContractPayment
from chatr.transparency.selectors import ContractFilters, contract_list

OCDS_VERSION: Final = "1.1"
# The published schema these packages follow (tests validate against a vendored copy).
OCDS_SCHEMA_VERSION: Final = "1__1__5"
OCDS_STANDARD_URL: Final = "https://standard.open-contracting.org/1.1/en/"
# A registered-style prefix: "ocds-" and six characters. Until the organization registers its
# own with the Open Contracting Partnership, settings.OCDS_PREFIX can replace it.
DEFAULT_OCID_PREFIX: Final = "ocds-chatr1"
CURRENCY: Final = "IRR"
# Suppliers are identified by their national company ID (شناسه ملی of legal entities). The
# scheme is this local code until one is chosen from the org-id.guide lists.
PARTY_SCHEME: Final = "IR-CR"
RELEASE_LANGUAGE: Final = "fa"
# `links.next/prev` on a paged release package come from the pagination extension.
PAGINATION_EXTENSION: Final = (
    "https://raw.githubusercontent.com/open-contracting-extensions/"
    "ocds_pagination_extension/master/extension.json"
)
# Canonical licence URLs of DataLicence (also the DCAT catalogue's dct:license).
LICENCE_URLS: Final[dict[str, str]] = {
    DataLicence.CC_BY_4: "https://creativecommons.org/licenses/by/4.0/",
    DataLicence.CC0: "https://creativecommons.org/publicdomain/zero/1.0/",
}
# How the counterparty was chosen → OCDS `method` codelist (closed).
PROCUREMENT_METHODS: Final[dict[str, str]] = {
    ProcurementMethod.TENDER: "open",
    ProcurementMethod.LIMITED_TENDER: "selective",
    ProcurementMethod.INQUIRY: "limited",
    ProcurementMethod.DIRECT: "direct",
    ProcurementMethod.EXEMPT: "direct",
}
# Contract status → OCDS `contractStatus` codelist (closed). "terminated" is OCDS's word for a
# contract that was in force and has come to a close, completed or ended early.
CONTRACT_STATUSES: Final[dict[str, str]] = {
    ContractStatus.ACTIVE: "active",
    ContractStatus.COMPLETED: "terminated",
    ContractStatus.TERMINATED: "terminated",
    ContractStatus.CANCELLED: "cancelled",
}
OCDS_CHUNK: Final = 500


def ocid_prefix() -> str:
    return str(getattr(settings, "OCDS_PREFIX", DEFAULT_OCID_PREFIX))


def contract_ocid(contract: Contract) -> str:
    """`ocds-chatr1-contracts-hq-C-00012`: the prefix, the dataset's code, the number."""
    return f"{ocid_prefix()}-{contract.dataset.code}-{contract.number}"


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day_start(value: date) -> str:
    """A calendar date as OCDS's date-time: its start in the organization's time zone."""
    return datetime.combine(value, time.min, tzinfo=timezone.get_default_timezone()).isoformat()


def _day_end(value: date) -> str:
    return datetime.combine(
        value, time(23, 59, 59), tzinfo=timezone.get_default_timezone()
    ).isoformat()


def _value(amount: int) -> dict[str, Any]:
    return {"amount": amount, "currency": CURRENCY}


def _label(choices: Any, value: str) -> str:
    """The Persian label of a choice: releases are in Persian (`language`: "fa")."""
    with translation.override(RELEASE_LANGUAGE):
        return str(dict(choices.choices).get(value, value))


def release_date(contract: Contract, payments: Sequence[ContractPayment]) -> datetime:
    """The last change of the contract or of its payments."""
    return max([contract.updated_at, *(payment.updated_at for payment in payments)])


def release_tags(contract: Contract, payments: Sequence[ContractPayment]) -> list[str]:
    tags = ["contract"]
    if payments:
        tags.append("implementation")
    if contract.status in (ContractStatus.COMPLETED, ContractStatus.TERMINATED):
        tags.append("contractTermination")
    return tags


def _release_id(ocid: str, when: datetime) -> str:
    # Unique within the process: one release per state; never contains "#".
    return f"{ocid}-{when.astimezone(UTC):%Y%m%dT%H%M%SZ}".replace("#", "-")


def contract_release(contract: Contract, payments: Sequence[ContractPayment]) -> dict[str, Any]:
    """The release of `contract`'s current state (its dataset, party and org unit loaded)."""
    ocid = contract_ocid(contract)
    when = release_date(contract, payments)
    unit = contract.org_unit
    party = contract.counterparty
    dataset = contract.dataset
    buyer_ref = {"id": f"{ocid_prefix()}-unit-{unit.code}", "name": unit.name_fa}
    supplier_ref = {"id": f"{PARTY_SCHEME}-{party.company_id}", "name": party.name}

    buyer: dict[str, Any] = {
        **buyer_ref,
        "roles": ["buyer", "procuringEntity", *(["payer"] if payments else [])],
    }
    if unit.name_en:
        buyer["name_en"] = unit.name_en
    contact = {
        key: value
        for key, value in (("email", dataset.contact_email), ("telephone", dataset.contact_phone))
        if value
    }
    if contact:
        buyer["contactPoint"] = contact
    supplier = {
        **supplier_ref,
        "identifier": {"scheme": PARTY_SCHEME, "id": party.company_id, "legalName": party.name},
        "roles": ["supplier", *(["payee"] if payments else [])],
    }

    contract_block: dict[str, Any] = {
        "id": contract.number,
        "awardID": contract.number,
        "title": contract.title,
        "status": CONTRACT_STATUSES[contract.status],
        "statusDetails": _label(ContractStatus, contract.status),
        "value": _value(contract.amount),
        "period": {
            "startDate": _day_start(contract.starts_on),
            "endDate": _day_end(contract.ends_on),
        },
        "dateSigned": _day_start(contract.signed_on),
    }
    if payments:
        contract_block["implementation"] = {
            "transactions": [
                {
                    "id": str(payment.pk),
                    "date": _day_start(payment.paid_on),
                    "value": _value(payment.amount),
                    "payer": buyer_ref,
                    "payee": supplier_ref,
                }
                for payment in payments
            ]
        }
    return {
        "ocid": ocid,
        "id": _release_id(ocid, when),
        "date": _timestamp(when),
        "language": RELEASE_LANGUAGE,
        "tag": release_tags(contract, payments),
        "initiationType": "tender",
        "parties": [buyer, supplier],
        "buyer": buyer_ref,
        "tender": {
            "id": ocid,
            "title": contract.title,
            "status": "complete",
            "procuringEntity": buyer_ref,
            "procurementMethod": PROCUREMENT_METHODS[contract.method],
            "procurementMethodDetails": _label(ProcurementMethod, contract.method),
        },
        "awards": [
            {
                "id": contract.number,
                "title": contract.title,
                "status": "cancelled" if contract.status == ContractStatus.CANCELLED else "active",
                "date": _day_start(contract.signed_on),
                "value": _value(contract.amount),
                "suppliers": [supplier_ref],
            }
        ],
        "contracts": [contract_block],
    }


def compiled_release(release: dict[str, Any]) -> dict[str, Any]:
    """The record's compiled release: the one release, tagged "compiled", id `{ocid}-{date}`."""
    return {**release, "id": f"{release['ocid']}-{release['date']}", "tag": ["compiled"]}


# ---------------------------------------------------------------- reading contracts


def with_payments(
    contracts: QuerySet[Contract],
) -> Iterator[tuple[Contract, list[ContractPayment]]]:
    """Public contracts (from a selector) with their datasets and payments, chunk by chunk.

    Payments are prefetched per chunk (two queries a chunk) rather than read with
    `selectors.contract_payments` one contract at a time; they are the public contract's own.
    """
    rows = contracts.select_related("dataset").prefetch_related("payments")
    for contract in rows.iterator(chunk_size=OCDS_CHUNK):
        yield contract, list(contract.payments.all())


# ---------------------------------------------------------------- packages


@dataclass(frozen=True)
class PackageMeta:
    """What a package says about itself; absolute URLs built from the request."""

    uri: str
    publication_policy: str
    next_url: str = ""
    prev_url: str = ""


def publisher_name() -> str:
    return str(
        getattr(settings, "OCDS_PUBLISHER_NAME", "") or _("State Welfare Organization of Iran")
    )


def package_licence(licences: Iterable[str]) -> str | None:
    """One licence for the package: the datasets' own when they agree; when they differ, CC BY
    4.0, whose attribution requirement covers the CC0 part too."""
    found = set(licences)
    if not found:
        return None
    code = found.pop() if len(found) == 1 else DataLicence.CC_BY_4
    return LICENCE_URLS.get(code)


def _head(meta: PackageMeta, *, paged: bool) -> dict[str, Any]:
    head: dict[str, Any] = {
        "uri": meta.uri,
        "version": OCDS_VERSION,
        "publisher": {"name": publisher_name()},
        "publicationPolicy": meta.publication_policy,
    }
    if paged:
        head["extensions"] = [PAGINATION_EXTENSION]
    return head


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _package_chunks(
    *,
    meta: PackageMeta,
    key: str,
    items: Iterable[tuple[Contract, list[ContractPayment]]],
    build: Callable[[Contract, dict[str, Any]], dict[str, Any]],
    paged: bool,
) -> Iterator[str]:
    """`{head…, "<key>": [item, item, …], "publishedDate": …, "license": …}` piece by piece."""
    head = _dumps(_head(meta, paged=paged))
    yield head[:-1] + f',"{key}":['
    last_change: datetime | None = None
    licences: set[str] = set()
    for index, (contract, payments) in enumerate(items):
        when = release_date(contract, payments)
        last_change = when if last_change is None else max(last_change, when)
        licences.add(contract.dataset.licence)
        item = build(contract, contract_release(contract, payments))
        yield ("," if index else "") + _dumps(item)
    tail: dict[str, Any] = {"publishedDate": _timestamp(last_change or timezone.now())}
    licence = package_licence(licences)
    if licence:
        tail["license"] = licence
    links = {name: url for name, url in (("next", meta.next_url), ("prev", meta.prev_url)) if url}
    if links:
        tail["links"] = links
    yield "]," + _dumps(tail)[1:]


def release_package_chunks(
    items: Iterable[tuple[Contract, list[ContractPayment]]],
    *,
    meta: PackageMeta,
    paged: bool = False,
) -> Iterator[str]:
    """A release package (JSON text, streamed) with one release per contract."""
    return _package_chunks(
        meta=meta, key="releases", items=items, build=lambda _c, release: release, paged=paged
    )


def record_package_chunks(
    items: Iterable[tuple[Contract, list[ContractPayment]]],
    *,
    meta: PackageMeta,
    release_url: Callable[[Contract], str],
    paged: bool = False,
) -> Iterator[str]:
    """A record package (JSON text, streamed): per contract, its release linked by URL (the
    release package of that one contract, then `#` and the release id) and the compiled
    release."""

    def record(contract: Contract, release: dict[str, Any]) -> dict[str, Any]:
        return {
            "ocid": release["ocid"],
            "releases": [
                {
                    "url": f"{release_url(contract)}#{quote(release['id'], safe='-_.~')}",
                    "date": release["date"],
                    "tag": release["tag"],
                }
            ],
            "compiledRelease": compiled_release(release),
        }

    return _package_chunks(meta=meta, key="records", items=items, build=record, paged=paged)


# ---------------------------------------------------------------- HTTP

OCDS_DEFAULT_LIMIT: Final = 100
OCDS_MAX_LIMIT: Final = 1000
CONTENT_TYPE: Final = "application/json; charset=utf-8"


def release_url(request: HttpRequest, contract: Contract) -> str:
    """The release package of one contract (the API's `ocds/releases/{id}`)."""
    return request.build_absolute_uri(
        reverse("api:transparency_ocds_release", kwargs={"contract_id": contract.pk})
    )


def _page_url(request: HttpRequest, offset: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    return request.build_absolute_uri(f"{request.path}?{query.urlencode()}")


def _meta(request: HttpRequest, *, next_url: str = "", prev_url: str = "") -> PackageMeta:
    policy = getattr(settings, "OCDS_PUBLICATION_POLICY_URL", "") or request.build_absolute_uri(
        reverse("transparency:home")
    )
    return PackageMeta(
        uri=request.build_absolute_uri(),
        publication_policy=policy,
        next_url=next_url,
        prev_url=prev_url,
    )


def package_response(
    request: HttpRequest,
    contracts: QuerySet[Contract],
    *,
    offset: int,
    limit: int,
    records: bool = False,
) -> StreamingHttpResponse:
    """One page of `contracts` (a public selector's queryset) as a release or record package,
    streamed, with `links.next/prev` (pagination extension) to the neighbouring pages.
    `limit` is capped at OCDS_MAX_LIMIT."""
    offset, limit = max(offset, 0), min(max(limit, 1), OCDS_MAX_LIMIT)
    more = contracts[offset + limit : offset + limit + 1].exists()
    meta = _meta(
        request,
        next_url=_page_url(request, offset + limit) if more else "",
        prev_url=_page_url(request, max(offset - limit, 0)) if offset else "",
    )
    items = with_payments(contracts[offset : offset + limit])
    chunks = (
        record_package_chunks(
            items, meta=meta, release_url=lambda c: release_url(request, c), paged=True
        )
        if records
        else release_package_chunks(items, meta=meta, paged=True)
    )
    return StreamingHttpResponse((chunk.encode() for chunk in chunks), content_type=CONTENT_TYPE)


def release_response(request: HttpRequest, *, contract_id: int) -> HttpResponse:
    """The release package of one public contract. Only what the lists and downloads show is
    open data: a withdrawn contract keeps its page but is "not found" here, like a missing one."""
    found = list(with_payments(contract_list(filters=ContractFilters()).filter(pk=contract_id)))
    if not found:
        raise NotFoundError()
    chunks = release_package_chunks(found, meta=_meta(request))
    return HttpResponse("".join(chunks).encode(), content_type=CONTENT_TYPE)
