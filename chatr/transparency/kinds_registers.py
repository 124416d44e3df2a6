"""The registers as record kinds: managers, properties and assets, public donations and
hiring. Their import columns (Persian headings and parsers) and how a row becomes a record,
through the one writer of each (`services_registers`).

Values travel as JSON and an empty or missing optional cell is "" (a missing yes/no column is
"no"), so a row and a record's `current` values compare equal when nothing changed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from chatr.core.spreadsheets import header_name
from chatr.core.text import to_ascii_digits
from chatr.transparency import services_registers as services
from chatr.transparency.choices import (
    AssetOwnership,
    AssetType,
    DatasetCategory,
    DonationChannel,
    DonationPurpose,
    HiringStatus,
)
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
from chatr.transparency.models import Asset, Dataset, Donation, HiringAnnouncement, Manager

# ---------------------------------------------------------------- cell parsers

_YES = {"yes", "y", "true", "1", "بله", "بلی", "آری", "هست", "دارد", "✓"}
_NO = {"no", "n", "false", "0", "خیر", "نه", "نیست", "ندارد"}


def parse_yes_no(text: str) -> bool:
    word = header_name(to_ascii_digits(text))
    if word in _YES:
        return True
    if word in _NO:
        return False
    raise ValidationError(_("Write yes or no (بله or خیر)."))


def show_yes_no(value: Any) -> str:
    return str(_("Yes") if value is True else _("No"))


def parse_whole_number(text: str) -> int:
    """A count or an area: digits in any script, thousands separators allowed."""
    cleaned = to_ascii_digits(text).replace(",", "").replace("٬", "").replace(" ", "")
    if cleaned.endswith(".0"):
        cleaned = cleaned[:-2]
    if not cleaned.isdigit():
        raise ValidationError(_("Write a whole number, in digits."))
    return int(cleaned)


def parse_code(text: str) -> str:
    """An asset, receipt or announcement number as stored (see `register_code`)."""
    return services.register_code(parse_text(40)(text))


def parse_url(text: str) -> str:
    address = text.strip()
    try:
        URLValidator(schemes=["http", "https"])(address)
    except ValidationError:
        raise ValidationError(_("Write a full web address starting with https://.")) from None
    return address


def parse_choice_or(
    choices: type[models.TextChoices], persian: Mapping[str, str]
) -> Callable[[str], str]:
    """A choice by its code or label, or by one of the Persian words offices write."""
    by_label = parse_choice(choices)
    words = {header_name(word): value for word, value in persian.items()}

    def parse(text: str) -> str:
        return words.get(header_name(text)) or by_label(text)

    return parse


def show_count(value: Any) -> str:
    return show_amount(value)


def _as_cell(value: Any) -> Any:
    """A record's value in the import's terms: a date as ISO text, nothing as ""."""
    if value is None:
        return ""
    return value.isoformat() if isinstance(value, date) else value


def _current(columns: tuple[Column, ...]) -> Callable[[Any], dict[str, Any]]:
    """A kind's `current`: the record's field of each column's name, as the import reads it
    (so a row and the record compare equal when nothing changed)."""

    def current(record: Any) -> dict[str, Any]:
        return {column.key: _as_cell(getattr(record, column.key)) for column in columns}

    return current


def _writer(
    columns: tuple[Column, ...], data_class: type[Any], record: Callable[..., Any]
) -> Callable[..., Any]:
    """A kind's `write` through the category's one writer (`services_registers`): each
    column's value goes to the data's field of the same name (ISO dates back to dates); an
    empty optional cell leaves the field's default (None, "" or False)."""
    dates = {column.key for column in columns if column.parse is parse_date}

    def write(*, dataset: Dataset, values: dict[str, Any]) -> Any:
        given = {
            key: date.fromisoformat(value) if key in dates else value
            for key, value in ((column.key, values.get(column.key, "")) for column in columns)
            if value not in ("", None)
        }
        return record(dataset=dataset, data=data_class(**given))

    return write


def _fill(values: dict[str, Any], columns: tuple[Column, ...], flags: tuple[str, ...]) -> None:
    """Missing optional columns read as empty and yes/no cells as booleans, so a row compares
    with a record's `current` values field by field (the check functions call this first)."""
    for column in columns:
        values.setdefault(column.key, "")
    for flag in flags:
        values[flag] = values[flag] is True


# ---------------------------------------------------------------- managers

