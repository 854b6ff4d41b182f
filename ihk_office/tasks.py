"""Tasks are thin: they take primary keys and call the outbox."""

from celery import shared_task

from . import outbox


@shared_task(acks_late=True, ignore_result=True)
def deliver_mail(pk: int) -> str:
    # Idempotent: the outbox claims the row before it sends, so a redelivered task sends nothing twice.
    # A failed send is not retried here but by the periodic scan after the mail's back-off.
    return outbox.deliver(pk).value


@shared_task(acks_late=True, ignore_result=True)
def send_pending_mail() -> int:
    return outbox.send_pending()


@shared_task(acks_late=True, ignore_result=True)
def purge_old_mail() -> int:
    return outbox.purge_old()
