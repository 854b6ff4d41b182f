"""Mail through the real chain: PostgreSQL → Redis → a Celery worker process → an SMTP server.

Each test starts its own Redis (so it can stop it), its own SMTP server and its own worker/beat processes.
"""

import os
import signal
import time

import pytest
from django.db import transaction

from ihk_office import outbox
from ihk_office.models import OutgoingMail

from ..fixtures_services import wait_for

pytestmark = [pytest.mark.services, pytest.mark.django_db(transaction=True)]


def queue(n: int = 0, **kwargs):
    with transaction.atomic():
        return outbox.queue_mail(
            key=f"test-mail:{n}", to=[f"person{n}@example.org"], subject=f"Nachricht {n}", body="Hallo", **kwargs
        )


def test_a_queued_mail_reaches_the_smtp_server_once(real_celery, celery_processes, smtp_sink):
    celery_processes.worker()
    queued = queue()
    wait_for(lambda: smtp_sink.count() == 1, timeout=30, message="the mail at the SMTP server")
    time.sleep(2)  # nothing more arrives
    assert smtp_sink.keys() == ["test-mail:0"]
    assert OutgoingMail.objects.get(pk=queued.pk).status == OutgoingMail.Status.SENT


def test_with_redis_down_the_mail_is_saved_and_sent_once_redis_is_back(
    real_celery, celery_processes, smtp_sink, own_redis
):
    own_redis.stop()
    started = time.monotonic()
    queued = queue()
    # Handing the mail to a dead broker fails fast and quietly; the row is kept.
    assert time.monotonic() - started < 8
    assert OutgoingMail.objects.get(pk=queued.pk).status == OutgoingMail.Status.PENDING

    own_redis.start()
    celery_processes.worker()
    celery_processes.beat()
    wait_for(lambda: smtp_sink.count() == 1, timeout=40, message="the mail after Redis came back")
    time.sleep(2)
    assert smtp_sink.count() == 1


def test_an_smtp_server_refusing_for_a_while_gets_the_mail_later_and_once(real_celery, celery_processes, smtp_sink):
    smtp_sink.refuse_next = 3
    celery_processes.worker()
    celery_processes.beat()
    queued = queue()
    wait_for(lambda: smtp_sink.count() == 1, timeout=60, message="delivery after the refusals")
    time.sleep(3)
    assert smtp_sink.count() == 1
    assert smtp_sink.refused == 3
    mail = OutgoingMail.objects.get(pk=queued.pk)
    assert mail.status == OutgoingMail.Status.SENT
    assert mail.attempts == 4  # three refused, one delivered, each after a growing back-off


def test_a_worker_killed_while_sending_leaves_the_mail_to_another_and_it_arrives_once(
    real_celery, celery_processes, smtp_sink
):
    smtp_sink.stall_rcpt_seconds = 30
    first = celery_processes.worker()
    queue()
    assert smtp_sink.rcpt_seen.wait(30), celery_processes.logs()
    os.killpg(first.pid, signal.SIGKILL)  # in the middle of the SMTP conversation
    first.wait(timeout=10)
    smtp_sink.stall_rcpt_seconds = 0

    celery_processes.worker()
    celery_processes.beat()
    # The dead worker's lease runs out (4 s in this test), then the scan sends the mail.
    wait_for(lambda: smtp_sink.count() == 1, timeout=60, message="delivery by the second worker")
    time.sleep(3)
    assert smtp_sink.count() == 1


def test_two_workers_and_two_beats_send_every_mail_exactly_once(real_celery, celery_processes, smtp_sink):
    for n in range(40):
        # Not handed to a worker: only the competing periodic scans send these.
        queue(n, hand_off_after_commit=False)
    celery_processes.worker(concurrency=2)
    celery_processes.worker(concurrency=2)
    celery_processes.beat()
    celery_processes.beat()
    wait_for(lambda: smtp_sink.count() >= 40, timeout=60, message="all 40 mails")
    time.sleep(4)  # several more scans run
    keys = smtp_sink.keys()
    assert len(keys) == 40
    assert len(set(keys)) == 40
