"""Page benchmark at scale (issue 17 §1), beside the recompute benchmark.

    .venv/bin/python bench/pages.py [--suppliers 5000] [--lines N] [--repeat 20]
                                    [--duration 60] [--users 50] [--posters 5]
                                    [--url postgres://.../srm_bench_pages] [--rebuild] [--drop]

1. Builds the PostgreSQL database with ``bench/recompute.py``'s loader (``--suppliers``
   suppliers, ``--lines`` receipt lines over 24 months, 400 per supplier by default:
   2,000,000 at 5,000), or reuses it when it already holds that many suppliers and
   lines (``--rebuild`` forces a new one), then runs a full recompute.
2. Creates three users: a procurement analyst, a category manager with two categories,
   and a supplier collaborator bound to a supplier of those categories.
3. Counts the SQL queries and the response size of every page for every role with
   Django's test client (``CaptureQueriesContext``, in this process), then serves the
   application through gunicorn (``--workers``, default 4) on loopback and times every
   page ``--repeat`` times after 3 warm-ups: p50 / p95 / max of the wall time measured
   by the client, per page and role.
   Pages: every list page of the navigation (the menu registry) and the first detail
   page each list links to, the supplier page and its tabs, the monthly review page,
   its PDF, the what-if preview (htmx POST), API pages of 1,000 rows (scorecards,
   suppliers, receipts), the month's portfolio export and the scorecard API month
   export in CSV and XLSX.
4. A load of ``--users`` concurrent users for ``--duration`` seconds (a mix of supplier,
   scorecard, risk and review pages and API reads; ``--posters`` of them push receipts
   through the API): throughput, errors and p95 per page group, once alone and once
   while full recomputes run one after another beside it.

Figures are wall times on this machine, client on the same host: read them as orders of
magnitude on a shared VM. Nothing here changes the application's settings beyond the
environment (``DEBUG=false``, ``MFA_ENFORCED=false``, no Redis: tasks run in-process).
"""

from __future__ import annotations

import argparse
import http.client
import json
import logging
import os
import random
import re
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import warnings
from collections import defaultdict
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import recompute as loader  # noqa: E402  (bench/recompute.py: the loader)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/srm_bench_pages"
LINES_PER_SUPPLIER = 400
PASSWORD = "bench-pages-pw"  # noqa: S105  (loopback-only benchmark users)
ROLES = ("analyst", "category_manager", "supplier_collaborator")
CSRF = secrets.token_hex(16)  # 32 characters: the cookie and the header carry the same


def environment(url: str) -> dict:
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "DJANGO_SETTINGS_MODULE": "srm.settings.local",
        "DEBUG": "false",
        "MFA_ENFORCED": "false",
        "ALLOWED_HOSTS": "127.0.0.1,localhost,testserver",
        "PYTHONPATH": str(ROOT),
    }
    env.pop("REDIS_URL", None)
    return env


def setup_django(url: str) -> None:
    os.environ.update(environment(url))
    import django

    django.setup()
    # The 403s of pages a role may not open, the PDF's font subsetting: not figures.
    logging.disable(logging.WARNING)
    warnings.filterwarnings("ignore", message="No directory at")


# --- the database -------------------------------------------------------------------------


def database(url: str, *, suppliers: int, lines: int, rebuild: bool) -> None:
    """Reuse the benchmark database when it holds this many suppliers and lines; else
    build it with the recompute benchmark's loader. Then a full recompute."""
    import psycopg

    dbname = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [dbname]).fetchone()
        if exists and not rebuild:
            with psycopg.connect(url) as db:
                try:
                    found = db.execute(
                        "SELECT (SELECT count(*) FROM suppliers_supplier WHERE code LIKE 'B%%'),"
                        " (SELECT count(*) FROM suppliers_receipt)"
                    ).fetchone()
                except psycopg.Error:
                    found = None
            # Receipts pushed by an earlier load test are a few hundred more.
            if found and found[0] == suppliers and lines <= found[1] <= lines + 100_000:
                print(f"reusing {dbname}: {found[0]:,} suppliers, {found[1]:,} receipt lines")
                subprocess.run(
                    [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
                    env=environment(url),
                    check=True,
                    cwd=ROOT,
                )
                setup_django(url)
                return
        conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')
        conn.execute(f'CREATE DATABASE "{dbname}"')
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "-v0"],
        env=environment(url),
        check=True,
        cwd=ROOT,
    )
    setup_django(url)
    started = time.perf_counter()
    master = loader.load_master_data(suppliers)
    loader.load_receipts(master, lines)
    print(f"built {dbname}: {suppliers:,} suppliers, {lines:,} lines in {_since(started)}")


