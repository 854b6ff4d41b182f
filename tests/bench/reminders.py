"""`make bench-reminders`: 10,000 due booking reminders sent by one Celery worker to a local SMTP sink.

It prepares a PostgreSQL database (`ihk_bench_reminders`, emptied of bookings first), 10,000 confirmed
bookings whose reminder is due, an SMTP server (aiosmtpd) in this process and one worker process (solo pool)
on Redis. It then sends one `send_due_reminders` task and measures until the last mail has arrived.
Printed: the time, the throughput and the duplicates (mails received minus distinct keys).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--count", type=int, default=10_000)
    args = parser.parse_args()

    database_url = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/ihk_bench_reminders")
    broker_url = os.environ.get("BENCH_BROKER_URL", "redis://127.0.0.1:6379/8")
    env = {**os.environ, "DATABASE_URL": database_url, "CELERY_BROKER_URL": broker_url, "DEBUG": "1",
           "DJANGO_SETTINGS_MODULE": "ihk_office.settings"}
    for command in (["ensure_database"], ["migrate", "--noinput", "-v0"]):
        subprocess.run([sys.executable, "manage.py", *command], cwd=ROOT, env=env, check=True)
    os.environ.update(env)
    import django

    django.setup()
    from django.db import connection
    from django.utils import timezone

    from consultations.models import Booking, ConsultationDay, Slot
    from ihk_office.demo import seed_office
    from ihk_office.models import OutgoingMail
    from tests.fixtures_services import Processes, SmtpSink, free_port

    print(f"Preparing {args.count} due reminders …", flush=True)
    Booking.objects.all().delete()
    OutgoingMail.objects.all().delete()
    ConsultationDay.objects.all().delete()
    office = seed_office()
    start = (timezone.now() + timedelta(hours=3)).astimezone(office.tz).replace(second=0, microsecond=0)
    day = ConsultationDay.objects.create(office=office, date=start.date())
    per_slot = 100
    slots = Slot.objects.bulk_create(
        Slot(day=day, starts_at=start + timedelta(minutes=i), ends_at=start + timedelta(minutes=i + 30),
             capacity=per_slot)
        for i in range((args.count + per_slot - 1) // per_slot)
    )
    Booking.objects.bulk_create(
        (Booking(slot=slots[n // per_slot], day=day, name=f"Person {n}", email=f"person{n}@example.org",
                 role="pupil", topic="career", status="confirmed", source="online")
         for n in range(args.count)),
        batch_size=2000,
    )
    Booking.objects.update(created_at=timezone.now() - timedelta(days=7))
    connection.close()

    import logging

    from aiosmtpd.controller import Controller

    logging.getLogger("mail.log").setLevel(logging.WARNING)  # it logs every SMTP command otherwise

    sink = SmtpSink()
    port = free_port()
    controller = Controller(sink, hostname="127.0.0.1", port=port)
    controller.start()

    workdir = ROOT / "var" / "bench-reminders"
    workdir.mkdir(parents=True, exist_ok=True)
    processes = Processes(workdir, broker_url, port)
    processes.env.update({"DATABASE_URL": database_url, "EMAIL_TIMEOUT": "30"})
    try:
        processes.worker()  # one worker, one process (solo pool)
        from celery import Celery

        client = Celery(broker=broker_url)
        began = time.monotonic()
        client.send_task("consultations.tasks.send_due_reminders", serializer="json")
        deadline = began + 600
        while sink.count() < args.count and time.monotonic() < deadline:
            time.sleep(0.2)
        elapsed = time.monotonic() - began
        time.sleep(3)  # anything arriving late would be a duplicate
        received = sink.count()
        keys = sink.keys()
        duplicates = received - len(set(keys))
        stamped = Booking.objects.filter(reminder_sent_at__isnull=False).count()
        print(f"reminders due:      {args.count}")
        print(f"mails received:     {received}")
        print(f"bookings stamped:   {stamped}")
        print(f"duplicates:         {duplicates}")
        print(f"time:               {elapsed:.1f} s")
        print(f"throughput:         {received / elapsed:.0f} reminders/s")
        if received != args.count or duplicates:
            print(processes.logs())
            sys.exit(1)
    finally:
        processes.stop_all()
        controller.stop()


if __name__ == "__main__":
    main()
