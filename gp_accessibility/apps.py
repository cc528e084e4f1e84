from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GpAccessibilityConfig(AppConfig):
    name = "gp_accessibility"
    verbose_name = _("Toegankelijkheid huisartsenzorg")

    def ready(self) -> None:
        from excel_intake import services as intake
        from questionnaires import services as questionnaires

        from . import services

        # Results are recomputed when a circle's GP list is accepted or a round closes.
        intake.on_submission_accepted(services.on_gp_list_accepted)
        questionnaires.on_round_closed(services.on_round_closed)
