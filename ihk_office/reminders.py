"""The one reminder mechanism: booking reminders, meeting reminders and the follow-up digest all use it.

A periodic task passes the rows whose reminder is due. For each row, one transaction claims it with a
conditional UPDATE of its stamp field (`reminder_sent_at IS NULL` → now) and queues the mail in the outbox
under an idempotency key. Both commit together or not at all, so:

- two scans at once (two beats, a retried task) claim each row once: the loser sees "0 rows updated";
- a worker killed after the commit leaves a queued mail that the outbox sends later; killed before it,
  nothing was claimed and the next scan tries again;
- the outbox's unique key refuses a second copy of the same reminder even if a stamp was reset by mistake.

After the commit the scan delivers the mails itself over one SMTP connection (fast for thousands of
reminders); a failed delivery stays in the outbox and is retried with back-off.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.mail import get_connection
from django.db import models, transaction
from django.utils import timezone

from . import outbox


@dataclass(frozen=True)
class ReminderMail:
    """What `compose` returns for one row: the mail and its idempotency key."""

    key: str
    to: list[str]
    subject: str
    body: str
    category: str
    attachments: list[dict] = field(default_factory=list)
    html_body: str = ""


def send_due(
    candidates: models.QuerySet,
    *,
    compose: Callable[[models.Model], ReminderMail | None],
    stamp_field: str | None,
    now: datetime | None = None,
    limit: int | None = None,
) -> int:
    """Claim, queue and deliver the reminders for `candidates`; returns how many mails were delivered now.

    `candidates` must select exactly the rows that are due (and, with `stamp_field`, whose stamp is NULL);
    the claim re-applies its filter, so a row cancelled since the scan read it is not claimed.
    With `stamp_field=None` the outbox key alone guarantees "once" (e.g. one digest per person and day).
    `compose` returns None to skip a row (it is still claimed, so it is not looked at again).
    """
    now = now or timezone.now()
    rows = candidates[:limit] if limit else candidates
    connection = get_connection()
    delivered = 0
    try:
        for row in rows.iterator(chunk_size=500):
            mail = _claim_and_queue(candidates, row, compose=compose, stamp_field=stamp_field, now=now)
            if mail is None:
                continue
            result = outbox.deliver(mail.pk, connection=connection)
            if result is outbox.Delivery.SENT:
                delivered += 1
            elif result is not outbox.Delivery.SKIPPED:
                connection.close()
                connection = get_connection()
    finally:
        connection.close()
    return delivered


@transaction.atomic
def _claim_and_queue(candidates, row, *, compose, stamp_field, now):
    if stamp_field is not None:
        # The conditional UPDATE is the lock: of two scans, only one sees "1 row updated".
        claimed = candidates.filter(pk=row.pk, **{f"{stamp_field}__isnull": True}).update(**{stamp_field: now})
        if claimed != 1:
            return None
    reminder = compose(row)
    if reminder is None:
        return None
    mail, created = outbox.queue_mail_once(
        key=reminder.key,
        to=reminder.to,
        subject=reminder.subject,
        body=reminder.body,
        html_body=reminder.html_body,
        category=reminder.category,
        attachments=reminder.attachments,
        hand_off_after_commit=False,  # delivered by the scan right after this transaction commits
    )
    return mail if created else None
