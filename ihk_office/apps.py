from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IhkOfficeConfig(AppConfig):
    name = "ihk_office"
    verbose_name = _("Regionalbüro")

    def ready(self):
        from . import (
            signals,  # noqa: F401  (connects the cache invalidation)
            throttles,  # noqa: F401  (counts failed log-ins per IP address)
        )
