from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ParentPortalConfig(AppConfig):
    name = "parent_portal"
    verbose_name = _("Ouderportaal")

    def ready(self) -> None:
        from accounts import audit, invitations

        from . import forms, services

        invitations.register_check(
            services.PARENT_PURPOSE,
            invitations.InvitationCheck(
                form_class=forms.InvitationBirthDateForm,
                passes=services.parent_invitation_check_passes,
                explanation=_(
                    "Om zeker te zijn dat deze uitnodiging bij jou hoort, vragen we eerst de "
                    "geboortedatum van je kind."
                ),
            ),
        )
        audit.register_subject_refs(_children_refs)


def _children_refs(user):  # noqa: ANN001, ANN202
    """A parent's 'who viewed my data' includes their children's records."""
    from accounts import policies

    return [
        f"parent_portal.child:{pk}"
        for pk in policies.children_of_parent(user).values_list("pk", flat=True)
    ]
