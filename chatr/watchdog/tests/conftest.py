"""A small taxonomy for watchdog tests (the demo's full one is in chatr/watchdog/demo.py)."""

from __future__ import annotations

import pytest

from chatr.watchdog.models import Category, SubjectArea


@pytest.fixture
def taxonomy(world):  # type: ignore[no-untyped-def]
    rehab = SubjectArea.objects.create(
        code="rehabilitation", name_fa="توانبخشی", name_en="Rehabilitation"
    )
    social = SubjectArea.objects.create(
        code="social-affairs", name_fa="امور اجتماعی", name_en="Social affairs"
    )
    return {
        "area": rehab,
        "quality": Category.objects.create(
            code="service-quality", area=rehab, name_fa="کیفیت خدمات", name_en="Service quality"
        ),
        "pension": Category.objects.create(
            code="pension-delay", area=social, name_fa="تأخیر در مستمری", name_en="Pension delay"
        ),
        "bribery": Category.objects.create(
            code="bribery", area=social, name_fa="رشوه", name_en="Bribery", is_sensitive=True
        ),
        "child": Category.objects.create(
            code="child-safety",
            area=social,
            name_fa="امنیت کودک",
            name_en="Child safety",
            is_urgent=True,
            is_sensitive=True,
        ),
    }
