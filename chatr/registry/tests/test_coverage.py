"""Coverage figures: the report per province and county against hand-built data, the monthly
series, scoping, the measures seam, the page with its downloads, and the API."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from typing import Any

import jdatetime
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from chatr.core.errors import ApplicationError, NotFoundError, PermissionDeniedError
from chatr.org.scope import Grant, Scope, scope_for_user
from chatr.registry import coverage
from chatr.registry.models import ClientFile, Household, HouseholdMember
from chatr.registry.reports import (
    coverage_default_level,
    coverage_report,
    coverage_series,
    jalali_month_ends,
)
from chatr.registry.tests.factories import add_member, open_file, register_household

pytestmark = pytest.mark.django_db

TZ = timezone.get_default_timezone()


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=TZ)


def _covered(file: ClientFile, *, activated: date, closed: date | None = None) -> ClientFile:
    """Make a file active from `activated` (and closed on `closed`) without the workflow."""
    ClientFile.objects.filter(pk=file.pk).update(
        state="closed" if closed else "active",
        close_reason="moved" if closed else "",
        activated_at=_at(activated),
        closed_at=_at(closed) if closed else None,
    )
    file.refresh_from_db()
    return file


@pytest.fixture
def data(world: Any, score_factors: None) -> dict[str, Any]:
    """Zanjan: 2 households in Zanjan county (5 people), 1 in Abhar (1 person);
    Kerman: 1 household in Kerman county (2 people), all there since 2022; one more person
    was in Zanjan's second household from 2019 to 2020. Files with known active periods."""
    zm, km = world.zanjan_manager, world.kerman_manager
    z1 = register_household(zm, world.unit("C1901"))
    add_member(zm, z1)
    add_member(zm, z1)
    z2 = register_household(zm, world.unit("C1901"))
    left = add_member(zm, z2)
    add_member(zm, z2)
    abhar = register_household(zm, world.unit("C1902"))
    k1 = register_household(km, world.unit("C0801"))
    add_member(km, k1)
    Household.objects.update(created_at=_at(date(2022, 1, 1)))
    HouseholdMember.objects.update(joined_on=date(2022, 1, 1))
    HouseholdMember.objects.filter(person=left).update(
        joined_on=date(2019, 1, 1), left_on=date(2020, 1, 1)
    )
    files = {
        "z1": _covered(
            open_file(zm, z1, target_group="rehabilitation", sub_group="disability"),
            activated=date(2024, 1, 10),
        ),
        "z2": _covered(
            open_file(zm, z2, target_group="social_affairs", sub_group="female_headed"),
            activated=date(2024, 1, 10),
            closed=date(2024, 6, 1),
        ),
        "abhar": _covered(
            open_file(zm, abhar, target_group="social_affairs", sub_group="elderly"),
            activated=date(2024, 3, 1),
        ),
        "k1": _covered(
            open_file(km, k1, target_group="rehabilitation", sub_group="disability"),
            activated=date(2023, 1, 1),
        ),
    }
    open_file(zm, z1)  # an applicant: never counted
    return {"z1": z1, "z2": z2, "abhar": abhar, "k1": k1, "files": files}


@pytest.fixture
def no_measures(monkeypatch: Any) -> None:
    """As if no module above the registry had registered a measure (pensions does)."""
    monkeypatch.setattr(coverage, "_MEASURES", {})


def _row(report: Any, code: str) -> Any:
    return next(r for r in report.rows if r.unit.code == code)


def test_hq_sees_every_province_with_numbers_counted_by_hand(world: Any, data: Any) -> None:
    report = coverage_report(scope=scope_for_user(world.hq_manager), on=date(2024, 2, 1))
    assert report.level == "province"
    assert len(report.rows) == 31
    zanjan, kerman = _row(report, "P19"), _row(report, "P08")
    assert (zanjan.households, zanjan.people, zanjan.covered) == (3, 6, 2)
    assert (kerman.households, kerman.people, kerman.covered) == (1, 2, 1)
    assert zanjan.by_target_group == {
        "rehabilitation": 1,
        "social_affairs": 1,
        "prevention": 0,
    }
    assert zanjan.by_sub_group["female_headed"] == 1
    assert zanjan.by_sub_group["elderly"] == 0  # Abhar's file starts in March
    assert (report.total.households, report.total.people, report.total.covered) == (4, 8, 3)
    assert _row(report, "P23").covered == 0


