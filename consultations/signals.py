"""Any saved or deleted day, slot, booking or waitlist entry makes the cached public days stale."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from . import caching
from .models import Booking, ConsultationDay, Slot, WaitlistEntry


@receiver([post_save, post_delete], sender=ConsultationDay, dispatch_uid="consultations_day_changed")
@receiver([post_save, post_delete], sender=Slot, dispatch_uid="consultations_slot_changed")
@receiver([post_save, post_delete], sender=Booking, dispatch_uid="consultations_booking_changed")
@receiver([post_save, post_delete], sender=WaitlistEntry, dispatch_uid="consultations_waitlist_changed")
def forget_public_days(sender, **kwargs):
    caching.forget()
