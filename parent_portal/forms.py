"""Forms of the parent portal: labels on every field, Dutch messages that say what to do."""

from __future__ import annotations

from datetime import date, time
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Appointment,
    Child,
    MilestoneItem,
    MilestoneScore,
    PractitionerKind,
    ReminderPreference,
)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%H:%M", **kwargs)


class InvitationBirthDateForm(forms.Form):
    birth_date = forms.DateField(
        label=_("Geboortedatum van je kind"),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de geboortedatum van je kind in."),
            "invalid": _("Vul een datum in, bv. 15/03/2024."),
        },
    )


class ChildDetailsForm(forms.ModelForm):
    class Meta:
        model = Child
        fields = ["phone", "email", "daycare_or_school", "general_practitioner"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}
        help_texts = {
            "phone": _("Waarop we je kunnen bereiken over je kind."),
            "daycare_or_school": _("Naam en gemeente van de kinderopvang of school."),
            "general_practitioner": _("Naam en gemeente van de huisarts."),
        }
        error_messages = {
            "email": {"invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.be.")}
        }

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        digits = [c for c in phone if c.isdigit()]
        if phone and not (8 <= len(digits) <= 15):
            raise forms.ValidationError(_("Vul een telefoonnummer in, bv. 0470 12 34 56."))
        return phone


class ChildCreateForm(forms.Form):
    first_name = forms.CharField(label=_("Voornaam"), max_length=100)
    last_name = forms.CharField(label=_("Familienaam"), max_length=100)
    birth_date = forms.DateField(label=_("Geboortedatum"), widget=DateInput())
    sex = forms.ChoiceField(
        label=_("Geslacht"), choices=Child.Sex.choices, widget=forms.RadioSelect
    )
    gestational_age_weeks = forms.IntegerField(
        label=_("Zwangerschapsduur bij geboorte (weken)"),
        required=False,
        min_value=22,
        max_value=44,
        help_text=_(
            "Onder 37 weken rekenen de groeicurven tot 2 jaar met de gecorrigeerde leeftijd."
        ),
    )
    registration_date = forms.DateField(
        label=_("Aanmeldingsdatum"), widget=DateInput(), initial=timezone.localdate
    )
    enrolment_date = forms.DateField(
        label=_("Inschrijvingsdatum"), widget=DateInput(), required=False
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("birth_date") and data["birth_date"] > timezone.localdate():
            self.add_error("birth_date", _("De geboortedatum ligt in de toekomst."))
        reg, enr = data.get("registration_date"), data.get("enrolment_date")
        if reg and enr and enr < reg:
            self.add_error("enrolment_date", _("De inschrijving komt na de aanmelding."))
        return data


class ParentInviteForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de ouder"),
        error_messages={"invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.be.")},
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Familienaam"), max_length=150)
    has_parental_authority = forms.BooleanField(
        label=_("Deze ouder heeft ouderlijk gezag"),
        required=True,
        error_messages={"required": _("Alleen ouders met ouderlijk gezag krijgen toegang.")},
    )


