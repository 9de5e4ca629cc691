"""Benchmark of the nightly recompute on PostgreSQL (issue 3; the risk step of issue 5).

    .venv/bin/python bench/recompute.py [--sizes 500000,1000000,2000000] [--suppliers 5000]

Creates (and drops afterwards, unless --keep) a PostgreSQL database, bulk-loads 5,000
suppliers and N receipt lines over 24 months with COPY, then for each N prints:

* floor     the "SQL floor": one bare GROUP BY over the same receipts computing the raw
            sums per supplier and month (the recompute's own aggregation, fetched to Python)
* full      a cold full recompute (no results stored: every supplier-month scored and
            written, standings acted on), best of three like the floor, without the
            risk step
* ratio     full / floor
* risk      the seconds of the risk step inside that run (issue 5), and the whole run
* rerun     a full run again over unchanged data (nothing scored, nothing written)
* nightly   the nightly recompute (current and previous month)
* rss       peak resident memory of the recompute process, and of its largest scoring
            worker (a large run scores in worker processes, one per CPU)

and a naive per-supplier ORM loop (one query per KPI per supplier per month, as
per-supplier scorecard tools do) on 100 suppliers, against our per-supplier cost.

Each recompute runs in a fresh child process, so its peak RSS is its own.
Targets (issue 3): full <= 3 x floor, nightly <= 10 s, peak RSS <= 300 MB, linear growth.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/srm_bench"
MONTHS = 24
SEED = 2026
NULL = "\\N"  # COPY's text format for NULL


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.pop("REDIS_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "srm.settings.local"
    os.environ["DEBUG"] = "false"
    import django

    django.setup()


def month_first(today: date, back: int) -> date:
    index = today.year * 12 + today.month - 1 - back
    return date(index // 12, index % 12 + 1, 1)


# --- loading ------------------------------------------------------------------------------


def load_master_data(suppliers: int) -> dict:
    """Categories, suppliers, items, one contract per supplier with an effective-dated price
    list: the rows the receipts point at."""
    from django.db import connection

    rng = random.Random(SEED)
    now = "2026-01-01 00:00:00+00"
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO suppliers_category (created_at, updated_at, code, name, description) "
            "SELECT now(), now(), 'cat-' || g, 'Category ' || g, '' FROM generate_series(1, 8) g"
        )
        with cursor.copy(
            "COPY suppliers_supplier (created_at, updated_at, code, name, country, region, tier, "
            "status, expected_annual_spend, currency, blocked_for_orders, blocked_reason, "
            "description) FROM STDIN"
        ) as copy:
            regions = [("US", "Americas"), ("DE", "EMEA"), ("JP", "APAC"), ("SE", "EMEA")]
            for n in range(1, suppliers + 1):
                country, region = regions[n % len(regions)]
                copy.write_row(
                    (
                        now,
                        now,
                        f"B{n:05d}",
                        f"Bench supplier {n}",
                        country,
                        region,
                        1 + n % 3,
                        "approved",
                        rng.randint(10_000, 5_000_000),
                        "EUR",
                        False,
                        "",
                        "",
                    )
                )
        cursor.execute("SELECT id FROM suppliers_supplier ORDER BY id")
        supplier_ids = [r[0] for r in cursor.fetchall()]
        cursor.execute("SELECT id FROM suppliers_category ORDER BY id")
        category_ids = [r[0] for r in cursor.fetchall()]
        with cursor.copy(
            "COPY suppliers_supplier_categories (supplier_id, category_id) FROM STDIN"
        ) as copy:
            for i, supplier_id in enumerate(supplier_ids):
                copy.write_row((supplier_id, category_ids[i % len(category_ids)]))
        with cursor.copy(
            "COPY suppliers_item (created_at, updated_at, code, name, unit, is_critical) FROM STDIN"
        ) as copy:
            for n in range(500):
                copy.write_row((now, now, f"BI-{n:04d}", f"Bench item {n}", "pcs", n % 20 == 0))
        cursor.execute("SELECT id FROM suppliers_item ORDER BY id")
        item_ids = [r[0] for r in cursor.fetchall()]
        with cursor.copy(
            "COPY suppliers_contract (created_at, updated_at, number, supplier_id, title, status, "
            "start_date, end_date, notice_period_days, auto_renew, currency, negotiation_notes) "
            "FROM STDIN"
        ) as copy:
            for supplier_id in supplier_ids:
                copy.write_row(
                    (
                        now,
                        now,
                        f"BC-{supplier_id}",
                        supplier_id,
                        "Bench",
                        "active",
                        "2020-01-01",
                        "2030-12-31",
                        90,
                        False,
                        "EUR",
                        "",
                    )
                )
        cursor.execute("SELECT supplier_id, id FROM suppliers_contract")
        contracts = dict(cursor.fetchall())
    # Each supplier delivers 5 items; each has a price, revised a year ago.
    supplier_items = {s: rng.sample(item_ids, 5) for s in supplier_ids}
    prices = {
        (s, i): round(rng.uniform(1, 200), 2) for s in supplier_ids for i in supplier_items[s]
    }
    revision = month_first(date.today(), 11)
    with (
        connection.cursor() as cursor,
        cursor.copy(
            "COPY suppliers_contractprice (created_at, updated_at, contract_id, item_id, "
            "unit_price, currency, effective_from) FROM STDIN"
        ) as copy,
    ):
        for (supplier_id, item_id), price in prices.items():
            copy.write_row((now, now, contracts[supplier_id], item_id, price, "EUR", "2020-01-01"))
            copy.write_row(
                (
                    now,
                    now,
                    contracts[supplier_id],
                    item_id,
                    round(price * 1.03, 2),
                    "EUR",
                    revision.isoformat(),
                )
            )
    return {
        "suppliers": supplier_ids,
        "items": supplier_items,
        "contracts": contracts,
        "prices": prices,
        "revision": revision,
    }


def load_receipts(master: dict, lines: int) -> None:
    """``lines`` receipt lines over the last 24 months through COPY, with the contract price
    in force on the order date resolved as the application does."""
    from django.db import connection

    rng = random.Random(SEED + lines)
    today = date.today()
    firsts = [month_first(today, back) for back in range(MONTHS)]
    suppliers = master["suppliers"]
    quality = {s: rng.choice((0.02, 0.05, 0.10, 0.28)) for s in suppliers}
    now = "2026-01-01 00:00:00+00"
    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE suppliers_receipt, scorecards_scorecard, scorecards_correctiveaction,"
            " scorecards_recomputerun, suppliers_supplierevent RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            "UPDATE suppliers_supplier SET blocked_for_orders = false, blocked_reason = ''"
        )
        with cursor.copy(
            "COPY suppliers_receipt (created_at, updated_at, supplier_id, po_number, po_line, "
            "item_id, contract_id, order_date, promised_date, received_date, ordered_qty, "
            "received_qty, rejected_qty, defective_qty, unit_price, agreed_unit_price, "
            "contract_unit_price) FROM STDIN"
        ) as copy:
            buffer = []
            for n in range(lines):
                supplier = suppliers[n % len(suppliers)]
                first = firsts[rng.randrange(MONTHS)]
                received = first + timedelta(days=rng.randrange(28))
                if received > today:
                    received = today
                late = rng.random() < quality[supplier]
                promised = received - timedelta(
                    days=rng.randint(1, 9) if late else -rng.randint(0, 3)
                )
                ordered_on = promised - timedelta(days=rng.randint(10, 40))
                item = master["items"][supplier][n % 5]
                base = master["prices"][(supplier, item)]
                agreed = round(base * 1.03, 2) if ordered_on >= master["revision"] else base
                ordered = rng.choice((50, 100, 200, 500))
                received_qty = (
                    ordered if rng.random() > quality[supplier] / 2 else int(ordered * 0.9)
                )
                defective = int(received_qty * rng.random() * quality[supplier] / 5)
                paid = round(agreed * (1 + rng.random() * quality[supplier] / 4), 4)
                buffer.append(
                    f"{now}\t{now}\t{supplier}\tBP-{n}\t1\t{item}\t{master['contracts'][supplier]}\t"
                    f"{ordered_on}\t{promised}\t{received}\t{ordered}\t{received_qty}\t"
                    f"{defective // 2}\t{defective}\t{paid}\t"
                    f"{agreed if n % 3 else NULL}\t{agreed}\n"
                )
                if len(buffer) >= 20000:
                    copy.write("".join(buffer))
                    buffer.clear()
            copy.write("".join(buffer))
    # Settle the table as production would be at night: without this, autovacuum and
    # autoanalyze of the freshly loaded rows run during the measurements.
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE suppliers_receipt")


# --- measuring ----------------------------------------------------------------------------


def sql_floor(repeat: int = 3) -> float:
    """The bare GROUP BY with the recompute's raw sums (as numbers), fetched to Python
    (best of 3)."""
    from django.db import connection

    from scorecards.selectors import add_months, receipt_sums_sql

    today = date.today()
    sql = receipt_sums_sql("postgresql", as_text=False)
    params = [month_first(today, MONTHS - 1), add_months(month_first(today, 0), 1)]
    from django.conf import settings
    from django.db import transaction

    best = float("inf")
    for _ in range(repeat):
        with transaction.atomic(), connection.cursor() as cursor:
            # The same work_mem as the recompute's transaction: a fair floor.
            cursor.execute(
                "SELECT set_config('work_mem', %s, true)", [settings.SCORECARDS_RECOMPUTE_WORK_MEM]
            )
            started = time.perf_counter()
            cursor.execute(sql, params)
            cursor.fetchall()
            best = min(best, time.perf_counter() - started)
    return best


def child(scope: str) -> None:
    """Run one recompute in this (fresh) process; print its seconds, timings and peak RSS."""
    from scorecards.recompute import scorecards_recompute

    started = time.perf_counter()
    run = scorecards_recompute(scope=scope)
    seconds = time.perf_counter() - started
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    # Scoring workers, if the run started any, have ended by now: their largest peak.
    workers_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        json.dumps(
            {
                "seconds": seconds,
                "rss_mb": rss_mb,
                "workers_rss_mb": workers_mb,
                "timings": run.timings,
                "counts": run.counts,
            }
        )
    )


def reset_results() -> None:
    """Back to no results at all, for a cold full run."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "TRUNCATE scorecards_scorecard, scorecards_correctiveaction, scorecards_recomputerun,"
            " suppliers_supplierevent RESTART IDENTITY CASCADE"
        )
        cursor.execute(
            "UPDATE suppliers_supplier SET blocked_for_orders = false, blocked_reason = ''"
        )
        for table in ("risk_riskscore", "risk_riskscorehistory"):
            cursor.execute(f"SELECT to_regclass('{table}')")
            if cursor.fetchone()[0]:
                cursor.execute(f"TRUNCATE {table} CASCADE")
        # The UPDATE above leaves 5,000 dead supplier rows per reset: settle them, as
        # autovacuum would, so that repeated runs measure the same tables.
        cursor.execute("VACUUM ANALYZE suppliers_supplier")


