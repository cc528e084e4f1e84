from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClientPortalConfig(AppConfig):
    name = "client_portal"
    verbose_name = _("Cliëntportaal")

    def ready(self) -> None:
        from accounts import audit, invitations
        from messaging import scopes

        from . import forms, services

        invitations.register_check(
            services.ACTIVATION_PURPOSE,
            invitations.InvitationCheck(
                form_class=forms.ActivationBirthDateForm,
                passes=services.activation_check_passes,
                explanation=_(
                    "Om zeker te zijn dat deze uitnodiging bij jou hoort, vragen we eerst de "
                    "geboortedatum van de cliënt: je eigen geboortedatum als je zelf in "
                    "behandeling bent, die van je kind als je ouder bent."
                ),
            ),
        )
        scopes.register(services.TRAJECTORY_MESSAGE_SCOPE)
        audit.register_subject_refs(services.client_refs_for)