def test_files_count_only_while_active(world: Any, data: Any) -> None:
    scope = scope_for_user(world.hq_manager)
    later = coverage_report(scope=scope, on=date(2024, 7, 1))
    zanjan = _row(later, "P19")
    # z2's file closed on 1 June; Abhar's started on 1 March.
    assert zanjan.covered == 2
    assert zanjan.by_sub_group == {
        "disability": 1,
        "female_headed": 0,
        "children_without_guardians": 0,
        "elderly": 1,
        "addiction": 0,
    }
    # The day a file is activated counts; the day it is closed does not.
    assert _row(coverage_report(scope=scope, on=date(2024, 3, 1)), "P19").covered == 3
    assert _row(coverage_report(scope=scope, on=date(2024, 6, 1)), "P19").covered == 2


def test_households_and_people_as_of_a_past_day(world: Any, data: Any) -> None:
    scope = scope_for_user(world.hq_manager)
    before = coverage_report(scope=scope, on=date(2021, 12, 31))
    assert before.total.households == 0
    assert coverage_report(scope=scope).total.households == 4
    # Membership dates are what counts: in 2019 only the member who left in 2020 was there.
    on_2019 = coverage_report(scope=scope, on=date(2019, 6, 1))
    assert on_2019.total.people == 1
    assert coverage_report(scope=scope, on=date(2022, 1, 1)).total.people == 8


def test_province_manager_sees_only_their_province_by_county(world: Any, data: Any) -> None:
    scope = scope_for_user(world.zanjan_manager)
    assert coverage_default_level(scope=scope) == "county"
    assert coverage_default_level(scope=scope_for_user(world.hq_manager)) == "province"
    report = coverage_report(scope=scope, on=date(2024, 2, 1), level="county")
    assert {r.unit.code for r in report.rows} == {"C1901", "C1902"}
    assert (_row(report, "C1901").households, _row(report, "C1901").people) == (2, 5)
    assert (_row(report, "C1902").households, _row(report, "C1902").covered) == (1, 0)
    assert report.total.people == 6
    provinces = coverage_report(scope=scope, on=date(2024, 2, 1))
    assert [r.unit.code for r in provinces.rows] == ["P19"]
    with pytest.raises(NotFoundError):
        coverage_report(scope=scope, level="county", province_id=world.unit("P08").pk)


def test_hq_breaks_one_province_down_by_county(world: Any, data: Any) -> None:
    report = coverage_report(
        scope=scope_for_user(world.hq_manager),
        on=date(2024, 2, 1),
        level="county",
        province_id=world.unit("P08").pk,
    )
    assert report.province is not None and report.province.code == "P08"
    assert {r.unit.code for r in report.rows} == {"C0801", "C0802"}
    assert report.total.covered == 1


def test_people_are_counted_on_the_memberships_own_keys_without_a_join(
    world: Any, data: Any, no_measures: None
) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    scope = scope_for_user(world.zanjan_manager)
    with CaptureQueriesContext(connection) as queries:
        report = coverage_report(scope=scope, on=date(2024, 2, 1), level="county", fresh=True)
    people = [q["sql"] for q in queries if 'FROM "registry_householdmember"' in q["sql"]]
    assert len(people) == 1 and "JOIN" not in people[0]
    assert (_row(report, "C1901").people, _row(report, "C1902").people) == (5, 1)


def test_a_counters_staff_count_their_counters_files_and_no_households(
    world: Any, data: Any
) -> None:
    """Households and their members belong to a county; an active file to its counter. A
    social worker at a counter sees the counter's county row with only what is theirs."""
    ClientFile.objects.filter(pk=data["files"]["z1"].pk).update(org_unit=world.unit("Z1901"))
    scope = scope_for_user(world.zanjan_social_worker)
    report = coverage_report(scope=scope, on=date(2024, 2, 1), level="county")
    assert [r.unit.code for r in report.rows] == ["C1901"]
    assert (report.total.households, report.total.people, report.total.covered) == (0, 0, 1)