def run_child(url: str, scope: str) -> dict:
    env = {**os.environ, "DATABASE_URL": url}
    out = subprocess.run(
        [sys.executable, __file__, "--child", scope, "--url", url],
        env=env,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode:
        raise SystemExit(f"the {scope} recompute failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def naive_loop(sample: int = 100) -> float:
    """Per-supplier tools: one ORM query per KPI per supplier per month (5 receipt KPIs)."""
    from django.db.models import Count, F, Q, Sum

    from suppliers.models import Receipt, Supplier

    today = date.today()
    firsts = [month_first(today, back) for back in range(MONTHS)]
    started = time.perf_counter()
    for supplier in Supplier.objects.order_by("pk")[:sample]:
        for first in firsts:
            nxt = month_first(first + timedelta(days=32), 0)
            month = Receipt.objects.filter(
                supplier=supplier, received_date__gte=first, received_date__lt=nxt
            )
            month.aggregate(
                n=Count("pk"),
                ok=Count(
                    "pk",
                    filter=Q(
                        received_date__lte=F("promised_date"), received_qty__gte=F("ordered_qty")
                    ),
                ),
            )
            month.aggregate(d=Sum("defective_qty"), r=Sum("received_qty"))
            month.aggregate(j=Sum("rejected_qty"), r=Sum("received_qty"))
            list(month.values_list("received_date", "promised_date"))  # delays for the sd
            month.aggregate(
                p=Sum(F("received_qty") * F("unit_price")),
                a=Sum(F("received_qty") * F("contract_unit_price")),
            )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500000,1000000,2000000")
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--keep", action="store_true", help="keep the benchmark database")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        setup_django(args.url)
        child(args.child)
        return

    dbname = args.url.rsplit("/", 1)[1]
    admin = args.url.rsplit("/", 1)[0] + "/postgres"
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    env = {**os.environ, "DATABASE_URL": args.url, "DJANGO_SETTINGS_MODULE": "srm.settings.local"}
    env.pop("REDIS_URL", None)
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"], env=env, check=True, cwd=ROOT
    )
    setup_django(args.url)

    started = time.perf_counter()
    master = load_master_data(args.suppliers)
    print(
        f"master data: {args.suppliers} suppliers in {time.perf_counter() - started:.1f}s",
        flush=True,
    )
    results = []
    sizes = [int(s) for s in args.sizes.split(",")]
    for lines in sizes:
        started = time.perf_counter()
        load_receipts(master, lines)
        load = time.perf_counter() - started
        floor = sql_floor()
        # A cold full run (no results stored) three times, the best counts (as for the
        # floor); then a full run over unchanged data, then the nightly run.
        fulls = []
        for _ in range(3):
            reset_results()
            fulls.append(run_child(args.url, "full"))
        full = min(fulls, key=lambda f: f["seconds"])
        rerun = run_child(args.url, "full")
        nightly = run_child(args.url, "nightly")
        risk = full["timings"].get("risk") or 0.0
        row = {
            "lines": lines,
            "load": load,
            "floor": floor,
            "full": full["seconds"],
            # The scorecards' own part of the run: the risk step is reported beside it.
            "scorecards": full["seconds"] - risk,
            "rerun": rerun["seconds"],
            "nightly": nightly["seconds"],
            "risk": full["timings"].get("risk"),
            "rss": max(f["rss_mb"] for f in (*fulls, rerun, nightly)),
            "workers_rss": max(f["workers_rss_mb"] for f in (*fulls, rerun, nightly)),
            "supplier_months": full["counts"].get("supplier_months"),
        }
        results.append(row)
        print(
            f"{lines:>9,} lines loaded in {load:.1f}s: floor {floor:.2f}s, full run "
            f"{row['full']:.2f}s (scorecards {row['scorecards']:.2f}s, ratio "
            f"{row['scorecards'] / floor:.2f}; risk {risk:.2f}s), rerun {row['rerun']:.2f}s, "
            f"nightly {row['nightly']:.2f}s, peak RSS {row['rss']:.0f} MB (workers "
            f"{row['workers_rss']:.0f} MB), steps {full['timings']}",
            flush=True,
        )

    naive = naive_loop()
    ours_per_supplier = results[-1]["scorecards"] / args.suppliers
    naive_per_supplier = naive / 100
    print()
    print(
        "| receipt lines | supplier-months | SQL floor s | full recompute s | full / floor "
        "| risk step s | whole run s | re-run s | nightly s | peak RSS MB | worker RSS MB |"
    )
    print("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in results:
        risk = f"{r['risk']:.2f}" if r["risk"] is not None else "n/a"
        print(
            f"| {r['lines']:,} | {r['supplier_months']:,} | {r['floor']:.2f} | "
            f"{r['scorecards']:.2f} | {r['scorecards'] / r['floor']:.2f} | {risk} | "
            f"{r['full']:.2f} | {r['rerun']:.2f} | {r['nightly']:.2f} | {r['rss']:.0f} | "
            f"{r['workers_rss']:.0f} |"
        )
    print()
    base = results[0]
    for r in results[1:]:
        print(
            f"growth {base['lines']:,} -> {r['lines']:,} lines "
            f"(x{r['lines'] / base['lines']:.1f}): "
            f"full x{r['scorecards'] / base['scorecards']:.2f}, "
            f"floor x{r['floor'] / base['floor']:.2f}"
        )
    print(
        f"naive per-supplier ORM loop (100 suppliers x {MONTHS} months x 5 KPI queries): "
        f"{naive:.2f}s = {naive_per_supplier * 1000:.1f} ms per supplier; ours "
        f"{ours_per_supplier * 1000:.2f} ms per supplier (full recompute at "
        f"{results[-1]['lines']:,} lines): x{naive_per_supplier / ours_per_supplier:.0f}"
    )

    if not args.keep:
        from django.db import connections

        connections.close_all()
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


if __name__ == "__main__":
    main()
