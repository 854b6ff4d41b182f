"""Every visit written, through the services, the admin or anywhere else, recounts the tallies of its day and
its company's last visit in the same transaction (companies.tallies)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from . import tallies
from .models import Visit


def _before_save(sender, instance, raw=False, **kwargs):
    # The day and company it had before: a visit moved to another day (or company) changes both.
    before = Visit.objects.filter(pk=instance.pk).values("date", "company_id").first() if instance.pk else None
    instance._tally_before = before


def _saved(sender, instance, raw=False, **kwargs):
    if raw:  # fixtures being loaded: `tallies.rebuild()` afterwards
        return
    before = getattr(instance, "_tally_before", None) or {}
    tallies.visits_changed(days=[instance.date, before.get("date")],
                           company_ids=[instance.company_id, before.get("company_id")])


def _deleted(sender, instance, **kwargs):
    tallies.visits_changed(days=[instance.date], company_ids=[instance.company_id])


def _topics_changed(sender, instance, action, reverse, **kwargs):
    # Only from the visit's side: django-simple-history (it records the visit's topics) refuses changes made
    # from the topic's side (topic.visits.add) anyway.
    if action in {"post_add", "post_remove", "post_clear"} and not reverse:
        tallies.visits_changed(days=[instance.date], company_ids=[])


pre_save.connect(_before_save, sender=Visit, dispatch_uid="companies-tallies-before-save")
post_save.connect(_saved, sender=Visit, dispatch_uid="companies-tallies-saved")
post_delete.connect(_deleted, sender=Visit, dispatch_uid="companies-tallies-deleted")
m2m_changed.connect(_topics_changed, sender=Visit.topics.through, dispatch_uid="companies-tallies-topics")