MANAGER_COLUMNS = (
    Column(
        "full_name",
        _("full name"),
        parse_text(60),
        ("نام و نام خانوادگی", "نام مدیر", "نام"),
        example="مریم احمدی",
    ),
    Column("position", _("position held"), parse_text(70), ("سمت", "عنوان سمت"), example="مدیر کل"),
    Column(
        "unit_name",
        _("unit"),
        parse_text(68),
        ("واحد", "واحد سازمانی", "محل خدمت"),
        example="اداره کل بهزیستی استان کرمان",
    ),
    Column(
        "since",
        _("in office since"),
        parse_date,
        ("از تاریخ", "تاریخ انتصاب", "تاریخ شروع مسئولیت"),
        show=show_date,
        example="1402/06/15",
    ),
    Column(
        "until",
        _("in office until"),
        parse_date,
        ("تا تاریخ", "تاریخ پایان مسئولیت"),
        required=False,
        show=show_date,
        example="",
    ),
)


def _check_manager(values: dict[str, Any]) -> list[tuple[str, Any]]:
    _fill(values, MANAGER_COLUMNS, ())
    if values["until"] and values["until"] < values["since"]:
        return [("until", _("The term in office ends before it starts."))]
    return []


MANAGERS_KIND = RecordKind(
    category=DatasetCategory.MANAGERS,
    model=Manager,
    columns=MANAGER_COLUMNS,
    key_columns=("unit_name", "position", "full_name"),
    check=_check_manager,
    current=_current(MANAGER_COLUMNS),
    write=_writer(MANAGER_COLUMNS, services.ManagerData, services.manager_record),
    url_name="transparency:manager_detail",
)


# ---------------------------------------------------------------- properties and assets

ASSET_TYPE_WORDS = {
    "زمین": AssetType.LAND,
    "ساختمان": AssetType.BUILDING,
    "ملک": AssetType.BUILDING,
    "خودرو": AssetType.VEHICLE,
    "وسیله نقلیه": AssetType.VEHICLE,
    "تجهیزات": AssetType.EQUIPMENT,
    "ماشین آلات": AssetType.EQUIPMENT,
    "سایر": AssetType.OTHER,
}
OWNERSHIP_WORDS = {
    "ملکی": AssetOwnership.OWNED,
    "مالکیت": AssetOwnership.OWNED,
    "استیجاری": AssetOwnership.LEASED,
    "اجاره ای": AssetOwnership.LEASED,
    "وقفی": AssetOwnership.ENDOWED,
    "موقوفه": AssetOwnership.ENDOWED,
    "در اختیار": AssetOwnership.IN_USE_FROM_OTHERS,
    "امانی": AssetOwnership.IN_USE_FROM_OTHERS,
}

ASSET_COLUMNS = (
    Column(
        "asset_code",
        _("asset number"),
        parse_code,
        ("شماره اموال", "شماره دارایی", "کد اموال"),
        example="08-ام-1204",
    ),
    Column(
        "asset_type",
        _("asset type"),
        parse_choice_or(AssetType, ASSET_TYPE_WORDS),
        ("نوع دارایی", "نوع"),
        show=show_choice(AssetType),
        example="ساختمان",
    ),
    Column("title", _("title"), parse_text(300), ("عنوان", "شرح"), example="ساختمان اداره کل"),
    Column(
        "area",
        _("area (m²)"),
        parse_whole_number,
        ("مساحت", "مساحت (متر مربع)", "متراژ"),
        required=False,
        show=show_count,
        example="1250",
    ),
    Column("province", _("province"), parse_text(100), ("استان",), required=False, example="کرمان"),
    Column("county", _("county"), parse_text(100), ("شهرستان",), required=False, example="بم"),
    Column(
        "address",
        _("address"),
        parse_text(400),
        ("نشانی", "آدرس"),
        required=False,
        example="بم، بلوار امام",
    ),
    Column(
        "ownership",
        _("ownership"),
        parse_choice_or(AssetOwnership, OWNERSHIP_WORDS),
        ("نوع مالکیت", "وضعیت مالکیت"),
        show=show_choice(AssetOwnership),
        example="ملکی",
    ),
    Column(
        "current_use",
        _("current use"),
        parse_text(300),
        ("کاربری", "کاربری فعلی", "نوع استفاده"),
        example="مرکز توانبخشی روزانه",
    ),
    Column(
        "value",
        _("value (rials)"),
        parse_amount,
        ("ارزش", "ارزش (ریال)", "ارزش دفتری"),
        required=False,
        show=show_amount,
        example="85000000000",
    ),
    Column(
        "value_public",
        _("value is public"),
        parse_yes_no,
        ("انتشار ارزش", "ارزش منتشر شود"),
        required=False,
        show=show_yes_no,
        example="بله",
    ),
)


