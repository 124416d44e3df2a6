"""The watchdog dashboard and monthly report: figures on a small known data set, scoping,
downloads, the counters' rebuild, and a query count that does not grow with the data."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

import jdatetime
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.models import Sum
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from chatr.cases.models import Case
from chatr.core.errors import NotFoundError, PermissionDeniedError
from chatr.org.scope import scope_for_user
from chatr.watchdog import services
from chatr.watchdog.choices import MessageState, MessageType
from chatr.watchdog.dashboard import (
    dashboard_get,
    dashboard_province_ids,
    jalali_month_range,
    monthly_counts_rebuild,
    monthly_report_get,
    percentile,
    previous_jalali_month,
    selection_for,
    shares,
    stats_rebuild,
)
from chatr.watchdog.demo import seed_taxonomy
from chatr.watchdog.models import COUNT_DIMENSIONS, Category, DailyStat, MonthlyCount
from chatr.watchdog.tasks import monthly_counts_task

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_cached_counts() -> Iterator[None]:
    cache.clear()  # the rate limits count in the cache; every test starts without them
    yield
    cache.clear()


TEHRAN = ZoneInfo("Asia/Tehran")
# Jalali 1405/01/01 … 1405/06/31 (spring and summer 2026).
FIRST, LAST = date(2026, 3, 21), date(2026, 9, 22)


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, tzinfo=TEHRAN)


@dataclass(frozen=True)
class Spec:
    unit: str  # the unit handling it (a province or one of its counties)
    message_type: str
    channel: str
    filed: datetime
    state: str
    answer_hours: float | None = None
    close_hours: float | None = None
    rating: int | None = None
    due_hours: float = 24 * 30
    category: str = "staff_conduct"


def make(world: Any, spec: Spec) -> Case:
    """File through the service, then put the case where the spec says (timestamps exact)."""
    unit = world.unit(spec.unit)
    case = services.message_submit(
        submission=services.Submission(
            message_type=spec.message_type,
            category=Category.objects.get(code=spec.category),
            description="برخورد نامناسب با مراجعان در باجه",
            channel=spec.channel,
            concerned_unit=unit,
            contact_name="سارا ابراهیمی",
            contact_mobile="+989121234567",
        ),
        now=spec.filed,
    ).case

    def after(hours: float | None) -> datetime | None:
        return None if hours is None else spec.filed + timedelta(hours=hours)

    Case.objects.filter(pk=case.pk).update(
        org_unit=unit,
        scope_province_id=unit.province_id,
        scope_county_id=unit.county_id,
        state=spec.state,
        first_answered_at=after(spec.answer_hours),
        answered_at=after(spec.answer_hours),
        closed_at=after(spec.close_hours),
        rating=spec.rating,
        due_at=after(spec.due_hours),
    )
    return case


# Kerman (P08): four messages; Zanjan (P19): three; one outside the period.
KNOWN = (
    Spec("C0801", "complaint", "web", at(date(2026, 4, 1)), "closed", 10, 30, 5),
    Spec("P08", "complaint", "phone", at(date(2026, 4, 2)), "answered", 50, None, 4),
    Spec("C0802", "suggestion", "web", at(date(2026, 5, 1)), "answered", 400, None, 2, 300),
    Spec("P08", "praise", "mobile", at(date(2026, 6, 1)), "in_progress", due_hours=48),
    Spec("P19", "complaint", "mobile", at(date(2026, 4, 10)), "closed", 20, 100, 1),
    Spec("C1902", "complaint", "web", at(date(2026, 4, 11)), "screened", due_hours=24),
    Spec("P19", "idea", "api", at(date(2026, 7, 1)), "waiting", due_hours=24),
    Spec("P08", "complaint", "web", at(date(2026, 10, 1)), "closed", 5, 6, 5),  # after LAST
)


@pytest.fixture
def known(world: Any) -> list[Case]:
    seed_taxonomy()
    cases = [make(world, spec) for spec in KNOWN]
    # Waiting pauses the clock: it is never counted as overdue.
    Case.objects.filter(pk=cases[6].pk).update(paused_at=at(date(2026, 7, 2)))
    stats_rebuild()
    return cases


def hq_dashboard(world: Any, **kw: Any) -> Any:
    scope = scope_for_user(world.hq_manager)
    return dashboard_get(scope=scope, selection=selection_for(scope=scope, **kw))


def counts(breakdown: Any) -> dict[str, int]:
    return {row.key: row.count for row in breakdown.rows}


# ------------------------------------------------------------------ figures


def test_counts_by_type_province_channel_and_state_match_the_data(world, known) -> None:
    board = hq_dashboard(world, first=FIRST, last=LAST)
    assert board.total == 7
    assert counts(board.breakdowns["message_type"]) == {
        "complaint": 4,
        "suggestion": 1,
        "praise": 1,
        "idea": 1,
    }
    kerman, zanjan = world.unit("P08").pk, world.unit("P19").pk
    assert counts(board.breakdowns["province"]) == {str(kerman): 4, str(zanjan): 3}
    assert counts(board.breakdowns["channel"]) == {"web": 3, "phone": 1, "mobile": 2, "api": 1}
    assert counts(board.breakdowns["state"]) == {
        "closed": 2,
        "answered": 2,
        "in_progress": 1,
        "screened": 1,
        "waiting": 1,
    }
    assert [r.count for r in board.breakdowns["category"].rows] == [7]
    assert [r.percent for r in board.breakdowns["message_type"].rows] == [
        Decimal("57.1"),
        Decimal("14.3"),
        Decimal("14.3"),
        Decimal("14.3"),
    ]


def test_timing_deadline_and_satisfaction_figures(world, known) -> None:
    figures = hq_dashboard(world, first=FIRST, last=LAST).figures
    assert not figures.sampled
    # First answers after 10, 50, 400 and 20 hours: sorted 10, 20, 50, 400.
    assert figures.first_answer.count == 4
    assert figures.first_answer.median_hours == pytest.approx(35.0)  # 20 + (50 - 20) / 2
    assert figures.first_answer.p90_hours == pytest.approx(295.0)  # 50 + (400 - 50) * 0.7
    # Closed: after 30 and 100 hours.
    assert figures.close.count == 2
    assert figures.close.median_hours == pytest.approx(65.0)
    assert figures.close.p90_hours == pytest.approx(93.0)
    # On time: 10, 50, 20 hours (deadline 720 h); late: 400 h against 300 h. Overdue and open:
    # the praise (due after 48 h) and the screened complaint; the waiting idea is paused.
    assert (figures.on_time, figures.late, figures.open_overdue) == (3, 1, 2)
    assert figures.share_on_time == Decimal("50.0")
    assert figures.rated == 4
    assert figures.rating_average == 3.0  # (5 + 4 + 2 + 1) / 4
    assert [r.count for r in figures.ratings] == [1, 1, 0, 1, 1]
    assert sum(r.percent for r in figures.ratings) == Decimal("100.0")


def test_a_province_filter_narrows_every_figure(world, known) -> None:
    board = hq_dashboard(world, first=FIRST, last=LAST, province_id=world.unit("P19").pk)
    assert board.total == 3
    assert board.figures.first_answer.count == 1
    assert board.figures.first_answer.median_hours == pytest.approx(20.0)
    assert {item.tracking_code for item in board.overdue} == {known[5].tracking_code}


def test_the_overdue_list_is_most_late_first_and_counts_them_all(world, known) -> None:
    board = hq_dashboard(world, first=FIRST, last=LAST)
    assert [item.tracking_code for item in board.overdue] == [
        known[5].tracking_code,  # due 2026-04-12
        known[3].tracking_code,  # due 2026-06-03
    ]
    assert board.overdue_total == 2
    assert board.overdue[0].working_days_late > board.overdue[1].working_days_late > 0


def test_large_selections_are_sampled_and_say_so(world, known) -> None:
    scope = scope_for_user(world.hq_manager)
    selection = selection_for(scope=scope, first=FIRST, last=LAST)
    board = dashboard_get(scope=scope, selection=selection, sample_limit=3)
    assert board.figures.sampled
    assert board.figures.cases <= board.total


def test_shares_always_add_up_to_100_and_percentile_interpolates() -> None:
    for counts_ in ([1, 1, 1], [2, 1], [7, 0, 3, 3, 3], [1] * 7, [999, 1]):
        assert sum(shares(counts_)) == Decimal("100.0")
    assert shares([0, 0]) == [Decimal("0.0"), Decimal("0.0")]
    assert percentile([1.0, 2.0, 3.0, 4.0], 0.5) == 2.5
    assert percentile([], 0.5) is None


# ------------------------------------------------------------------ scope


def test_a_kerman_manager_sees_only_kerman(world, known, client_for) -> None:
    scope = scope_for_user(world.kerman_manager)
    assert dashboard_province_ids(scope=scope) == {world.unit("P08").pk}
    board = dashboard_get(scope=scope, selection=selection_for(scope=scope, first=FIRST, last=LAST))
    assert board.total == 4
    assert counts(board.breakdowns["province"]) == {str(world.unit("P08").pk): 4}
    assert board.figures.first_answer.count == 3
    assert [item.tracking_code for item in board.overdue] == [known[3].tracking_code]
    with pytest.raises(NotFoundError):
        selection_for(scope=scope, first=FIRST, last=LAST, province_id=world.unit("P19").pk)

    page = client_for("kerman_manager").get(
        reverse("watchdog:dashboard"), {"date_from": "1405/01/01", "date_to": "1405/06/31"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert world.unit("P08").name_fa in html
    assert world.unit("P19").name_fa not in html  # not even in the province picker
    assert known[5].tracking_code not in html


def test_staff_without_the_dashboard_permission_get_403(world, client_for) -> None:
    for name in ("dashboard", "dashboard_export", "monthly_report", "monthly_report_download"):
        response = client_for("zanjan_officer").get(reverse(f"watchdog:{name}"))
        assert response.status_code == 403, name
    with pytest.raises(PermissionDeniedError):
        dashboard_province_ids(scope=scope_for_user(world.zanjan_officer))


def test_signed_out_visitors_are_sent_to_the_sign_in_page(world) -> None:
    response = Client().get(reverse("watchdog:dashboard"))
    assert response.status_code == 302


# ------------------------------------------------------------------ pages and downloads


def test_the_page_has_a_chart_and_a_table_for_every_section(world, known, client_for) -> None:
    response = client_for("hq_manager").get(
        reverse("watchdog:dashboard"), {"date_from": "1405/01/01", "date_to": "1405/06/31"}
    )
    html = response.content.decode()
    assert html.count("<h1") == 1
    assert html.count('role="img"') == 7  # six breakdowns and the ratings
    assert html.count("<caption") >= 10
    assert 'scope="col"' in html and 'scope="row"' in html
    assert reverse("watchdog:staff_detail", args=[known[5].tracking_code]) in html


def test_the_default_period_is_the_current_jalali_year(world, known, client_for) -> None:
    response = client_for("hq_manager").get(reverse("watchdog:dashboard"))
    assert response.status_code == 200
    assert response.context["dashboard"].selection.last == timezone.localdate()
    assert response.context["dashboard"].selection.first.strftime("%m-%d") in ("03-20", "03-21")


def test_a_period_that_ends_before_it_starts_is_an_error(world, client_for) -> None:
    response = client_for("hq_manager").get(
        reverse("watchdog:dashboard"), {"date_from": "1405/05/01", "date_to": "1405/04/01"}
    )
    assert response.status_code == 200
    assert "dashboard" not in response.context
    assert response.context["form"].errors["date_to"]


def test_an_htmx_request_gets_only_the_results(world, known, client_for) -> None:
    response = client_for("hq_manager").get(
        reverse("watchdog:dashboard"),
        {"date_from": "1405/01/01", "date_to": "1405/06/31"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert 'id="dashboard-results"' in html and "<h1" not in html


def english(client: Client) -> Client:
    client.cookies["chatr_language"] = "en"
    return client


def csv_sections(content: bytes) -> dict[str, list[list[str]]]:
    rows = list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))
    sections: dict[str, list[list[str]]] = {}
    current: list[list[str]] = []
    for row in rows[1:]:
        if not row:
            current = []
            continue
        if not current and len(row) == 1 and row[0] not in sections:
            sections[row[0]] = current
            current.append(row)
            continue
        current.append(row)
    return {title: block[2:] for title, block in sections.items()}


def test_the_csv_export_has_every_table_and_the_same_numbers(world, known, client_for) -> None:
    client = english(client_for("hq_manager"))
    response = client.get(
        reverse("watchdog:dashboard_export"),
        {"format": "csv", "date_from": "1405/01/01", "date_to": "1405/06/31"},
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith("\ufeff".encode())
    sections = csv_sections(response.content)
    by_type = {row[0]: int(row[1]) for row in sections["Messages by type"]}
    assert by_type == {"Complaint": 4, "Idea": 1, "Suggestion": 1, "Praise": 1}
    by_province = {row[0]: int(row[1]) for row in sections["Messages by province"]}
    assert by_province == {"Kerman": 4, "Zanjan": 3}
    overdue = [row[0] for row in sections["Overdue messages (most late first)"][:-1]]
    assert overdue == [known[5].tracking_code, known[3].tracking_code]


def test_the_xlsx_export_opens_with_one_sheet_per_table(world, known, client_for) -> None:
    openpyxl = pytest.importorskip("openpyxl")
    client = english(client_for("kerman_manager"))
    response = client.get(
        reverse("watchdog:dashboard_export"),
        {"format": "xlsx", "date_from": "1405/01/01", "date_to": "1405/06/31"},
    )
    assert response.status_code == 200
    assert "spreadsheetml" in response["Content-Type"]
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    assert len(book.sheetnames) == 10
    sheet = book[book.sheetnames[0]]  # messages by type
    rows = list(sheet.iter_rows(min_row=4, values_only=True))
    assert {r[0]: r[1] for r in rows} == {
        "Complaint": 2,
        "Suggestion": 1,
        "Praise": 1,
    }
    assert sum(r[2] for r in rows) == pytest.approx(100.0)


def test_an_unknown_export_format_is_refused(world, client_for) -> None:
    response = client_for("hq_manager").get(reverse("watchdog:dashboard_export"), {"format": "pdf"})
    assert response.status_code == 400


# ------------------------------------------------------------------ monthly report


def test_monthly_report_percentages_add_up_to_100(world, client_for) -> None:
    seed_taxonomy()
    first, _last = jalali_month_range(1405, 2)  # Ordibehesht 1405
    channels = ("web", "web", "phone", "mobile", "api", "in_person", "web")
    for i, channel in enumerate(channels):
        category = ("staff_conduct", "donations", "bribery")[i % 3]
        make(
            world,
            Spec(
                "P08", "complaint", channel, at(first + timedelta(days=i)), "new", category=category
            ),
        )
    stats_rebuild()
    report = monthly_report_get(scope=scope_for_user(world.hq_manager), year=1405, month=2)
    assert report.total == 7
    for section in report.sections:
        assert sum(r.count for r in section.rows) == 7
        assert sum(r.percent for r in section.rows) == Decimal("100.0")
    assert {r.key: r.count for r in report.by_channel.rows}["web"] == 3

    client = english(client_for("hq_manager"))
    page = client.get(reverse("watchdog:monthly_report"), {"year": "1405", "month": "2"})
    assert page.status_code == 200
    assert "Ordibehesht" in page.content.decode()
    download = client.get(
        reverse("watchdog:monthly_report_download"), {"year": "1405", "month": "2", "format": "csv"}
    )
    sections = csv_sections(download.content)
    assert sum(Decimal(row[2]) for row in sections["Messages by channel"]) == Decimal("100.0")
    openpyxl = pytest.importorskip("openpyxl")
    xlsx = client.get(
        reverse("watchdog:monthly_report_download"),
        {"year": "1405", "month": "2", "format": "xlsx"},
    )
    book = openpyxl.load_workbook(io.BytesIO(xlsx.content))
    assert book.sheetnames[0] == "Total"


def test_the_monthly_report_defaults_to_last_month(world, client_for) -> None:
    response = client_for("kerman_manager").get(reverse("watchdog:monthly_report"))
    assert response.status_code == 200
    report = response.context["report"]
    _first, last = jalali_month_range(report.year, report.month)
    assert last < timezone.localdate() <= last + timedelta(days=31)


# ------------------------------------------------------------------ the counters


def stat_rows() -> set[tuple[Any, ...]]:
    return set(
        DailyStat.objects.filter(filed__gt=0).values_list(
            "day",
            "province_id",
            "message_type",
            "area_id",
            "category_id",
            "channel",
            "state",
            "filed",
        )
    )


def handle_a_sequence(world: Any, concerned: str | None) -> None:
    """A realistic life: filed, screened to a province, answered, rated low (reopens),
    answered again and closed; plus one left new and one closed as spam."""
    hq = world.hq_officer
    scope = scope_for_user(hq)
    category = Category.objects.get(code="staff_conduct")

    def submit(**kw: Any) -> Case:
        return services.message_submit(
            submission=services.Submission(
                message_type=kw.get("message_type", MessageType.COMPLAINT),
                category=category,
                description="برخورد نامناسب با مراجعان در باجه",
                channel=kw.get("channel", "web"),
                concerned_unit=world.unit(concerned) if concerned else None,
                contact_mobile=kw.get("mobile", "+989121234567"),
            )
        ).case

    case = submit()
    case = services.message_screen(
        actor=hq, scope=scope, case=case, to_unit=world.unit("P08"), reason="استانی"
    )
    case = services.message_answer(actor=hq, scope=scope, case=case, text="بررسی شد.")
    case = services.message_person_rate(case=case, rating=1)
    assert case.state == MessageState.REOPENED
    case = services.message_answer(actor=hq, scope=scope, case=case, text="دوباره بررسی شد.")
    services.message_close(actor=hq, scope=scope, case=case)
    submit(channel="phone", mobile="+989121111111")
    spam = submit(message_type=MessageType.OPINION, mobile="+989122222222")
    services.message_close(actor=hq, scope=scope, case=spam)


def test_stats_rebuild_equals_the_counters_kept_by_the_services(world) -> None:
    seed_taxonomy()
    handle_a_sequence(world, concerned="C0801")
    kept = stat_rows()
    assert sum(row[-1] for row in kept) == 3
    assert stats_rebuild() == len(kept)
    assert stat_rows() == kept


def test_stats_rebuild_equals_the_counters_when_no_unit_is_concerned(world) -> None:
    seed_taxonomy()
    handle_a_sequence(world, concerned=None)
    kept = stat_rows()
    stats_rebuild()
    assert stat_rows() == kept


def test_escalation_moves_the_count_between_provinces(world) -> None:
    seed_taxonomy()
    hq = world.hq_officer
    scope = scope_for_user(hq)
    case = services.message_submit(
        submission=services.Submission(
            message_type=MessageType.COMPLAINT,
            category=Category.objects.get(code="staff_conduct"),
            description="برخورد نامناسب با مراجعان در باجه",
            channel="web",
            contact_mobile="+989121234567",
        )
    ).case
    services.message_screen(
        actor=hq, scope=scope, case=case, to_unit=world.unit("C0801"), reason="شهرستان"
    )
    later = timezone.now() + timedelta(days=400)
    # County → province (same province), then province → HQ (counted nationally again).
    assert services.message_escalate_overdue(now=later) == 1
    assert services.message_escalate_overdue(now=later + timedelta(days=400)) == 1
    assert Case.objects.get(pk=case.pk).scope_province_id is None
    kept = stat_rows()
    assert [row[1] for row in kept] == [None]
    stats_rebuild()
    assert stat_rows() == kept


# ------------------------------------------------------------------ query count


def test_the_dashboard_query_count_does_not_grow_with_data(
    world, client_for, django_assert_max_num_queries
) -> None:
    seed_taxonomy()
    client = client_for("hq_manager")
    url = reverse("watchdog:dashboard")
    query = {"date_from": "1405/01/01", "date_to": "1405/06/31"}

    def add(n: int, offset: int) -> None:
        codes = ("C0801", "P19", "C1902", "P23", "P07")
        categories = ("staff_conduct", "donations", "bribery", "child_safety", "volunteering")
        for i in range(n):
            make(
                world,
                Spec(
                    codes[i % len(codes)],
                    MessageType.values[i % 7],
                    ("web", "phone", "api")[i % 3],
                    at(FIRST + timedelta(days=offset + i)),
                    ("screened", "closed", "answered")[i % 3],
                    answer_hours=5 + i if i % 3 else None,
                    rating=1 + i % 5 if i % 3 else None,
                    due_hours=1,
                    category=categories[i % len(categories)],
                ),
            )
        stats_rebuild()

    add(2, 0)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url, query).status_code == 200
    add(25, 10)
    with django_assert_max_num_queries(len(few)):
        response = client.get(url, query)
    assert response.context["dashboard"].total == 27
    assert len(response.context["dashboard"].overdue) == 10


def test_past_months_come_from_monthly_counts_and_the_current_month_is_live(world) -> None:
    seed_taxonomy()
    year, month = previous_jalali_month()
    past_first, _past_last = jalali_month_range(year, month)
    past = at(past_first + timedelta(days=3))
    today = timezone.localtime()
    make(world, Spec("P08", "complaint", "web", past, "new"))
    make(world, Spec("P08", "complaint", "web", today, "new"))
    stats_rebuild()
    assert MonthlyCount.objects.filter(jyear=year, jmonth=month).exists()
    this = jdatetime.date.fromgregorian(date=today.date())
    assert not MonthlyCount.objects.filter(jyear=this.year, jmonth=this.month).exists()
    first = past_first
    assert hq_dashboard(world, first=first, last=today.date()).total == 2
    # New counters arrive through the services; the past month's count stays put until
    # MonthlyCount is recomputed (the hourly task), the current month is read every time.
    make(world, Spec("P08", "praise", "web", past + timedelta(hours=1), "new"))
    make(world, Spec("P08", "praise", "web", today, "new"))
    assert hq_dashboard(world, first=first, last=today.date()).total == 3
    assert monthly_counts_task.enqueue().return_value > 0
    assert hq_dashboard(world, first=first, last=today.date()).total == 4


# ------------------------------------------------------------------ monthly counts


def filed_in(world: Any, day: date, *, concerned: str | None, state: str | None = None) -> Case:
    """A message filed through the services (so DailyStat is kept by them), screened to
    Kerman when `state` says so."""
    hq = world.hq_officer
    case = services.message_submit(
        submission=services.Submission(
            message_type=MessageType.SUGGESTION,
            category=Category.objects.get(code="donations"),
            description="پیشنهاد برای بهبود خدمات مرکز",
            channel="phone",
            concerned_unit=world.unit(concerned) if concerned else None,
            contact_mobile="+989121239999",
        ),
        now=at(day),
    ).case
    if state is not None:
        case = services.message_screen(
            actor=hq,
            scope=scope_for_user(hq),
            case=case,
            to_unit=world.unit("P08"),
            reason="استانی",
        )
    return case


@pytest.fixture
def months(world: Any, known: list[Case]) -> list[Case]:
    """`known` plus national messages (no province yet) and a referral, over several months."""
    extra = [
        filed_in(world, date(2026, 4, 20), concerned=None),
        filed_in(world, date(2026, 6, 5), concerned=None, state="screened"),
        filed_in(world, date(2026, 8, 30), concerned="C1902"),
    ]
    stats_rebuild()
    return [*known, *extra]


def daily_by_month(jyear: int, jmonth: int, dimension: str) -> dict[tuple[Any, str], int]:
    first, last = jalali_month_range(jyear, jmonth)
    stats = DailyStat.objects.filter(day__gte=first, day__lte=last)
    columns = ["province_id"] if dimension == "province_id" else ["province_id", dimension]
    out = {}
    for province_id, *value, n in stats.values_list(*columns).annotate(n=Sum("filed")).order_by():
        key = value[0] if value else province_id
        if n:
            out[(province_id, "" if key is None else str(key))] = n
    return out


def monthly_by_month(jyear: int, jmonth: int, dimension: str) -> dict[tuple[Any, str], int]:
    rows = MonthlyCount.objects.filter(jyear=jyear, jmonth=jmonth, dimension=dimension)
    return {(r.province_id, r.value): r.filed for r in rows}


def test_monthly_counts_equal_the_daily_counters_per_dimension(world, months) -> None:
    stored = set(MonthlyCount.objects.values_list("jyear", "jmonth").distinct())
    days = DailyStat.objects.filter(filed__gt=0).values_list("day", flat=True)
    jalali = [jdatetime.date.fromgregorian(date=day) for day in days]
    with_messages = {(j.year, j.month) for j in jalali}
    assert stored == with_messages == {(1405, m) for m in (1, 2, 3, 4, 6, 7)}
    for jyear, jmonth in stored:
        for dimension in COUNT_DIMENSIONS:
            assert monthly_by_month(jyear, jmonth, dimension) == daily_by_month(
                jyear, jmonth, dimension
            ), (jyear, jmonth, dimension)
    # The national message of Ordibehesht counts under "no province" ("" in MonthlyCount).
    assert monthly_by_month(1405, 1, "province_id")[(None, "")] == 1


def test_the_dashboard_is_the_same_with_and_without_monthly_counts(world, months) -> None:
    periods = [
        (FIRST, LAST),  # whole months only
        (date(2026, 4, 5), date(2026, 9, 1)),  # partial months at both ends
        (FIRST, timezone.localdate()),  # up to the current month
    ]
    readers = {
        "hq": (world.hq_manager, None),
        "hq, Zanjan": (world.hq_manager, world.unit("P19").pk),
        "kerman": (world.kerman_manager, None),
    }

    def boards() -> dict[Any, Any]:
        out = {}
        for name, (user, province_id) in readers.items():
            scope = scope_for_user(user)
            for first, last in periods:
                selection = selection_for(
                    scope=scope, first=first, last=last, province_id=province_id
                )
                board = dashboard_get(scope=scope, selection=selection)
                out[name, first, last] = (board.total, board.breakdowns)
        return out

    with_monthly = boards()
    MonthlyCount.objects.all().delete()
    assert boards() == with_monthly
    assert with_monthly["hq", FIRST, LAST][0] == 10  # 7 known and 3 more in the period
    # Scoping still holds when the months come from MonthlyCount.
    kerman = with_monthly["kerman", FIRST, LAST][1]["province"]
    assert counts(kerman) == {str(world.unit("P08").pk): 5}


def test_monthly_counts_rebuild_of_some_months_leaves_the_others(world, months) -> None:
    MonthlyCount.objects.filter(jyear=1405, jmonth=3).update(filed=999)
    before = MonthlyCount.objects.filter(jyear=1405, jmonth=3).count()
    this = jdatetime.date.fromgregorian(date=timezone.localdate())
    written = monthly_counts_rebuild(months=[(1405, 1), (this.year, this.month)])
    assert written == MonthlyCount.objects.filter(jyear=1405, jmonth=1).count() > 0
    assert not MonthlyCount.objects.filter(jyear=this.year, jmonth=this.month).exists()
    assert set(
        MonthlyCount.objects.filter(jyear=1405, jmonth=3).values_list("filed", flat=True)
    ) == {999}
    assert MonthlyCount.objects.filter(jyear=1405, jmonth=3).count() == before
    monthly_counts_rebuild()  # everything: the tampered month is right again
    assert monthly_by_month(1405, 3, "state") == daily_by_month(1405, 3, "state")


def test_the_monthly_counts_command_rebuilds_one_month_or_all(world, months) -> None:
    MonthlyCount.objects.all().delete()
    out = io.StringIO()
    call_command("watchdog_monthly_counts", "--month", "۱۴۰۵/۰۲", stdout=out)
    assert set(MonthlyCount.objects.values_list("jyear", "jmonth").distinct()) == {(1405, 2)}
    call_command("watchdog_monthly_counts", stdout=out)
    assert MonthlyCount.objects.filter(jyear=1405, jmonth=7).exists()
    with pytest.raises(CommandError):
        call_command("watchdog_monthly_counts", "--month", "1405/13")
    MonthlyCount.objects.all().delete()
    call_command("watchdog_monthly_counts", "--schedule", stdout=out)  # runs at once in tests
    assert "scheduled" in out.getvalue()
    assert MonthlyCount.objects.filter(jyear=1405, jmonth=7).exists()
