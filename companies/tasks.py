from celery import shared_task

from . import services


@shared_task
def send_follow_up_digests() -> int:
    """The morning digest of due follow-ups; returns how many mails were delivered."""
    return services.send_follow_up_digests()
