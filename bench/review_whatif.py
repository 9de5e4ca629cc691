"""The review page, its PDF and the what-if preview, timed in-process (issue 17 §2).

    .venv/bin/python bench/review_whatif.py [--url postgres://.../srm_bench_pages]
                                             [--repeat 5] [--profile]

On a database ``bench/pages.py`` built (it reuses its users and its what-if form): each
page once to warm up, then ``--repeat`` times with Django's test client, as the
analyst; prints min / max wall time, SQL queries and response size per page, and the
what-if preview once more with its stored values not yet at hand (the first preview
after a recompute). ``--profile``: a cProfile of one more request of each.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import pages  # noqa: E402  (bench/pages.py: users, environment, the what-if form)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--url", default=os.environ.get("BENCH_PAGES_DATABASE_URL", pages.DEFAULT_URL)
    )
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    pages.setup_django(args.url)

    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from governance.review import default_period
    from scorecards import whatif

    client = Client()
    client.force_login(pages.users()["analyst"])
    period = f"{default_period():%Y-%m}"
    targets = {
        "review page": ("get", f"/review/{period}/", {}, {}),
        "review PDF": ("get", f"/review/{period}/pdf/", {}, {}),
        "what-if preview": (
            "post",
            "/scorecards/what-if/",
            pages._what_if_data(),
            {"HTTP_HX_REQUEST": "true"},
        ),
    }
    for name, (method, path, data, headers) in targets.items():
        send = getattr(client, method)
        assert send(path, data, **headers).status_code == 200, name
        times = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = send(path, data, **headers)
            times.append(time.perf_counter() - started)
        print(
            f"{name:16} {path:24} min {min(times):.3f}s max {max(times):.3f}s "
            f"queries {len(queries)} bytes {len(response.content):,}"
        )
        if args.profile:
            profile = cProfile.Profile()
            profile.enable()
            send(path, data, **headers)
            profile.disable()
            pstats.Stats(profile).sort_stats("cumulative").print_stats(30)
    getattr(whatif, "_STORED", {}).clear()  # absent before issue 17: nothing kept
    started = time.perf_counter()
    client.post("/scorecards/what-if/", pages._what_if_data(), HTTP_HX_REQUEST="true")
    print(f"what-if preview, stored values not at hand: {time.perf_counter() - started:.3f}s")


if __name__ == "__main__":
    main()
