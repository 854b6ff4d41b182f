from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CompaniesConfig(AppConfig):
    name = "companies"
    verbose_name = _("Firmen und Besuche")

    def ready(self):
        from . import signals  # noqa: F401  (keeps the visit tallies)
