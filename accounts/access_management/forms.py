from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from ..models import Organisation, Role
from . import selectors
from .services import clean_phone


class TeamMemberForm(forms.Form):
    role = forms.ChoiceField(
        label=_("Rol"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Kies een rol."),
            "invalid_choice": _("Die rol kan je hier niet toekennen."),
        },
    )
    first_name = forms.CharField(
        label=_("Voornaam"), max_length=150, error_messages={"required": _("Vul de voornaam in.")}
    )
    last_name = forms.CharField(
        label=_("Familienaam"),
        max_length=150,
        error_messages={"required": _("Vul de familienaam in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        help_text=_("Een nieuwe persoon krijgt hier een uitnodiging om het account te activeren."),
        error_messages={
            "required": _("Vul het e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.be."),
        },
    )

    def __init__(self, *args: Any, roles: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["role"]
        field.choices = [(role, Role(role).label) for role in roles]
        if len(roles) == 1:
            field.initial = roles[0]


class ContactPersonForm(forms.Form):
    name = forms.CharField(
        label=_("Naam"),
        max_length=200,
        error_messages={"required": _("Vul de naam van de contactpersoon in.")},
    )
    role = forms.CharField(
        label=_("Rol in de organisatie"),
        max_length=150,
        help_text=_("Bijvoorbeeld coördinator, voorzitter of secretariaat."),
        error_messages={"required": _("Vul de rol van de contactpersoon in.")},
    )
    email = forms.EmailField(
        label=_("E-mailadres"),
        error_messages={
            "required": _("Vul het e-mailadres in."),
            "invalid": _("Vul een geldig e-mailadres in, zoals naam@voorbeeld.be."),
        },
    )
    phone = forms.CharField(
        label=_("Telefoonnummer"),
        max_length=30,
        required=False,
        help_text=_("Bijvoorbeeld 09 123 45 67 of +32 9 123 45 67."),
    )

    def __init__(
        self, *args: Any, organisation: Organisation, exclude: int | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        self.exclude = exclude

    def clean_email(self) -> str:
        email = self.cleaned_data["email"]
        if selectors.contact_email_taken(self.organisation, email, exclude=self.exclude):
            raise forms.ValidationError(_("Er is al een contactpersoon met dit e-mailadres."))
        return email

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data["phone"])
