"""The licensing demo: applications at several steps, one granted; idempotent."""

from __future__ import annotations

from typing import Any

import pytest

from chatr.centers.choices_licensing import LicensingState as S
from chatr.centers.demo_licensing import PLANS, seed_licensing_demo
from chatr.centers.models import LicenceApplication
from chatr.notifications.models import SmsMessage


@pytest.mark.django_db
def test_demo_has_every_step_and_runs_twice(world: Any) -> None:
    created = seed_licensing_demo()
    assert created >= len(PLANS)
    states = set(LicenceApplication.objects.values_list("case__state", flat=True))
    assert {S.SUBMITTED, S.WAITING_DOCUMENTS, S.INQUIRIES_SENT, S.AT_COMMISSION,
            S.SECURITY_VETTING, S.AGREEMENT_ISSUED, S.REFUSED, S.SITE_VISIT} <= states  # fmt: skip
    provinces = set(LicenceApplication.objects.values_list("scope_province__code", flat=True))
    assert len(provinces) >= 4
    assert seed_licensing_demo() == 0
    assert not SmsMessage.objects.filter(purpose__startswith="centers_licensing").exists()
