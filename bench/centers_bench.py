"""Care-center subsidies benchmark against PostgreSQL: one month's claims for every center.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/chatr_bench_centers \\
        .venv/bin/python bench/centers_bench.py --centers 20000 --residents 300000

Creates the database if it is missing, migrates it, loads the shared world, the demo's 1405
rate table and tops the centers up with `centers_generate` (bulk COPY) and with a current
payment account each (as in production, where every paid center has a Sheba), then measures
`subsidy_month_compute` for Aban 1405 (every center, HQ finance, one statement) against a raw
baseline that computes the same claims: one hand-written INSERT … SELECT (PostgreSQL range
types for the licence periods, the capacity cap, the rate, the rounding, the Sheba) into a
copy of the claims table (same columns, checks and indexes, no foreign keys). The two results
are compared row by row; a difference stops the script. Target: within 3x.

`--variants` also checks, in a transaction rolled back afterwards, that both agree when 2% of
the licences are suspended or revoked during the month and 2% of the centers hold an
overlapping renewal (the generator makes one activity licence per center).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

# bench/ is not a package: share the set-up and timing helpers of the watchdog benchmark.
from watchdog_bench import ensure_database, raw_sql, setup_django, verdict

TARGET_RATIO = 3.0
YEAR, MONTH = 1405, 8  # Aban: 30 days, the month before the generator's reference day


def prepare(centers: int, residents: int) -> Any:
    from django.core.management import call_command

    from chatr.centers.demo_subsidies import rate_rows
    from chatr.centers.management.commands.centers_generate import generate
    from chatr.centers.services_subsidies import rate_ensure
    from chatr.demo.world import build_world

    call_command("migrate", verbosity=0)
    world = build_world()
    for data in rate_rows(YEAR):
        rate_ensure(data=data)
    started = time.monotonic()
    added = generate(
        centers=centers, residents=residents, progress=lambda line: print("  " + line, end="\r")
    )
    print(f"\n  generated {added[0]:,} centers, {added[1]:,} residents in "
          f"{time.monotonic() - started:.0f} s")  # fmt: skip
    accounts = ensure_payment_accounts()
    if accounts:
        print(f"  added {accounts:,} payment accounts")
    raw_sql("VACUUM ANALYZE")
    return world


def ensure_payment_accounts() -> int:
    """A current (fake, never used for a transfer) Sheba for every center without one."""
    rows = raw_sql(
        """
INSERT INTO centers_centerpaymentaccount
    (center_id, sheba, holder_name, set_at, org_unit_id, scope_province_id, scope_county_id)
SELECT c.id, 'IR' || lpad(c.id::text, 24, '0'), 'bench ' || c.id, now(), c.org_unit_id,
    c.scope_province_id, c.scope_county_id
FROM centers_center c
WHERE NOT EXISTS (SELECT 1 FROM centers_centerpaymentaccount pa
    WHERE pa.center_id = c.id AND pa.ended_at IS NULL)
RETURNING 1
"""
    )
    return len(rows)


# The columns both sides write and the comparison reads.
_CLAIM_COLUMNS = (
    "center_id, year, month, state, basis, rate_id, rate_amount, days_in_month, licensed_days, "
    "residents, resident_days, capacity, capacity_days, paid_days, amount, sheba, payee_name, "
    "facts, org_unit_id, scope_province_id, scope_county_id"
)


def baseline_sql(start: Any, n: int, actor_id: int) -> str:
    """The month's claims as a DBA would write them by hand for PostgreSQL: the licences'
    days in force as date ranges (merged with range_agg, clipped to the month), each stay's
    [admitted_on, discharged_on) overlap with them, the cap, the rate, the rounding."""
    from datetime import timedelta

    s, e = f"DATE '{start.isoformat()}'", f"DATE '{(start + timedelta(days=n)).isoformat()}'"
    last = (start + timedelta(days=n - 1)).isoformat()
    return f"""