def full_recompute() -> None:
    from django.db import connection

    from scorecards.recompute import scorecards_recompute

    started = time.perf_counter()
    run = scorecards_recompute(scope="full")
    with connection.cursor() as cursor:  # settle as autovacuum would, before measuring
        cursor.execute("VACUUM ANALYZE scorecards_scorecard")
    print(
        f"full recompute: {run.counts.get('supplier_months', 0):,} supplier-months in "
        f"{_since(started)} ({run.status})"
    )


def _since(started: float) -> str:
    return f"{time.perf_counter() - started:.1f}s"


# --- users --------------------------------------------------------------------------------


def users() -> dict:
    """The three benchmark users (created once, reused): role -> user."""
    from django.contrib.auth.models import Group
    from guardian.shortcuts import assign_perm

    from srm.accounts.models import User
    from srm.core.permissions import CATEGORY_GRANT
    from suppliers.models import Category, Supplier

    categories = list(Category.objects.order_by("pk")[:2])
    supplier = Supplier.objects.filter(categories=categories[0]).order_by("pk").first()
    found = {}
    for role, group, extra in (
        ("analyst", "procurement_analyst", {}),
        ("category_manager", "category_manager", {}),
        ("supplier_collaborator", "supplier_collaborator", {"supplier": supplier}),
    ):
        user, _ = User.objects.update_or_create(
            username=f"bench-{role}", defaults={"email": f"{role}@bench.invalid", **extra}
        )
        user.set_password(PASSWORD)
        user.save()
        user.groups.set([Group.objects.get(name=group)])
        found[role] = user
    for category in categories:
        assign_perm(CATEGORY_GRANT, found["category_manager"], category)
    return found


def sessions(people: dict) -> dict:
    """A signed-in session per role: the session cookie the load uses."""
    from django.test import Client

    cookies = {}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        cookies[role] = client.cookies["sessionid"].value
    return cookies


# --- the pages ----------------------------------------------------------------------------


class Page:
    def __init__(self, name, path, group, *, method="GET", data=None, htmx=False):
        self.name, self.path, self.group = name, path, group
        self.method, self.data, self.htmx = method, data, htmx


