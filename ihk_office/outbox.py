"""The mail outbox: queue a mail in the database, hand it to Celery after commit, send it exactly once.

Why an outbox: a booking must be saved even when Redis is down, and a mail must not be sent twice when a
task runs twice. So the row in `OutgoingMail` is the truth; Celery is only the fast path. A worker claims a
row with a conditional UPDATE (a lease), sends it, and stamps it sent. A periodic scan sends whatever the
fast path missed (broker down, worker killed, SMTP refusing) once its back-off has passed.
"""

from __future__ import annotations

import hashlib
import logging
import re
import time
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta
from email.header import Header
from email.utils import format_datetime
from enum import StrEnum
from functools import partial

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.core.mail.message import SafeMIMEText
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import OutgoingMail

logger = logging.getLogger(__name__)


class Delivery(StrEnum):
    SENT = "sent"
    SKIPPED = "skipped"  # already sent, held by another worker, or not yet due
    RETRY = "retry"  # the send failed; the mail waits for its back-off
    FAILED = "failed"  # the send failed for the last allowed time


def queue_mail(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    key: str | None = None,
    category: str = "",
    html_body: str = "",
    attachments: Iterable[dict] = (),
    not_before: datetime | None = None,
    hand_off_after_commit: bool = True,
    carries_credential: bool = False,
) -> OutgoingMail:
    """Put a mail in the outbox and hand it to a worker once the surrounding transaction commits.

    `key` makes the call idempotent: a second call with the same key returns the first mail and sends
    nothing more. `attachments` are dicts with `filename`, `content` (text) and `mimetype`.
    A caller that delivers the mail itself right after commit (the reminder scan) passes
    `hand_off_after_commit=False`. A mail whose text logs in or grants access (a password-reset or
    set-password link) passes `carries_credential=True`: it is sent like any other, but its text is shown to
    nobody and erased once the mail server has accepted it.
    """
    mail, _created = queue_mail_once(
        to=to, subject=subject, body=body, key=key, category=category, html_body=html_body,
        attachments=attachments, not_before=not_before, hand_off_after_commit=hand_off_after_commit,
        carries_credential=carries_credential,
    )
    return mail


def queue_mail_once(
    *,
    to: Sequence[str],
    subject: str,
    body: str,
    key: str | None = None,
    category: str = "",
    html_body: str = "",
    attachments: Iterable[dict] = (),
    not_before: datetime | None = None,
    hand_off_after_commit: bool = True,
    carries_credential: bool = False,
) -> tuple[OutgoingMail, bool]:
    """Like `queue_mail`, and also says whether this call created the mail (False: the key was queued before)."""
    defaults = {
        "to": list(to),
        "subject": one_line(subject)[:250],
        "carries_credential": carries_credential,
        "body": body,
        "html_body": html_body,
        "attachments": list(attachments),
        "category": category,
        "not_before": not_before or timezone.now(),
    }
    if key is None:
        mail, created = OutgoingMail.objects.create(**defaults), True
    else:
        mail, created = OutgoingMail.objects.get_or_create(key=key, defaults=defaults)
    if created and hand_off_after_commit:
        transaction.on_commit(partial(hand_off, mail.pk))
    return mail, created


class _Broker:
    """When this process last failed to reach the broker (time.monotonic), so it stops trying for a while."""

    failed_at: float | None = None


# The clock of that pause (tests move it instead of waiting).
clock = time.monotonic


def hand_off(pk: int) -> None:
    """Ask a worker to send the mail now. If the broker is unreachable, the periodic scan sends it later.

    After a failure this process leaves the broker alone for OUTBOX_BROKER_RETRY_SECONDS: a broker that
    hangs costs one request its connection timeout, not every request.
    """
    from .tasks import deliver_mail

    if _Broker.failed_at is not None and clock() - _Broker.failed_at < settings.OUTBOX_BROKER_RETRY_SECONDS:
        logger.info("Broker unreachable a moment ago; outbox mail %s waits for the periodic scan.", pk)
        return
    try:
        deliver_mail.delay(pk)
    except Exception:  # any broker failure: the row is saved, the scan will find it
        _Broker.failed_at = clock()
        logger.warning("Broker unreachable; outbox mail %s waits for the periodic scan.", pk, exc_info=True)
    else:
        _Broker.failed_at = None


