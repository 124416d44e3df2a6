"""Input rules of the directory that forms, the API and the services share."""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Final

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from chatr.core.text import normalize_identifier

# A landline or mobile with its leading 0: area code (or 9xx) and the subscriber number.
_PHONE: Final = re.compile(r"0[1-9][0-9]{9}")
# Iran's extent, with a margin: a point outside it is a typo (swapped or mistyped digits).
LATITUDE_RANGE: Final = (Decimal("24.5"), Decimal("40.0"))
LONGITUDE_RANGE: Final = (Decimal("44.0"), Decimal("63.5"))
# Licence numbers are printed with slashes, dashes or spaces; none of them is significant.
_LICENCE_NOISE: Final = re.compile(r"[/\\]")
_LICENCE_NUMBER: Final = re.compile(r"[0-9A-Z]{1,32}")


def normalize_phone(value: str) -> str:
    """Return the 11 digits of a landline or mobile with its leading 0 ("03432123456")."""
    digits = normalize_identifier(value).replace("(", "").replace(")", "")
    if digits.startswith("+98"):
        digits = "0" + digits[3:]
    elif digits.startswith("0098"):
        digits = "0" + digits[4:]
    if not _PHONE.fullmatch(digits):
        raise ValidationError(
            _("Enter the phone number with its area code, for example 034 3212 3456."),
            code="phone_invalid",
        )
    return digits


def validate_map_point(latitude: Decimal | None, longitude: Decimal | None) -> None:
    """Both or neither, and inside Iran."""
    if latitude is None and longitude is None:
        return
    if latitude is None or longitude is None:
        raise ValidationError(
            _("Give both the latitude and the longitude, or neither."), code="map_point_partial"
        )
    if not (
        LATITUDE_RANGE[0] <= latitude <= LATITUDE_RANGE[1]
        and LONGITUDE_RANGE[0] <= longitude <= LONGITUDE_RANGE[1]
    ):
        raise ValidationError(
            _(
                "This point is outside Iran. Latitude is between 24.5 and 40, longitude "
                "between 44 and 63.5."
            ),
            code="map_point_outside",
        )


def map_point_field(latitude: Decimal | None, longitude: Decimal | None) -> str:
    """The field a map-point error belongs to: the missing coordinate, else the latitude."""
    return "longitude" if latitude is not None and longitude is None else "latitude"


def normalize_licence_number(value: str) -> str:
    """The stored form of a licence number: ASCII digits and capital letters only."""
    return _LICENCE_NOISE.sub("", normalize_identifier(value)).upper()


def validate_licence_number(value: str) -> str:
    number = normalize_licence_number(value)
    if not _LICENCE_NUMBER.fullmatch(number):
        raise ValidationError(
            _("A licence number has up to 32 digits and Latin letters."),
            code="licence_number_invalid",
        )
    return number
