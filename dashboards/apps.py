from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "dashboards"
    verbose_name = _("Dashboards consultatiebureaus")

    def ready(self) -> None:
        from parent_portal.services import on_schedule_change

        from . import facts

        # Every schedule write marks its bureau-days dirty, inside the writing transaction.
        on_schedule_change(facts.mark_dirty)
