"""The contracts category as a record kind: its import columns and how a row becomes a
contract (through `services.contract_record`, the one writer of contracts)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from django.utils.translation import gettext_lazy as _

from chatr.core.company_id import validate_company_id
from chatr.core.text import normalize_persian, to_ascii_digits
from chatr.transparency import services
from chatr.transparency.choices import ContractStatus, DatasetCategory, ProcurementMethod
from chatr.transparency.kinds import (
    Column,
    RecordKind,
    parse_amount,
    parse_choice,
    parse_date,
    parse_text,
    register_kind,
    show_amount,
    show_choice,
    show_date,
)
from chatr.transparency.models import Contract, Dataset


def contract_number_key(text: str) -> str:
    """A contract number as stored: dashes and slashes kept, digits unified, upper case."""
    return to_ascii_digits(normalize_persian(text)).upper()


def _parse_number(text: str) -> str:
    return contract_number_key(parse_text(40)(text))


COLUMNS = (
    Column(
        "number",
        _("contract number"),
        _parse_number,
        ("شماره", "شماره قرارداد"),
        example="۱۴۰۵/ق/۱۲۳",
    ),
    Column(
        "title",
        _("subject"),
        parse_text(300),
        ("موضوع", "عنوان"),
        example="خرید ویلچر برای مراکز توانبخشی",
    ),
    Column(
        "party_name", _("party"), parse_text(200), ("طرف قرارداد", "پیمانکار"), example="شرکت نمونه"
    ),
    Column(
        "party_company_id",
        _("national company ID"),
        validate_company_id,
        ("شناسه ملی", "شناسه ملی طرف قرارداد"),
        example="10101010104",
    ),
    Column(
        "method",
        _("procurement method"),
        parse_choice(ProcurementMethod),
        ("روش انتخاب",),
        show=show_choice(ProcurementMethod),
        example="tender",
    ),
    Column(
        "amount",
        _("amount (rials)"),
        parse_amount,
        ("مبلغ", "مبلغ (ریال)"),
        show=show_amount,
        example="1250000000",
    ),
    Column(
        "signed_on",
        _("signed on"),
        parse_date,
        ("تاریخ امضا", "تاریخ انعقاد"),
        show=show_date,
        example="1405/02/15",
    ),
    Column(
        "starts_on",
        _("starts on"),
        parse_date,
        ("تاریخ شروع",),
        show=show_date,
        example="1405/03/01",
    ),
    Column(
        "ends_on", _("ends on"), parse_date, ("تاریخ پایان",), show=show_date, example="1406/02/31"
    ),
    Column(
        "status",
        _("status"),
        parse_choice(ContractStatus),
        ("وضعیت",),
        show=show_choice(ContractStatus),
        example="active",
    ),
)


def _check(values: dict[str, Any]) -> list[tuple[str, Any]]:
    problems: list[tuple[str, Any]] = []
    if values["ends_on"] < values["starts_on"]:
        problems.append(("ends_on", _("The contract ends before it starts.")))
    return problems


def _current(contract: Contract) -> dict[str, Any]:
    return {
        "number": contract.number,
        "title": contract.title,
        "party_name": contract.counterparty.name,
        "party_company_id": contract.counterparty.company_id,
        "method": contract.method,
        "amount": contract.amount,
        "signed_on": contract.signed_on.isoformat(),
        "starts_on": contract.starts_on.isoformat(),
        "ends_on": contract.ends_on.isoformat(),
        "status": contract.status,
    }


def _write(*, dataset: Dataset, values: dict[str, Any]) -> Contract:
    party = services.party_ensure(name=values["party_name"], company_id=values["party_company_id"])
    return services.contract_record(
        dataset=dataset,
        party=party,
        data=services.ContractData(
            number=values["number"],
            title=values["title"],
            method=values["method"],
            amount=int(values["amount"]),
            signed_on=date.fromisoformat(values["signed_on"]),
            starts_on=date.fromisoformat(values["starts_on"]),
            ends_on=date.fromisoformat(values["ends_on"]),
            status=values["status"],
        ),
    )


register_kind(
    RecordKind(
        category=DatasetCategory.CONTRACTS,
        model=Contract,
        columns=COLUMNS,
        key_columns=("number",),
        check=_check,
        current=_current,
        write=_write,
        url_name="transparency:contract_detail",
    )
)


# The demo's example files (the editors' journey: a file with errors, then the fixed one).
DEMO_IMPORT_FILE = Path(__file__).resolve().parent / "fixtures" / "contracts_import_demo.csv"
DEMO_IMPORT_FILE_WITH_ERRORS = DEMO_IMPORT_FILE.with_name("contracts_import_demo_with_errors.csv")
