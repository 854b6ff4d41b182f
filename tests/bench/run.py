"""`make bench`: throughput of the key pages as a ratio to a minimal Django view, same server, same run.

What it does:
1. PostgreSQL database `ihk_bench` (created if missing), migrated, seeded with `seed_demo --scale 10` once.
2. gunicorn as in production (DEBUG=0, 2 sync workers, WhiteNoise for static files, Redis cache) on loopback.
3. wrk (Debian's package) loads each page for a fixed time with keep-alive connections from loopback;
   staff and member pages carry a real session cookie.
4. Before the load, each page's cold cost in-process (tests/bench/profile_pages.py: Django's WSGI handler,
   every cache emptied before each request): ms and queries, and cold ratio = baseline ms ÷ page ms, the
   baseline measured in blocks alternating with the page's.
5. One line per page: `page  cold_ms  queries  cold_ratio  req/s  p50_ms  p99_ms  ratio`, ratio = page req/s ÷
   baseline req/s, where the baseline (ihk_office/bench.py) is measured before and after the pages and
   averaged. Last lines: `worst cold ratio: X` and `worst ratio: Y`.

Options: --duration SECONDS (default 10), --connections N (8), --scale N (10), --cold-runs N (50), --reseed,
--only LABEL.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = sys.executable
BIN = Path(PYTHON).parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def bench_env(port: int) -> dict[str, str]:
    from tests.bench.profile_pages import bench_environment

    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "VIRTUAL_ENV"}}
    # Loopback has no TLS (SECURE_SSL_REDIRECT=0 there); everything else is production.
    env.update({**bench_environment(), "EMAIL_URL": "consolemail://", "SITE_URL": f"http://127.0.0.1:{port}"})
    if env.get("BENCH_SECRET_KEY"):
        env["SECRET_KEY"] = env["BENCH_SECRET_KEY"]
    return env


def manage(env: dict, *args: str, debug: bool) -> None:
    subprocess.run([PYTHON, "manage.py", *args], cwd=ROOT, env={**env, "DEBUG": "1" if debug else "0"}, check=True)


def ensure_wrk() -> str:
    wrk = shutil.which("wrk")
    if wrk:
        return wrk
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing Debian's wrk …", flush=True)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=False, capture_output=True)
        if not shutil.which("wrk"):
            subprocess.run(["apt-get", "update", "-qq"], check=True, capture_output=True)
            subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], check=True, capture_output=True)
        return shutil.which("wrk")
    sys.exit("wrk is needed: apt-get install wrk")


def prepare_database(env: dict, scale: int, reseed: bool) -> None:
    manage(env, "ensure_database", debug=True)
    manage(env, "migrate", "--noinput", "-v0", debug=True)
    os.environ.update({**env, "DEBUG": "0"})  # the in-process cold costs are measured as in production
    import django

    django.setup()
    from companies.models import Company

    if reseed or Company.objects.count() < 500 * scale:
        print(f"Seeding demo data at --scale {scale} (once; later runs reuse it) …", flush=True)
        manage(env, "seed_demo", "--scale", str(scale), debug=True)
    # What autovacuum keeps on a live database (it may be off here): fresh planner statistics (without them
    # PostgreSQL picks full-table scans) and the visibility map (without it no index-only scan, e.g. the
    # coverage page's counts from company_coverage_idx: 3.4 ms as a table scan, about 1 ms from the index).
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    manage(env, "collectstatic", "--noinput", "-v0", debug=False)


def session_cookie(user) -> str:
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from ihk_office.sessions import SessionStore

    session = SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "ihk_office.auth_backends.StaffModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.create()
    return f"sessionid={session.session_key}"


def pages() -> list[tuple[str, str, str | None]]:
    """(label, path, persona) for every key page, resolved against the seeded data."""
    from tests.bench.pages_to_bench import resolve

    return resolve()


LATENCY = re.compile(r"^\s+(50|99)%\s+([\d.]+)(us|ms|s)\s*$", re.M)
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def run_wrk(wrk: str, url: str, *, duration: int, connections: int, cookie: str | None) -> tuple[float, float, float]:
    command = [wrk, "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s"]
    if cookie:
        command += ["-H", f"Cookie: {cookie}"]
    output = subprocess.run([*command, url], capture_output=True, text=True, check=True).stdout
    if "Non-2xx or 3xx responses" in output:
        raise SystemExit(f"{url} answered with errors under load:\n{output}")
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))
    latency = {p: float(v) * UNIT_MS[u] for p, v, u in LATENCY.findall(output)}
    return rps, latency.get("50", float("nan")), latency.get("99", float("nan"))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--duration", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--scale", type=int, default=10)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--cold-runs", type=int, default=50)
    parser.add_argument("--reseed", action="store_true")
    parser.add_argument("--only", default="")
    args = parser.parse_args()

    wrk = ensure_wrk()
    port = free_port()
    env = bench_env(port)
    prepare_database(env, args.scale, args.reseed)
    targets = [t for t in pages() if not args.only or args.only in t[0]]

    from tests.bench.profile_pages import InProcess

    in_process = InProcess(cold=True)
    cold = {label: in_process.against_baseline(path, persona, runs=args.cold_runs)
            for label, path, persona in targets}
    cold_baseline = sum(baseline for _ms, baseline, _queries in cold.values()) / max(len(cold), 1)
    cookies = in_process.cookies

    server = subprocess.Popen(
        [str(BIN / "gunicorn"), "ihk_office.wsgi", "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
         "--no-control-socket", "--log-level", "warning"],
        cwd=ROOT, env={**env, "DEBUG": "0"}, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2)  # noqa: S310 – our own loopback server
                break
            except OSError:
                time.sleep(0.3)
        for label, path, persona in [("baseline", "/bench/baseline/", None), *targets]:
            request = urllib.request.Request(base + path, headers={"Cookie": cookies[persona]} if persona else {})
            with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
                if response.status != 200 or (persona and "/konto/login/" in response.url):
                    raise SystemExit(f"{label}: {path} did not answer 200 for {persona or 'anonymous'}")

        def measure(path, persona):
            return run_wrk(wrk, base + path, duration=args.duration, connections=args.connections,
                           cookie=cookies[persona] if persona else None)

        first = measure("/bench/baseline/", None)
        results = [(label, path, *measure(path, persona)) for label, path, persona in targets]
        last = measure("/bench/baseline/", None)
        baseline_rps = (first[0] + last[0]) / 2

        def line(label, cold_ms, queries, cold_ratio, rps, p50, p99, ratio):
            cold_part = f"{cold_ms:>9.2f}{queries:>8}{cold_ratio:>11.2f}" if cold_ms else " " * 28
            print(f"{label:<28}{cold_part}{rps:>10.1f}{p50:>10.2f}{p99:>10.2f}{ratio:>8.2f}")

        print(f"\n{'page':<28}{'cold_ms':>9}{'queries':>8}{'cold_ratio':>11}{'req/s':>10}{'p50_ms':>10}"
              f"{'p99_ms':>10}{'ratio':>8}")
        line("baseline (before)", cold_baseline, 1, 1.0, *first, first[0] / baseline_rps)
        worst = worst_cold = None
        for label, _path, rps, p50, p99 in results:
            ratio = rps / baseline_rps
            cold_ms, baseline_ms, queries = cold[label]  # baseline_ms: measured alternately with this page
            worst = ratio if worst is None else min(worst, ratio)
            worst_cold = min(worst_cold or 1e9, baseline_ms / cold_ms)
            line(label, cold_ms, queries, baseline_ms / cold_ms, rps, p50, p99, ratio)
        line("baseline (after)", None, None, None, *last, last[0] / baseline_rps)
        print(f"worst cold ratio: {worst_cold:.2f}")
        print(f"worst ratio: {worst:.2f}")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=20)


if __name__ == "__main__":
    main()
