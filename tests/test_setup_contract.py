"""`make run` on a fresh copy of the project, with no PostgreSQL or Redis configured, serves the portal."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from .conftest import REQUIRE_SERVICES

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def copy_working_tree(target: Path) -> None:
    files = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT, capture_output=True, check=True,
    ).stdout.split(b"\0")
    for name in filter(None, files):
        source = ROOT / name.decode()
        if source.is_file():
            destination = target / name.decode()
            destination.parent.mkdir(parents=True, exist_ok=True)
            destination.write_bytes(source.read_bytes())
            destination.chmod(source.stat().st_mode)


def test_make_run_on_a_fresh_clone_serves_the_home_page_with_worker_and_beat(tmp_path):
    if not (REQUIRE_SERVICES or os.environ.get("IHK_SETUP_TEST") == "1"):
        pytest.skip("creates a new virtualenv (about a minute); runs in CI or with IHK_SETUP_TEST=1")
    project = tmp_path / "portal"
    copy_working_tree(project)
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "CELERY_BROKER_URL", "CACHE_URL", "EMAIL_URL", "DEBUG", "VIRTUAL_ENV",
                       "DJANGO_SETTINGS_MODULE", "IHK_REQUIRE_SERVICES", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env.update({"PORT": str(port), "PYTHONUNBUFFERED": "1"})
    log_path = tmp_path / "make-run.log"
    with log_path.open("w") as log:
        process = subprocess.Popen(
            ["make", "run"], cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        deadline = time.monotonic() + 300
        page = ""
        while time.monotonic() < deadline and process.poll() is None:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as response:  # noqa: S310
                    page = response.read().decode()
                    break
            except OSError:
                time.sleep(2)
        log_text = log_path.read_text()
        assert "Im Bruchfeld 17" in page, log_text[-3000:]
        assert "buero / hattingen-buero" in log_text  # the log-ins are printed
        # The worker and beat come up on the embedded broker.
        for _ in range(60):
            log_text = log_path.read_text()
            if "ready." in log_text and "beat: Starting" in log_text:
                break
            time.sleep(1)
        assert "ready." in log_text and "beat: Starting" in log_text, log_text[-3000:]
        assert (project / "db.sqlite3").exists()
        # What staff and a board member reach works on the embedded SQLite too (written-out SQL has a SQLite
        # branch wherever it needs one; a page that only PostgreSQL could build once failed here).
        base = f"http://127.0.0.1:{port}"
        staff = crawl(base, "buero", "hattingen-buero", start=["/intern/", "/intern/firmen/", "/intern/sprechtage/",
                                                                  "/intern/veranstaltungen/"])
        assert any(re.fullmatch(r"/intern/firmen/\d+/", path) for path in staff), sorted(staff)
        assert any(re.fullmatch(r"/intern/sprechtage/tag/\d+/", path) for path in staff), sorted(staff)
        member = crawl(base, "beirat", "hattingen-beirat", start=["/gremien/"])
        assert any(path.startswith("/gremien/") and path != "/gremien/" for path in member), sorted(member)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)


HREF = re.compile(r'href="(/[^"#?]*)')
LOGIN = "/konto/login/"


def crawl(base: str, username: str, password: str, *, start: list[str], limit: int = 250) -> dict[str, int]:
    """Log in as `username` and open every link found on the way (one URL per shape: digits count as one), up to
    `limit` pages; every page must answer without an error. Returns path → status."""
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    with opener.open(f"{base}{LOGIN}", timeout=10) as response:  # noqa: S310
        form = response.read().decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)
    data = urllib.parse.urlencode({"csrfmiddlewaretoken": token, "username": username, "password": password})
    request = urllib.request.Request(f"{base}{LOGIN}", data=data.encode(), headers={"Referer": f"{base}{LOGIN}"})
    with opener.open(request, timeout=10) as response:  # noqa: S310
        assert LOGIN not in response.geturl(), f"{username} could not log in"
    seen: dict[str, int] = {}
    shapes: set[str] = set()
    queue = list(start)
    while queue and len(seen) < limit:
        path = queue.pop(0)
        shape = re.sub(r"\d+", "N", path)
        if path in seen or shape in shapes or path.startswith(("/admin/", "/konto/", "/static/", "/media/")):
            continue
        shapes.add(shape)
        try:
            with opener.open(base + path, timeout=20) as response:  # noqa: S310
                seen[path] = response.status
                if "html" in response.headers.get("Content-Type", ""):
                    queue.extend(HREF.findall(response.read().decode()))
        except urllib.error.HTTPError as error:
            seen[path] = error.code
            assert error.code in (403, 405), f"{username}: {path} answered {error.code}\n{error.read()[:3000]!r}"
    return seen