def test_reading_needs_the_registry_permission_and_a_known_level(world: Any) -> None:
    with pytest.raises(PermissionDeniedError):
        coverage_report(scope=scope_for_user(world.kerman_center_operator))
    with pytest.raises(ApplicationError) as raised:
        coverage_report(scope=scope_for_user(world.hq_manager), level="center")
    assert raised.value.code == "coverage_level_invalid"


def test_the_report_is_a_few_grouped_queries_whatever_the_number_of_units(
    world: Any, data: Any, django_assert_max_num_queries: Any, no_measures: None
) -> None:
    scope = scope_for_user(world.hq_manager)
    with django_assert_max_num_queries(4):
        coverage_report(scope=scope, level="county")
    with django_assert_max_num_queries(2):
        coverage_series(scope=scope)


def test_figures_are_cached_per_grants_until_asked_fresh(
    world: Any, data: Any, django_assert_num_queries: Any, no_measures: None
) -> None:
    on = date(2024, 2, 1)
    first = coverage_report(scope=scope_for_user(world.hq_manager), on=on)
    hq = world.unit("HQ")
    another_hq_manager = Scope(user_id=0, grants=(Grant("hq_manager", hq.pk, "hq", hq.path),))
    with django_assert_num_queries(0):
        # Another HQ reader shares the national figures.
        again = coverage_report(scope=another_hq_manager, on=on)
    assert again.total == first.total
    ClientFile.objects.update(activated_at=None)
    assert coverage_report(scope=scope_for_user(world.hq_manager), on=on).total.covered == 3
    fresh = coverage_report(scope=scope_for_user(world.hq_manager), on=on, fresh=True)
    assert fresh.total.covered == 0
    # A province's figures are never served to another province.
    kerman = coverage_report(scope=scope_for_user(world.kerman_manager), on=on, level="county")
    assert {r.unit.code for r in kerman.rows} == {"C0801", "C0802"}


def test_warming_fills_the_national_figures(
    world: Any, data: Any, django_assert_num_queries: Any, no_measures: None
) -> None:
    from chatr.registry.reports import coverage_cache_warm

    coverage_cache_warm()
    scope = scope_for_user(world.hq_manager)
    with django_assert_num_queries(0):
        report = coverage_report(scope=scope, level="county")
        coverage_series(scope=scope)
    assert report.total.households == 4


def test_registered_measures_add_a_column(world: Any, data: Any, monkeypatch: Any) -> None:
    calls: list[dict[str, Any]] = []

    def pensioners(*, scope: Any, on: date, level: str) -> dict[int, int]:
        calls.append({"on": on, "level": level})
        return {world.unit("P19").pk: 7, world.unit("P08").pk: 2}

    # Only the fake measure, whatever modules registered; undone after the test.
    monkeypatch.setattr(
        coverage,
        "_MEASURES",
        {"pensioners": coverage.CoverageMeasure("pensioners", _("Pensioners"), pensioners)},
    )
    report = coverage_report(scope=scope_for_user(world.hq_manager), on=date(2024, 2, 1))
    assert [code for code, _label in report.measures] == ["pensioners"]
    assert _row(report, "P19").measures == {"pensioners": 7}
    assert report.total.measures == {"pensioners": 9}
    assert calls == [{"on": date(2024, 2, 1), "level": "province"}]


def test_no_measure_registered_means_no_extra_column(
    world: Any, data: Any, no_measures: None
) -> None:
    report = coverage_report(scope=scope_for_user(world.hq_manager))
    assert report.measures == [] and report.total.measures == {}


# ---------------------------------------------------------------- over time


