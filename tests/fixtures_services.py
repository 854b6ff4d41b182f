"""Real services for the integration tests: an SMTP server (aiosmtpd), a Redis of the test's own that can be
stopped and started, Celery worker and beat processes, and the project's Celery app pointed at that Redis.

Everything here is started by the test and stopped by it; nothing is mocked.
"""

from __future__ import annotations

import asyncio
import email
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection

from .conftest import need

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for(condition, *, timeout: float, interval: float = 0.1, message: str = "condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {message}")


# --- SMTP ------------------------------------------------------------------------------------------


@dataclass
class SmtpSink:
    """An aiosmtpd handler that keeps what it accepts and can refuse or stall on purpose."""

    messages: list = field(default_factory=list)
    refuse_next: int = 0  # answer this many DATA commands with 451
    stall_rcpt_seconds: float = 0  # hold the RCPT answer, so a client can be killed mid-conversation
    rcpt_seen: threading.Event = field(default_factory=threading.Event)
    refused: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        self.rcpt_seen.set()
        if self.stall_rcpt_seconds:
            await asyncio.sleep(self.stall_rcpt_seconds)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            if self.refuse_next > 0:
                self.refuse_next -= 1
                self.refused += 1
                return "451 4.3.0 Bitte später noch einmal versuchen"
            self.messages.append(email.message_from_bytes(envelope.content))
        return "250 Message accepted for delivery"

    def count(self) -> int:
        with self.lock:
            return len(self.messages)

    def keys(self) -> list[str]:
        with self.lock:
            return [message["X-IHK-Mail-Key"] for message in self.messages]


@pytest.fixture
def smtp_sink():
    from aiosmtpd.controller import Controller

    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()
    sink.port = port
    yield sink
    controller.stop()


# --- Redis of the test's own ------------------------------------------------------------------------


class OwnRedis:
    """A redis-server on a free port that the test may stop and start again (same port)."""

    def __init__(self, directory: Path):
        self.port = free_port()
        self.directory = directory
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no",
             "--dir", str(self.directory)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )
        wait_for(self.answers, timeout=10, message=f"redis on {self.port}")

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.process = None

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def flushall(self):
        with socket.create_connection(("127.0.0.1", self.port), timeout=2) as sock:
            sock.sendall(b"FLUSHALL\r\n")
            sock.recv(16)


@pytest.fixture
def own_redis(tmp_path, redis_broker_url):
    # `redis_broker_url` makes the test fail (CI) or skip (laptop) where Redis is not installed.
    need(shutil.which("redis-server") is not None, "redis-server")
    server = OwnRedis(tmp_path)
    server.start()
    yield server
    server.stop()


# --- Celery ------------------------------------------------------------------------------------------


@pytest.fixture
def real_celery(own_redis, monkeypatch):
    """Point the project's Celery app (used by web requests in this process) at the test's Redis."""
    from ihk_office.celery import app

    # Celery reads CELERY_BROKER_URL from the environment before its configuration (CI sets it).
    monkeypatch.setenv("CELERY_BROKER_URL", own_redis.url)
    saved = {key: app.conf[key] for key in ("broker_url", "task_always_eager", "broker_transport_options")}
    app.conf.update(
        broker_url=own_redis.url,
        task_always_eager=False,
        broker_transport_options={"socket_timeout": 2, "socket_connect_timeout": 2, "max_retries": 1},
    )
    _drop_pools(app)
    yield app
    app.conf.update(saved)
    _drop_pools(app)


def _drop_pools(app):
    # Connection pools are built from the broker URL on first use; a new URL needs new pools.
    app._pool = None
    app.__dict__.get("amqp") and setattr(app.amqp, "_producer_pool", None)


def database_url() -> str:
    """The URL of the (test) database this test runs on, for the worker processes."""
    settings = connection.settings_dict
    auth = settings["USER"] or "postgres"
    if settings.get("PASSWORD"):
        auth += f":{settings['PASSWORD']}"
    return f"postgres://{auth}@{settings['HOST'] or '127.0.0.1'}:{settings['PORT'] or 5432}/{settings['NAME']}"


class Processes:
    """Celery worker and beat processes for one test, killed at its end."""

    def __init__(self, tmp_path: Path, broker_url: str, smtp_port: int):
        self.tmp_path = tmp_path
        self.env = {
            key: value for key, value in os.environ.items() if key not in {"DJANGO_ALLOW_ASYNC_UNSAFE"}
        } | {
            "DJANGO_SETTINGS_MODULE": "ihk_office.settings",
            "DEBUG": "1",
            "DATABASE_URL": database_url(),
            "CELERY_BROKER_URL": broker_url,
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            "EMAIL_TIMEOUT": "20",
            "OUTBOX_BACKOFF_SECONDS": "1",
            "OUTBOX_LEASE_SECONDS": "4",
            "OUTBOX_SCAN_SECONDS": "1",
            "REMINDER_SCAN_SECONDS": "1",
            "PYTHONUNBUFFERED": "1",
        }
        self.running: list[tuple[subprocess.Popen, Path]] = []

    def _start(self, name: str, args: list[str]) -> tuple[subprocess.Popen, Path]:
        log = self.tmp_path / f"{name}-{len(self.running)}.log"
        handle = log.open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "celery", "-A", "ihk_office", *args],
            cwd=ROOT, env=self.env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
        )
        self.running.append((process, log))
        return process, log

    def worker(self, *, concurrency: int = 1, name: str = "worker") -> subprocess.Popen:
        process, log = self._start(
            name,
            ["worker", "--loglevel", "INFO", "--pool", "prefork" if concurrency > 1 else "solo",
             "--concurrency", str(concurrency), "--hostname", f"{name}{len(self.running)}@%h",
             "--without-gossip", "--without-mingle", "--without-heartbeat"],
        )
        wait_for(lambda: "ready." in log.read_text() or process.poll() is not None, timeout=60,
                 message=f"{name} to be ready")
        assert process.poll() is None, log.read_text()[-3000:]
        return process

    def beat(self) -> subprocess.Popen:
        schedule = self.tmp_path / f"beat-schedule-{len(self.running)}"
        process, log = self._start("beat", ["beat", "--loglevel", "INFO", "--schedule", str(schedule)])
        wait_for(lambda: "beat: Starting" in log.read_text() or process.poll() is not None, timeout=60,
                 message="beat to start")
        return process

    def logs(self) -> str:
        return "\n".join(f"--- {log.name}\n{log.read_text()[-4000:]}" for _, log in self.running)

    def stop_all(self):
        for process, _ in self.running:
            if process.poll() is None:
                os.killpg(process.pid, signal.SIGTERM)
        for process, _ in self.running:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=5)


@pytest.fixture
def celery_processes(tmp_path, own_redis, smtp_sink, postgres):
    processes = Processes(tmp_path, own_redis.url, smtp_sink.port)
    yield processes
    processes.stop_all()