def pages(people: dict) -> list[Page]:
    """Every list page of the menu and the first detail page it links to, the supplier
    page and its tabs, the review and its PDF, the what-if preview, API pages of 1,000
    rows and the month exports."""
    from django.test import Client
    from django.urls import NoReverseMatch, reverse

    from scorecards import selectors as scorecard_selectors
    from srm.core.navigation import MENU, SUPPLIER_TABS
    from suppliers.models import Supplier
    from suppliers.views import SupplierListView

    client = Client()
    client.force_login(people["analyst"])
    found: list[Page] = [Page("home", reverse("home"), "home")]
    for item in sorted(MENU, key=lambda i: (i.group, i.order)):
        try:
            path = reverse(item.url_name)
        except NoReverseMatch:  # a menu entry that needs arguments: not a list
            continue
        group = _group(item.url_name)
        found.append(Page(f"{item.label} (list)", path, group))
        detail = _first_detail(client, path)
        if detail:
            found.append(Page(f"{item.label} (detail)", detail, group))
    # The collaborator's supplier: in the category manager's categories, so every role
    # reaches it.
    supplier = people["supplier_collaborator"].supplier
    # Page 50 of the supplier list, or its last page when there are fewer.
    last = min(50, -(-Supplier.objects.count() // SupplierListView.paginate_by))
    for tab in sorted(SUPPLIER_TABS, key=lambda t: t.order):
        found.append(
            Page(
                f"supplier tab: {tab.label}",
                reverse(tab.url_name, args=[supplier.code]),
                "supplier",
            )
        )
    found += [
        Page(
            "supplier list sorted by score",
            reverse("suppliers:supplier_list") + "?sort=-current_standing",
            "supplier",
        ),
        Page(
            "supplier list filtered",
            reverse("suppliers:supplier_list") + "?region=EMEA&tier=1&status=approved",
            "supplier",
        ),
        Page(
            "supplier list searched",
            reverse("suppliers:supplier_list") + "?q=supplier+12",
            "supplier",
        ),
        Page(
            f"supplier list page {last}",
            reverse("suppliers:supplier_list") + f"?page={last}",
            "supplier",
        ),
    ]
    period = scorecard_selectors.latest_period()
    month = f"{period:%Y-%m}"
    found += [
        Page("review page", reverse("governance:review", args=[month]), "review"),
        Page("review PDF", reverse("governance:review_pdf", args=[month]), "review"),
        Page("what-if page", reverse("scorecards:what_if"), "scorecard"),
        Page(
            "what-if preview (htmx)",
            reverse("scorecards:what_if"),
            "scorecard",
            method="POST",
            data=_what_if_data(),
            htmx=True,
        ),
        Page(
            "portfolio export CSV",
            reverse("scorecards:portfolio") + f"?period={month}&export=csv",
            "export",
        ),
        Page(
            "portfolio export XLSX",
            reverse("scorecards:portfolio") + f"?period={month}&export=xlsx",
            "export",
        ),
        Page("API scorecards month CSV", f"/api/scorecards/?period={month}&format=csv", "export"),
        Page("API scorecards month XLSX", f"/api/scorecards/?period={month}&format=xlsx", "export"),
    ]
    for resource in ("scorecards", "suppliers", "receipts"):
        found.append(Page(f"API {resource} 1,000 rows", f"/api/{resource}/?page_size=1000", "api"))
    return found


def _group(url_name: str) -> str:
    app = url_name.split(":")[0]
    return {"suppliers": "supplier", "scorecards": "scorecard", "risk": "risk"}.get(app, app)


DETAIL_SKIP = re.compile(r"/(new|create|add|edit|export|import|start|settings)/")


def _first_detail(client, path: str) -> str | None:
    """The first link in the list's table to a page one level below the list."""
    response = client.get(path)
    if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
        return None
    html = response.content.decode(errors="replace")
    body = html[html.find("<tbody") :] if "<tbody" in html else ""
    for href in re.findall(r'href="(/[^"?#]*)"', body):
        rest = href[len(path) :] if href.startswith(path) else ""
        if rest and rest.count("/") == 1 and rest.endswith("/") and not DETAIL_SKIP.search(href):
            return href
    return None


def _what_if_data() -> dict:
    """The what-if form as the page first shows it, sent as a preview."""
    from scorecards.forms import ScoringSettingsForm
    from scorecards.models import KpiDefinition, ScoringPolicy

    form = ScoringSettingsForm(
        kpis=list(KpiDefinition.objects.filter(is_active=True)),
        policy=ScoringPolicy.objects.get_or_create(pk=1)[0],
    )
    data = {
        name: "" if form[name].value() is None else str(form[name].value()) for name in form.fields
    }
    data["action"] = "preview"
    return data


# --- the query-count pass (test client, this process) --------------------------------------


def query_counts(page_list: list[Page], people: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for role, user in people.items():
        client = Client()
        client.force_login(user)
        for page in page_list:
            headers = {"HTTP_HX_REQUEST": "true"} if page.htmx else {}
            with CaptureQueriesContext(connection) as captured:
                if page.method == "POST":
                    response = client.post(page.path, page.data, **headers)
                else:
                    response = client.get(page.path, **headers)
                body = (
                    b"".join(response.streaming_content) if response.streaming else response.content
                )
            counts[(page.name, role)] = (response.status_code, len(body), len(captured))
    return counts


# --- gunicorn -----------------------------------------------------------------------------


def start_server(url: str, port: int, workers: int):
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "srm.wsgi:application",
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        str(workers),
        "--timeout",
        "120",
        "--log-level",
        "warning",
    ]
    log = tempfile.NamedTemporaryFile(  # noqa: SIM115  (open while the server runs)
        "w", prefix="bench-pages-gunicorn-", suffix=".log", delete=False
    )
    print(f"gunicorn: {workers} workers on 127.0.0.1:{port}, log in {log.name}")
    process = subprocess.Popen(
        command, cwd=ROOT, env=environment(url), stdout=log, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/healthz/")
            if conn.getresponse().status < 500:
                return process
        except OSError:
            time.sleep(0.5)
    process.terminate()
    raise SystemExit("gunicorn did not start")


class Http:
    """One keep-alive connection with a role's session."""

    def __init__(self, port: int, session: str):
        self.port, self.session = port, session
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)

    def request(self, method: str, path: str, *, data=None, htmx=False, json_body=None):
        headers = {
            "Cookie": f"sessionid={self.session}; csrftoken={CSRF}",
            "X-CSRFToken": CSRF,
            "Host": "127.0.0.1",
            "Referer": f"http://127.0.0.1:{self.port}/",
        }
        body = None
        if htmx:
            headers["HX-Request"] = "true"
        if json_body is not None:
            body = json.dumps(json_body)
            headers["Content-Type"] = "application/json"
        elif data is not None:
            body = urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        started = time.perf_counter()
        for attempt in (1, 2):
            try:
                self.conn.request(method, path, body=body, headers=headers)
                response = self.conn.getresponse()
                content = response.read()
                break
            except (http.client.HTTPException, OSError):
                self.conn.close()
                self.conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=120)
                if attempt == 2:
                    return 599, 0, time.perf_counter() - started
        return response.status, len(content), time.perf_counter() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def time_pages(page_list, cookies, port: int, repeat: int, counts: dict) -> dict:
    """Each page a role opens (200 in the query-count pass), ``repeat`` times after 3
    warm-ups, one after another on one keep-alive connection."""
    timings = {}
    for role, session in cookies.items():
        client = Http(port, session)
        for page in page_list:
            status, samples = counts[(page.name, role)][0], []
            if status == 200:
                for n in range(3 + repeat):
                    status, _size, seconds = client.request(
                        page.method, page.path, data=page.data, htmx=page.htmx
                    )
                    if n >= 3:
                        samples.append(seconds)
            timings[(page.name, role)] = (status, samples)
        print(f"  timed the pages of the {role}", flush=True)
    return timings


# --- the load -----------------------------------------------------------------------------


def load(
    page_list,
    cookies,
    port: int,
    *,
    users: int,
    posters: int,
    duration: float,
    supplier_code: str,
    counts: dict,
) -> dict:
    """``users`` threads for ``duration`` seconds, half of the readers as the analyst and
    half as the category manager, each reading the pages its role opens (answered 200 in
    the query-count pass); ``posters`` more push receipts through the API."""
    weights = {"supplier": 30, "scorecard": 20, "risk": 15, "review": 5, "api": 30}
    internal = ("analyst", "category_manager")
    by_role_group = {role: defaultdict(list) for role in internal}
    for page in page_list:
        if page.group in weights and page.method == "GET" and "PDF" not in page.name:
            for role in internal:
                if counts[(page.name, role)][0] == 200:
                    by_role_group[role][page.group].append(page)
    results = defaultdict(list)  # group -> [(status, seconds)]
    lock = threading.Lock()
    stop = time.monotonic() + duration

    def reader(n: int) -> None:
        rng = random.Random(n)
        role = internal[n % len(internal)]
        by_group = by_role_group[role]
        groups = [g for g in weights if by_group[g]]
        client = Http(port, cookies[role])
        while time.monotonic() < stop:
            group = rng.choices(groups, [weights[g] for g in groups])[0]
            page = rng.choice(by_group[group])
            status, _size, seconds = client.request("GET", page.path)
            with lock:
                results[group].append((status, seconds))

    def poster(n: int) -> None:
        client = Http(port, cookies["analyst"])
        line = 0
        while time.monotonic() < stop:
            line += 1
            today = date.today()
            record = {
                "supplier_code": supplier_code,
                "po_number": f"LOAD-{os.getpid()}-{n}-{int(time.time())}",
                "po_line": line,
                "item_code": "BI-0001",
                "order_date": (today - timedelta(days=20)).isoformat(),
                "promised_date": (today - timedelta(days=2)).isoformat(),
                "received_date": today.isoformat(),
                "ordered_qty": "100",
                "received_qty": "100",
                "unit_price": "10",
            }
            status, _size, seconds = client.request("POST", "/api/receipts/", json_body=[record])
            with lock:
                results["receipt push"].append((status, seconds))

    threads = [threading.Thread(target=poster, args=(n,)) for n in range(posters)]
    threads += [threading.Thread(target=reader, args=(n,)) for n in range(users - posters)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    return {"elapsed": elapsed, "results": dict(results)}


def recompute_loop(url: str, stop: threading.Event, outcome: dict) -> None:
    """Full recomputes one after another in a child process until ``stop``: their
    seconds in ``outcome["seconds"]``, failures in ``outcome["failed"]``."""
    outcome.update(seconds=[], failed=[])
    while not stop.is_set():
        started = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "manage.py", "recompute", "--full"],
            cwd=ROOT,
            env=environment(url),
            capture_output=True,
            text=True,
        )
        if out.returncode == 0:
            outcome["seconds"].append(time.perf_counter() - started)
        else:
            outcome["failed"].append((out.stderr or out.stdout).strip().splitlines()[-1:])
            time.sleep(1)


