"""The one reminder mechanism: booking reminders, meeting reminders and the follow-up digest all use it.

A periodic task passes the rows whose reminder is due. They are taken in batches; for each batch, one
transaction locks the rows (`SELECT … FOR UPDATE SKIP LOCKED`, re-applying the "due" filter), stamps them
(`reminder_sent_at IS NULL` → now) and puts their mails in the outbox under idempotency keys, already leased
to this worker. Stamp and mails commit together or not at all, so:

- two scans at once (two beats, a retried task) never take the same row: the second skips the locked rows
  and, once the first has committed, no longer sees them as due;
- a worker killed after the commit leaves leased mails that the outbox's periodic scan sends once the lease
  has run out; killed before it, nothing was stamped and the next scan tries again;
- the outbox's unique key refuses a second copy of the same reminder even if a stamp was reset by mistake.

After the commit the scan sends the batch itself over one SMTP connection and stamps each mail sent right
after the server accepted it; a failed send stays in the outbox and is retried with back-off. Measured with
`make bench-reminders` (10,000 reminders, one worker).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, models, transaction
from django.utils import timezone

from . import outbox
from .models import OutgoingMail


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
    batch_size: int = 200,
) -> int:
    """Claim, queue and send the reminders for `candidates`; returns how many mails were sent now.

    `candidates` selects exactly the rows that are due (and, with `stamp_field`, whose stamp is NULL); each
    batch re-applies it under a row lock, so a row cancelled since the scan began is not claimed.
    With `stamp_field=None` the outbox key alone guarantees "once" (e.g. one digest per person and day).
    `compose` returns None to skip a row (it is still stamped, so it is not looked at again).
    """
    now = now or timezone.now()
    pks = list(candidates.order_by().values_list("pk", flat=True)[:limit] if limit else
               candidates.order_by().values_list("pk", flat=True))
    return outbox.send_all_claimed(
        mail
        for start in range(0, len(pks), batch_size)
        for mail in _claim_batch(candidates, pks[start:start + batch_size], compose, stamp_field, now)
    )


@transaction.atomic
def _claim_batch(candidates, pks, compose, stamp_field, now) -> list[OutgoingMail]:
    # Lock only the candidate rows themselves (not the joined slot or meeting: bookings must go on meanwhile).
    rows = list(candidates.filter(pk__in=pks).select_for_update(skip_locked=True, of=("self",)))
    if not rows:
        return []
    if stamp_field is not None:
        # The rows are locked by us and passed the "stamp IS NULL" filter after locking: they are ours.
        candidates.model._default_manager.filter(
            pk__in=[row.pk for row in rows], **{f"{stamp_field}__isnull": True}
        ).update(**{stamp_field: now})
    reminders = [reminder for reminder in map(compose, rows) if reminder is not None]
    if not reminders:
        return []
    existing = set(OutgoingMail.objects.filter(key__in=[r.key for r in reminders]).values_list("key", flat=True))
    lease = outbox.lease_until()
    fresh = [
        OutgoingMail(
            key=r.key, to=list(r.to), subject=r.subject[:250], body=r.body, html_body=r.html_body,
            attachments=list(r.attachments), category=r.category,
            # Born leased to this worker: the outbox scan leaves them alone unless this worker dies.
            claimed_until=lease, attempts=1,
        )
        for r in reminders
        if r.key not in existing
    ]
    try:
        with transaction.atomic():
            return OutgoingMail.objects.bulk_create(fresh)
    except IntegrityError:
        # Another scan queued one of these keys a moment ago (only possible without a stamp field):
        # fall back to one insert per mail and keep those that are ours.
        mine = []
        for mail in fresh:
            try:
                with transaction.atomic():
                    mail.save(force_insert=True)
                mine.append(mail)
            except IntegrityError:
                continue
        return mine