def _backoff(attempts: int) -> timedelta:
    base = settings.OUTBOX_BACKOFF_SECONDS
    return timedelta(seconds=min(base * 2 ** max(attempts - 1, 0), 6 * 3600))


def _message_id(key: str) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(">") or "localhost"
    return f"<{hashlib.sha256(key.encode()).hexdigest()[:40]}@{domain}>"


def one_line(text: str) -> str:
    """Header-safe text: user input (a meeting title, a name) that reaches a subject loses its line breaks,
    which would otherwise make every send fail with BadHeaderError."""
    return " ".join(text.splitlines()).strip()


# Every mail here is sent by the portal, not typed by a person: RFC 3834 asks auto-responders (holiday
# replies) not to answer it.
AUTOMATIC_HEADERS = {"Auto-Submitted": "auto-generated"}


class _PortalMessage(EmailMultiAlternatives):
    def message(self):
        # Django folds a long non-ASCII subject as "Subject: \n =?utf-8?...": the first line empty, so readers
        # that follow RFC 5322 unfolding show the subject with a leading space. Short encoded words, separated
        # by spaces, fold between each other and keep the first on the Subject line.
        self.subject = _encoded_words(self.subject)
        return super().message()


def _encoded_words(text: str) -> str:
    if text.isascii():
        return text
    chunks, current = [], ""
    for word in re.findall(r"\S+\s*|\s+", text):
        if current and len((current + word).encode()) > 24:
            chunks.append(current)
            current = ""
        current += word
    chunks.append(current)
    # The spaces inside a chunk are encoded with it: those between encoded words are dropped by readers.
    return " ".join(one_line(Header(chunk, "utf-8").encode()) for chunk in chunks)


def _message(mail: OutgoingMail, connection) -> EmailMultiAlternatives:
    message = _PortalMessage(
        subject=one_line(mail.subject),
        body=mail.body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=mail.to,
        connection=connection,
        # A Message-ID derived from the key: should a mail ever go out twice (a worker dying between the
        # server's "250" and our stamp), receiving systems can recognise the copy. The Date in the office's
        # own offset (+0100/+0200), as a person's mail program writes it, not "-0000" ("time zone unknown").
        headers={"X-IHK-Mail-Key": mail.key[:200], "Message-ID": _message_id(mail.key),
                 "Date": format_datetime(timezone.localtime()), **AUTOMATIC_HEADERS},
    )
    if mail.html_body:
        message.attach_alternative(mail.html_body, "text/html")
    for attachment in mail.attachments:
        if attachment.get("mimetype") == "text/calendar":
            message.attach(_calendar_part(attachment))
        else:
            message.attach(attachment["filename"], attachment["content"], attachment.get("mimetype"))
    return message


_METHOD = re.compile(r"^METHOD:([A-Z-]+)\r?$", re.MULTILINE)


def _calendar_part(attachment: dict) -> SafeMIMEText:
    """An .ics part whose Content-Type names the calendar's METHOD (PUBLISH, CANCEL), as RFC 6047 asks: mail
    programs that offer "add to calendar" or "remove from calendar" read it there."""
    content = attachment["content"]
    part = SafeMIMEText(content, "calendar", "utf-8")
    found = _METHOD.search(content)
    part.set_param("method", found.group(1) if found else "PUBLISH")
    part.add_header("Content-Disposition", "attachment", filename=attachment["filename"])
    return part


def claim(pk: int, *, now: datetime | None = None) -> bool:
    """Take the lease on one due mail. False means: sent already, not due, or another worker holds it."""
    now = now or timezone.now()
    lease = timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)
    # The conditional UPDATE is the lock: of two workers, only one sees "1 row updated".
    return (
        OutgoingMail.objects.due(now)
        .filter(pk=pk)
        .update(claimed_until=now + lease, attempts=F("attempts") + 1)
        == 1
    )