# --- printing -----------------------------------------------------------------------------


def print_pages(page_list, counts, timings) -> None:
    print()
    print("| page | role | status | p50 ms | p95 ms | max ms | KB | queries |")
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for page in page_list:
        for role in ROLES:
            status, samples = timings[(page.name, role)]
            _q_status, size, queries = counts[(page.name, role)]
            if status != 200 or not samples:
                print(f"| {page.name} | {role} | {status} | | | | | |")
                continue
            print(
                f"| {page.name} | {role} | {status} | {statistics.median(samples) * 1000:.0f} | "
                f"{percentile(samples, 0.95) * 1000:.0f} | {max(samples) * 1000:.0f} | "
                f"{size / 1024:.0f} | {queries} |"
            )


def print_load(title: str, outcome: dict, recomputes: dict | None = None) -> None:
    results = outcome["results"]
    total = sum(len(v) for v in results.values())
    errors = sum(1 for v in results.values() for status, _ in v if status >= 400)
    every = [s for v in results.values() for _, s in v]
    print()
    extra = ""
    if recomputes is not None:
        done = recomputes["seconds"]
        extra = f"; {len(done)} full recomputes finished beside it"
        if done:
            extra += f" ({statistics.mean(done):.1f}s each)"
        if recomputes["failed"]:
            extra += f", {len(recomputes['failed'])} failed: {recomputes['failed'][-1]}"
    print(
        f"{title}: {total} requests in {outcome['elapsed']:.0f}s = "
        f"{total / outcome['elapsed']:.1f}/s, {errors} errors, median "
        f"{statistics.median(every) * 1000 if every else 0:.0f} ms, p95 "
        f"{percentile(every, 0.95) * 1000 if every else 0:.0f} ms{extra}"
    )
    print("| page group | requests | errors | p50 ms | p95 ms | max ms |")
    print("|---|---:|---:|---:|---:|---:|")
    for group, rows in sorted(results.items()):
        seconds = [s for _, s in rows]
        bad = sum(1 for status, _ in rows if status >= 400)
        print(
            f"| {group} | {len(rows)} | {bad} | {statistics.median(seconds) * 1000:.0f} | "
            f"{percentile(seconds, 0.95) * 1000:.0f} | {max(seconds) * 1000:.0f} |"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--suppliers", type=int, default=5000)
    parser.add_argument("--lines", type=int, help=f"default {LINES_PER_SUPPLIER} per supplier")
    parser.add_argument("--url", default=os.environ.get("BENCH_PAGES_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--rebuild", action="store_true", help="build the database afresh")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    parser.add_argument("--repeat", type=int, default=20, help="timed requests per page")
    parser.add_argument("--duration", type=float, default=60, help="seconds of each load")
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--posters", type=int, default=5)
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    lines = args.lines or args.suppliers * LINES_PER_SUPPLIER

    database(args.url, suppliers=args.suppliers, lines=lines, rebuild=args.rebuild)
    full_recompute()
    people = users()
    page_list = pages(people)
    started = time.perf_counter()
    counts = query_counts(page_list, people)
    print(f"query counts of {len(page_list)} pages x {len(people)} roles in {_since(started)}")
    cookies = sessions(people)
    from django.db import connections

    connections.close_all()
    server = start_server(args.url, args.port, args.workers)
    try:
        started = time.perf_counter()
        timings = time_pages(page_list, cookies, args.port, args.repeat, counts)
        print(
            f"timed {len(page_list)} pages x {len(people)} roles x {args.repeat} in "
            f"{_since(started)}"
        )
        print_pages(page_list, counts, timings)
        supplier_code = people["supplier_collaborator"].supplier.code
        alone = load(
            page_list,
            cookies,
            args.port,
            users=args.users,
            posters=args.posters,
            duration=args.duration,
            supplier_code=supplier_code,
            counts=counts,
        )
        print_load(f"load, {args.users} users alone", alone)
        stop = threading.Event()
        recomputes: dict = {}
        beside = threading.Thread(target=recompute_loop, args=(args.url, stop, recomputes))
        beside.start()
        time.sleep(1)
        during = load(
            page_list,
            cookies,
            args.port,
            users=args.users,
            posters=args.posters,
            duration=args.duration,
            supplier_code=supplier_code,
            counts=counts,
        )
        stop.set()
        beside.join()
        print_load(f"load, {args.users} users while full recomputes run", during, recomputes)
    finally:
        server.terminate()
        server.wait(timeout=30)
    if args.drop:
        import psycopg

        connections.close_all()
        dbname = args.url.rsplit("/", 1)[1]
        with psycopg.connect(args.url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{dbname}"')


if __name__ == "__main__":
    main()