WITH rate AS (
    SELECT DISTINCT ON (licence_type, care_mode, grade) *
    FROM centers_subsidyrate WHERE year = {YEAR} AND effective_month <= {MONTH}
    ORDER BY licence_type, care_mode, grade, effective_month DESC, id DESC
), licensed AS (
    SELECT center_id, range_agg(daterange(valid_from,
        CASE WHEN status IN ('valid', 'expired') THEN valid_until + 1
            ELSE GREATEST(valid_from, LEAST(valid_until + 1, status_changed_on)) END)
        * daterange({s}, {e})) AS days
    FROM centers_licence
    WHERE kind = 'activity_licence' AND valid_from < {e} AND valid_until >= {s}
        AND (status IN ('valid', 'expired') OR status_changed_on IS NOT NULL)
    GROUP BY center_id
), spans AS (
    SELECT l.center_id, sp.span, sp.k FROM licensed l, unnest(l.days) WITH ORDINALITY sp(span, k)
), lic AS (
    SELECT center_id, SUM(upper(span) - lower(span)) AS days FROM spans GROUP BY center_id
), stays AS (
    SELECT sp.center_id, COUNT(*) FILTER (WHERE sp.k = 1) AS residents,
        SUM(GREATEST(LEAST(COALESCE(a.discharged_on, {e}), upper(sp.span))
            - GREATEST(a.admitted_on, lower(sp.span)), 0)) AS days
    FROM spans sp
    JOIN centers_admission a ON a.center_id = sp.center_id
    WHERE a.admitted_on < {e} AND (a.discharged_on IS NULL OR a.discharged_on > {s})
    GROUP BY sp.center_id
), claim AS (
    SELECT c.*, r.id AS rate_id, r.basis, r.amount AS rate_amount,
        r.effective_month AS rate_month, lic.days AS licensed_days,
        COALESCE(st.residents, 0) AS residents, COALESCE(st.days, 0) AS resident_days,
        LEAST(COALESCE(st.days, 0), c.capacity * lic.days) AS paid_days
    FROM centers_center c
    JOIN rate r USING (licence_type, care_mode, grade)
    JOIN lic ON lic.center_id = c.id
    LEFT JOIN stays st ON st.center_id = c.id
)
INSERT INTO bench_subsidyclaim ({_CLAIM_COLUMNS}, prepared_by_id, prepared_at)
SELECT k.id, {YEAR}, {MONTH}, 'computed', k.basis, k.rate_id, k.rate_amount, {n},
    k.licensed_days, k.residents, k.resident_days, k.capacity, k.capacity * k.licensed_days,
    k.paid_days, (2 * CASE WHEN k.basis = 'per_center' THEN k.licensed_days ELSE k.paid_days END
        * k.rate_amount + {n}) / {2 * n},
    COALESCE(pa.sheba, ''), COALESCE(pa.holder_name, ''),
    jsonb_build_object('licence_type', k.licence_type, 'care_mode', k.care_mode,
        'grade', k.grade, 'rate_year', {YEAR}, 'rate_from_month', k.rate_month,
        'month', '{YEAR:04d}/{MONTH:02d}', 'first_day', '{start.isoformat()}',
        'last_day', '{last}'),
    k.org_unit_id, k.scope_province_id, k.scope_county_id, {int(actor_id)}, now()