def test_month_ends_are_jalali_and_the_current_month_ends_today() -> None:
    on = jdatetime.date(1403, 1, 15).togregorian()
    ends = jalali_month_ends(on=on, months=3)
    assert [(y, m) for y, m, _d in ends] == [(1402, 11), (1402, 12), (1403, 1)]
    assert ends[0][2] == jdatetime.date(1402, 11, 30).togregorian()
    assert ends[1][2] == jdatetime.date(1402, 12, 29).togregorian()  # 1402 is not a leap year
    assert ends[2][2] == on


def test_series_counts_covered_clients_at_each_month_end(world: Any, data: Any) -> None:
    scope = scope_for_user(world.hq_manager)
    on = jdatetime.date(1403, 4, 20).togregorian()  # 10 July 2024
    series = coverage_series(scope=scope, on=on)
    assert len(series.months) == 12 and series.months[-1] == (1403, 4)
    by_month = dict(zip(series.months, series.total.covered, strict=True))
    # Kerman's file since 2023; Zanjan's two from 10 January 2024 (Dey 1402), z2 closed on
    # 1 June 2024 (Khordad 1403), Abhar's from 1 March 2024 (Esfand 1402).
    assert by_month[(1402, 9)] == 1  # Azar ends 21 December 2023
    assert by_month[(1402, 10)] == 3  # Dey ends 20 January 2024
    assert by_month[(1402, 12)] == 4
    assert by_month[(1403, 2)] == 4  # Ordibehesht ends 20 May 2024
    assert by_month[(1403, 3)] == 3
    zanjan = next(r for r in series.rows if r.unit and r.unit.code == "P19")
    assert zanjan.covered[-1] == 2
    for month, end in zip(series.months, series.month_ends, strict=True):
        assert coverage_report(scope=scope, on=end).total.covered == by_month[month]


def test_series_is_scoped(world: Any, data: Any) -> None:
    series = coverage_series(
        scope=scope_for_user(world.kerman_manager),
        on=date(2024, 7, 10),
        level="county",
    )
    assert {r.unit.code for r in series.rows} == {"C0801", "C0802"}
    assert series.total.covered[-1] == 1


# ---------------------------------------------------------------- pages and downloads

ON = "1402/11/12"  # 1 February 2024


def test_coverage_page_shows_charts_and_tables_for_hq(
    world: Any, data: Any, client_for: Any
) -> None:
    response = client_for("hq_manager").get(reverse("registry:coverage"), {"on": ON})
    assert response.status_code == 200
    body = response.content.decode()
    assert body.count('role="img"') == 4
    for key in ("coverage", "target_groups", "sub_groups", "series"):
        assert f'id="table-{key}"' in body
    assert "زنجان" in body and "کرمان" in body
    assert "format=xlsx" in body and "format=csv" in body


