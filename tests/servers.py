"""The portal served as in production (gunicorn, DEBUG=0) for tests that talk to it over HTTP, and a small
HTTP client that keeps cookies and fills in CSRF tokens like a browser."""

from __future__ import annotations

import http.cookiejar
import os
import re
import secrets
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENV_BIN = Path(sys.executable).parent


def production_env(**overrides: str) -> dict[str, str]:
    """The environment of a production process (DEBUG=0) over plain http on loopback."""
    env = {key: value for key, value in os.environ.items() if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}}
    return env | {
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SECURE_SSL_REDIRECT": "0",
        "PYTHONUNBUFFERED": "1",
    } | overrides


def collectstatic(env: dict[str, str]) -> None:
    """DEBUG=0 serves the hashed file names of the manifest, so the files must be collected first."""
    subprocess.run([sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env,
                   check=True)


class Gunicorn:
    """gunicorn as the Procfile starts it, on the address given, with its access log in a file."""

    def __init__(self, env: dict[str, str], *, bind: str, log_dir: Path, workers: int = 2):
        self.bind = bind
        self.access_log = log_dir / "gunicorn-access.log"
        self.error_log = log_dir / "gunicorn-error.log"
        self.process = subprocess.Popen(
            [str(VENV_BIN / "gunicorn"), "ihk_office.wsgi", "--workers", str(workers), "--bind", bind,
             "--no-control-socket", "--access-logfile", str(self.access_log), "--error-logfile",
             str(self.error_log)],
            cwd=ROOT, env=env, start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )

    def wait_until_serving(self, url: str, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            assert self.process.poll() is None, self.logs()
            try:
                urllib.request.urlopen(url, timeout=2)  # noqa: S310 – our own loopback server
                return
            except urllib.error.HTTPError:
                return
            except OSError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not answer within {timeout}s\n{self.logs()}")

    def logs(self) -> str:
        return "\n".join(path.read_text()[-4000:] for path in (self.error_log, self.access_log) if path.exists())

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=5)


class _SecureCookiesOverLoopback(http.cookiejar.DefaultCookiePolicy):
    # With DEBUG=0 the session and CSRF cookies are Secure; a browser behind the TLS proxy would send them.
    def return_ok_secure(self, cookie, request):
        return True


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    """One person's HTTP client: cookies kept, no redirects followed, CSRF token taken from the last form."""

    def __init__(self, base: str):
        self.base = base
        self.jar = http.cookiejar.CookieJar(policy=_SecureCookiesOverLoopback())
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect)
        self.csrf_token = ""

    def get(self, path: str, *, timeout: float = 10):
        return self._open(urllib.request.Request(self.base + path), timeout)

    def post(self, path: str, data: dict, *, timeout: float = 10):
        body = urllib.parse.urlencode({"csrfmiddlewaretoken": self.csrf_token, **data}).encode()
        request = urllib.request.Request(self.base + path, data=body, method="POST",
                                         headers={"Referer": self.base + path})
        return self._open(request, timeout)

    def _open(self, request, timeout):
        try:
            response = self.opener.open(request, timeout=timeout)
        except urllib.error.HTTPError as error:
            response = error
        response.text = response.read().decode("utf-8", "replace")
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.text)
        if match:
            self.csrf_token = match.group(1)
        return response