FROM claim k
LEFT JOIN centers_centerpaymentaccount pa ON pa.center_id = k.id AND pa.ended_at IS NULL
"""  # noqa: S608 - integers and ISO dates computed here


def _baseline(start: Any, n: int, actor_id: int) -> tuple[int, float]:
    """Run the baseline into a fresh copy of the claims table (kept for the comparison)."""
    from django.db import connection, transaction

    raw_sql("DROP TABLE IF EXISTS bench_subsidyclaim")
    raw_sql("CREATE TABLE bench_subsidyclaim (LIKE centers_subsidyclaim INCLUDING ALL)")
    raw_sql("CHECKPOINT")
    sql = baseline_sql(start, n, actor_id)
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        # The service's settings (tune_for_bulk): the baseline's estimated cost is high
        # enough for the JIT to spend about 0.6 s compiling it.
        cursor.execute("SET LOCAL work_mem = '64MB'")
        cursor.execute("SET LOCAL jit = off")
        cursor.execute(sql)
        rows = cursor.rowcount
    return rows, time.perf_counter() - started


def compare_with_baseline() -> tuple[int, int]:
    """Rows of the service's claims missing from the baseline's, and the other way round."""
    # Only code-defined names and integers are interpolated.
    where = f"year = {YEAR} AND month = {MONTH}"
    service = f"SELECT {_CLAIM_COLUMNS} FROM centers_subsidyclaim WHERE {where}"  # noqa: S608
    baseline = f"SELECT {_CLAIM_COLUMNS} FROM bench_subsidyclaim"  # noqa: S608
    count = "SELECT count(*) FROM ({} EXCEPT {}) x"
    only_service = raw_sql(count.format(service, baseline))[0][0]
    only_baseline = raw_sql(count.format(baseline, service))[0][0]
    return only_service, only_baseline


def _totals(table: str) -> tuple[int, int, int, int]:
    row = raw_sql(
        f"SELECT count(*), coalesce(sum(licensed_days), 0), coalesce(sum(paid_days), 0), "  # noqa: S608
        f"coalesce(sum(amount), 0) FROM {table} WHERE year = %s AND month = %s",
        [YEAR, MONTH],
    )[0]
    return int(row[0]), int(row[1]), int(row[2]), int(row[3])


def _check_equal(label: str) -> None:
    service, baseline = _totals("centers_subsidyclaim"), _totals("bench_subsidyclaim")
    only_service, only_baseline = compare_with_baseline()
    print(f"  {label}: claims / licensed days / paid resident-days / rials: service "
          f"{service[0]:,} / {service[1]:,} / {service[2]:,} / {service[3]:,}, baseline "
          f"{baseline[0]:,} / {baseline[1]:,} / {baseline[2]:,} / {baseline[3]:,}; rows that "
          f"differ: {only_service} / {only_baseline}")  # fmt: skip
    if service != baseline or only_service or only_baseline:
        sys.exit(f"{label}: the service and the baseline disagree")


def bench_compute(world: Any) -> dict[str, float]:
    from chatr.centers.services_subsidies import month_bounds, subsidy_month_compute
    from chatr.org.scope import scope_for_user

    start, days = month_bounds(year=YEAR, month=MONTH)
    print(f"\nsubsidy claims for {YEAR}/{MONTH:02d}, every center")
    raw_sql("DELETE FROM centers_subsidyclaim WHERE year = %s AND month = %s", [YEAR, MONTH])
    raw_sql("VACUUM ANALYZE centers_subsidyclaim")
    raw_sql("CHECKPOINT")
    finance = world.users["hq_finance"]
    started = time.perf_counter()
    claims = subsidy_month_compute(
        actor=finance, scope=scope_for_user(finance), year=YEAR, month=MONTH
    )
    compute_s = time.perf_counter() - started
    totals = _totals("centers_subsidyclaim")
    print(f"  subsidy_month_compute: {claims:,} claims in {compute_s:.2f} s "
          f"({totals[2]:,} paid resident-days, {totals[3]:,} rials)")  # fmt: skip
    again = time.perf_counter()
    repeated = subsidy_month_compute(
        actor=finance, scope=scope_for_user(finance), year=YEAR, month=MONTH
    )
    if repeated:
        sys.exit(f"computing again made {repeated} claims: not idempotent")
    print(f"  computing again (idempotent): 0 claims in {time.perf_counter() - again:.2f} s")
    rows, raw_s = _baseline(start, days, finance.pk)
    ratio = compute_s / raw_s if raw_s else float("inf")
    print(f"  raw INSERT … SELECT of the same claims into a copy of the claims table: {rows:,} "
          f"rows in {raw_s:.2f} s -> ratio {ratio:.2f}x  "
          f"{verdict(ratio <= TARGET_RATIO)} (<= {TARGET_RATIO:.0f}x)")  # fmt: skip
    _check_equal("same claims")
    raw_sql("DROP TABLE IF EXISTS bench_subsidyclaim")
    return {"claims": claims, "seconds": compute_s, "raw_seconds": raw_s, "ratio": ratio}


def check_variants(world: Any) -> None:
    """Suspensions, revocations and overlapping renewals (rolled back): both sides agree."""
    from django.db import transaction

    from chatr.centers.services_subsidies import month_bounds, subsidy_month_compute
    from chatr.org.scope import scope_for_user

    start, days = month_bounds(year=YEAR, month=MONTH)
    finance = world.users["hq_finance"]
    print("\nvariants (rolled back): suspended, revoked, overlapping renewals")
    with transaction.atomic():
        raw_sql("DELETE FROM centers_subsidyclaim WHERE year = %s AND month = %s", [YEAR, MONTH])
        # Suspended on day 1…30 of the month (some before the licence even started).
        raw_sql(
            """UPDATE centers_licence SET status = CASE WHEN id %% 2 = 0 THEN 'suspended'
                ELSE 'revoked' END, status_changed_on = %s::date + (id %% 30)::int
            WHERE kind = 'activity_licence' AND id %% 50 = 7""",
            [start],
        )
        # A renewal issued before the old licence ends: both in force for a while.
        raw_sql(
            """INSERT INTO centers_licence (center_id, kind, number, issued_on, valid_from,
                valid_until, status, renews_id, is_current, created_at, updated_at,
                org_unit_id, scope_province_id, scope_county_id)
            SELECT center_id, kind, 'BENCH-' || id, valid_from, %s::date + (id %% 20)::int,
                %s::date + 365, 'valid', NULL, false, now(), now(), org_unit_id,
                scope_province_id, scope_county_id
            FROM centers_licence WHERE kind = 'activity_licence' AND id %% 50 = 11""",
            [start, start],
        )
        subsidy_month_compute(actor=finance, scope=scope_for_user(finance), year=YEAR, month=MONTH)
        _baseline(start, days, finance.pk)
        _check_equal("variants")
        transaction.set_rollback(True)
    raw_sql("DROP TABLE IF EXISTS bench_subsidyclaim")


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n\n")[0])
    parser.add_argument("--centers", type=int, default=20_000)
    parser.add_argument("--residents", type=int, default=300_000)
    parser.add_argument("--variants", action="store_true", help="also check edge cases")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        sys.exit("Set DATABASE_URL, e.g. postgres://postgres@127.0.0.1:5432/chatr_bench_centers")
    ensure_database(url)
    setup_django(url)
    print(f"centers benchmark: {os.cpu_count()} CPUs, {args.centers:,} centers, "
          f"{args.residents:,} residents")  # fmt: skip
    world = prepare(args.centers, args.residents)
    bench_compute(world)
    if args.variants:
        check_variants(world)


if __name__ == "__main__":
    main()