def _check_asset(values: dict[str, Any]) -> list[tuple[str, Any]]:
    _fill(values, ASSET_COLUMNS, ("value_public",))
    if values["value_public"] and values["value"] == "":
        return [("value", _("The value is marked public: write it, or mark it not public."))]
    return []


ASSETS_KIND = RecordKind(
    category=DatasetCategory.ASSETS,
    model=Asset,
    columns=ASSET_COLUMNS,
    key_columns=("asset_code",),
    check=_check_asset,
    current=_current(ASSET_COLUMNS),
    write=_writer(ASSET_COLUMNS, services.AssetData, services.asset_record),
    url_name="transparency:asset_detail",
)


# ---------------------------------------------------------------- public donations

CHANNEL_WORDS = {
    "واریز بانکی": DonationChannel.BANK_TRANSFER,
    "حواله بانکی": DonationChannel.BANK_TRANSFER,
    "درگاه اینترنتی": DonationChannel.ONLINE,
    "پرداخت اینترنتی": DonationChannel.ONLINE,
    "غیرنقدی": DonationChannel.IN_KIND,
    "کالا": DonationChannel.IN_KIND,
    "نقدی": DonationChannel.CASH,
}
PURPOSE_WORDS = {
    "عمومی": DonationPurpose.GENERAL,
    "مسکن": DonationPurpose.HOUSING,
    "ازدواج": DonationPurpose.MARRIAGE,
    "جهیزیه": DonationPurpose.MARRIAGE,
    "اشتغال": DonationPurpose.EMPLOYMENT,
    "درمان": DonationPurpose.TREATMENT,
    "توانبخشی": DonationPurpose.TREATMENT,
    "تحصیل": DonationPurpose.EDUCATION,
    "کودکان": DonationPurpose.CHILDREN,
    "سالمندان": DonationPurpose.ELDERLY,
    "حوادث": DonationPurpose.EMERGENCY,
}

DONATION_COLUMNS = (
    Column(
        "receipt_number",
        _("receipt number"),
        parse_code,
        ("شماره رسید", "شماره قبض", "شماره پیگیری"),
        example="R-1403-00412",
    ),
    Column(
        "received_on",
        _("received on"),
        parse_date,
        ("تاریخ", "تاریخ دریافت", "تاریخ واریز"),
        show=show_date,
        example="1403/05/12",
    ),
    Column(
        "channel",
        _("payment channel"),
        parse_choice_or(DonationChannel, CHANNEL_WORDS),
        ("روش پرداخت", "نحوه پرداخت"),
        show=show_choice(DonationChannel),
        example="درگاه اینترنتی",
    ),
    Column(
        "purpose",
        _("donation purpose"),
        parse_choice_or(DonationPurpose, PURPOSE_WORDS),
        ("محل مصرف", "نیت", "برنامه"),
        show=show_choice(DonationPurpose),
        example="مسکن",
    ),
    Column(
        "amount",
        _("amount (rials)"),
        parse_amount,
        ("مبلغ", "مبلغ (ریال)", "ارزش (ریال)"),
        show=show_amount,
        example="50000000",
    ),
    Column(
        "description",
        _("description"),
        parse_text(300),
        ("شرح", "توضیحات"),
        required=False,
        example="",
    ),
    Column(
        "donor_named",
        _("the donor chose to be named"),
        parse_yes_no,
        ("ذکر نام", "مایل به ذکر نام", "انتشار نام"),
        required=False,
        show=show_yes_no,
        example="خیر",
    ),
    Column(
        "donor_name",
        _("donor"),
        parse_text(200),
        ("نام نیکوکار", "نیکوکار", "نام اهداکننده"),
        required=False,
        example="",
    ),
)


def _check_donation(values: dict[str, Any]) -> list[tuple[str, Any]]:
    """Checks a row, and drops the donor's name unless the donor chose to be named: the row
    is stored (as a pending correction too) only after this, so the name never is."""
    _fill(values, DONATION_COLUMNS, ("donor_named",))
    if not values["donor_named"]:
        values["donor_name"] = ""
    problems: list[tuple[str, Any]] = []
    if values["amount"] == 0:
        problems.append(("amount", _("A donation's amount must be more than zero.")))
    if values["donor_named"] and not values["donor_name"]:
        problems.append(("donor_name", _("The donor chose to be named: write the name.")))
    return problems


