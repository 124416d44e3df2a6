"""The registers' downloads: one `ExportSpec` each (see `exports`), over the tuples of
`selectors_registers.register_export_rows` (in each register's `export_fields` order). CSV and
XLSX carry labels and Jalali dates for people; JSON carries codes, ISO dates and integer rials.

An asset's value is in the tuple only where it is public; a donor only where named.
"""

from __future__ import annotations

from datetime import date
from typing import Any, Final

from django.utils.translation import gettext as _

from chatr.core.jalali import export_day
from chatr.transparency.choices import (
    AssetOwnership,
    AssetType,
    DonationChannel,
    DonationPurpose,
    HiringStatus,
)
from chatr.transparency.exports import ExportSpec, localized_name


def _label(choices: Any, value: str) -> str:
    return str(dict(choices.choices).get(value, value))


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


def _publisher(row: tuple[Any, ...]) -> dict[str, str]:
    code, name_fa, name_en = row[-3:]
    return {"code": code, "name_fa": name_fa, "name_en": name_en}


def _publisher_name(row: tuple[Any, ...]) -> str:
    return localized_name(row[-2], row[-1])


def _blank(value: Any) -> Any:
    return "" if value is None else value


# ---------------------------------------------------------------- managers


def _manager_headers() -> list[str]:
    return [
        _("Full name"),
        _("Position"),
        _("Unit"),
        _("In office since"),
        _("In office until"),
        _("Publisher"),
    ]


def _manager_human(row: tuple[Any, ...]) -> list[Any]:
    full_name, position, unit_name, since, until = row[:5]
    return [
        full_name,
        position,
        unit_name,
        export_day(since),
        export_day(until),
        _publisher_name(row),
    ]


def _manager_machine(row: tuple[Any, ...]) -> dict[str, Any]:
    full_name, position, unit_name, since, until = row[:5]
    return {
        "full_name": full_name,
        "position": position,
        "unit": unit_name,
        "since": since.isoformat(),
        "until": _iso(until),
        "publisher": _publisher(row),
    }


MANAGERS_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Managers"),
    headers=_manager_headers,
    human=_manager_human,
    machine=_manager_machine,
)


# ---------------------------------------------------------------- properties and assets


def _asset_headers() -> list[str]:
    return [
        _("Asset number"),
        _("Asset type"),
        _("Title"),
        _("Area (m²)"),
        _("Province"),
        _("County"),
        _("Address"),
        _("Ownership"),
        _("Current use"),
        _("Value (rials)"),
        _("Publisher"),
    ]


def _asset_human(row: tuple[Any, ...]) -> list[Any]:
    code, asset_type, title, area, province, county, address, ownership, use, value = row[:10]
    return [
        code,
        _label(AssetType, asset_type),
        title,
        _blank(area),
        province,
        county,
        address,
        _label(AssetOwnership, ownership),
        use,
        _blank(value),
        _publisher_name(row),
    ]


def _asset_machine(row: tuple[Any, ...]) -> dict[str, Any]:
    code, asset_type, title, area, province, county, address, ownership, use, value = row[:10]
    return {
        "asset_number": code,
        "asset_type": asset_type,
        "asset_type_label": _label(AssetType, asset_type),
        "title": title,
        "area_m2": area,
        "province": province,
        "county": county,
        "address": address,
        "ownership": ownership,
        "ownership_label": _label(AssetOwnership, ownership),
        "current_use": use,
        "value": value,  # null where the value is not public
        "publisher": _publisher(row),
    }


ASSETS_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Assets"),
    headers=_asset_headers,
    human=_asset_human,
    machine=_asset_machine,
)


# ---------------------------------------------------------------- public donations


def _donation_headers() -> list[str]:
    return [
        _("Receipt number"),
        _("Received on"),
        _("Payment channel"),
        _("Purpose"),
        _("Amount (rials)"),
        _("Description"),
        _("Donor (only if they chose to be named)"),
        _("Publisher"),
    ]


def _donation_human(row: tuple[Any, ...]) -> list[Any]:
    number, received_on, channel, purpose, amount, description, donor = row[:7]
    return [
        number,
        export_day(received_on),
        _label(DonationChannel, channel),
        _label(DonationPurpose, purpose),
        amount,
        description,
        donor,
        _publisher_name(row),
    ]


def _donation_machine(row: tuple[Any, ...]) -> dict[str, Any]:
    number, received_on, channel, purpose, amount, description, donor = row[:7]
    return {
        "receipt_number": number,
        "received_on": received_on.isoformat(),
        "channel": channel,
        "channel_label": _label(DonationChannel, channel),
        "purpose": purpose,
        "purpose_label": _label(DonationPurpose, purpose),
        "amount": amount,
        "description": description,
        "donor": donor or None,
        "publisher": _publisher(row),
    }


DONATIONS_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Donations"),
    headers=_donation_headers,
    human=_donation_human,
    machine=_donation_machine,
)


# ---------------------------------------------------------------- hiring


def _hiring_headers() -> list[str]:
    return [
        _("Announcement number"),
        _("Title"),
        _("Unit"),
        _("Positions"),
        _("Announced on"),
        _("Applications close on"),
        _("Exam date"),
        _("Results published on"),
        _("Status"),
        _("Results document"),
        _("Results"),
        _("Publisher"),
    ]


def _hiring_human(row: tuple[Any, ...]) -> list[Any]:
    number, title, unit_name, positions, announced, closes, exam, results_on = row[:8]
    status, results_url, results_text = row[8:11]
    return [
        number,
        title,
        unit_name,
        positions,
        export_day(announced),
        export_day(closes),
        export_day(exam),
        export_day(results_on),
        _label(HiringStatus, status),
        results_url,
        results_text,
        _publisher_name(row),
    ]


def _hiring_machine(row: tuple[Any, ...]) -> dict[str, Any]:
    number, title, unit_name, positions, announced, closes, exam, results_on = row[:8]
    status, results_url, results_text = row[8:11]
    return {
        "number": number,
        "title": title,
        "unit": unit_name,
        "positions": positions,
        "announced_on": announced.isoformat(),
        "applications_close_on": closes.isoformat(),
        "exam_on": _iso(exam),
        "results_on": _iso(results_on),
        "status": status,
        "status_label": _label(HiringStatus, status),
        "results_url": results_url,
        "results_text": results_text,
        "publisher": _publisher(row),
    }


HIRING_EXPORT: Final = ExportSpec(
    sheet=lambda: _("Hiring"),
    headers=_hiring_headers,
    human=_hiring_human,
    machine=_hiring_machine,
)
