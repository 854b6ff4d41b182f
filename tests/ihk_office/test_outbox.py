"""The outbox: idempotent queuing, one send per mail, back-off on failure, staff retry."""

import smtplib
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from ihk_office import outbox
from ihk_office.models import OutgoingMail


def queue(**kwargs):
    defaults = {"to": ["anna@example.org"], "subject": "Ihr Termin", "body": "Hallo Anna"}
    return outbox.queue_mail(**{**defaults, **kwargs})


def test_queuing_twice_with_one_key_keeps_one_mail(db):
    first = queue(key="reminder:1")
    second = queue(key="reminder:1", subject="anders")
    assert first.pk == second.pk
    assert OutgoingMail.objects.count() == 1


def test_the_worker_is_asked_only_after_commit(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        queue(key="k1")
    assert len(callbacks) == 1
    assert len(mail.outbox) == 1  # tasks run inline in unit tests
    assert OutgoingMail.objects.get().status == OutgoingMail.Status.SENT


def test_a_mail_is_sent_once_however_often_it_is_delivered(db):
    queued = queue(attachments=[{"filename": "termin.ics", "content": "BEGIN:VCALENDAR", "mimetype": "text/calendar"}])
    assert outbox.deliver(queued.pk) is outbox.Delivery.SENT
    assert outbox.deliver(queued.pk) is outbox.Delivery.SKIPPED
    assert outbox.send_pending() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].attachments[0].get_filename() == "termin.ics"


def test_a_claimed_mail_is_not_taken_by_a_second_worker_until_its_lease_ends(db):
    queued = queue()
    assert outbox.claim(queued.pk)
    assert not outbox.claim(queued.pk)
    later = timezone.now() + timedelta(seconds=121)
    assert outbox.claim(queued.pk, now=later)


class RefusingBackend:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        pass

    def close(self):
        pass

    def send_messages(self, messages):
        raise smtplib.SMTPServerDisconnected("451 try again later")


def test_a_failed_send_waits_for_its_back_off_then_succeeds(db, settings):
    queued = queue()
    settings.EMAIL_BACKEND = "tests.ihk_office.test_outbox.RefusingBackend"
    assert outbox.deliver(queued.pk) is outbox.Delivery.RETRY
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.PENDING
    assert "451" in queued.last_error
    assert queued.not_before > timezone.now() + timedelta(seconds=50)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_pending() == 0  # not due yet
    with time_machine.travel(timezone.now() + timedelta(minutes=2)):
        assert outbox.send_pending() == 1
    assert len(mail.outbox) == 1


def test_after_the_last_attempt_a_mail_is_failed_and_staff_can_retry_it(staff_client, settings):
    settings.EMAIL_BACKEND = "tests.ihk_office.test_outbox.RefusingBackend"
    settings.OUTBOX_MAX_ATTEMPTS = 2
    queued = queue()
    assert outbox.deliver(queued.pk) is outbox.Delivery.RETRY
    with time_machine.travel(timezone.now() + timedelta(hours=1)):
        assert outbox.deliver(queued.pk) is outbox.Delivery.FAILED
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.FAILED

    page = staff_client.get(reverse("mail_log"), {"status": "failed"}).content.decode()
    assert "451 try again later" in page
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = staff_client.post(reverse("mail_retry", args=[queued.pk]))
    assert response.status_code == 302
    queued.refresh_from_db()
    assert queued.status == OutgoingMail.Status.PENDING
    assert outbox.send_pending() == 1


@pytest.mark.parametrize("attempts,seconds", [(1, 60), (2, 120), (3, 240), (20, 6 * 3600)])
def test_back_off_doubles_and_is_capped(settings, attempts, seconds):
    settings.OUTBOX_BACKOFF_SECONDS = 60
    assert outbox._backoff(attempts) == timedelta(seconds=seconds)


def test_a_broker_that_is_down_does_not_break_queuing(db, monkeypatch, django_capture_on_commit_callbacks):
    from ihk_office import tasks

    def down(*args, **kwargs):
        raise ConnectionRefusedError("redis down")

    monkeypatch.setattr(tasks.deliver_mail, "delay", down)
    with django_capture_on_commit_callbacks(execute=True):
        queued = queue()
    assert OutgoingMail.objects.get(pk=queued.pk).status == OutgoingMail.Status.PENDING
    assert outbox.send_pending() == 1


def test_old_sent_and_failed_mails_are_deleted_for_privacy_pending_ones_kept(db, settings):
    settings.OUTBOX_RETENTION_DAYS = 90
    old, recent, waiting, given_up = (queue(key="a"), queue(key="b"), queue(key="c"), queue(key="d"))
    long_ago = timezone.now() - timedelta(days=91)
    OutgoingMail.objects.filter(pk=old.pk).update(status="sent", sent_at=long_ago)
    OutgoingMail.objects.filter(pk=recent.pk).update(status="sent", sent_at=timezone.now() - timedelta(days=10))
    OutgoingMail.objects.filter(pk=waiting.pk).update(created_at=long_ago)
    OutgoingMail.objects.filter(pk=given_up.pk).update(status="failed", created_at=long_ago)
    from ihk_office.tasks import purge_old_mail

    assert purge_old_mail() == 2
    assert set(OutgoingMail.objects.values_list("key", flat=True)) == {"b", "c"}
