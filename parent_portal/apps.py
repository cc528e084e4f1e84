from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParentPortalConfig(AppConfig):
    name = "parent_portal"
    verbose_name = _("Ouderportaal")
