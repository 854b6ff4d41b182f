"""The cache's and broker's Redis stops under a production server: the portal serves on, degraded.

gunicorn (DEBUG=0, two sync workers, as the Procfile starts it) on this test's PostgreSQL database, with a
Redis of the test's own as cache AND broker, as in production. The test stops that Redis: the pages, the
log-in and a booking still work and /healthz names what is missing; when Redis is back, a real Celery
worker delivers the booking's mail to the SMTP sink, once.
"""

import json
import time
from datetime import datetime, timedelta
from datetime import time as clock

import pytest
from django.urls import reverse
from django.utils import timezone

from consultations.models import Booking, ConsultationDay, Slot
from ihk_office.models import OutgoingMail

from .factories import CompanyFactory, OfficeFactory, StaffFactory
from .fixtures_services import database_url, free_port, wait_for
from .servers import Gunicorn, Visitor, collectstatic, production_env

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]

BOOKING = {"name": "Lena Hoffmann", "email": "lena@example.org", "phone": "", "role": "pupil",
           "school_or_company": "Gesamtschule Hattingen", "school_year": "9", "topic": "career",
           "question": "Welche Berufe gibt es im Handel?", "privacy": "on", "website": ""}


def quickly(call, *args, **kwargs):
    """The response, after checking that a dead Redis did not make the request wait."""
    started = time.monotonic()
    response = call(*args, **kwargs)
    assert time.monotonic() - started < 3, f"{args[0]} took {time.monotonic() - started:.1f}s"
    return response


def health(visitor):
    response = visitor.get("/healthz")
    return response.status, json.loads(response.text)


@pytest.fixture
def portal_on_own_redis(postgres, own_redis, smtp_sink, tmp_path):
    env = production_env(
        DATABASE_URL=database_url(),
        CACHE_URL=own_redis.url.replace("/0", "/1"),
        CELERY_BROKER_URL=own_redis.url,
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_sink.port}",
        # The breaker asks Redis again after a second, so the test sees the recovery without a long wait.
        CACHE_RETRY_SECONDS="1",
    )
    collectstatic(env)
    port = free_port()
    server = Gunicorn(env, bind=f"127.0.0.1:{port}", log_dir=tmp_path)
    base = f"http://127.0.0.1:{port}"
    server.wait_until_serving(f"{base}/healthz")
    yield base
    server.stop()


def test_with_its_redis_stopped_the_portal_serves_books_and_reports_then_the_mail_goes_out_once(
    portal_on_own_redis, own_redis, celery_processes, smtp_sink, settings
):
    # The server runs the production hashers: the staff password must be one it can check.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    office = OfficeFactory()
    staff = StaffFactory()
    CompanyFactory.create_batch(3)
    next_week = timezone.localdate() + timedelta(days=7)
    day = ConsultationDay.objects.create(office=office, date=next_week)
    start = datetime.combine(next_week, clock(13), tzinfo=office.tz)
    slot = Slot.objects.create(day=day, starts_at=start, ends_at=start + timedelta(minutes=30), capacity=1)
    parent, staff_member = Visitor(portal_on_own_redis), Visitor(portal_on_own_redis)
    assert health(parent) == (200, {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"})
    assert parent.get("/").status == 200  # the caches are filled while Redis is there

    own_redis.stop()

    assert quickly(parent.get, "/").status == 200
    assert quickly(parent.get, reverse("consultations:days")).status == 200
    form = quickly(parent.get, reverse("consultations:book", args=[slot.pk]))
    assert form.status == 200
    booked = quickly(parent.post, reverse("consultations:book", args=[slot.pk]), {**BOOKING, "slot": slot.pk})
    assert booked.status == 302, booked.text[:2000]
    assert "Bitte prüfen Sie Ihre E-Mails" in quickly(parent.get, booked.headers["Location"]).text
    booking = Booking.objects.get(email="lena@example.org")
    assert booking.slot == slot
    assert OutgoingMail.objects.get(to=["lena@example.org"]).status == OutgoingMail.Status.PENDING

    assert quickly(staff_member.get, reverse("login")).status == 200
    logged_in = quickly(staff_member.post, reverse("login"),
                        {"username": staff.username, "password": "ein-sicheres-passwort"})
    assert logged_in.status == 302, logged_in.text[:2000]
    directory = quickly(staff_member.get, reverse("companies:directory"))
    assert directory.status == 200 and "Firmenverzeichnis" in directory.text
    staff_home = quickly(staff_member.get, reverse("staff_home"))
    assert "Eingeschränkter Betrieb" in staff_home.text and "Der Cache (Redis) ist nicht erreichbar" in staff_home.text

    assert health(parent) == (200, {"status": "degraded", "database": "ok", "cache": "unavailable",
                                    "broker": "unavailable"})

    own_redis.start()
    celery_processes.worker()
    celery_processes.beat()
    wait_for(lambda: smtp_sink.count() >= 1, timeout=60, message="the booking's mail after Redis came back")
    time.sleep(3)  # three more outbox scans: nothing is sent twice
    assert smtp_sink.count() == 1
    assert smtp_sink.messages[0]["To"] == "lena@example.org"
    assert OutgoingMail.objects.get(to=["lena@example.org"]).status == OutgoingMail.Status.SENT
    wait_for(lambda: health(parent)[1]["status"] == "ok", timeout=10, message="/healthz to say ok again")
    assert staff_member.get(reverse("companies:directory")).status == 200  # still logged in
