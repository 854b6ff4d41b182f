"""Shared fixtures: the office, the personas, and the switches for service-backed tests.

Personas (healthchecks style): `client` is anonymous; `staff_client` is office staff; `user_client` is a
logged-in person without any role. The committees tests add members of committee A and B.
"""

from __future__ import annotations

import os
import shutil
import socket
from urllib.parse import urlparse

import pytest
from django.core.cache import cache

from ihk_office.celery import app as celery_app

from .factories import OfficeFactory, StaffFactory, UserFactory

# Set by .ci/run: a service-backed test whose service is missing fails instead of being skipped.
REQUIRE_SERVICES = os.environ.get("IHK_REQUIRE_SERVICES") == "1"
CHROMIUM = "/usr/bin/chromium"


def need(available: bool, what: str) -> None:
    """Skip (locally) or fail (in CI) when a real service the test needs is not there."""
    if available:
        return
    if REQUIRE_SERVICES:
        pytest.fail(f"{what} is required here (IHK_REQUIRE_SERVICES=1) but is not available.")
    pytest.skip(f"{what} is not available on this machine.")


def redis_url() -> str:
    url = os.environ.get("CELERY_BROKER_URL", "")
    return url if url.startswith("redis://") else os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0")


def redis_available(url: str) -> bool:
    parsed = urlparse(url)
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 6379), timeout=1) as sock:
            sock.sendall(b"PING\r\n")
            return sock.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(autouse=True, scope="session")
def _celery_runs_inline():
    # Unit tests run tasks in-process; the service tests start a real worker and switch this off.
    celery_app.conf.task_always_eager = True
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Rate limits and cached fragments must not leak from one test into the next.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def office(db):
    return OfficeFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def user_client(client, plain_user):
    client.force_login(plain_user)
    return client


@pytest.fixture
def postgres(db):
    from django.db import connection

    need(connection.vendor == "postgresql", "PostgreSQL (DATABASE_URL=postgres://…)")


@pytest.fixture
def redis_broker_url():
    url = redis_url()
    need(redis_available(url), f"Redis at {url}")
    return url


@pytest.fixture(scope="session")
def chromium_path():
    need(shutil.which(CHROMIUM) is not None, f"Chromium at {CHROMIUM}")
    return CHROMIUM
