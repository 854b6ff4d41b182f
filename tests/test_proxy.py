"""The production stack's reverse proxy, as `make up` sets it up: deploy/nginx.conf rendered by
`manage.py render_nginx_conf`, nginx and gunicorn started by the Procfile's own command lines.

nginx takes the slow clients, so gunicorn's two sync workers only ever see complete requests; bodies over
a location's limit are refused by nginx and never reach Django.
"""

import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from .conftest import need
from .fixtures_services import free_port, wait_for
from .servers import ROOT, collectstatic, production_env

pytestmark = pytest.mark.services

NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def procfile() -> dict[str, str]:
    lines = (ROOT / "Procfile").read_text().splitlines()
    return dict(line.split(": ", 1) for line in lines if line.strip() and not line.startswith("#"))


class Stack:
    def __init__(self, tmp_path: Path):
        self.port = free_port()
        self.socket = tmp_path / "run" / "gunicorn.sock"
        self.socket.parent.mkdir()
        self.prefix = tmp_path / "nginx"
        self.access_log = tmp_path / "web.log"  # gunicorn's access log (the Procfile sends it to stdout)
        self.env = production_env(
            DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
            BEHIND_PROXY="1",
            NGINX=NGINX,
            GUNICORN_SOCKET=str(self.socket),
            NGINX_PREFIX=str(self.prefix),
            VIRTUAL_ENV_BIN=str(Path(sys.executable).parent),
        )
        self.processes: list[subprocess.Popen] = []

    def start(self):
        collectstatic(self.env)
        subprocess.run(
            [sys.executable, "manage.py", "render_nginx_conf", "--listen", f"127.0.0.1:{self.port}",
             "--prefix", str(self.prefix)],
            cwd=ROOT, env=self.env, check=True, stdout=subprocess.DEVNULL,
        )
        commands = procfile()
        for name, output in (("web", self.access_log), ("proxy", self.prefix / "stderr.log")):
            with output.open("w") as log:
                self.processes.append(subprocess.Popen(
                    ["/bin/sh", "-c", commands[name]], cwd=ROOT, env=self.env, stdout=log,
                    stderr=subprocess.STDOUT, start_new_session=True,
                ))
        wait_for(lambda: self.answers("/healthz"), timeout=60, message="nginx and gunicorn")

    def answers(self, path) -> bool:
        try:
            return self.request("GET", path)[0] == 200
        except OSError:
            return False

    def request(self, method, path, *, body=None, headers=None, timeout=5.0):
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=timeout)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            return response.status, dict(response.getheaders()), response.read()
        finally:
            connection.close()

    def stop(self):
        for process in self.processes:
            if process.poll() is None:
                os.killpg(process.pid, 15)
        for process in self.processes:
            process.wait(timeout=20)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    need(os.access(NGINX, os.X_OK), f"Debian's nginx at {NGINX}")
    running = Stack(tmp_path_factory.mktemp("stack"))
    running.start()
    yield running
    running.stop()


def send_headers_slowly(connect, stop: threading.Event):
    """A client that sends one header line per second and never finishes its request."""
    with connect() as sock:
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        while not stop.wait(1):
            try:
                sock.sendall(b"X-Slow: 1\r\n")
            except OSError:
                return  # dropped (nginx's client_header_timeout)


def with_two_slow_clients(connect, normal_request):
    stop = threading.Event()
    clients = [threading.Thread(target=send_headers_slowly, args=(connect, stop)) for _ in range(2)]
    for client in clients:
        client.start()
    try:
        time.sleep(2.5)  # each has sent a few header lines and holds its connection
        started = time.monotonic()
        try:
            outcome = normal_request()
        except OSError as error:
            outcome = error
        return outcome, time.monotonic() - started
    finally:
        stop.set()
        for client in clients:
            client.join(timeout=5)


def test_two_slow_header_clients_do_not_keep_a_normal_request_waiting(stack):
    outcome, seconds = with_two_slow_clients(
        lambda: socket.create_connection(("127.0.0.1", stack.port)),
        lambda: stack.request("GET", "/healthz", timeout=5),
    )
    assert outcome[0] == 200 and seconds < 1, (outcome, seconds)

    # The control: the same two clients straight at gunicorn (its two sync workers) starve the third.
    def to_gunicorn():
        sock = socket.socket(socket.AF_UNIX)
        sock.connect(str(stack.socket))
        return sock

    def normal_to_gunicorn():
        with to_gunicorn() as sock:
            sock.settimeout(2)
            sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: 127.0.0.1\r\n\r\n")
            return sock.recv(100)

    outcome, seconds = with_two_slow_clients(to_gunicorn, normal_to_gunicorn)
    assert isinstance(outcome, TimeoutError), outcome


def test_a_body_over_the_public_limit_is_refused_by_nginx_and_never_reaches_django(stack):
    booking = "/sprechtag/termin/1/buchen/"
    status, _, page = stack.request("POST", booking, body=b"x" * (300 * 1024),
                                    headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 413
    assert "Die gesendeten Daten sind zu groß" in page.decode()
    # A small body to the same form does reach Django (and is refused there: no CSRF token).
    status, _, _ = stack.request("POST", booking, body=b"name=Lena",
                                 headers={"Content-Type": "application/x-www-form-urlencoded"})
    assert status == 403
    request_line = f'"POST {booking} '
    wait_for(lambda: request_line in stack.access_log.read_text(), timeout=10, message="gunicorn's access log line")
    lines = [line for line in stack.access_log.read_text().splitlines() if request_line in line]
    assert len(lines) == 1 and '" 403 ' in lines[0], lines  # only the small one ever got to gunicorn


def test_each_location_has_its_own_body_limit(stack):
    form = {"Content-Type": "application/x-www-form-urlencoded"}
    two_mb, five_mb = b"x" * (2 * 1024 * 1024), b"x" * (5 * 1024 * 1024)
    assert stack.request("POST", "/konto/login/", body=two_mb, headers=form)[0] == 413
    assert stack.request("POST", "/intern/firmen/", body=two_mb, headers=form)[0] != 413
    assert stack.request("POST", "/intern/firmen/", body=five_mb, headers=form)[0] == 413
    assert stack.request("POST", "/intern/gremien/sitzungen/1/dokumente/", body=five_mb, headers=form)[0] != 413


def test_static_files_come_from_nginx_compressed_and_cached_for_a_year(stack):
    manifest = (ROOT / "staticfiles" / "staticfiles.json").read_text()
    hashed = re.search(r'"(vendor/bootstrap/bootstrap\.min\.[0-9a-f]{12}\.css)"', manifest).group(1)
    status, headers, body = stack.request("GET", f"/static/{hashed}", headers={"Accept-Encoding": "gzip"})
    assert status == 200
    assert headers["Content-Encoding"] == "gzip"
    assert "max-age=31536000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
    assert "/static/" not in stack.access_log.read_text()  # gunicorn never saw it
