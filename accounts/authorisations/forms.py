"""The organiser's request form: additions, removals, changes and the declaration on honour.

The choices (bureaus, people) come from the organiser's own bureaus only, so a tampered id is
"not one of the choices"; the service checks the same again. Rows left empty are ignored.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import ErrorDict, ErrorList
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import AuthorisationRequest, DeclarationText, Organisation, User
from . import rules, selectors

REQUIRED = "required"


def _messages(required: str, **extra: Any) -> dict[str, Any]:
    return {REQUIRED: required, **extra}


class BureauChoices(forms.ModelMultipleChoiceField):
    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Organisation) -> str:
        return obj.name


class PersonChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return rules.user_label(obj)


class AdditionForm(forms.Form):
    first_name = forms.CharField(
        label=gettext_lazy("Voornaam"),
        max_length=150,
        error_messages=_messages(gettext_lazy("Vul de voornaam in.")),
    )
    last_name = forms.CharField(
        label=gettext_lazy("Familienaam"),
        max_length=150,
        error_messages=_messages(gettext_lazy("Vul de familienaam in.")),
    )
    email = forms.EmailField(
        label=gettext_lazy("E-mailadres"),
        help_text=gettext_lazy("Het werkadres: daar komt de uitnodiging."),
        error_messages=_messages(
            gettext_lazy("Vul het e-mailadres in."),
            invalid=gettext_lazy("Vul een geldig e-mailadres in, zoals naam@voorbeeld.be."),
        ),
    )
    function = forms.CharField(
        label=gettext_lazy("Functie"),
        max_length=150,
        help_text=gettext_lazy("Bijvoorbeeld arts, verpleegkundige of administratief medewerker."),
        error_messages=_messages(gettext_lazy("Vul de functie in.")),
    )
    bureaus = BureauChoices(
        queryset=Organisation.objects.none(),
        label=gettext_lazy("Consultatiebureaus"),
        error_messages=_messages(
            gettext_lazy("Kies minstens één consultatiebureau."),
            invalid_choice=gettext_lazy("Kies alleen je eigen consultatiebureaus."),
            invalid_pk_value=gettext_lazy("Kies alleen je eigen consultatiebureaus."),
        ),
    )

    def __init__(self, *args: Any, bureaus: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bureaus"].queryset = bureaus

    def person_name(self) -> str:
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}
        first = data.get("first_name") or self.data.get(self.add_prefix("first_name"), "")
        last = data.get("last_name") or self.data.get(self.add_prefix("last_name"), "")
        return " ".join(f"{first} {last}".split())


class ChangeForm(forms.Form):
    person = PersonChoice(
        queryset=User.objects.none(),
        label=gettext_lazy("Persoon"),
        empty_label=gettext_lazy("— kies een persoon —"),
        error_messages=_messages(
            gettext_lazy("Kies wie er verandert."),
            invalid_choice=gettext_lazy("Kies iemand die nu gemachtigd is bij je bureaus."),
        ),
    )
    bureaus = BureauChoices(
        queryset=Organisation.objects.none(),
        label=gettext_lazy("Consultatiebureaus na de wijziging"),
        required=False,
        error_messages={
            "invalid_choice": gettext_lazy("Kies alleen je eigen consultatiebureaus."),
            "invalid_pk_value": gettext_lazy("Kies alleen je eigen consultatiebureaus."),
        },
    )
    function = forms.CharField(
        label=gettext_lazy("Nieuwe functie"),
        max_length=150,
        required=False,
        help_text=gettext_lazy("Laat leeg als de functie niet verandert."),
    )

    def __init__(
        self,
        *args: Any,
        bureaus: QuerySet[Organisation],
        persons: QuerySet[User],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["bureaus"].queryset = bureaus
        self.fields["person"].queryset = persons

    def person_name(self) -> str:
        person = getattr(self, "cleaned_data", {}).get("person")
        return person.full_name if person else ""


class RemovalForm(forms.Form):
    persons = forms.ModelMultipleChoiceField(
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        label=gettext_lazy("Wie moet geschrapt worden?"),
        help_text=gettext_lazy(
            "De persoon verliest de toegang tot al je consultatiebureaus zodra het agentschap "
            "de aanvraag goedkeurt. Vertrekt iemand nu? Gebruik dan 'Nu schrappen' in het "
            "overzicht: dat werkt meteen."
        ),
        error_messages={
            "invalid_choice": gettext_lazy("Kies alleen mensen die nu gemachtigd zijn."),
            "invalid_pk_value": gettext_lazy("Kies alleen mensen die nu gemachtigd zijn."),
        },
    )

    def __init__(
        self, *args: Any, persons: QuerySet[User], bureaus_by_person: dict, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["persons"]
        field.queryset = persons
        field.label_from_instance = lambda user: "{} · {}".format(
            rules.user_label(user), ", ".join(bureaus_by_person.get(user.pk, []))
        )


class DeclarationForm(forms.Form):
    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    declaration_version = forms.CharField(widget=forms.HiddenInput)
    revision = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(
        label=gettext_lazy("Opmerking voor het agentschap"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    confirmed = forms.BooleanField(
        label=gettext_lazy("Ik verklaar dit op erewoord."),
        error_messages=_messages(
            gettext_lazy(
                "Vink de verklaring op erewoord aan. Zonder die bevestiging kan het agentschap "
                "je aanvraag niet behandelen."
            )
        ),
    )
    signature_name = forms.CharField(
        label=gettext_lazy("Handtekening: je volledige naam"),
        max_length=200,
        error_messages=_messages(gettext_lazy("Typ je volledige naam als handtekening.")),
    )

    def __init__(self, *args: Any, actor: User, declaration: DeclarationText, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.actor = actor
        self.declaration = declaration
        if actor.full_name:
            self.fields["signature_name"].help_text = _(
                "Typ je voornaam en familienaam zoals in je account: %(name)s."
            ) % {"name": actor.full_name}

    def clean_declaration_version(self) -> str:
        version = self.cleaned_data["declaration_version"]
        if version != self.declaration.version:
            raise forms.ValidationError(
                _(
                    "De verklaring op erewoord is intussen gewijzigd. Lees de nieuwe tekst en "
                    "bevestig ze opnieuw."
                )
            )
        return version

    def clean_signature_name(self) -> str:
        typed = " ".join(self.cleaned_data["signature_name"].split())
        expected = " ".join(self.actor.full_name.split())
        if expected and typed.casefold() != expected.casefold():
            raise forms.ValidationError(
                _("Typ je volledige naam precies zoals in je account: %(name)s.")
                % {"name": expected}
            )
        if not expected and len(typed.split()) < 2:
            raise forms.ValidationError(_("Typ je voornaam en je familienaam."))
        return typed


class QuietFormSet(forms.BaseFormSet):
    def filled_forms(self) -> list[forms.Form]:
        return [form for form in self.forms if form.has_changed()]


AdditionFormSet = forms.formset_factory(AdditionForm, formset=QuietFormSet, extra=1)
ChangeFormSet = forms.formset_factory(ChangeForm, formset=QuietFormSet, extra=1)

SECTION_LABELS = {
    rules.ADDITIONS: gettext_lazy("Toevoegen, persoon %(number)s"),
    rules.CHANGES: gettext_lazy("Wijzigen, persoon %(number)s"),
    rules.REMOVALS: gettext_lazy("Schrappen"),
}


@dataclass(frozen=True)
class SummaryItem:
    anchor: str
    text: str


class AuthorisationRequestForm:
    """All parts of a request in one object, validated together against the current state."""

    def __init__(
        self,
        *,
        organiser: Organisation,
        actor: User,
        declaration: DeclarationText,
        data: Any = None,
        editing: AuthorisationRequest | None = None,
    ) -> None:
        self.organiser = organiser
        self.editing = editing
        self.declaration_text = declaration
        bureaus = selectors.bureaus_queryset(organiser)
        persons = selectors.current_persons(organiser)
        names = selectors.bureau_names_by_person(organiser)
        initial = _initial_from(editing) if editing and data is None else {}
        self.additions = AdditionFormSet(
            data,
            prefix="additions",
            initial=initial.get("additions"),
            form_kwargs={"bureaus": bureaus, "empty_permitted": True},
        )
        self.removals = RemovalForm(
            data,
            prefix="removals",
            persons=persons,
            bureaus_by_person=names,
            initial=initial.get("removals"),
        )
        self.changes = ChangeFormSet(
            data,
            prefix="changes",
            initial=initial.get("changes"),
            form_kwargs={"bureaus": bureaus, "persons": persons, "empty_permitted": True},
        )
        self.declaration = DeclarationForm(
            data,
            prefix="declaration",
            actor=actor,
            declaration=declaration,
            initial={
                "submission_key": uuid.uuid4(),
                "declaration_version": declaration.version,
                "revision": editing.revision if editing else None,
                "note": editing.note if editing else "",
            },
        )
        self.has_bureaus = bureaus.exists()
        self.has_persons = bool(names)

    # --- validation ---------------------------------------------------------------------------

    def is_valid(self) -> bool:
        """Each part, then the rules over every row that is valid on its own, so the organiser
        sees all problems at once (a duplicate e-mail next to a missing function)."""
        parts_valid = all(
            [
                self.additions.is_valid(),
                self.removals.is_valid(),
                self.changes.is_valid(),
                self.declaration.is_valid(),
            ]
        )
        lines = self.lines()
        if lines.is_empty() and not parts_valid:
            return False
        problems = rules.check_lines(organiser=self.organiser, lines=lines, editing=self.editing)
        for problem in problems:
            self._attach(problem)
        return parts_valid and not problems

    def _valid_rows(self, formset: QuietFormSet) -> list[forms.Form]:
        return [form for form in formset.filled_forms() if not form.errors]

    def _attach(self, problem: rules.Problem) -> None:
        if problem.section == rules.ADDITIONS:
            self._valid_rows(self.additions)[problem.index].add_error(
                problem.field, problem.message
            )
        elif problem.section == rules.CHANGES:
            self._valid_rows(self.changes)[problem.index].add_error(problem.field, problem.message)
        elif problem.section == rules.REMOVALS:
            self.removals.add_error("persons", problem.message)
        else:
            self.declaration.add_error(None, problem.message)

    def lines(self) -> rules.Lines:
        """The valid rows as lines (all rows, once the form as a whole is valid)."""
        additions = [
            rules.Addition(
                first_name=f.cleaned_data["first_name"],
                last_name=f.cleaned_data["last_name"],
                email=f.cleaned_data["email"],
                function=f.cleaned_data["function"],
                bureaus=tuple(f.cleaned_data["bureaus"]),
            )
            for f in self._valid_rows(self.additions)
        ]
        removed = self.removals.cleaned_data.get("persons", []) if not self.removals.errors else []
        changes = [
            rules.Change(
                person=f.cleaned_data["person"],
                bureaus=tuple(f.cleaned_data["bureaus"]),
                function=f.cleaned_data["function"],
            )
            for f in self._valid_rows(self.changes)
        ]
        return rules.Lines(additions, [rules.Removal(p) for p in removed], changes)

    def focus_new_row(self, section: str) -> None:
        formset = self.additions if section == rules.ADDITIONS else self.changes
        first = "first_name" if section == rules.ADDITIONS else "person"
        formset.forms[-1].fields[first].widget.attrs["autofocus"] = True

    def quiet(self) -> None:
        """Show the typed values without errors (after 'add a row', nothing was submitted)."""
        for form in [*self.additions.forms, *self.changes.forms, self.removals, self.declaration]:
            form._errors = ErrorDict()
            form.cleaned_data = {}
        for formset in (self.additions, self.changes):
            formset._errors = [ErrorDict() for _form in formset.forms]
            formset._non_form_errors = ErrorList()

    # --- presentation -------------------------------------------------------------------------

    def error_summary(self) -> list[SummaryItem]:
        items = [
            SummaryItem(f"id_{self.declaration.prefix}-confirmed", str(e))
            for e in self.declaration.non_field_errors()
        ]
        for section, formset in ((rules.ADDITIONS, self.additions), (rules.CHANGES, self.changes)):
            for number, form in enumerate(formset.forms, start=1):
                items += _form_items(form, section, number)
        items += _form_items(self.removals, rules.REMOVALS, None)
        items += _form_items(self.declaration, None, None)
        return items


def _form_items(form: forms.Form, section: str | None, number: int | None) -> list[SummaryItem]:
    items = []
    if not form.is_bound or not form.errors:
        return items
    name = form.person_name() if hasattr(form, "person_name") else ""
    for field_name, errors in form.errors.items():
        if field_name == "__all__":
            continue
        bound = form[field_name]
        for error in errors:
            parts = []
            if section:
                heading = str(SECTION_LABELS[section]) % {"number": number}
                if name and name not in error:
                    heading = f"{heading} ({name})"
                parts.append(heading)
            parts.append(f"{str(bound.label).rstrip('.:')}: {error}")
            items.append(SummaryItem(bound.auto_id, " – ".join(parts)))
    return items


def _initial_from(auth_request: AuthorisationRequest) -> dict[str, Any]:
    lines = list(auth_request.lines.all())
    return {
        "additions": [
            {
                "first_name": line.first_name,
                "last_name": line.last_name,
                "email": line.email,
                "function": line.function,
                "bureaus": [b.pk for b in line.bureaus.all()],
            }
            for line in lines
            if line.action == line.Action.ADD
        ],
        "removals": {
            "persons": [line.person_id for line in lines if line.action == line.Action.REMOVE]
        },
        "changes": [
            {
                "person": line.person_id,
                "bureaus": [b.pk for b in line.bureaus.all()],
                "function": line.function,
            }
            for line in lines
            if line.action == line.Action.CHANGE
        ],
    }


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reden van weigering"),
        help_text=gettext_lazy(
            "De organisator krijgt deze uitleg per e-mail. Zeg wat er moet veranderen."
        ),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_messages(
            gettext_lazy("Schrijf waarom je de aanvraag weigert. De organisator leest dit.")
        ),
    )


class RemoveNowForm(forms.Form):
    REASONS = [
        ("left", gettext_lazy("Verlaat de organisatie")),
        ("no_longer_needed", gettext_lazy("Heeft de dashboards niet meer nodig")),
        ("other", gettext_lazy("Andere reden")),
    ]
    reason = forms.ChoiceField(
        label=gettext_lazy("Waarom?"),
        choices=REASONS,
        widget=forms.RadioSelect,
        error_messages=_messages(gettext_lazy("Kies waarom je deze persoon schrapt.")),
    )
    detail = forms.CharField(
        label=gettext_lazy("Toelichting"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def reason_text(self) -> str:
        label = str(dict(self.REASONS)[self.cleaned_data["reason"]])
        detail = self.cleaned_data.get("detail", "").strip()
        return f"{label}: {detail}" if detail else label
