"""Forms: they check shape and say what to do; the rules themselves live in the services."""

from __future__ import annotations

from calendar import monthrange
from datetime import date
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .models import DEFAULT_AGREEMENT, ProviderProfile, RegistrationStatus, RegistrationStudy
from .selectors import Catalogue, facilities_for_study_form

HOUR_CHOICES = [(h, str(h)) for h in range(0, 17)]
MINUTE_CHOICES = [(m, f"{m:02d}") for m in (0, 15, 30, 45)]


class DurationMixin(forms.Form):
    hours = forms.TypedChoiceField(label=_("Uren"), choices=HOUR_CHOICES, coerce=int, initial=0)
    minutes = forms.TypedChoiceField(
        label=_("Minuten"), choices=MINUTE_CHOICES, coerce=int, initial=0
    )
    confirm_long_day = forms.BooleanField(
        label=_("Ja, ik werkte meer dan 12 uur op deze dag"), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if "hours" in data and "minutes" in data:
            data["total_minutes"] = data["hours"] * 60 + data["minutes"]
            problem = rules.duration_problem(data["total_minutes"])
            if problem:
                self.add_error("hours", problem.message)
        return data


class EntryForm(DurationMixin):
    """Add time to an activity on a day. Without JavaScript one grouped list does the job."""

    activity = forms.TypedChoiceField(label=_("Activiteit"), coerce=int)
    field_order = ["activity", "hours", "minutes", "confirm_long_day"]

    def __init__(self, *args: Any, catalogue: Catalogue, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.catalogue = catalogue
        self.fields["activity"].choices = [
            ("", _("Kies een activiteit")),
            *[
                (group.cluster.label, [(a.pk, a.label) for a in group.activities])
                for group in catalogue.clusters
            ],
        ]
        self.fields["activity"].error_messages["required"] = _(
            "Kies een cluster en een activiteit."
        )
        self.fields["activity"].error_messages["invalid_choice"] = _(
            "Kies een activiteit uit de lijst."
        )

    def clean_activity(self) -> Any:
        return self.catalogue.activities[self.cleaned_data["activity"]]


class EntryEditForm(DurationMixin):
    """Change the duration of an entry in place."""


class StudyForm(forms.ModelForm):
    facilities = forms.ModelMultipleChoiceField(
        label=_("Deelnemende voorzieningen"),
        queryset=facilities_for_study_form(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("De CAR en CGG die meedoen. Hun directie ondertekent daarna de overeenkomst."),
    )

    class Meta:
        model = RegistrationStudy
        fields = [
            "name",
            "starts_on",
            "ends_on",
            "edits_until",
            "delete_raw_on",
            "send_nudges",
            "agreement_text",
        ]
        widgets = {
            "starts_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "ends_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "edits_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "delete_raw_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "agreement_text": forms.Textarea(attrs={"rows": 12}),
        }
        help_texts = {
            "delete_raw_on": _("Standaard 6 maanden na de laatste registratiedag."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["facilities"].label_from_instance = lambda o: (
            f"{o.name} ({o.get_facility_type_display() or '—'}, "
            f"{o.get_size_class_display() or '—'})"
        )
        if self.instance.pk:
            self.fields["facilities"].initial = list(
                self.instance.participations.values_list("facility_id", flat=True)
            )
        else:
            self.fields["agreement_text"].initial = str(DEFAULT_AGREEMENT)
        self.fields["delete_raw_on"].required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("delete_raw_on") and data.get("ends_on"):
            data["delete_raw_on"] = add_months(data["ends_on"], 6)
            self.instance.delete_raw_on = data["delete_raw_on"]
        return data


def add_months(day: date, months: int) -> date:
    """The same day `months` later (31 August + 6 months = 28 or 29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, monthrange(year, month)[1]))


class SignForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Ik heb de overeenkomst gelezen en onderteken ze namens de voorziening."),
        error_messages={"required": _("Vink aan dat je de overeenkomst ondertekent.")},
    )


class ProviderForm(forms.ModelForm):
    class Meta:
        model = ProviderProfile
        fields = [
            "first_name",
            "last_name",
            "email",
            "care_function",
            "status",
            "weekly_clinical_hours",
            "monthly_clinical_cost",
            "monthly_total_wage_cost",
            "youth_share_percent",
            "seniority_years",
        ]
        widgets = {
            "status": forms.RadioSelect,
            "weekly_clinical_hours": forms.NumberInput(
                attrs={"step": "0.25", "inputmode": "decimal"}
            ),
            "monthly_clinical_cost": forms.NumberInput(
                attrs={"step": "0.01", "inputmode": "decimal"}
            ),
            "monthly_total_wage_cost": forms.NumberInput(
                attrs={"step": "0.01", "inputmode": "decimal"}
            ),
            "youth_share_percent": forms.NumberInput(attrs={"inputmode": "numeric"}),
            "seniority_years": forms.NumberInput(attrs={"inputmode": "numeric"}),
        }
        help_texts = {
            "email": _("De persoon krijgt op dit adres een uitnodiging om te registreren."),
            "weekly_clinical_hours": _("Het aantal te presteren uren per week voor klinisch werk."),
            "monthly_clinical_cost": _(
                "Met vakantiegeld, eindejaarspremie, extralegale voordelen en werkgeversbijdragen; "
                "zonder vakantiegeld bij uitdiensttreding."
            ),
            "youth_share_percent": _(
                "Ruwe schatting. De rest (100 min dit getal) is voor volwassenen (ouder dan 23)."
            ),
            "seniority_years": _("Op 1 oktober van het registratiejaar, of anders op 1 januari."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance.pk and self.instance.user_id:
            self.fields["email"].disabled = True
            self.fields["email"].help_text = _(
                "Deze persoon heeft een account; het e-mailadres verandert niet meer."
            )
        self.fields["status"].initial = RegistrationStatus.REGISTERS
        self.fields["care_function"].choices = [("", _("Kies een zorgfunctie"))] + [
            c for c in self.fields["care_function"].choices if c[0]
        ]
        self.fields["care_function"].error_messages["required"] = _("Kies een zorgfunctie.")
        self.fields["first_name"].error_messages["required"] = _("Vul de voornaam in.")
        self.fields["last_name"].error_messages["required"] = _("Vul de familienaam in.")
        self.fields["email"].error_messages["required"] = _("Vul een e-mailadres in.")
        self.fields["email"].error_messages["invalid"] = _(
            "Vul een geldig e-mailadres in, zoals naam@voorziening.be."
        )


class NudgeForm(forms.Form):
    enabled = forms.BooleanField(
        label=_("Stuur me een herinnering op het einde van een werkdag zonder registraties"),
        required=False,
    )
