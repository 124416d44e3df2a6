"""Registry and pensions benchmark against PostgreSQL: payment cycle, lookups, coverage.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chatr_bench_registry \\
        .venv/bin/python bench/registry_bench.py --households 2000000

Creates the database if it is missing, migrates it, loads the shared world and tops the
registry up to --households with `registry_generate` (bulk COPY), then measures in one run:

  (a) the monthly payment cycle: `cycle_open` of every standard program, then one
      `month_compute` that computes the month's four cycles in one statement (about 1.6M
      beneficiaries at 2M households; that call is timed), against a raw INSERT … SELECT of
      the same rows into a copy of the entitlement table (same columns, indexes and checks);
  (b) person lookup by national code (`person_find_by_national_code` for an HQ reader, and
      `is_active_client`), p50/p99, against a raw indexed SELECT by national code;
  (c) the coverage report for the whole country (`coverage_report`, HQ manager, by province
      and by county), against a plain SELECT count(*) over the households.

Targets from the spec: cycle within 3x the raw insert and under 2 minutes; lookup p99 under
20 ms; coverage report under 500 ms. See bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# bench/ is not a package: share the set-up and timing helpers of the watchdog benchmark.
from watchdog_bench import (
    ensure_database,
    pct,
    raw_sql,
    setup_django,
    timings,
    verdict,
)

TARGET_CYCLE_RATIO = 3.0
TARGET_CYCLE_S = 120
TARGET_LOOKUP_P99_MS = 20
TARGET_COVERAGE_MS = 500
# The month every run computes (its rows are deleted first, so compute always runs).
CYCLE_YEAR, CYCLE_MONTH = 1405, 9


# ---------------------------------------------------------------------------- set-up


def prepare(households: int, jobs: int) -> Any:
    from django.core.management import call_command

    from chatr.demo.world import build_world
    from chatr.registry.management.commands.registry_generate import generate

    call_command("migrate", verbosity=0)
    world = build_world()
    started = time.monotonic()
    added = generate(
        households=households, jobs=jobs, progress=lambda line: print("  " + line, end="\r")
    )
    if added:
        elapsed = time.monotonic() - started
        print(f"\n  generated {added:,} households in {elapsed:.0f} s ({added / elapsed:,.0f}/s)")
    counts = {
        table: raw_sql(f"SELECT count(*) FROM registry_{table}")[0][0]  # noqa: S608
        for table in ("household", "person", "disability", "clientfile", "bankaccount")
    }
    active = raw_sql("SELECT count(*) FROM registry_clientfile WHERE state = 'active'")[0][0]
    print(
        f"  {counts['household']:,} households, {counts['person']:,} people, "
        f"{counts['disability']:,} disabilities, {counts['clientfile']:,} files "
        f"({active:,} active), {counts['bankaccount']:,} bank accounts"
    )
    return world


# ---------------------------------------------------------------------------- (a) cycle


def _entitlement_columns() -> str:
    rows = raw_sql(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = 'pensions_entitlement' AND column_name <> 'id' "
        "ORDER BY ordinal_position"
    )
    return ", ".join(f'"{name}"' for (name,) in rows)


def _raw_insert(cycle_ids: list[int]) -> tuple[int, float]:
    """INSERT … SELECT of the cycle's rows into a copy of the entitlement table, one
    transaction (rows, seconds)."""
    from django.db import connection, transaction

    raw_sql("DROP TABLE IF EXISTS bench_entitlement")
    # A logged table with the same columns, defaults, checks and indexes (LIKE … INCLUDING
    # ALL): the write costs what the real one does, minus the foreign-key checks.
    raw_sql("CREATE TABLE bench_entitlement (LIKE pensions_entitlement INCLUDING ALL)")
    columns = _entitlement_columns()
    raw_sql("CHECKPOINT")
    try:
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO bench_entitlement ({columns}) SELECT {columns} "  # noqa: S608
                "FROM pensions_entitlement WHERE cycle_id = ANY(%s)",
                [cycle_ids],
            )
            rows = cursor.rowcount
        return rows, time.perf_counter() - started
    finally:
        raw_sql("DROP TABLE IF EXISTS bench_entitlement")


def _cycle_run(world: Any) -> tuple[list[Any], int, float, int, float]:
    """One timed month_compute from an empty ledger, then the raw copy of its rows: (cycles,
    rows, seconds, raw rows, raw seconds)."""
    from chatr.org.scope import scope_for_user
    from chatr.pensions.demo import programs_ensure
    from chatr.pensions.services import cycle_open, month_compute

    # The same month every run: the rows of earlier runs go first, so compute always runs
    # against the same, empty entitlement table.
    raw_sql("TRUNCATE pensions_entitlement")
    raw_sql("DELETE FROM pensions_paymentcycle")
    raw_sql("VACUUM ANALYZE pensions_entitlement")
    raw_sql("CHECKPOINT")  # no dirty pages of the load left for compute to write out
    maker = world.users["hq_finance"]
    scope = scope_for_user(maker)
    cycles = [
        cycle_open(actor=maker, scope=scope, program=program, year=CYCLE_YEAR, month=CYCLE_MONTH)
        for program in programs_ensure(year=CYCLE_YEAR)
    ]
    # One call computes the month's open cycles, all programs in one statement.
    started = time.perf_counter()
    rows = month_compute(actor=maker, scope=scope, year=CYCLE_YEAR, month=CYCLE_MONTH)
    seconds = time.perf_counter() - started
    raw_rows, raw_s = _raw_insert([c.pk for c in cycles])
    return cycles, rows, seconds, raw_rows, raw_s


def bench_cycle(world: Any, runs: int) -> dict[str, float]:
    from chatr.org.scope import scope_for_user
    from chatr.pensions.services import cycle_approve

    print(f"\n(a) monthly payment cycle, {CYCLE_YEAR}/{CYCLE_MONTH:02d}, every standard program")
    # Compute and its baseline alternate, `runs` times: both write about a gigabyte, so where
    # PostgreSQL's checkpoints fall moves either by a quarter from one run to the next. The
    # ratio is that of the medians.
    times, raw_times = [], []
    for run in range(1, runs + 1):
        cycles, total_rows, seconds, raw_rows, raw_s = _cycle_run(world)
        times.append(seconds)
        raw_times.append(raw_s)
        print(
            f"  run {run}: month_compute {total_rows:,} rows in {seconds:6.1f} s, "
            f"raw copy {raw_rows:,} rows in {raw_s:6.1f} s ({seconds / raw_s:.2f}x)"
        )
    per_program = dict(
        raw_sql(
            "SELECT c.program_id, count(e.id) FROM pensions_paymentcycle c "
            "LEFT JOIN pensions_entitlement e ON e.cycle_id = c.id "
            "WHERE c.id = ANY(%s) GROUP BY c.program_id",
            [[c.pk for c in cycles]],
        )
    )
    for cycle in cycles:
        print(f"  {cycle.program.code:<28} {per_program.get(cycle.program_id, 0):>10,} rows")
    statuses = raw_sql(
        "SELECT status, reason, count(*) FROM pensions_entitlement GROUP BY 1, 2 ORDER BY 3 DESC"
    )
    print("  " + ", ".join(f"{s}{'/' + r if r else ''}: {n:,}" for s, r, n in statuses))
    total_s, raw_s = statistics.median(times), statistics.median(raw_times)
    ratio = total_s / raw_s if raw_s else float("inf")
    print(
        f"  month_compute, all programs: {total_rows:>10,} rows, median {total_s:6.1f} s "
        f"({total_rows / max(total_s, 1e-9):,.0f} rows/s)  "
        f"{verdict(total_s < TARGET_CYCLE_S)} (< {TARGET_CYCLE_S} s)"
    )
    print(
        f"  raw INSERT … SELECT, same rows: {raw_rows:>7,} rows, median {raw_s:6.1f} s  -> ratio "
        f"{ratio:.2f}x  {verdict(ratio <= TARGET_CYCLE_RATIO)} (<= {TARGET_CYCLE_RATIO:.0f}x)"
    )
    # Leave the month approved, as it is in production (the coverage report's "pensioners"
    # measure reads approved cycles).
    checker_scope = scope_for_user(world.users["hq_finance_checker"])
    for cycle in cycles:
        cycle_approve(actor=world.users["hq_finance_checker"], scope=checker_scope, cycle=cycle)
    return {"rows": total_rows, "seconds": total_s, "raw_seconds": raw_s, "ratio": ratio}


# ---------------------------------------------------------------------------- (b) lookup


def bench_lookup(world: Any, lookups: int) -> dict[str, float]:
    from chatr.org.scope import scope_for_user
    from chatr.registry.selectors import is_active_client, person_find_by_national_code

    print("\n(b) person lookup by national code")
    total = raw_sql("SELECT count(*) FROM registry_person")[0][0]
    percent = min(100.0, max(0.01, 100.0 * lookups * 4 / max(total, 1)))
    codes = [
        row[0]
        for row in raw_sql(
            f"SELECT national_code FROM registry_person TABLESAMPLE SYSTEM ({percent}) "  # noqa: S608
            "WHERE national_code IS NOT NULL LIMIT %s",
            [lookups * 4],
        )
    ]
    rng = random.Random(1405)
    rng.shuffle(codes)
    codes = codes[:lookups]
    hq = scope_for_user(world.users["hq_manager"])

    def each(fn: Any) -> list[float]:
        out = []
        for code in codes:
            started = time.perf_counter()
            fn(code)
            out.append((time.perf_counter() - started) * 1000)
        return out

    def find(code: str) -> None:
        if person_find_by_national_code(scope=hq, national_code=code).national_code != code:
            raise RuntimeError("lookup returned another person")

    def raw(code: str) -> None:
        raw_sql("SELECT * FROM registry_person WHERE national_code = %s", [code])

    runs = {
        "person_find_by_national_code (HQ)": find,
        "is_active_client": lambda code: is_active_client(national_code=code),
        "raw SELECT by national code": raw,
    }
    for fn in runs.values():  # warm the connection and the pages once, as a live server would
        each(fn)
    measured = {label: each(fn) for label, fn in runs.items()}
    base = measured["raw SELECT by national code"]
    print(f"  {len(codes):,} random existing codes, each looked up once per case")
    results: dict[str, float] = {}
    for label, values in measured.items():
        p50, p99 = pct(values, 50), pct(values, 99)
        line = f"  {label:<36} p50 {p50:6.2f} ms  p99 {p99:6.2f} ms"
        if label != "raw SELECT by national code":
            line += (
                f"  ({p50 / pct(base, 50):4.1f}x / {p99 / pct(base, 99):4.1f}x raw)  "
                f"{verdict(p99 < TARGET_LOOKUP_P99_MS)}"
            )
        print(line)
        results[label] = p99
    return results


# ---------------------------------------------------------------------------- (c) coverage


def bench_coverage(world: Any, repeat: int) -> dict[str, float]:
    import inspect

    from chatr.org.scope import scope_for_user

    print("\n(c) coverage report, whole country, HQ manager")
    try:
        from chatr.registry.reports import coverage_report
    except ImportError:
        print("  chatr.registry.reports.coverage_report does not exist yet: not measured")
        return {}
    hq = scope_for_user(world.users["hq_manager"])
    # The report may keep its figures in Django's cache: time the computation itself
    # (fresh=True) and, apart, a reader who finds them there.
    cached = "fresh" in inspect.signature(coverage_report).parameters
    count_ms = timings(lambda: raw_sql("SELECT count(*) FROM registry_household"), repeat)
    baseline = statistics.median(count_ms)
    print(f"  {'plain count(*) over registry_household':<44} median {baseline:7.1f} ms")
    results: dict[str, float] = {}
    for level in ("province", "county"):
        kinds = [("computed", {"fresh": True})] if cached else [("computed", {})]
        if cached:
            kinds.append(("from the cache", {}))
        for how, extra in kinds:

            def run(level: str = level, extra: dict[str, Any] = extra) -> Any:
                return coverage_report(scope=hq, on=None, level=level, **extra)

            started = time.perf_counter()
            report = run()
            first_ms = (time.perf_counter() - started) * 1000
            if level == "province" and how == "computed":
                print(
                    f"  {len(report.rows)} provinces: {report.total.households:,} households, "
                    f"{report.total.people:,} people, {report.total.covered:,} covered"
                )
            runs_ms = timings(run, repeat)
            median = statistics.median(runs_ms)
            label = f"coverage_report, {level}, {how}"
            print(
                f"  {label:<44} median {median:7.1f} ms (first {first_ms:6.0f}, max "
                f"{max(runs_ms):6.0f}) = {median / baseline:6.2f}x count(*)  "
                f"{verdict(median < TARGET_COVERAGE_MS)}"
            )
            results[label] = median
    return results


# ---------------------------------------------------------------------------- main


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--households", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per coverage case")
    parser.add_argument("--lookups", type=int, default=2000)
    parser.add_argument(
        "--cycle-runs",
        type=lambda text: max(1, int(text)),
        default=3,
        help="compute/baseline pairs for (a), compared by their medians (at least 1)",
    )
    parser.add_argument("--jobs", type=int, default=2, help="parallel generator processes")
    parser.add_argument("--skip", action="append", default=[], choices=["a", "b", "c"])
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/chatr_bench_registry")
    ensure_database(url)
    setup_django(url)
    print(f"registry benchmark: {os.cpu_count()} CPUs, {args.households:,} households")
    world = prepare(args.households, args.jobs)
    if "a" not in args.skip:
        bench_cycle(world, args.cycle_runs)
    if "b" not in args.skip:
        bench_lookup(world, args.lookups)
    if "c" not in args.skip:
        bench_coverage(world, args.repeat)


if __name__ == "__main__":
    main()
