"""Any saved or deleted committee, meeting or minutes makes the cached committee pages stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import caching
from .models import Committee, Meeting, Minutes


@receiver([post_save, post_delete], sender=Committee, dispatch_uid="committees_committee_changed")
@receiver([post_save, post_delete], sender=Meeting, dispatch_uid="committees_meeting_changed")
@receiver([post_save, post_delete], sender=Minutes, dispatch_uid="committees_minutes_changed")
def forget_committee_pages(sender, **kwargs):
    caching.forget()
