"""Centers test data, written through the services like real data."""

from __future__ import annotations

import itertools
from dataclasses import replace
from datetime import date, timedelta
from typing import Any

from django.utils import timezone

from chatr.centers import services
from chatr.centers.choices import CareMode, LicenceKind, LicenceType, Ownership
from chatr.centers.models import Center, Licence
from chatr.org.scope import scope_for_user

_serial = itertools.count(1)


def center_data(**overrides: Any) -> services.CenterData:
    n = next(_serial)
    data = services.CenterData(
        name_fa=f"مرکز توانبخشی آزمایشی {n}",
        name_en=f"Test Rehabilitation Center {n}",
        licence_type=LicenceType.REHABILITATION,
        ownership=Ownership.NGO,
        care_mode=CareMode.DAY,
        grade=1,
        capacity=40,
        address="خیابان امام، پلاک ۱۲",
        postal_code="7618713651",
        phone="03432123456",
        manager_name="مریم احمدی",
    )
    return replace(data, **overrides)


def register_center(actor: Any, county: Any, **overrides: Any) -> Center:
    return services.center_register(
        actor=actor, scope=scope_for_user(actor), county=county, data=center_data(**overrides)
    )


def licence_number() -> str:
    return f"99{1400 + next(_serial) % 10}{next(_serial):05d}"


def issue_licence(
    actor: Any,
    center: Center,
    *,
    kind: str = LicenceKind.ACTIVITY_LICENCE,
    valid_from: date | None = None,
    valid_until: date | None = None,
    number: str | None = None,
    today: date | None = None,
) -> Licence:
    valid_from = valid_from or timezone.localdate() - timedelta(days=30)
    valid_until = valid_until or valid_from + timedelta(days=3 * 365)
    return services.licence_issue(
        actor=actor,
        scope=scope_for_user(actor),
        center=center,
        data=services.LicenceData(
            kind=kind,
            number=number or licence_number(),
            issued_on=valid_from - timedelta(days=5),
            valid_from=valid_from,
            valid_until=valid_until,
        ),
        today=today,
    )
