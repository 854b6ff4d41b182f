"""Any change to visits, companies or topics, through the services, the admin or anywhere else, makes the kept
dashboard figures stale (companies.selectors.dashboard_figures: data, forgotten once per transaction)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from .models import Company, Topic, Visit
from .selectors import dashboard_figures


def _changed(**kwargs):
    if not kwargs.get("raw"):  # fixtures being loaded: nothing is kept for them yet
        dashboard_figures.forget()


for model in (Company, Visit, Topic):
    post_save.connect(_changed, sender=model, dispatch_uid=f"companies-figures-save-{model.__name__}")
    post_delete.connect(_changed, sender=model, dispatch_uid=f"companies-figures-delete-{model.__name__}")
m2m_changed.connect(_changed, sender=Visit.topics.through, dispatch_uid="companies-figures-topics")
