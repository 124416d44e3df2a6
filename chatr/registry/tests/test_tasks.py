"""Keeping the national coverage figures warm: the self-renewing task, the command that starts
it, and the refresh after a bulk import."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from chatr.org.scope import scope_for_user
from chatr.registry import coverage, imports, reports
from chatr.registry.imports import COLUMNS, registry_import
from chatr.registry.tasks import coverage_cache_refresh_task, coverage_cache_warm_task
from chatr.registry.tests.factories import national_code, register_household

pytestmark = pytest.mark.django_db

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
WARM_TASK = "chatr.registry.tasks.coverage_cache_warm_task"


@pytest.fixture(autouse=True)
def no_measures(monkeypatch: Any) -> None:
    """As if no module above the registry had registered a measure (pensions does)."""
    monkeypatch.setattr(coverage, "_MEASURES", {})


@pytest.fixture
def households(world: Any, score_factors: None) -> None:
    register_household(world.zanjan_manager, world.unit("C1901"))
    register_household(world.kerman_manager, world.unit("C0801"))


def _waiting() -> list[DBTaskResult]:
    return list(DBTaskResult.objects.filter(task_path=WARM_TASK, status=TaskResultStatus.READY))


def test_the_warming_interval_renews_today_before_it_expires() -> None:
    assert reports.CACHE_WARM_INTERVAL.total_seconds() * 2 <= reports.CACHE_SECONDS_TODAY


def test_the_warming_task_fills_the_national_figures(
    world: Any, households: None, django_assert_num_queries: Any
) -> None:
    coverage_cache_warm_task.enqueue()  # runs at once on the tests' immediate backend
    scope = scope_for_user(world.hq_manager)
    with django_assert_num_queries(0):
        by_province = reports.coverage_report(scope=scope)
        reports.coverage_report(scope=scope, level="county")
        reports.coverage_series(scope=scope)
    assert by_province.total.households == 2


@override_settings(TASKS=DATABASE_TASKS)
def test_the_warming_task_schedules_its_next_run_once(world: Any, households: None) -> None:
    before = timezone.now()
    coverage_cache_warm_task.call()
    [next_run] = _waiting()
    assert next_run.run_after is not None
    assert next_run.run_after - before >= reports.CACHE_WARM_INTERVAL
    assert next_run.run_after - timezone.now() <= reports.CACHE_WARM_INTERVAL
    # A run while the next one is already waiting (a restart, a manual run) adds no second.
    coverage_cache_warm_task.call()
    assert len(_waiting()) == 1


@override_settings(TASKS=DATABASE_TASKS)
def test_the_command_starts_one_chain_or_warms_at_once(world: Any, households: None) -> None:
    out = StringIO()
    call_command("registry_coverage_warm", "--schedule", stdout=out)
    call_command("registry_coverage_warm", "--schedule", stdout=out)
    assert len(_waiting()) == 1
    assert "already scheduled" in out.getvalue()
    call_command("registry_coverage_warm", stdout=out)
    assert "warmed" in out.getvalue()
    assert len(_waiting()) == 1


def test_the_refresh_after_an_import_runs_once_and_schedules_nothing(
    world: Any, households: None
) -> None:
    with override_settings(TASKS=DATABASE_TASKS):
        coverage_cache_refresh_task.call()
        assert not DBTaskResult.objects.exists()


class RecordingTask:
    """Stands in for the refresh task, recording when it is queued."""

    def __init__(self) -> None:
        self.runs = 0

    def get_backend(self) -> object:
        return coverage_cache_refresh_task.get_backend()

    def enqueue(self) -> None:
        self.runs += 1


def _rows(*codes: str) -> list[list[str]]:
    values = {
        "first_name": "مریم",
        "last_name": "رحیمی",
        "birth_date": "1360/01/20",
        "sex": "female",
        "county": "C1901",
        "area": "urban",
        "address": "زنجان، خیابان امام",
        "housing": "rented",
    }
    return [
        [c.key for c in COLUMNS],
        *[
            [
                {**values, "household": code, "national_code": code, "relationship": "head"}.get(
                    c.key, ""
                )
                for c in COLUMNS
            ]
            for code in codes
        ],
    ]


def test_an_import_that_writes_refreshes_the_figures_after_it_commits(
    world: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    refresh = RecordingTask()
    monkeypatch.setattr(imports, "coverage_cache_refresh_task", refresh)
    actor = world.zanjan_officer
    rows = _rows(national_code(), national_code())
    with django_capture_on_commit_callbacks(execute=True):
        report = registry_import(
            actor=actor, scope=scope_for_user(actor), mode="valid_rows", rows=rows
        )
        assert report.households_created == 2
        assert refresh.runs == 0  # not before the commit
    assert refresh.runs == 1
    with django_capture_on_commit_callbacks(execute=True):
        again = registry_import(
            actor=actor, scope=scope_for_user(actor), mode="valid_rows", rows=rows
        )
    assert again.committed and again.households_created == 0
    assert refresh.runs == 1  # nothing new: the figures did not change


def test_after_an_import_hq_reads_the_new_figures_from_the_cache(
    world: Any, django_capture_on_commit_callbacks: Any, django_assert_num_queries: Any
) -> None:
    hq = scope_for_user(world.hq_manager)
    assert reports.coverage_report(scope=hq).total.households == 0
    actor = world.zanjan_officer
    with django_capture_on_commit_callbacks(execute=True):
        registry_import(
            actor=actor,
            scope=scope_for_user(actor),
            mode="all_or_nothing",
            rows=_rows(national_code()),
        )
    with django_assert_num_queries(0):
        report = reports.coverage_report(scope=hq)
    assert (report.total.households, report.total.people) == (1, 1)
