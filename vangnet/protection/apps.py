from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProtectionConfig(AppConfig):
    name = "vangnet.protection"
    label = "protection"
    verbose_name = _("Phases of help and protective measures")
