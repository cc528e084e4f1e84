"""Forms of the client portal: a label on every field, Dutch messages that say what to do."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from messaging.forms import AttachmentsField
from parent_portal.forms import DateInput, TimeInput
from parent_portal.models import Child

from . import uploads
from .models import CLIENT_TOPICS, ClientAppointment, DiaryNote, Document, Insurance, Participant

EMAIL_ERRORS = {"invalid": _("Vul een e-mailadres in zoals naam@voorbeeld.be.")}


def _required(message: Any) -> dict[str, Any]:
    return {"required": message}


class ActivationBirthDateForm(forms.Form):
    birth_date = forms.DateField(
        label=_("Geboortedatum van de cliënt"),
        help_text=_("Ben je zelf in behandeling? Vul dan je eigen geboortedatum in."),
        widget=DateInput(),
        error_messages={
            "required": _("Vul de geboortedatum van de cliënt in."),
            "invalid": _("Vul een datum in, bv. 15/03/2012."),
        },
    )


class TrajectoryChoiceMixin:
    """A choice of trajectory, shown only when the portal has more than one."""

    def add_trajectory_field(self, trajectories: list[Any]) -> None:
        field = forms.TypedChoiceField(
            label=_("Over welke behandeling?"),
            coerce=int,
            choices=[
                (t.pk, f"{t.client.first_name} · {t.title} ({t.facility})") for t in trajectories
            ],
            error_messages=_required(_("Kies de behandeling.")),
        )
        if len(trajectories) == 1:
            field.initial = trajectories[0].pk
            field.widget = forms.HiddenInput()
        self.fields = {"trajectory": field, **self.fields}  # type: ignore[has-type]
        self.trajectories = {t.pk: t for t in trajectories}

    def chosen_trajectory(self) -> Any:
        return self.trajectories[self.cleaned_data["trajectory"]]  # type: ignore[attr-defined]


# --- Client side ----------------------------------------------------------------------------


class PortalPreferenceForm(forms.Form):
    preferred = forms.ChoiceField(
        label=_("Welk portaal opent eerst?"),
        widget=forms.RadioSelect,
        error_messages=_required(_("Kies het portaal dat eerst opent.")),
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["preferred"].choices = choices


class ConsentsForm(forms.Form):
    """One yes/no question per consent; an unanswered one stays undecided."""

    def __init__(self, *args: Any, rows: list[Any], editable: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for row in rows:
            if row.topic not in CLIENT_TOPICS:
                continue
            self.fields[row.topic] = forms.TypedChoiceField(
                label=row.label,
                choices=[("yes", _("Ja")), ("no", _("Nee"))],
                coerce=lambda value: value == "yes",
                widget=forms.RadioSelect,
                required=False,
                disabled=not editable,
                initial=None if row.given is None else ("yes" if row.given else "no"),
            )

    def choices(self) -> dict[str, bool]:
        return {
            topic: value
            for topic, value in self.cleaned_data.items()
            if value in (True, False) and self.data.get(self.add_prefix(topic)) in ("yes", "no")
        }


class InsuranceForm(forms.ModelForm):
    class Meta:
        model = Insurance
        fields = ["insurer", "member_number", "holder_name"]
        error_messages = {
            "insurer": {"required": _("Vul je ziekenfonds of zorgverzekeraar in.")},
        }


class UploadForm(TrajectoryChoiceMixin, forms.Form):
    title = forms.CharField(
        label=_("Wat is het?"),
        max_length=200,
        help_text=_("Bv. 'Verslag van school' of 'Brief van de huisarts'."),
        error_messages=_required(_("Geef het document een naam.")),
    )
    file = forms.FileField(
        label=_("Bestand"),
        error_messages=_required(_("Kies een bestand.")),
    )

    def __init__(self, *args: Any, trajectories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_trajectory_field(trajectories)
        self.fields["file"].help_text = gettext(
            "PDF, foto (PNG of JPEG), Word (.docx), Excel (.xlsx) of tekst, hoogstens %(mb)s MB. "
            "Alleen jij en je behandelaars zien het."
        ) % {"mb": uploads.max_bytes() // (1024 * 1024)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        try:
            uploads.check_upload(upload)
        except ValueError as error:
            raise forms.ValidationError(str(error)) from error
        return upload


class ApproveForm(forms.Form):
    agree = forms.BooleanField(
        label=_("Ik heb dit gelezen en ga akkoord"),
        error_messages=_required(_("Vink aan dat je het gelezen hebt en akkoord gaat.")),
    )


class SignForm(forms.Form):
    read = forms.BooleanField(
        label=_("Ik heb het document helemaal gelezen en ga akkoord"),
        error_messages=_required(_("Vink aan dat je het document gelezen hebt en akkoord gaat.")),
    )
    signature_name = forms.CharField(
        label=_("Handtekening: je volledige naam"),
        max_length=200,
        error_messages=_required(_("Typ je volledige naam als handtekening.")),
    )

    def __init__(self, *args: Any, actor: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.actor = actor
        if actor.full_name:
            self.fields["signature_name"].help_text = gettext(
                "Typ je voornaam en familienaam zoals in je account: %(name)s."
            ) % {"name": actor.full_name}

    def clean_signature_name(self) -> str:
        typed = " ".join(self.cleaned_data["signature_name"].split())
        expected = " ".join(self.actor.full_name.split())
        if expected and typed.casefold() != expected.casefold():
            raise forms.ValidationError(
                gettext("Typ je volledige naam precies zoals in je account: %(name)s.")
                % {"name": expected}
            )
        if not expected and len(typed.split()) < 2:
            raise forms.ValidationError(gettext("Typ je voornaam en je familienaam."))
        return typed


class PortalThreadForm(TrajectoryChoiceMixin, forms.Form):
    subject = forms.CharField(
        label=_("Onderwerp"),
        max_length=200,
        error_messages=_required(_("Geef je bericht een onderwerp.")),
    )
    body = forms.CharField(
        label=_("Je bericht"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required(_("Schrijf je bericht.")),
    )
    attachments = AttachmentsField(
        label=_("Bijlagen"),
        required=False,
        help_text=_(
            "Hoogstens 3 bestanden: PDF, afbeelding, Excel (.xlsx), Word (.docx) of tekst."
        ),
    )

    def __init__(self, *args: Any, trajectories: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.add_trajectory_field(trajectories)


class DiaryNoteForm(TrajectoryChoiceMixin, forms.Form):
    body = forms.CharField(
        label=_("Je notitie"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required(_("Schrijf iets in je notitie.")),
    )
    visibility = forms.ChoiceField(
        label=_("Wie mag dit lezen?"),
        choices=[
            (DiaryNote.Visibility.PRIVATE, _("Alleen ik")),
            (DiaryNote.Visibility.PRACTITIONERS, _("Ik en mijn behandelaars")),
        ],
        initial=DiaryNote.Visibility.PRIVATE,
        widget=forms.RadioSelect,
        error_messages=_required(_("Kies wie je notitie mag lezen.")),
    )

    def __init__(self, *args: Any, trajectories: list[Any] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if trajectories is not None:
            self.add_trajectory_field(trajectories)


# --- Practitioner side ------------------------------------------------------------------------


class TrajectoryCreateForm(forms.Form):
    title = forms.CharField(
        label=_("Soort traject"),
        max_length=120,
        help_text=_("Bv. 'Behandeling angst'. Het gezin ziet deze naam."),
        error_messages=_required(_("Geef het traject een naam.")),
    )
    start_date = forms.DateField(
        label=_("Geplande start"),
        widget=DateInput(),
        initial=timezone.localdate,
        error_messages=_required(_("Vul de geplande startdatum in.")),
    )
    client_first_name = forms.CharField(label=_("Voornaam van de cliënt"), max_length=100)
    client_last_name = forms.CharField(label=_("Familienaam van de cliënt"), max_length=100)
    client_birth_date = forms.DateField(
        label=_("Geboortedatum van de cliënt"),
        widget=DateInput(),
        error_messages={"invalid": _("Vul een datum in, bv. 15/03/2012.")},
    )
    client_sex = forms.ChoiceField(
        label=_("Geslacht"), choices=Child.Sex.choices, widget=forms.RadioSelect
    )
    client_email = forms.EmailField(
        label=_("E-mailadres van de cliënt"),
        required=False,
        help_text=_("Vanaf 12 jaar krijgt de cliënt een eigen account."),
        error_messages=EMAIL_ERRORS,
    )
    parent1_first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    parent1_last_name = forms.CharField(label=_("Familienaam"), max_length=150, required=False)
    parent1_email = forms.EmailField(
        label=_("E-mailadres"), required=False, error_messages=EMAIL_ERRORS
    )
    parent2_first_name = forms.CharField(label=_("Voornaam"), max_length=150, required=False)
    parent2_last_name = forms.CharField(label=_("Familienaam"), max_length=150, required=False)
    parent2_email = forms.EmailField(
        label=_("E-mailadres"), required=False, error_messages=EMAIL_ERRORS
    )
    practitioners = forms.MultipleChoiceField(
        label=_("Andere behandelaars in dit traject"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, colleagues: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {str(u.pk): u for u in colleagues}
        self.fields["practitioners"].choices = [
            (str(u.pk), u.full_name or u.email) for u in colleagues
        ]

    def clean(self) -> dict[str, Any]:
        from .models import age_on

        data = super().clean()
        birth = data.get("client_birth_date")
        today = timezone.localdate()
        if birth and birth > today:
            self.add_error("client_birth_date", gettext("De geboortedatum ligt in de toekomst."))
        twelve = birth is not None and age_on(birth, today) >= 12
        if data.get("client_email") and not twelve:
            self.add_error(
                "client_email",
                gettext("Een cliënt krijgt een eigen account vanaf 12 jaar. Laat dit leeg."),
            )
        for n in ("1", "2"):
            parts = [data.get(f"parent{n}_{f}") for f in ("first_name", "last_name", "email")]
            if any(parts) and not all(parts):
                for name, value in zip(("first_name", "last_name", "email"), parts, strict=True):
                    if not value:
                        self.add_error(
                            f"parent{n}_{name}",
                            gettext("Vul voornaam, familienaam en e-mailadres van de ouder in."),
                        )
        if not twelve and not data.get("parent1_email") and not data.get("parent2_email"):
            self.add_error(
                "parent1_email",
                gettext(
                    "Onder 12 jaar gebruiken de ouders het portaal: vul minstens één ouder in."
                ),
            )
        return data

    def chosen_practitioners(self) -> list[Any]:
        return [self.colleagues[pk] for pk in self.cleaned_data["practitioners"]]


class ParticipantAddForm(forms.Form):
    relation = forms.ChoiceField(
        label=_("Wie is het?"),
        choices=Participant.Relation.choices,
        widget=forms.RadioSelect,
        initial=Participant.Relation.PARENT,
    )
    first_name = forms.CharField(label=_("Voornaam"), max_length=150)
    last_name = forms.CharField(label=_("Familienaam"), max_length=150)
    email = forms.EmailField(label=_("E-mailadres"), error_messages=EMAIL_ERRORS)
    authority = forms.BooleanField(
        label=_("Bij een ouder: deze ouder heeft ouderlijk gezag"),
        required=False,
        help_text=_("Alleen ouders met ouderlijk gezag krijgen toegang tot het portaal."),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("relation") == Participant.Relation.PARENT and not data.get("authority"):
            self.add_error(
                "authority", gettext("Alleen ouders met ouderlijk gezag krijgen toegang.")
            )
        return data


class PractitionerDocumentForm(forms.Form):
    KIND_CHOICES = [
        ("report", _("Verslag")),
        ("document", _("Document")),
        ("start", _("Startdocument om te ondertekenen (bv. een overeenkomst)")),
    ]
    kind = forms.ChoiceField(
        label=_("Soort"), choices=KIND_CHOICES, widget=forms.RadioSelect, initial="report"
    )
    title = forms.CharField(label=_("Titel"), max_length=200)
    description = forms.CharField(
        label=_("Toelichting voor het gezin"), max_length=500, required=False
    )
    file = forms.FileField(label=_("Bestand"), required=False)
    body = forms.CharField(
        label=_("Tekst"),
        required=False,
        max_length=50_000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Bij een startdocument: de tekst die iedereen leest en ondertekent."),
    )
    approval_requested = forms.BooleanField(
        label=_("Vraag elke deelnemer om akkoord"), required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext(
            "PDF, Word (.docx), Excel (.xlsx), foto of tekst, hoogstens %(mb)s MB."
        ) % {"mb": uploads.max_bytes() // (1024 * 1024)}

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload:
            try:
                uploads.check_upload(upload)
            except ValueError as error:
                raise forms.ValidationError(str(error)) from error
        return upload

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("file") and not (data.get("body") or "").strip():
            self.add_error("file", gettext("Kies een bestand of schrijf de tekst."))
        return data

    def document_kind(self) -> str:
        return (
            Document.Kind.REPORT
            if self.cleaned_data["kind"] == "report"
            else Document.Kind.DOCUMENT
        )


class AppointmentForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DateInput())
    start_time = forms.TimeField(label=_("Begin"), widget=TimeInput())
    end_time = forms.TimeField(label=_("Einde"), widget=TimeInput())
    practitioner = forms.TypedChoiceField(label=_("Met"), coerce=int)
    mode = forms.ChoiceField(
        label=_("Hoe"),
        choices=ClientAppointment.Mode.choices,
        widget=forms.RadioSelect,
        initial=ClientAppointment.Mode.IN_PERSON,
    )
    location = forms.CharField(label=_("Waar"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Voor het gezin"),
        max_length=300,
        required=False,
        help_text=_("Bv. 'Breng je dagboek mee'."),
    )

    def __init__(self, *args: Any, practitioners: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.practitioners = {u.pk: u for u in practitioners}
        self.fields["practitioner"].choices = [
            (u.pk, u.full_name or u.email) for u in practitioners
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", gettext("Het einde moet na het begin liggen."))
        return data

    def moments(self) -> tuple[datetime, datetime]:
        tz = timezone.get_current_timezone()
        day = self.cleaned_data["date"]
        return (
            datetime.combine(day, self.cleaned_data["start_time"], tzinfo=tz),
            datetime.combine(day, self.cleaned_data["end_time"], tzinfo=tz),
        )

    def chosen_practitioner(self) -> Any:
        return self.practitioners[self.cleaned_data["practitioner"]]


class MedicationForm(forms.Form):
    name = forms.CharField(label=_("Geneesmiddel"), max_length=120)
    dose = forms.CharField(label=_("Dosis"), max_length=120, help_text=_("Bv. 10 mg"))
    instructions = forms.CharField(
        label=_("Hoe innemen"),
        max_length=300,
        help_text=_("Bv. 1 tablet 's ochtends bij het eten"),
    )
    prescribed_by = forms.TypedChoiceField(label=_("Voorgeschreven door"), coerce=int)
    start_date = forms.DateField(label=_("Vanaf"), widget=DateInput(), initial=timezone.localdate)
    end_date = forms.DateField(label=_("Tot en met"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, prescribers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.prescribers = {u.pk: u for u in prescribers}
        self.fields["prescribed_by"].choices = [(u.pk, u.full_name or u.email) for u in prescribers]

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("start_date"), data.get("end_date")
        if start and end and end < start:
            self.add_error("end_date", gettext("De einddatum ligt na de startdatum."))
        return data


class ParentAccessForm(forms.Form):
    given = forms.TypedChoiceField(
        label=_("Mogen de ouders het portaal van de jongere zien?"),
        choices=[("yes", _("Ja, de jongere geeft toestemming")), ("no", _("Nee"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages=_required(_("Kies ja of nee.")),
    )


class EndForm(forms.Form):
    end_date = forms.DateField(
        label=_("Laatste dag van het traject"),
        widget=DateInput(),
        initial=timezone.localdate,
        help_text=_("Vandaag of vroeger: de toegang sluit meteen. Later: de dag erna."),
    )
    confirm = forms.BooleanField(
        label=_("Ik begrijp dat de deelnemers daarna niet meer in het portaal kunnen"),
        error_messages=_required(_("Vink aan dat je begrijpt wat er gebeurt.")),
    )


class PractitionerThreadForm(forms.Form):
    participant = forms.TypedChoiceField(label=_("Aan"), coerce=int)
    subject = forms.CharField(
        label=_("Onderwerp"),
        max_length=200,
        error_messages=_required(_("Geef je bericht een onderwerp.")),
    )
    body = forms.CharField(
        label=_("Je bericht"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required(_("Schrijf je bericht.")),
    )
    attachments = AttachmentsField(
        label=_("Bijlagen"),
        required=False,
        help_text=_(
            "Hoogstens 3 bestanden: PDF, afbeelding, Excel (.xlsx), Word (.docx) of tekst."
        ),
    )

    def __init__(self, *args: Any, participants: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.participants = {p.pk: p for p in participants}
        self.fields["participant"].choices = [
            (p.pk, f"{p.user} ({p.get_relation_display()})") for p in participants
        ]

    def chosen_participant(self) -> Any:
        return self.participants[self.cleaned_data["participant"]]


class PractitionerNoteForm(forms.Form):
    body = forms.CharField(
        label=_("Notitie voor het gezin"),
        max_length=10_000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Iedereen die het portaal ziet, leest deze notitie in het dagboek."),
        error_messages=_required(_("Schrijf iets in de notitie.")),
    )


class PractitionersForm(forms.Form):
    practitioners = forms.MultipleChoiceField(
        label=_("Behandelaars in dit traject"),
        widget=forms.CheckboxSelectMultiple,
        error_messages=_required(_("Kies minstens één behandelaar.")),
    )

    def __init__(self, *args: Any, colleagues: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleagues = {str(u.pk): u for u in colleagues}
        self.fields["practitioners"].choices = [
            (str(u.pk), u.full_name or u.email) for u in colleagues
        ]

    def chosen(self) -> list[Any]:
        return [self.colleagues[pk] for pk in self.cleaned_data["practitioners"]]
