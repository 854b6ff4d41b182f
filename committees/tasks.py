"""Thin Celery tasks: they call the services."""

from celery import shared_task

from . import services


@shared_task(acks_late=True, ignore_result=True)
def send_due_meeting_reminders() -> int:
    # Safe to run twice at once: each reminder is claimed by a conditional UPDATE of reminder_sent_at.
    return services.send_due_meeting_reminders()


# A crafted file could keep pypdf busy for minutes: the worker gives up after a minute, the document stays
# without text (and findable by its title and description).
@shared_task(acks_late=True, ignore_result=True, soft_time_limit=60, time_limit=90)
def read_document_text(document_id: int) -> bool:
    from celery.exceptions import SoftTimeLimitExceeded

    from .models import Document

    document = Document.objects.filter(pk=document_id).first()
    if document is None:  # deleted meanwhile
        return False
    try:
        return services.read_document_text(document)
    except SoftTimeLimitExceeded:
        return False