def deliver(pk: int, *, connection=None) -> Delivery:
    """Send one mail from the outbox if it is due and nobody else holds it."""
    if not claim(pk):
        return Delivery.SKIPPED
    return send_claimed(OutgoingMail.objects.get(pk=pk), connection=connection or get_connection())


def send_claimed(mail: OutgoingMail, *, connection) -> Delivery:
    """Send a mail this worker holds the lease on, and record the outcome at once.

    The sent stamp is written right after the server accepted the mail, one mail at a time: a worker that
    dies can then at most resend the one mail it was sending, never a whole batch.
    """
    try:
        _message(mail, connection).send()
    except Exception as exc:  # SMTP refusals, timeouts, connection resets: all are retried
        now = timezone.now()
        final = mail.attempts >= settings.OUTBOX_MAX_ATTEMPTS
        OutgoingMail.objects.filter(pk=mail.pk).update(
            status=OutgoingMail.Status.FAILED if final else OutgoingMail.Status.PENDING,
            not_before=now + _backoff(mail.attempts),
            claimed_until=None,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
        )
        logger.warning("Sending outbox mail %s failed (attempt %s): %s", mail.pk, mail.attempts, exc)
        return Delivery.FAILED if final else Delivery.RETRY
    sent = {"status": OutgoingMail.Status.SENT, "sent_at": timezone.now(), "claimed_until": None, "last_error": ""}
    if mail.carries_credential:
        # The link has reached its owner's mail server: nobody needs it here any longer. The log keeps that
        # it was sent, to whom, when and the subject.
        sent |= {"body": "", "html_body": "", "attachments": []}
    OutgoingMail.objects.filter(pk=mail.pk).update(**sent)
    return Delivery.SENT


def open_connection():
    """An SMTP connection opened once for many mails; if the server is down, each send records its own failure."""
    connection = get_connection()
    try:
        connection.open()
    except Exception:  # the per-mail sends will fail and record why, with back-off
        logger.warning("Mail server unreachable; mails wait for their retry.", exc_info=True)
    return connection


def lease_until() -> datetime:
    return timezone.now() + timedelta(seconds=settings.OUTBOX_LEASE_SECONDS)


def send_all_claimed(mails: Iterable[OutgoingMail]) -> int:
    """Send mails this worker holds the lease on over one SMTP connection; returns how many were sent.

    `mails` may be a generator that claims as it goes. After a failed send the connection may be broken, so
    the next mail gets a fresh one.
    """
    sent = 0
    # Opened here, the connection stays open across mails (send() would otherwise reconnect for each).
    connection = open_connection()
    try:
        for mail in mails:
            if send_claimed(mail, connection=connection) is Delivery.SENT:
                sent += 1
            else:
                connection.close()
                connection = open_connection()
    finally:
        connection.close()
    return sent


def send_pending(*, limit: int | None = None) -> int:
    """Send every due mail; returns how many were sent."""
    ids = OutgoingMail.objects.due().order_by("not_before", "pk").values_list("pk", flat=True)
    if limit is not None:
        ids = ids[:limit]
    return send_all_claimed(OutgoingMail.objects.get(pk=pk) for pk in list(ids) if claim(pk))


def retry(pk: int) -> bool:
    """Staff's "send again" on a failed mail: it becomes pending and due now."""
    updated = OutgoingMail.objects.filter(pk=pk, status=OutgoingMail.Status.FAILED).update(
        status=OutgoingMail.Status.PENDING, not_before=timezone.now(), claimed_until=None
    )
    if updated:
        transaction.on_commit(partial(hand_off, pk))
    return bool(updated)


def purge_old(*, now: datetime | None = None) -> int:
    """Delete mails sent (or given up) more than OUTBOX_RETENTION_DAYS ago; they hold personal data that the
    bookings themselves lose after the same time. Pending mails are kept, whatever their age."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.OUTBOX_RETENTION_DAYS)
    sent = OutgoingMail.objects.filter(status=OutgoingMail.Status.SENT, sent_at__lt=cutoff)
    failed = OutgoingMail.objects.filter(status=OutgoingMail.Status.FAILED, created_at__lt=cutoff)
    return sent.delete()[0] + failed.delete()[0]
