"""The shared cache with its Redis unreachable: pages, log-in and rate limits keep working (ihk_office/cache.py).

"Unreachable" here is a port nobody listens on (connections refused) or a socket that accepts and never
answers (a hung Redis). The gunicorn test with a Redis that is stopped is tests/test_redis_outage.py.
"""

import socket
import time
import uuid

import pytest
import time_machine
from django.core.cache import caches
from django.urls import reverse

from ihk_office import cache as resilient
from ihk_office.cache import ResilientRedisCache, resilient_caches

from ..consultations.conftest import NOW
from ..fixtures_services import free_port

FORM = {"name": "Lena Hoffmann", "email": "lena@example.org", "phone": "", "role": "pupil",
        "school_or_company": "Gesamtschule Hattingen", "school_year": "9", "topic": "career",
        "question": "Welche Berufe gibt es im Handel?", "privacy": "on", "website": ""}


def dead_redis_url() -> str:
    return f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there: every connection is refused


@pytest.fixture
def hung_redis_url():
    """A server that accepts connections (the kernel does, from its backlog) and never answers a command."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(64)
        yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"


def a_cache(url, *, max_timeout=None, retry_seconds=1000.0, socket_timeout=0.3) -> ResilientRedisCache:
    return ResilientRedisCache(url, {"OPTIONS": {
        "SOCKET_CONNECT_TIMEOUT": socket_timeout, "SOCKET_TIMEOUT": socket_timeout,
        # A name of its own: each test gets a fresh breaker and local store.
        "FALLBACK_NAME": uuid.uuid4().hex, "FALLBACK_MAX_TIMEOUT": max_timeout, "RETRY_SECONDS": retry_seconds,
    }})


@pytest.fixture
def redis_gone(settings):
    """The project's three cache aliases, configured as in production, with their Redis unreachable."""
    settings.CACHES = resilient_caches(
        {"BACKEND": "django_redis.cache.RedisCache", "LOCATION": dead_redis_url()},
        socket_timeout=0.3, retry_seconds=1000,
    )
    yield
    for alias in ("default", "ratelimit"):
        caches[alias].close()


def test_with_redis_refusing_connections_values_are_kept_in_the_process_and_nothing_raises():
    cache = a_cache(dead_redis_url())
    assert cache.get("office") is None
    cache.set("office", {"name": "Hattingen"}, timeout=60)
    assert cache.get("office") == {"name": "Hattingen"}
    assert cache.get_many(["office", "other"]) == {"office": {"name": "Hattingen"}}
    assert cache.add("counter", 0, timeout=3600) is True
    assert cache.incr("counter") == 1 and cache.incr("counter") == 2
    cache.delete("office")
    assert cache.get("office", "gone") == "gone"
    assert cache.degraded and cache.ping() is False


def test_a_redis_that_never_answers_costs_one_short_timeout_then_nothing_until_it_is_tried_again(
    hung_redis_url, monkeypatch
):
    cache = a_cache(hung_redis_url, retry_seconds=5, socket_timeout=0.3)
    started = time.monotonic()
    assert cache.get("key") is None
    first = time.monotonic() - started
    assert 0.25 <= first < 3  # the socket timeout, once

    started = time.monotonic()
    for _ in range(200):
        cache.set("key", "value")
        assert cache.get("key") == "value"
    assert time.monotonic() - started < 0.2  # the breaker is open: no connection is even tried

    later = time.monotonic() + 6  # past RETRY_SECONDS: the next call asks Redis again
    monkeypatch.setattr(resilient, "clock", lambda: later)
    started = time.monotonic()
    cache.get("key")
    assert time.monotonic() - started >= 0.25


def test_data_caches_keep_a_local_copy_at_most_their_cap_and_a_cap_of_0_keeps_none():
    data = a_cache(dead_redis_url(), max_timeout=10)
    nothing = a_cache(dead_redis_url(), max_timeout=0)
    counters = a_cache(dead_redis_url(), max_timeout=None)
    with time_machine.travel(NOW, tick=False) as traveller:
        data.set("figures", 42, timeout=600)
        nothing.set("session", {"user": 1}, timeout=600)
        counters.add("rl:booking", 0, timeout=3600)
        counters.incr("rl:booking")
        assert data.get("figures") == 42 and nothing.get("session") is None
        traveller.shift(11)
        assert data.get("figures") is None  # another process may have changed the data meanwhile
        traveller.shift(3000)
        assert counters.incr("rl:booking") == 2  # the count lives its whole window


def test_with_the_cache_unreachable_every_public_page_and_the_log_in_answer(client, office, staff_user, redis_gone):
    for url in ("/", reverse("login"), reverse("consultations:days"), "/impressum/"):
        assert client.get(url).status_code == 200, url
    response = client.post(reverse("login"), {"username": staff_user.username, "password": "ein-sicheres-passwort"})
    assert response.status_code == 302
    # The session lives in the database alone now, and carries the log-in to the next request.
    assert client.get(reverse("companies:directory")).status_code == 200
    assert client.get(reverse("staff_home")).status_code == 200


def test_with_the_cache_unreachable_the_booking_rate_limit_still_limits(client, db, settings, redis_gone):
    from ..factories import ConsultationDayFactory, OfficeFactory

    settings.CONSULTATION_BOOKING_RATE = "3/h"
    with time_machine.travel(NOW, tick=False):
        day = ConsultationDayFactory(office=OfficeFactory(), date=NOW.date().replace(day=3, month=12))
        slots = list(day.slots.order_by("starts_at"))
        for index in range(3):
            url = reverse("consultations:book", args=[slots[index].pk])
            response = client.post(url, {**FORM, "slot": slots[index].pk, "email": f"p{index}@example.org"})
            assert response.status_code == 302
        url = reverse("consultations:book", args=[slots[5].pk])
        response = client.post(url, {**FORM, "slot": slots[5].pk, "email": "p9@example.org"})
    assert response.status_code == 429


def test_the_staff_start_page_says_when_the_cache_is_unreachable(staff_client, redis_gone):
    html = staff_client.get(reverse("staff_home")).content.decode()
    assert "Eingeschränkter Betrieb" in html and "Der Cache (Redis) ist nicht erreichbar" in html


def test_healthz_names_an_unreachable_cache_and_still_answers_200(client, db, redis_gone):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["cache"] == "unavailable" and response.json()["database"] == "ok"
    assert response.json()["status"] == "degraded"


@pytest.mark.services
def test_keys_changed_while_redis_was_away_are_dropped_there_before_it_answers_again(own_redis, monkeypatch):
    import redis

    cache = a_cache(own_redis.url, retry_seconds=5)
    cache.set("session", "logged in", timeout=600)
    cache.set("untouched", "kept", timeout=600)
    own_redis.stop()
    assert cache.get("session") is None and cache.degraded  # the breaker opens
    own_redis.start()  # a Redis that kept its data would otherwise answer with the old value after the outage
    cache_in_redis = redis.Redis.from_url(own_redis.url)
    raw_key = cache.make_key("session")
    cache_in_redis.set(raw_key, cache.client.encode("logged in"))
    cache.delete("session")  # the log-out, while this process still answers by itself

    later = time.monotonic() + 6
    monkeypatch.setattr(resilient, "clock", lambda: later)
    assert cache.get("session") is None  # deleted in Redis before anything was read there
    assert not cache.degraded and cache.ping()
    assert cache_in_redis.get(raw_key) is None
    cache.set("session", "new", timeout=60)
    assert cache_in_redis.get(raw_key) is not None  # writes reach Redis again