class SessionForm(forms.Form):
    practitioner = forms.ModelChoiceField(label=_("Arts of verpleegkundige"), queryset=None)
    practitioner_kind = forms.ChoiceField(
        label=_("Soort zitting"), choices=PractitionerKind.choices, widget=forms.RadioSelect
    )
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Begin"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Einde"), widget=TimeInput())
    slot_minutes = forms.IntegerField(
        label=_("Duur van een afspraak (minuten)"), min_value=5, max_value=120, initial=15
    )
    capacity = forms.IntegerField(
        label=_("Aantal plaatsen"),
        min_value=1,
        required=False,
        help_text=_("Leeg laten: zoveel plaatsen als er afspraken in de zitting passen."),
    )
    note = forms.CharField(label=_("Opmerking"), max_length=200, required=False)

    def __init__(self, *args: Any, practitioners: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["practitioner"].queryset = practitioners
        self.fields["practitioner"].label_from_instance = lambda u: u.full_name or u.email

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", _("Het einde moet na het begin liggen."))
        if data.get("date") and data["date"] < timezone.localdate():
            self.add_error("date", _("Kies vandaag of een dag in de toekomst."))
        return data


class BookForm(forms.Form):
    child = forms.ModelChoiceField(label=_("Kind"), queryset=None)
    slot_time = forms.TypedChoiceField(
        label=_("Uur"),
        coerce=lambda value: time.fromisoformat(value),
        help_text=_("Een inschuiver mag op een bezet uur."),
    )
    consult_kind = forms.ChoiceField(
        label=_("Soort consult"),
        choices=Appointment.ConsultKind.choices,
        initial=Appointment.ConsultKind.REGULAR,
    )
    duo_partner = forms.ModelChoiceField(
        label=_("Tweede kind (alleen bij een duoconsult)"), queryset=None, required=False
    )

    def __init__(
        self, *args: Any, children: Any, slots: list[tuple[time, bool]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["slot_time"].choices = [
            (f"{t:%H:%M}", f"{t:%H:%M}" + (" " + str(_("(bezet)")) if taken else ""))
            for t, taken in slots
        ]
        self.fields["child"].queryset = children
        self.fields["duo_partner"].queryset = children
        label = lambda c: f"{c.last_name}, {c.first_name} ({c.birth_date:%d/%m/%Y})"  # noqa: E731
        self.fields["child"].label_from_instance = label
        self.fields["duo_partner"].label_from_instance = label

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        duo = data.get("consult_kind") == Appointment.ConsultKind.DUO
        if duo and not data.get("duo_partner"):
            self.add_error("duo_partner", _("Kies het tweede kind van het duoconsult."))
        if not duo and data.get("duo_partner"):
            self.add_error("duo_partner", _("Een tweede kind hoort alleen bij een duoconsult."))
        if duo and data.get("duo_partner") and data.get("duo_partner") == data.get("child"):
            self.add_error("duo_partner", _("Kies een ander kind."))
        return data


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Uitkomst"),
        choices=[
            (Appointment.Status.DONE, _("Uitgevoerd")),
            (Appointment.Status.NO_SHOW, _("Niet gekomen")),
            (Appointment.Status.CANCELLED, _("Geannuleerd")),
        ],
        widget=forms.RadioSelect,
    )
    consult_kind = forms.ChoiceField(
        label=_("Soort consult"), choices=Appointment.ConsultKind.choices
    )
    note = forms.CharField(
        label=_("Verslag"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )


class MeasurementForm(forms.Form):
    measured_on = forms.DateField(
        label=_("Datum van de meting"), widget=DateInput(), initial=timezone.localdate
    )
    length_cm = forms.DecimalField(
        label=_("Lengte (cm)"),
        required=False,
        min_value=30,
        max_value=200,
        decimal_places=1,
        help_text=_("Tot 2 jaar liggend gemeten, daarna staand."),
        error_messages={
            "min_value": _("Vul een lengte tussen 30 en 200 cm in."),
            "max_value": _("Vul een lengte tussen 30 en 200 cm in."),
        },
    )
    weight_kg = forms.DecimalField(
        label=_("Gewicht (kg)"),
        required=False,
        min_value=0.3,
        max_value=150,
        decimal_places=3,
        error_messages={
            "min_value": _("Vul een gewicht tussen 0,3 en 150 kg in."),
            "max_value": _("Vul een gewicht tussen 0,3 en 150 kg in."),
        },
    )
    head_circumference_cm = forms.DecimalField(
        label=_("Hoofdomtrek (cm)"),
        required=False,
        min_value=20,
        max_value=65,
        decimal_places=1,
        error_messages={
            "min_value": _("Vul een hoofdomtrek tussen 20 en 65 cm in."),
            "max_value": _("Vul een hoofdomtrek tussen 20 en 65 cm in."),
        },
    )

    def __init__(self, *args: Any, birth_date: date | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.birth_date = birth_date
        for name in ("length_cm", "weight_kg", "head_circumference_cm"):
            self.fields[name].widget.attrs.update({"inputmode": "decimal", "step": "any"})

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not any(data.get(f) for f in ("length_cm", "weight_kg", "head_circumference_cm")):
            raise forms.ValidationError(
                _("Vul minstens één meting in: lengte, gewicht of hoofdomtrek.")
            )
        day = data.get("measured_on")
        if day and (day > timezone.localdate() or (self.birth_date and day < self.birth_date)):
            self.add_error("measured_on", _("Kies een datum tussen de geboorte en vandaag."))
        return data


SCORE_CHOICES = [("", _("niet beoordeeld"))] + [(c.value, c.label) for c in MilestoneScore]


class MilestonesForm(forms.Form):
    """One select per offered item (two for items scored left and right)."""

    observed_on = forms.DateField(
        label=_("Datum van de observatie"), widget=DateInput(), initial=timezone.localdate
    )

    def __init__(self, *args: Any, items: list[MilestoneItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.items = items
        for item in items:
            choices = [c for c in SCORE_CHOICES if c[0] != "M" or item.parent_report_allowed]
            if item.scored_left_right:
                self.fields[f"item_{item.number}_left"] = forms.ChoiceField(
                    label=_("%(n)s. %(label)s — links") % {"n": item.number, "label": item.label},
                    choices=choices,
                    required=False,
                )
                self.fields[f"item_{item.number}_right"] = forms.ChoiceField(
                    label=_("%(n)s. %(label)s — rechts") % {"n": item.number, "label": item.label},
                    choices=choices,
                    required=False,
                )
            else:
                self.fields[f"item_{item.number}"] = forms.ChoiceField(
                    label=f"{item.number}. {item.label}", choices=choices, required=False
                )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for item in self.items:
            if item.scored_left_right:
                left = data.get(f"item_{item.number}_left")
                right = data.get(f"item_{item.number}_right")
                if bool(left) != bool(right):
                    self.add_error(
                        f"item_{item.number}_left", _("Scoor links en rechts, of geen van beide.")
                    )
        return data

    def scores(self) -> list[tuple[MilestoneItem, str, str, str]]:
        data = self.cleaned_data
        result = []
        for item in self.items:
            if item.scored_left_right:
                result.append(
                    (
                        item,
                        "",
                        data.get(f"item_{item.number}_left", ""),
                        data.get(f"item_{item.number}_right", ""),
                    )
                )
            else:
                result.append((item, data.get(f"item_{item.number}", ""), "", ""))
        return result


class SlotChoiceForm(forms.Form):
    """A free slot, as "<session id>|<HH:MM>" among the offered ones."""

    slot = forms.ChoiceField(
        label=_("Kies een nieuw moment"),
        widget=forms.RadioSelect,
        error_messages={"required": _("Kies een moment.")},
    )

    def __init__(self, *args: Any, slots: list[tuple[Any, time]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {f"{s.pk}|{t:%H:%M}": (s, t) for s, t in slots}
        self.fields["slot"].choices = [
            (key, f"{s.date:%d/%m/%Y} {t:%H:%M}") for key, (s, t) in self.slots.items()
        ]

    def chosen(self) -> tuple[Any, time]:
        return self.slots[self.cleaned_data["slot"]]


class PostponeByPhoneForm(forms.Form):
    slot = forms.ChoiceField(
        label=_("Nieuw moment (optioneel)"),
        required=False,
        help_text=_("Laat leeg als de ouder later een nieuw moment kiest."),
    )

    def __init__(self, *args: Any, slots: list[tuple[Any, time]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.slots = {f"{s.pk}|{t:%H:%M}": (s, t) for s, t in slots}
        self.fields["slot"].choices = [("", "—")] + [
            (key, f"{s.date:%d/%m/%Y} {t:%H:%M} · {s.practitioner}")
            for key, (s, t) in self.slots.items()
        ]


class ReminderPreferenceForm(forms.ModelForm):
    class Meta:
        model = ReminderPreference
        fields = ["by_email", "by_sms", "phone", "days_before"]
        widgets = {"phone": forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"})}
        help_texts = {"days_before": _("Tussen 1 en 14 dagen voor de afspraak.")}

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("by_sms") and not (data.get("phone") or "").strip():
            self.add_error("phone", _("Vul je gsm-nummer in om sms-herinneringen te krijgen."))
        days = data.get("days_before")
        if days is not None and not (1 <= days <= 14):
            self.add_error("days_before", _("Kies een aantal dagen tussen 1 en 14."))
        return data

    def validate_constraints(self, exclude: Any = None) -> None:  # checked in clean() above
        return None


class AssignQuestionnaireForm(forms.Form):
    questionnaire = forms.ModelChoiceField(label=_("Vragenlijst"), queryset=None)
    appointment = forms.ModelChoiceField(label=_("Voor de afspraak"), queryset=None, required=False)

    def __init__(self, *args: Any, questionnaires: Any, appointments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["appointment"].queryset = appointments
        self.fields["appointment"].label_from_instance = lambda a: (
            f"{a.date:%d/%m/%Y} {a.slot_time:%H:%M}"
        )
