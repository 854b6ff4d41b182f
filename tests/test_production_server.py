"""The running production-mode server (gunicorn, DEBUG=0): security headers and cookies on real responses."""

import os
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from http.cookies import SimpleCookie
from pathlib import Path

import pytest

from .fixtures_services import free_port

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def production_server(tmp_path_factory):
    port = free_port()
    database = tmp_path_factory.mktemp("prod") / "db.sqlite3"
    env = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ALLOW_ASYNC_UNSAFE", "CACHE_URL"}} | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{database}",
        "CACHE_URL": os.environ.get("CACHE_URL", "redis://127.0.0.1:6379/1"),
        "BEHIND_PROXY": "1",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True)
    server = subprocess.Popen(
        [str(Path(sys.executable).parent / "gunicorn"), "ihk_office.wsgi", "-w", "1", "-b", f"127.0.0.1:{port}",
         "--no-control-socket"],
        cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            fetch(f"{base}/healthz")
            break
        except OSError:
            time.sleep(0.3)
    yield base
    os.killpg(server.pid, signal.SIGTERM)
    server.wait(timeout=20)


def fetch(url, *, https=True):
    opener = urllib.request.build_opener(NoRedirect)
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"} if https else {})
    try:
        return opener.open(request, timeout=10)
    except urllib.error.HTTPError as error:
        return error


def test_plain_http_is_redirected_to_https(production_server):
    response = fetch(f"{production_server}/konto/login/", https=False)
    assert response.status == 301
    assert response.headers["Location"].startswith("https://")


def test_production_responses_carry_the_security_headers(production_server):
    response = fetch(f"{production_server}/konto/login/")
    assert response.status == 200
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "script-src 'self'" in csp and "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert "Server" not in headers or "Django" not in headers["Server"]


def test_production_cookies_are_secure_and_http_only(production_server):
    response = fetch(f"{production_server}/konto/login/")
    cookies = SimpleCookie()
    for header in response.headers.get_all("Set-Cookie"):
        cookies.load(header)
    csrf = cookies["csrftoken"]
    assert csrf["secure"] and csrf["httponly"] and csrf["samesite"] == "Lax"


def test_static_files_are_served_by_whitenoise_with_long_caching(production_server):
    page = fetch(f"{production_server}/konto/login/").read().decode()
    import re

    css = re.search(r'href="(/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]+\.css)"', page).group(1)
    response = fetch(production_server + css)
    assert response.status == 200
    assert "max-age=315360000" in response.headers["Cache-Control"]


def test_debug_pages_are_not_shown(production_server):
    response = fetch(f"{production_server}/gibt-es-nicht/")
    assert response.status == 404
    body = response.read().decode()
    assert "Seite nicht gefunden" in body and "Traceback" not in body and "URLconf" not in body
