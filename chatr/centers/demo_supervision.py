"""Supervision demo: the shipped checklists, inspections across provinces with findings and
corrective actions (some overdue), the Zanjan inspector's own visits and a planned one, a
Zanjan center at "first warning", and a Kerman center suspended by the commission.

Idempotent and deterministic: it does nothing once the demo's inspections exist. Called at the
end of `seed_centers_demo()`; needs the centers demo and `build_world()`.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from chatr.centers import services_supervision as services
from chatr.centers.choices import CenterStatus
from chatr.centers.models import Center, Inspection
from chatr.centers.models.supervision import SanctionStepKind
from chatr.org.scope import scope_for_user

INSPECTOR = "zanjan_inspector"

_FINDINGS: tuple[services.FindingData, ...] = (
    services.FindingData(
        text="کپسول‌های آتش‌نشانی تاریخ شارژ گذشته دارند",
        severity="major",
        corrective_action="شارژ یا تعویض کپسول‌ها و نصب برچسب تاریخ",
        due_in_days=10,
    ),
    services.FindingData(
        text="دفتر ثبت شکایات در دسترس مراجعان نیست",
        severity="minor",
        corrective_action="نصب دفتر شکایات در ورودی و معرفی آن به خانواده‌ها",
        due_in_days=5,
    ),
    services.FindingData(
        text="تعداد مددجویان حاضر از ظرفیت مجاز بیشتر است",
        severity="critical",
        corrective_action="رساندن تعداد مددجویان به ظرفیت پروانه",
        due_in_days=30,
    ),
    services.FindingData(
        text="پرونده دو مددجو فاقد ارزیابی اولیه است",
        severity="minor",
        corrective_action="تکمیل ارزیابی اولیه و ثبت در پرونده",
        due_in_days=7,
    ),
)


def _scores(center: Center, shortfall: int) -> dict[int, int]:
    """Each item at its maximum less a deterministic shortfall spread over the items."""
    template = services.checklist_for(licence_type=center.licence_type)
    items = list(template.items.filter(is_active=True).order_by("position"))
    return {
        item.pk: max(0, item.max_score - (shortfall if n % 3 == 0 else shortfall // 2))
        for n, item in enumerate(items)
    }


def _record(
    user: Any, center: Center, *, visited_on: date, shortfall: int, findings: tuple[Any, ...]
) -> Inspection:
    return services.inspection_record(
        actor=user,
        scope=scope_for_user(user),
        center=center,
        data=services.InspectionData(
            kind="unannounced" if shortfall % 2 else "planned",
            visited_on=visited_on,
            scores=_scores(center, shortfall),
            findings=findings,
            summary="بازدید دوره‌ای نظارتی",
        ),
        today=max(visited_on, timezone.localdate()),
    )


def _centers(county_prefix: str, limit: int) -> list[Center]:
    return list(
        Center.objects.filter(
            scope_county__code__startswith=county_prefix, status=CenterStatus.ACTIVE
        )
        .select_related("org_unit")
        .order_by("pk")[:limit]
    )


def _climb(user: Any, proceeding: Any, steps: list[str], start: date) -> tuple[Any, date]:
    """Take the steps in order, each on the day after the previous period ended."""
    day = start
    for step in steps:
        proceeding = services.sanction_advance(
            actor=user, scope=scope_for_user(user), proceeding=proceeding, step=step, today=day
        )
        day = (proceeding.due_on or day) + timedelta(days=1)
    return proceeding, day


@transaction.atomic
def seed_supervision_demo() -> int:
    """Create the supervision demo when missing; return how many inspections were created."""
    services.checklist_templates_install()
    users = get_user_model().objects.in_bulk(
        [INSPECTOR, "zanjan_manager", "kerman_manager", "hq_manager"], field_name="username"
    )
    if len(users) < 4 or Inspection.objects.filter(inspector=users[INSPECTOR]).exists():
        return 0
    today = timezone.localdate()
    inspector, zanjan, kerman, hq = (
        users[INSPECTOR],
        users["zanjan_manager"],
        users["kerman_manager"],
        users["hq_manager"],
    )
    created = 0

    # The Zanjan inspector's visits in Zanjan county: findings, one corrective action overdue.
    zanjan_centers = _centers("C1901", 4)
    for n, center in enumerate(zanjan_centers[:3]):
        findings = (_FINDINGS[n], _FINDINGS[(n + 1) % len(_FINDINGS)]) if n != 1 else ()
        _record(
            inspector,
            center,
            visited_on=today - timedelta(days=45 - 15 * n),
            shortfall=2 + n,
            findings=findings,
        )
        created += 1
    if zanjan_centers:
        services.inspection_plan(
            actor=zanjan,
            scope=scope_for_user(zanjan),
            center=zanjan_centers[-1],
            planned_on=today + timedelta(days=3),
            inspector=inspector,
        )

    # Other provinces: visits by the province (Kerman) and HQ's supervision teams.
    for user, prefix in ((kerman, "C08"), (hq, "C23"), (hq, "C04"), (hq, "C11")):
        for n, center in enumerate(_centers(prefix, 2)):
            _record(
                user,
                center,
                visited_on=today - timedelta(days=20 + 10 * n),
                shortfall=1 + n,
                findings=(_FINDINGS[(n + 2) % len(_FINDINGS)],),
            )
            created += 1

    # A Zanjan center at "first warning": the notice's 30 working days passed unfixed.
    if zanjan_centers:
        start = today - timedelta(days=70)
        visit = _record(
            inspector, zanjan_centers[0], visited_on=start, shortfall=6, findings=(_FINDINGS[2],)
        )
        created += 1
        proceeding = services.sanction_open(
            actor=zanjan,
            scope=scope_for_user(zanjan),
            finding=visit.findings.get(),
            today=start,
            note="ظرفیت مازاد در بازدید سرزده",
        )
        _climb(zanjan, proceeding, [SanctionStepKind.NOTICE, SanctionStepKind.FIRST_WARNING], start)

    # A Kerman center suspended by the high supervision commission after the whole ladder.
    kerman_centers = [c for c in _centers("C080", 6) if c.org_unit.code.startswith("CT")]
    if kerman_centers:
        start = today - timedelta(days=150)
        center = kerman_centers[-1]
        visit = _record(kerman, center, visited_on=start, shortfall=8, findings=(_FINDINGS[0],))
        created += 1
        proceeding = services.sanction_open(
            actor=kerman, scope=scope_for_user(kerman), finding=visit.findings.get(), today=start
        )
        proceeding, day = _climb(
            kerman,
            proceeding,
            [
                SanctionStepKind.NOTICE,
                SanctionStepKind.FIRST_WARNING,
                SanctionStepKind.SECOND_WARNING,
                SanctionStepKind.COMMISSION,
            ],
            start,
        )
        services.sanction_decide(
            actor=kerman,
            scope=scope_for_user(kerman),
            proceeding=proceeding,
            decision=SanctionStepKind.SUSPENDED,
            note="رأی کمیسیون عالی نظارت: تعلیق پروانه تا رفع تخلف",
            today=min(day, today),
        )
    return created
