"""In-process cost of the benchmark pages (no HTTP server, no load generator): a quick loop for profiling.

    python -m tests.bench.profile_pages                 # every page: ms per request, queries, ratio to baseline
    python -m tests.bench.profile_pages "company" --profile   # cProfile of one page
    python -m tests.bench.profile_pages --cold          # every request with empty caches (the costly case)

Calls Django's WSGI handler as gunicorn does (every middleware, a real session cookie), against the
`make bench` database (seeded at --scale 10 by `make bench`) with production settings (DEBUG=0) and Redis as
the cache. The ratio is the baseline's time ÷ the page's time, the in-process analogue of `make bench`'s; the
baseline is measured in blocks alternating with the page's, so a change of the machine's load during the run
affects both. `make bench` (tests/bench/run.py) prints these cold costs next to its throughput.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import secrets
import sys
import time


def bench_environment() -> dict[str, str]:
    return {
        "DJANGO_SETTINGS_MODULE": "ihk_office.settings", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost", "SECURE_SSL_REDIRECT": "0", "BENCHMARK_BASELINE": "1",
        "CONN_MAX_AGE": "600",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ihk_bench"),
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
        "CELERY_BROKER_URL": os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/5"),
    }


class InProcess:
    """Django's WSGI handler called in this process, with a real session cookie per persona."""

    def __init__(self, *, cold: bool):
        from django.contrib.auth import get_user_model
        from django.core.handlers.wsgi import WSGIHandler

        from tests.bench.run import session_cookie

        users = get_user_model().objects
        self.cookies = {
            None: "",
            "staff": session_cookie(users.filter(is_staff=True, is_active=True).order_by("pk").first()),
            "member": session_cookie(users.get(username="beirat")),
        }
        self.cold = cold
        self.app = WSGIHandler()

    def call(self, path: str, persona: str | None) -> None:
        if self.cold:  # every cache emptied: the shared one and the
            from tests.caches import clear_caches  # process's copy of the office

            clear_caches()
        route, _, query = path.partition("?")
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": route, "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1", "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_COOKIE": self.cookies[persona], "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
        }
        status = []
        response = self.app(environ, lambda line, headers, *rest: status.append(line))
        b"".join(response)
        response.close()
        assert status[0].startswith("200"), (path, status[0])

    def cost(self, path: str, persona: str | None, *, runs: int) -> tuple[float, int]:
        """(ms per request, queries of one request)."""
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        for _ in range(max(3, runs // 10)):
            self.call(path, persona)
        began = time.perf_counter()
        for _ in range(runs):
            self.call(path, persona)
        ms = (time.perf_counter() - began) / runs * 1000
        with CaptureQueriesContext(connection) as queries:
            self.call(path, persona)
        return ms, len(queries)

    def against_baseline(self, path: str, persona: str | None, *, runs: int) -> tuple[float, float, int]:
        """(page ms, baseline ms, queries): the two measured in alternating blocks of ten requests, so that a
        machine whose load changes during the run (other processes) slows both alike and the ratio holds."""
        page_ms = baseline_ms = 0.0
        queries = 0
        for _ in range(max(1, runs // 10)):
            page, queries = self.cost(path, persona, runs=10)
            baseline, _ = self.cost(BASELINE, None, runs=10)
            page_ms, baseline_ms = page_ms + page, baseline_ms + baseline
        blocks = max(1, runs // 10)
        return page_ms / blocks, baseline_ms / blocks, queries


BASELINE = "/bench/baseline/"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("only", nargs="?", default="")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--cold", action="store_true", help="empty the caches before every request")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    os.environ.update(bench_environment())
    import django

    django.setup()
    from tests.bench.pages_to_bench import resolve

    pages = InProcess(cold=args.cold)
    print(f"{'page':<28}{'ms':>8}{'baseline':>10}{'queries':>9}{'ratio':>8}")
    for label, path, persona in resolve():
        if args.only and args.only not in label:
            continue
        ms, baseline, queries = pages.against_baseline(path, persona, runs=args.runs)
        print(f"{label:<28}{ms:>8.2f}{baseline:>10.2f}{queries:>9}{baseline / ms:>8.2f}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(50):
                pages.call(path, persona)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(60)


if __name__ == "__main__":
    main()
