"""Shared fixtures: the office, the personas, and the switches for service-backed tests.

Personas (healthchecks style), each with a client of its own: `client` is anonymous; `staff_client` is office
staff; `user_client` is a logged-in person without any role; `member_a_client` and `member_b_client` are members
of committee A and B.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from ihk_office.celery import app as celery_app

from .caches import clear_caches
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
    # Rate limits and the kept office (shared cache and this process's copy) must not leak into the next test.
    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    # The production hashers are slow by design; tests log people in by the hundred.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _german_to_begin_with():
    # A request under /en/ leaves English active in this thread (LocaleMiddleware activates, nothing resets it),
    # and reverse() would then build /en/ paths in the next test.
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def own_cache(settings):
    """A cache in this process for a test of what is kept between requests: such tests hold under
    CACHE_URL=dummycache:// too (CI runs the plain tests once that way)."""
    local = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "own"}
    settings.CACHES = {"default": local, "ratelimit": local}
    clear_caches()


@pytest.fixture
def office(db):
    return OfficeFactory()


@pytest.fixture
def staff_user(db):
    return StaffFactory()


def logged_in(user) -> Client:
    """A client of its own for a persona, so personas never share a session (or log each other out)."""
    persona = Client()
    persona.force_login(user)
    # Tests travel in time (time_machine) to days after this log-in. With a cache the session outlives the journey
    # (the cache's clock is real time); read from the database it would have expired after two weeks of frozen
    # time. Ten years, so a test's journey never logs the persona out, with or without a cache.
    session = persona.session
    session.set_expiry(10 * 365 * 24 * 3600)
    session.save()
    return persona


@pytest.fixture
def staff_client(staff_user):
    return logged_in(staff_user)


@pytest.fixture
def plain_user(db):
    return UserFactory()


@pytest.fixture
def user_client(plain_user):
    return logged_in(plain_user)


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


# --- Browser tests: Playwright driving Debian's Chromium (never a downloaded browser) -------------------

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-dev-shm-usage"]
PHONE = {"width": 360, "height": 740}
DESKTOP = {"width": 1280, "height": 900}
SCREENSHOTS = Path(__file__).resolve().parents[1] / "docs" / "screenshots"


@pytest.fixture(scope="session")
def browser(chromium_path):
    # Playwright's sync API runs an event loop in this thread; Django's ORM calls from the test (fixtures,
    # assertions) are still synchronous and safe here.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path, args=CHROMIUM_ARGS)
        yield instance
        instance.close()


def _new_page(browser, viewport, live_server):
    context = browser.new_context(viewport=viewport, locale="de-DE", timezone_id="Europe/Berlin",
                                  base_url=live_server.url)
    context.set_default_timeout(15_000)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    context, new_page = _new_page(browser, DESKTOP, live_server)
    yield new_page
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, new_page = _new_page(browser, PHONE, live_server)
    yield new_page
    context.close()


def log_in(page, username: str, password: str = "ein-sicheres-passwort") -> None:
    """Log in through the real form, as a person would."""
    page.goto("/konto/login/")
    page.get_by_label("Benutzername").fill(username)
    page.get_by_label("Passwort", exact=True).fill(password)
    page.get_by_role("button", name="Anmelden").click()
    page.wait_for_load_state()


def assert_accessible(page, *, impacts=("serious", "critical")) -> None:
    """axe-core on the current page: no violation of the given impacts."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    violations = [v for v in results.response["violations"] if v.get("impact") in impacts]
    details = [
        f"{v['id']} ({v['impact']}): {v['help']} – " + "; ".join(n["target"][0] for n in v["nodes"][:5])
        for v in violations
    ]
    assert not violations, f"{page.url}:\n" + "\n".join(details)
    # axe only lists a label or ARIA reference to a doubled id as "to review"; a doubled id sends the label (or the
    # error summary's link) to the wrong field, so none is allowed.
    doubled = page.evaluate("""() => { const seen = new Set(), twice = new Set();
        for (const el of document.querySelectorAll('[id]')) { (seen.has(el.id) ? twice : seen).add(el.id); }
        return [...twice]; }""")
    assert not doubled, f"{page.url}: ids used more than once: {doubled}"


def screenshot(page, name: str, *, full_page: bool = True) -> None:
    """Keep a picture of a main page for the README (docs/screenshots/NAME.png) when `make screenshots` asks.

    `full_page=False` keeps only what the screen shows, for pages too long for a useful picture.
    """
    if os.environ.get("IHK_SCREENSHOTS") != "1":
        return
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=full_page)


# --- committees: two committees and a member of each (other apps may reuse them) ----------------------


@pytest.fixture
def private_media(settings, tmp_path):
    """Uploaded committee documents go to a temporary folder, never into the project."""
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private"
    return settings.PRIVATE_MEDIA_ROOT


@pytest.fixture
def committee_a(office):
    from .factories import CommitteeFactory

    return CommitteeFactory(office=office, name="IHK-Regionalbeirat Hattingen", short_name="Regionalbeirat",
                            slug="regionalbeirat", kind="advisory_board")


@pytest.fixture
def committee_b(office):
    from .factories import CommitteeFactory

    return CommitteeFactory(office=office, name="Arbeitskreis Innenstadt", short_name="AK Innenstadt",
                            slug="innenstadt", kind="working_group")


@pytest.fixture
def member_a(committee_a):
    from .factories import MembershipFactory, UserFactory

    user = UserFactory(username="mitglied-a")
    MembershipFactory(user=user, committee=committee_a)
    return user


@pytest.fixture
def member_b(committee_b):
    from .factories import MembershipFactory, UserFactory

    user = UserFactory(username="mitglied-b")
    MembershipFactory(user=user, committee=committee_b)
    return user


@pytest.fixture
def member_a_client(member_a):
    return logged_in(member_a)


@pytest.fixture
def member_b_client(member_b):
    return logged_in(member_b)


# The real-service fixtures (SMTP server, own Redis, Celery processes) live in their own module.
from .fixtures_services import *  # noqa: E402, F403
