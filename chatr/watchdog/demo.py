"""Demo data for the watchdog: the taxonomy HQ starts from, deadline policies, answer templates,
the fixed public holidays, and a realistic year of messages filed through the real services.

Everything here is idempotent: `seed_watchdog_demo()` can run on every `chatr seed-demo`.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from unittest import mock

import jdatetime
from django.db import transaction
from django.utils import timezone

from chatr.cases.deadlines import due_at_after
from chatr.cases.models import Case, CaseEvent, Holiday
from chatr.org.models import Membership, OrgUnit, OrgUnitKind
from chatr.org.roles import Perm, Role, permissions_of
from chatr.org.scope import Scope, scope_for_user
from chatr.org.services import membership_grant
from chatr.watchdog import services
from chatr.watchdog.choices import MessageState, MessageType, Urgency
from chatr.watchdog.models import AnswerTemplate, Category, DeadlinePolicy, Message, SubjectArea

# (code, Persian, English, [(code, Persian, English, sensitive, urgent), …]) in display order.
TAXONOMY: tuple[tuple[str, str, str, tuple[tuple[str, str, str, bool, bool], ...]], ...] = (
    (
        "rehabilitation",
        "توانبخشی",
        "Rehabilitation",
        (
            (
                "disability_commission",
                "کمیسیون تعیین نوع و شدت معلولیت",
                "Disability type and severity commission",
                False,
                False,
            ),
            (
                "assistive_devices",
                "وسایل کمک‌توانبخشی",
                "Assistive devices",
                False,
                False,
            ),
            (
                "rehab_center_services",
                "خدمات مراکز توانبخشی",
                "Services of rehabilitation centers",
                False,
                False,
            ),
            (
                "disability_pension",
                "مستمری افراد دارای معلولیت",
                "Disability pension",
                False,
                False,
            ),
            ("abuse_in_center", "آزار در مرکز", "Abuse in a care center", True, True),
        ),
    ),
    (
        "social_affairs",
        "امور اجتماعی",
        "Social affairs",
        (
            ("child_safety", "امنیت کودک", "Child safety", True, True),
            (
                "female_headed_households",
                "حمایت از زنان سرپرست خانوار",
                "Support for female-headed households",
                False,
                False,
            ),
            (
                "children_without_guardians",
                "کودکان بی‌سرپرست و بدسرپرست",
                "Children without guardians or with unfit guardians",
                False,
                False,
            ),
            ("social_emergency", "اورژانس اجتماعی ۱۲۳", "Social emergency 123", False, False),
            ("client_housing", "مسکن مددجویان", "Housing for clients", False, False),
        ),
    ),
    (
        "prevention",
        "پیشگیری",
        "Prevention",
        (
            (
                "addiction_treatment",
                "درمان و کاهش آسیب اعتیاد",
                "Addiction treatment and harm reduction",
                False,
                False,
            ),
            ("counseling_line", "صدای مشاور ۱۴۸۰", "Counseling line 1480", False, False),
            ("autism_screening", "غربالگری اتیسم", "Autism screening", False, False),
            (
                "newborn_hearing_screening",
                "غربالگری شنوایی نوزادان",
                "Newborn hearing screening",
                False,
                False,
            ),
        ),
    ),
    (
        "hr_support",
        "منابع انسانی و پشتیبانی",
        "HR and support",
        (
            ("staff_conduct", "رفتار کارکنان", "Staff conduct", False, False),
            ("bribery", "رشوه", "Bribery", True, False),
            ("harassment", "آزار", "Harassment", True, False),
            (
                "named_staff_report",
                "گزارش درباره یکی از کارکنان",
                "Report about a named staff member",
                True,
                False,
            ),
            (
                "administrative_delay",
                "تأخیر در رسیدگی اداری",
                "Administrative delay",
                False,
                False,
            ),
        ),
    ),
    (
        "public_participation",
        "مشارکت‌های مردمی",
        "Public participation",
        (
            ("donations", "کمک‌های نیکوکاران", "Donations", False, False),
            ("volunteering", "داوطلبی", "Volunteering", False, False),
            (
                "ngo_cooperation",
                "همکاری با سازمان‌های مردم‌نهاد",
                "Cooperation with NGOs",
                False,
                False,
            ),
        ),
    ),
    (
        "out_of_remit",
        "خارج از حیطه سازمان",
        "Not this organization's business",
        (
            ("other_agency", "مربوط به سایر دستگاه‌ها", "A matter for another agency", False, False),
            ("general_enquiry", "پرسش عمومی", "General enquiry", False, False),
            ("unrelated", "نامرتبط", "Unrelated", False, False),
        ),
    ),
)

# Working days to answer: complaints are the tightest; urgent matters three days whatever the type.
DEADLINE_DAYS: dict[tuple[str, str], int] = {
    **{(t, Urgency.NORMAL): 20 for t in MessageType.values},
    **{(t, Urgency.URGENT): 3 for t in MessageType.values},
    (MessageType.COMPLAINT, Urgency.NORMAL): 15,
}

# (title, text, category code or None)
ANSWER_TEMPLATES: tuple[tuple[str, str, str | None], ...] = (
    (
        "پیگیری مستمری",
        "با سلام و احترام؛ پرداخت مستمری شما بررسی شد. مبلغ معوق در نوبت پرداخت بعدی به حساب "
        "شما واریز می‌شود. در صورت نیاز با شماره ۱۴۸۲ تماس بگیرید.",
        "disability_pension",
    ),
    (
        "ارجاع به دستگاه مسئول",
        "با سلام؛ موضوع پیام شما در حیطه وظایف سازمان بهزیستی نیست. لطفاً آن را از طریق سامانه "
        "۱۱۱ یا دستگاه مسئول پیگیری کنید.",
        "other_agency",
    ),
    (
        "تشکر از پیشنهاد",
        "با سلام و سپاس از پیشنهاد ارزشمند شما؛ پیشنهاد شما برای بررسی به واحد مربوط ارسال شد و "
        "نتیجه از همین طریق به اطلاع شما می‌رسد.",
        None,
    ),
    (
        "نوبت کمیسیون پزشکی",
        "با سلام؛ نوبت کمیسیون تعیین نوع و شدت معلولیت برای شما تعیین شد. زمان و مکان آن با "
        "پیامک به اطلاع شما می‌رسد.",
        "disability_commission",
    ),
)

# The fixed (solar) public holidays: (month, day, Persian, English).
FIXED_HOLIDAYS: tuple[tuple[int, int, str, str], ...] = (
    (1, 1, "عید نوروز", "Nowruz"),
    (1, 2, "عید نوروز", "Nowruz"),
    (1, 3, "عید نوروز", "Nowruz"),
    (1, 4, "عید نوروز", "Nowruz"),
    (1, 12, "روز جمهوری اسلامی", "Islamic Republic Day"),
    (1, 13, "روز طبیعت", "Nature Day"),
    (3, 14, "رحلت امام خمینی", "Death of Imam Khomeini"),
    (3, 15, "قیام ۱۵ خرداد", "15 Khordad uprising"),
    (11, 22, "پیروزی انقلاب اسلامی", "Victory of the Islamic Revolution"),
    (12, 29, "روز ملی شدن صنعت نفت", "Oil Nationalization Day"),
)
HOLIDAY_YEARS: tuple[int, ...] = (1404, 1405, 1406)


@transaction.atomic
def seed_taxonomy() -> None:
    """Subject areas and categories, deadline policies, answer templates and fixed holidays.

    Rows that already exist are left as they are, so HQ's later edits survive a re-run.

    Holidays: only the fixed solar holidays of Jalali 1404–1406 are loaded. The lunar
    holidays (Tasua, Ashura, Eid al-Fitr, …) move every year and are announced officially;
    HQ must add them each year (admin → holidays), or deadlines will count them as working days.
    """
    categories: dict[str, Category] = {}
    for area_position, (area_code, area_fa, area_en, items) in enumerate(TAXONOMY):
        area, _created = SubjectArea.objects.get_or_create(
            code=area_code,
            defaults={"name_fa": area_fa, "name_en": area_en, "position": area_position},
        )
        for position, (code, name_fa, name_en, sensitive, urgent) in enumerate(items):
            categories[code], _created = Category.objects.get_or_create(
                code=code,
                defaults={
                    "area": area,
                    "name_fa": name_fa,
                    "name_en": name_en,
                    "is_sensitive": sensitive,
                    "is_urgent": urgent,
                    "position": position,
                },
            )
    for (message_type, urgency), days in DEADLINE_DAYS.items():
        DeadlinePolicy.objects.get_or_create(
            message_type=message_type, urgency=urgency, defaults={"working_days": days}
        )
    for title, text, category_code in ANSWER_TEMPLATES:
        AnswerTemplate.objects.get_or_create(
            title=title,
            defaults={
                "text": text,
                "category": categories.get(category_code) if category_code else None,
            },
        )
    for year in HOLIDAY_YEARS:
        for month, day, name_fa, name_en in FIXED_HOLIDAYS:
            Holiday.objects.get_or_create(
                date=jdatetime.date(year, month, day).togregorian(),
                defaults={"name_fa": name_fa, "name_en": name_en},
            )