DONATIONS_KIND = RecordKind(
    category=DatasetCategory.DONATIONS,
    model=Donation,
    columns=DONATION_COLUMNS,
    key_columns=("receipt_number",),
    check=_check_donation,
    current=_current(DONATION_COLUMNS),
    write=_writer(DONATION_COLUMNS, services.DonationData, services.donation_record),
    url_name="transparency:donation_detail",
)


# ---------------------------------------------------------------- hiring

STATUS_WORDS = {
    "باز": HiringStatus.OPEN,
    "در حال ثبت نام": HiringStatus.OPEN,
    "بسته": HiringStatus.CLOSED,
    "پایان ثبت نام": HiringStatus.CLOSED,
    "اعلام نتایج": HiringStatus.RESULTS,
    "نتایج اعلام شد": HiringStatus.RESULTS,
}

HIRING_COLUMNS = (
    Column(
        "number",
        _("announcement number"),
        parse_code,
        ("شماره آگهی", "شماره فراخوان"),
        example="1403-ب-07",
    ),
    Column(
        "title",
        _("title"),
        parse_text(300),
        ("عنوان", "عنوان آگهی"),
        example="استخدام مددکار اجتماعی",
    ),
    Column(
        "unit_name",
        _("unit"),
        parse_text(200),
        ("واحد", "محل خدمت"),
        example="اداره کل بهزیستی استان زنجان",
    ),
    Column(
        "positions",
        _("positions"),
        parse_whole_number,
        ("ظرفیت", "تعداد ظرفیت", "تعداد"),
        show=show_count,
        example="12",
    ),
    Column(
        "announced_on",
        _("announced on"),
        parse_date,
        ("تاریخ انتشار", "تاریخ انتشار آگهی"),
        show=show_date,
        example="1403/02/01",
    ),
    Column(
        "applications_close_on",
        _("applications close on"),
        parse_date,
        ("مهلت ثبت نام", "پایان ثبت نام"),
        show=show_date,
        example="1403/02/20",
    ),
    Column(
        "exam_on",
        _("exam date"),
        parse_date,
        ("تاریخ آزمون",),
        required=False,
        show=show_date,
        example="1403/03/15",
    ),
    Column(
        "results_on",
        _("results published on"),
        parse_date,
        ("تاریخ اعلام نتایج",),
        required=False,
        show=show_date,
        example="",
    ),
    Column(
        "status",
        _("status"),
        parse_choice_or(HiringStatus, STATUS_WORDS),
        ("وضعیت",),
        show=show_choice(HiringStatus),
        example="باز",
    ),
    Column(
        "results_url",
        _("results document"),
        parse_url,
        ("نشانی نتایج", "پیوند نتایج"),
        required=False,
        example="",
    ),
    Column(
        "results_text",
        _("results"),
        parse_text(2000),
        ("نتایج", "شرح نتایج"),
        required=False,
        example="",
    ),
)


def _check_hiring(values: dict[str, Any]) -> list[tuple[str, Any]]:
    _fill(values, HIRING_COLUMNS, ())
    problems: list[tuple[str, Any]] = []
    if values["positions"] == 0:
        problems.append(("positions", _("An announcement has at least one position.")))
    if values["applications_close_on"] < values["announced_on"]:
        problems.append(("applications_close_on", _("Applications close before the announcement.")))
    last = values["applications_close_on"]
    for key in ("exam_on", "results_on"):
        if values[key]:
            if values[key] < last:
                problems.append((key, _("The stages must follow each other in time.")))
            last = max(last, values[key])
    if values["status"] == HiringStatus.RESULTS and not values["results_on"]:
        problems.append(("results_on", _("Published results need the date they were published.")))
    return problems


HIRING_KIND = RecordKind(
    category=DatasetCategory.HIRING,
    model=HiringAnnouncement,
    columns=HIRING_COLUMNS,
    key_columns=("number",),
    check=_check_hiring,
    current=_current(HIRING_COLUMNS),
    write=_writer(HIRING_COLUMNS, services.HiringData, services.hiring_record),
    url_name="transparency:hiring_detail",
)


for _kind in (MANAGERS_KIND, ASSETS_KIND, DONATIONS_KIND, HIRING_KIND):
    register_kind(_kind)
