"""Demo data for the watchdog: the taxonomy HQ starts from, deadline policies, answer templates,
the fixed public holidays, and a realistic year of messages filed through the real services.

Everything here is idempotent: `seed_watchdog_demo()` can run on every `chatr seed-demo`.
"""

from __future__ import annotations

import contextlib
import math
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

from chatr.cases.deadlines import due_at_after, holidays
from chatr.cases.models import Case, CaseEvent, Holiday
from chatr.org.models import Membership, OrgUnit, OrgUnitKind
from chatr.org.roles import Perm, Role, permissions_of
from chatr.org.scope import Scope, scope_for_user
from chatr.org.services import membership_grant
from chatr.watchdog import services
from chatr.watchdog.choices import MessageState, MessageType, Urgency
from chatr.watchdog.models import AnswerTemplate, Category, DeadlinePolicy, SubjectArea

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
    holidays.forget()


# --- How messages are spread (shared by the demo year and the benchmark generator) ----------

# Province code → population in hundreds of thousands (2016 census, rounded): messages follow
# people.
PROVINCE_WEIGHTS: dict[str, int] = {
    "23": 133, "09": 64, "10": 51, "07": 49, "06": 47, "03": 39, "02": 33, "04": 33,
    "08": 32, "11": 28, "30": 27, "01": 25, "05": 20, "27": 19, "15": 18, "22": 18,
    "13": 17, "12": 16, "00": 14, "24": 13, "26": 13, "25": 13, "18": 12, "21": 11,
    "19": 11, "14": 10, "28": 9, "29": 8, "17": 7, "20": 7, "16": 6,
}  # fmt: skip
CHANNEL_WEIGHTS: dict[str, int] = {"web": 42, "mobile": 24, "phone": 22, "in_person": 8, "api": 4}
TYPE_WEIGHTS: dict[str, int] = {
    MessageType.COMPLAINT: 48,
    MessageType.CRITICISM: 9,
    MessageType.OPINION: 5,
    MessageType.IDEA: 4,
    MessageType.SUGGESTION: 14,
    MessageType.VIOLATION_REPORT: 8,
    MessageType.PRAISE: 12,
}
AREA_WEIGHTS: dict[str, int] = {
    "rehabilitation": 34,
    "social_affairs": 27,
    "prevention": 10,
    "hr_support": 14,
    "public_participation": 6,
    "out_of_remit": 9,
}
# 1 to 5 stars: people who bother to rate are often either pleased or angry.
RATING_WEIGHTS: tuple[int, ...] = (16, 8, 14, 24, 38)

DESCRIPTIONS: dict[str, tuple[str, ...]] = {
    "rehabilitation": (
        "نوبت کمیسیون پزشکی برای تعیین شدت معلولیت فرزندم بیش از سه ماه است تعیین نشده است.",
        "ویلچر درخواستی پدرم پس از شش ماه هنوز تحویل داده نشده است.",
        "مستمری این ماه واریز نشده و پاسخگویی در اداره شهرستان مناسب نیست.",
        "از رسیدگی سریع همکاران مرکز توانبخشی به پرونده مادرم سپاسگزارم.",
    ),
    "social_affairs": (
        "کودکی در همسایگی ما در شرایط نامناسب نگهداری می‌شود و نیاز به بررسی فوری دارد.",
        "درخواست کمک هزینه مسکن برای خانوار زن سرپرست ثبت شده اما خبری نشده است.",
        "تماس با اورژانس اجتماعی ۱۲۳ پاسخ داده نشد.",
        "پیشنهاد می‌کنم برای خانوارهای تحت پوشش کلاس‌های مهارت‌آموزی برگزار شود.",
    ),
    "prevention": (
        "برای غربالگری اتیسم کودکم نوبت داده نمی‌شود.",
        "مشاور خط ۱۴۸۰ بسیار دلسوز و راهگشا بود.",
        "مرکز درمان اعتیاد محله ما ساعت کاری مشخصی ندارد.",
    ),
    "hr_support": (
        "کارمند باجه برای انجام کار من درخواست پول کرد.",
        "برخورد کارکنان اداره بهزیستی شهرستان با مراجعان توهین‌آمیز است.",
        "پرونده من چند ماه است بدون دلیل در اداره معطل مانده است.",
    ),
    "public_participation": (
        "می‌خواهم به صورت داوطلب در یکی از مراکز نگهداری سالمندان کمک کنم.",
        "رسید کمک نقدی من به حساب نیکوکاری صادر نشده است.",
        "پیشنهاد همکاری سمن محله با مرکز مثبت زندگی را دارم.",
    ),
    "out_of_remit": (
        "درخواست وام مسکن از بانک دارم و راهنمایی می‌خواهم.",
        "قبض آب منزل ما اشتباه محاسبه شده است.",
        "سؤال درباره ثبت‌نام یارانه معیشتی دارم.",
    ),
}


