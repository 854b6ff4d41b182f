from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IhkOfficeConfig(AppConfig):
    name = "ihk_office"
    verbose_name = _("Regionalbüro")
