"""Cache invalidation for the default office: any change to an office, its hours or its closures, made on the
staff page, in the admin or in code, drops the cached copy so the next page shows it at once."""

from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from .models import Closure, Office, OpeningHours, forget_default_office


@receiver([post_save, post_delete], sender=Office)
@receiver([post_save, post_delete], sender=OpeningHours)
@receiver([post_save, post_delete], sender=Closure)
def office_changed(**kwargs):
    forget_default_office()
