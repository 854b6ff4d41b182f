"""In-process cost of the benchmark pages (no HTTP server, no load generator): a quick loop for profiling.

    python -m tests.bench.profile_pages                 # every page: ms per request, queries, ratio to baseline
    python -m tests.bench.profile_pages "company" --profile   # cProfile of one page

Uses the `make bench` database (seeded at --scale 10 by `make bench`) with production settings (DEBUG=0).
The ratio here is the baseline's time ÷ the page's time, the in-process analogue of `make bench`'s ratio.
"""

import argparse
import cProfile
import os
import pstats
import secrets
import time


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("only", nargs="?", default="")
    parser.add_argument("--profile", action="store_true")
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    os.environ.update({
        "DJANGO_SETTINGS_MODULE": "ihk_office.settings", "DEBUG": "0", "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "testserver", "SECURE_SSL_REDIRECT": "0", "BENCHMARK_BASELINE": "1",
        "DATABASE_URL": os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ihk_bench"),
        "CACHE_URL": os.environ.get("BENCH_CACHE_URL", "redis://127.0.0.1:6379/5"),
    })
    import django

    django.setup()
    from django.contrib.auth import get_user_model
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from tests.bench.pages_to_bench import resolve

    users = get_user_model().objects
    clients = {None: Client(), "staff": Client(), "member": Client()}
    clients["staff"].force_login(users.filter(is_staff=True, is_active=True).order_by("pk").first())
    clients["member"].force_login(users.get(username="beirat"))

    def cost(client, path):
        client.get(path)
        began = time.perf_counter()
        for _ in range(args.runs):
            response = client.get(path)
        assert response.status_code == 200, (path, response.status_code)
        return (time.perf_counter() - began) / args.runs * 1000

    baseline = cost(clients[None], "/bench/baseline/")
    print(f"{'page':<28}{'ms':>8}{'queries':>9}{'ratio':>8}")
    print(f"{'baseline':<28}{baseline:>8.1f}{1:>9}{1:>8.2f}")
    for label, path, persona in resolve():
        if args.only and args.only not in label:
            continue
        client = clients[persona]
        ms = cost(client, path)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(f"{label:<28}{ms:>8.1f}{len(queries):>9}{baseline / ms:>8.2f}")
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(10):
                client.get(path)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(45)


if __name__ == "__main__":
    main()