def weighted(rng: random.Random, weights: dict[Any, int]) -> Any:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


# --- A year of messages through the real services ---------------------------------------------

DEMO_MESSAGES = 1500
DEMO_OPERATOR = "watchdog_demo_operator"
_CHUNK = 250


@dataclass
class _Actors:
    operator: Any  # handles every case: an HQ officer covers all units
    scope: Scope
    agent: Any  # files the phone calls, when the demo world has a call-center agent


def _actors() -> _Actors:
    """An HQ officer of the demo world if there is one, else a dedicated demo account."""
    from chatr.accounts.models import User

    hq = OrgUnit.objects.get(kind=OrgUnitKind.HQ, parent__isnull=True)
    handling = [r for r in Role.values if Perm.CASE_HANDLE in permissions_of(r)]
    membership = (
        Membership.objects.filter(org_unit=hq, role__in=handling, user__is_active=True)
        .select_related("user")
        .order_by("role", "user_id")
        .first()
    )
    if membership is not None:
        operator = membership.user
    else:
        operator = User.objects.filter(username=DEMO_OPERATOR).first()
        if operator is None:
            operator = User.objects.create_user(
                DEMO_OPERATOR, None, is_staff=True, full_name="Watchdog demo operator"
            )
        membership_grant(user=operator, role=Role.HQ_OFFICER, org_unit=hq)
    agent = (
        Membership.objects.filter(role=Role.CALL_CENTER_AGENT, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
        .first()
    )
    return _Actors(operator, scope_for_user(operator), agent.user if agent else None)


@contextmanager
def _quiet() -> Iterator[None]:
    """Made-up people get no text messages, and no manager is alerted about demo messages:
    the demo must not fill the outbox or the task queue. Only for seeding."""
    with contextlib.ExitStack() as stack:
        stack.enter_context(mock.patch.object(services, "sms_send", lambda **kwargs: None))
        # Urgent messages alert managers through a task after commit (if this version does);
        # the counters are recomputed from scratch at the end (stats_rebuild), so the
        # per-step upserts would be wasted work (a fifth of the time).
        for name in ("_enqueue_urgent", "notify_urgent", "_stat_bump"):
            if hasattr(services, name):
                stack.enter_context(mock.patch.object(services, name, lambda *a, **k: None))
        yield


@dataclass
class _Lookups:
    units: dict[str, tuple[OrgUnit, OrgUnit | None]]  # province code → (province, capital)
    categories: dict[str, list[Category]]  # area code → its active categories

    @classmethod
    def load(cls) -> _Lookups:
        by_code = {u.code: u for u in OrgUnit.objects.filter(kind__in=["province", "county"])}
        categories: dict[str, list[Category]] = {}
        for category in Category.objects.filter(is_active=True).select_related("area"):
            categories.setdefault(category.area.code, []).append(category)
        return cls(
            units={c: (by_code[f"P{c}"], by_code.get(f"C{c}01")) for c in PROVINCE_WEIGHTS},
            categories=categories,
        )


class _Backdater:
    """The services stamp "now"; the demo moves each step's timeline entries to its time."""

    def __init__(self, case: Case, started: datetime) -> None:
        self.case, self.started = case, started
        self.fields: dict[str, Any] = {}

    def at(self, moment: datetime) -> None:
        CaseEvent.objects.filter(case_id=self.case.pk, at__gte=self.started).update(at=moment)

    def save(self) -> None:
        if self.fields:
            Case.objects.filter(pk=self.case.pk).update(**self.fields)


def _demo_message(
    index: int,
    *,
    count: int,
    now: datetime,
    actors: _Actors,
    lookups: _Lookups,
    started: datetime,
) -> None:
    rng = random.Random(f"watchdog-demo:{index}")  # noqa: S311 - demo data
    span = timedelta(days=365).total_seconds()
    filed_at = now - timedelta(seconds=span * (1 - (index + rng.random()) / count))
    province, county = lookups.units[weighted(rng, PROVINCE_WEIGHTS)]
    area = weighted(rng, AREA_WEIGHTS)
    category = rng.choice(lookups.categories[area])
    message_type = weighted(rng, TYPE_WEIGHTS)
    channel = weighted(rng, CHANNEL_WEIGHTS)
    anonymous = message_type == MessageType.VIOLATION_REPORT and rng.random() < 0.3
    submission = services.Submission(
        message_type=message_type,
        category=category,
        description=rng.choice(DESCRIPTIONS[area]),
        channel=channel,
        concerned_unit=county if county is not None and rng.random() < 0.3 else None,
        contact_name="" if anonymous else rng.choice(_NAMES),
        contact_mobile="" if anonymous else f"+98912{rng.randrange(10**7):07d}",
        is_anonymous=anonymous,
    )
    filed_by = actors.agent if channel == "phone" else None
    case = services.message_submit(submission=submission, filed_by=filed_by, now=filed_at).case
    back = _Backdater(case, started)
    back.at(filed_at)
    age = (now - filed_at).total_seconds() / 3600
    if age < 48 and rng.random() < 0.4:
        return  # still with the national operator
    op, scope = actors.operator, actors.scope
    screened_at = filed_at + timedelta(hours=rng.uniform(0.5, min(30, max(age - 0.1, 0.6))))
    unit = county if county is not None and rng.random() < 0.5 else province
    case = services.message_screen(
        actor=op, scope=scope, case=case, to_unit=unit, reason="ارجاع به استان برای رسیدگی"
    )
    back.at(screened_at)
    back.fields.update(
        clock_started_at=screened_at, due_at=due_at_after(screened_at, case.deadline_days)
    )
    answer_hours = math.exp(rng.gauss(math.log(90), 0.8))
    if rng.random() < 0.03:
        services.message_close(actor=op, scope=scope, case=case, text="پیام نامرتبط و تکراری")
        back.at(screened_at)
        back.fields["closed_at"] = screened_at
    elif answer_hours < age and rng.random() < 0.93:
        answered_at = filed_at + timedelta(hours=answer_hours)
        case = services.message_answer(actor=op, scope=scope, case=case, text=_answer_text(rng))
        back.at(answered_at)
        back.fields.update(first_answered_at=answered_at, answered_at=answered_at)
        close_hours = answer_hours + math.exp(rng.gauss(math.log(72), 0.7))
        if close_hours < age and rng.random() < 0.88:
            closed_at = filed_at + timedelta(hours=close_hours)
            case = services.message_close(actor=op, scope=scope, case=case)
            back.at(closed_at)
            back.fields["closed_at"] = closed_at
        if answer_hours + 24 < age and rng.random() < 0.55:
            rated_at = answered_at + timedelta(hours=24)
            rating = rng.choices(range(1, 6), weights=RATING_WEIGHTS)[0]
            case = services.message_person_rate(case=case, rating=rating)
            back.at(rated_at)
            back.fields["rated_at"] = rated_at
            if case.state == MessageState.REOPENED:  # a low rating reopened it
                back.fields.update(
                    closed_at=None,
                    clock_started_at=rated_at,
                    due_at=due_at_after(rated_at, case.deadline_days),
                )
                # Most reopened messages get a second answer within days, and are closed.
                again_at = rated_at + timedelta(hours=math.exp(rng.gauss(math.log(60), 0.6)))
                if again_at < now and rng.random() < 0.85:
                    case = services.message_answer(
                        actor=op, scope=scope, case=case, text=_answer_text(rng)
                    )
                    back.at(again_at)
                    back.fields["answered_at"] = again_at
                    closed_at = again_at + timedelta(hours=rng.uniform(24, 96))
                    if closed_at < now:
                        case = services.message_close(actor=op, scope=scope, case=case)
                        back.at(closed_at)
                        back.fields["closed_at"] = closed_at
    else:
        state = rng.choices(
            [MessageState.SCREENED, MessageState.IN_PROGRESS, MessageState.WAITING,
             MessageState.ESCALATED],
            weights=[3, 4, 2, 1],
        )[0]  # fmt: skip
        if state != MessageState.SCREENED:
            moved_at = screened_at + timedelta(hours=rng.uniform(1, max(age / 2, 2)))
            moved_at = min(moved_at, now)
            case = services.message_transition(actor=op, scope=scope, case=case, to_state=state)
            back.at(moved_at)
            if state == MessageState.WAITING:
                back.fields["paused_at"] = moved_at
    back.save()


_NAMES = (
    "مریم احمدی", "علی رضایی", "زهرا حسینی", "محمد کریمی", "فاطمه موسوی", "حسین جعفری",
    "نرگس صادقی", "رضا قاسمی", "لیلا محمدی", "مهدی رحیمی", "سمیه کاظمی", "امیر نوری",
)  # fmt: skip


def _answer_text(rng: random.Random) -> str:
    return rng.choice(
        [text for _title, text, _category in ANSWER_TEMPLATES]
        + ["با سلام؛ موضوع بررسی شد و اقدام لازم انجام گرفت. از پیگیری شما سپاسگزاریم."]
    )


def seed_year_of_messages(*, count: int = DEMO_MESSAGES, now: datetime | None = None) -> int:
    """A realistic year of messages, filed and handled through the real services, then
    backdated. Tops up to `count` watchdog messages: a second run adds nothing. Returns how
    many were added. Deterministic: message n is always drawn from the same random stream."""
    from chatr.watchdog.dashboard import stats_rebuild
    from chatr.watchdog.workflow import KIND

    seed_taxonomy()
    existing = Case.objects.filter(kind=KIND).count()
    if existing >= count:
        return 0
    now = now or timezone.now()
    started = timezone.now()
    actors = _actors()
    lookups = _Lookups.load()
    with _quiet():
        for first in range(existing, count, _CHUNK):
            with transaction.atomic():
                for index in range(first, min(first + _CHUNK, count)):
                    _demo_message(
                        index,
                        count=count,
                        now=now,
                        actors=actors,
                        lookups=lookups,
                        started=started,
                    )
            # Notes written after commit (urgent alerts) belong to their case's filing time.
            late = CaseEvent.objects.filter(at__gte=started).values_list("case_id", flat=True)
            for case_id, filed_at in Case.objects.filter(pk__in=late).values_list("pk", "filed_at"):
                CaseEvent.objects.filter(case_id=case_id, at__gte=started).update(
                    at=filed_at + timedelta(minutes=1)
                )
    stats_rebuild()
    return count - existing


def seed_watchdog_demo(*, messages: int = DEMO_MESSAGES) -> int:
    """The whole watchdog demo: taxonomy, holidays, templates and a year of messages."""
    seed_taxonomy()
    return seed_year_of_messages(count=messages)