def test_coverage_page_for_a_province_manager_lists_their_counties(
    world: Any, data: Any, client_for: Any
) -> None:
    response = client_for("zanjan_manager").get(reverse("registry:coverage"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ابهر" in body and "رفسنجان" not in body


def test_coverage_page_refuses_a_future_day_and_non_registry_staff(
    world: Any, client_for: Any
) -> None:
    response = client_for("hq_manager").get(reverse("registry:coverage"), {"on": "1499/01/01"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert client_for("kerman_center_operator").get(reverse("registry:coverage")).status_code == 403


def test_csv_download_has_the_same_figures(world: Any, data: Any, client_for: Any) -> None:
    response = client_for("hq_manager").get(
        reverse("registry:coverage_export"), {"on": ON, "level": "province", "format": "csv"}
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.csv"')
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    zanjan = next(r for r in rows if r and r[0] == "زنجان")
    assert zanjan[1:4] == ["3", "6", "2"]
    assert any(r[1:4] == ["4", "8", "3"] for r in rows)  # the totals


def test_xlsx_download_has_one_sheet_per_table(world: Any, data: Any, client_for: Any) -> None:
    from openpyxl import load_workbook

    response = client_for("zanjan_manager").get(
        reverse("registry:coverage_export"), {"on": ON, "format": "xlsx"}
    )
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    assert len(workbook.worksheets) == 4
    sheet = workbook.worksheets[0]
    values = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert ["زنجان", 2, 5, 2] in [v[:4] for v in values]
    assert sheet.sheet_view.rightToLeft


def test_registry_menu_links_to_the_figures_and_the_import_for_those_who_may_use_them(
    world: Any, client_for: Any, monkeypatch: Any
) -> None:
    from chatr.org.roles import Perm
    from chatr.ui import tools

    page = reverse("registry:households")
    body = client_for("zanjan_officer").get(page).content.decode()
    assert f'href="{reverse("registry:coverage")}"' in body
    assert f'href="{reverse("registry:import")}"' in body
    # The menu follows the tool's permission: an officer who may not import sees no link.
    offered = dict(tools._TOOLS)
    offered["registry.import"] = tools.Tool(
        "registry.import", "Import", "registry:import", Perm.REGISTRY_APPROVE
    )
    monkeypatch.setattr(tools, "_TOOLS", offered)
    body = client_for("zanjan_officer").get(page).content.decode()
    assert f'href="{reverse("registry:coverage")}"' in body
    assert f'href="{reverse("registry:import")}"' not in body


def test_export_refuses_an_unknown_format(world: Any, client_for: Any) -> None:
    response = client_for("hq_manager").get(reverse("registry:coverage_export"), {"format": "pdf"})
    assert response.status_code == 400


def test_workspace_tools_are_offered_by_permission(world: Any, monkeypatch: Any) -> None:
    from chatr.registry.views_coverage import register_coverage_tools
    from chatr.ui import tools

    monkeypatch.setattr(tools, "_TOOLS", {})
    register_coverage_tools()
    officer = {t.key for t in tools.tools_for(scope_for_user(world.zanjan_officer))}
    assert officer == {"registry.coverage", "registry.import"}
    assert [t.url for t in tools.tools_for(scope_for_user(world.zanjan_officer))] == [
        "/registry/coverage/",
        "/registry/import/",
    ]
    assert not tools.tools_for(scope_for_user(world.kerman_center_operator))


# ---------------------------------------------------------------- API

API = "/api/v1/registry/coverage/"


def test_api_report_is_scoped_and_defaults_by_role(world: Any, data: Any, client_for: Any) -> None:
    hq = client_for("hq_manager").get(API, {"on": "2024-02-01"})
    assert hq.status_code == 200
    body = hq.json()
    assert body["level"] == "province" and len(body["rows"]) == 31
    assert body["total"]["covered"] == 3
    zanjan = next(r for r in body["rows"] if r["unit"]["code"] == "P19")
    assert (zanjan["households"], zanjan["people"], zanjan["covered"]) == (3, 6, 2)
    assert {g["code"] for g in body["target_groups"]} == {
        "rehabilitation",
        "social_affairs",
        "prevention",
    }
    manager = client_for("kerman_manager").get(API, {"on": "2024-02-01"}).json()
    assert manager["level"] == "county"
    assert {r["unit"]["code"] for r in manager["rows"]} == {"C0801", "C0802"}
    by_province = client_for("hq_manager").get(API, {"level": "county", "province": "P19"})
    assert {r["unit"]["code"] for r in by_province.json()["rows"]} == {"C1901", "C1902"}
    assert client_for("kerman_manager").get(API, {"province": "P19"}).status_code == 404


def test_api_series_and_csv(world: Any, data: Any, client_for: Any) -> None:
    client = client_for("hq_manager")
    series = client.get(f"{API}series", {"on": "2024-07-10"}).json()
    assert len(series["months"]) == 12
    assert series["months"][-1] == {"year": 1403, "month": 4, "counted_on": "2024-07-10"}
    assert series["total"]["covered"][-1] == 3
    response = client.get(API, {"on": "2024-02-01", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")


def test_api_refuses_strangers_and_bad_levels(world: Any, client_for: Any) -> None:
    from django.test import Client

    assert Client().get(API).status_code == 401
    assert client_for("kerman_center_operator").get(API).status_code == 403
    assert client_for("hq_manager").get(API, {"level": "center"}).status_code == 422
