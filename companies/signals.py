"""Any change to the companies data, through the services, the admin or anywhere else, starts a new version of
the cached figures and company pages (companies/figures.py), so staff see their change on the next page."""

from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from .figures import figures_changed
from .models import Company, Contact, FollowUp, Introduction, Network, Topic, Visit

WATCHED = [Company, Contact, Visit, FollowUp, Topic, Network, Introduction]
WATCHED_LINKS = [Visit.topics.through, Visit.contacts.through, Network.members.through]


def _changed(**kwargs):
    if kwargs.get("raw"):  # fixtures being loaded: nothing is cached for them yet
        return
    figures_changed()


for model in WATCHED:
    post_save.connect(_changed, sender=model, dispatch_uid=f"companies-figures-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"companies-figures-delete-{model.__name__}")


@receiver(m2m_changed)
def _links_changed(sender, action, **kwargs):
    if sender in WATCHED_LINKS and action in {"post_add", "post_remove", "post_clear"}:
        figures_changed()
