"""A form for one section of a questionnaire, built from its questions.

Required questions are enforced at submission, not while saving: a person may stop halfway.
Field names are `q_<question id>`; `values()` gives the JSON values to store.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Question


def field_name(question: Question) -> str:
    return f"q_{question.pk}"


def _plain(value: Decimal | None) -> Decimal | int | None:
    """16.00 -> 16 in messages and input limits; 4.50 -> 4.5."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else value.normalize()


def _field_for(question: Question) -> forms.Field:
    common: dict[str, Any] = {
        "label": question.text,
        "required": False,
        "help_text": question.help_text,
    }
    kind = question.kind
    choices = [(c.value, c.label) for c in question.choices.all()]
    if kind == Question.Kind.SINGLE:
        return forms.ChoiceField(choices=choices, widget=forms.RadioSelect, **common)
    if kind == Question.Kind.MULTIPLE:
        return forms.MultipleChoiceField(
            choices=choices, widget=forms.CheckboxSelectMultiple, **common
        )
    if kind == Question.Kind.SCALE:
        values = range(question.scale_min, question.scale_max + 1)
        return forms.TypedChoiceField(
            choices=[(str(v), str(v)) for v in values],
            coerce=int,
            empty_value=None,
            widget=forms.RadioSelect,
            **common,
        )
    if kind == Question.Kind.NUMBER:
        field = forms.DecimalField(
            min_value=_plain(question.number_min),
            max_value=_plain(question.number_max),
            **common,
            error_messages={
                "invalid": _("Vul een getal in."),
                "min_value": _("Vul een getal van minstens %(limit_value)s in."),
                "max_value": _("Vul een getal van hoogstens %(limit_value)s in."),
            },
        )
        field.widget.attrs.update({"inputmode": "decimal", "step": "any"})
        return field
    if kind == Question.Kind.DATE:
        return forms.DateField(
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            **common,
            error_messages={"invalid": _("Vul een datum in, bv. 15/03/2024.")},
        )
    return forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=4000, **common)


def to_initial(question: Question, value: Any) -> Any:
    if value is None:
        return None
    if question.kind == Question.Kind.SCALE:
        return str(value)
    if question.kind == Question.Kind.DATE:
        return date.fromisoformat(value)
    return value


def to_value(question: Question, cleaned: Any) -> Any:
    if cleaned in (None, "", []):
        return None
    if question.kind == Question.Kind.NUMBER and isinstance(cleaned, Decimal):
        return float(cleaned) if cleaned % 1 else int(cleaned)
    if question.kind == Question.Kind.DATE:
        return cleaned.isoformat()
    return cleaned


class SectionForm(forms.Form):
    def __init__(
        self, *args: Any, questions: list[Question], answers: dict[int, Any], **kwargs: Any
    ) -> None:
        initial = {field_name(q): to_initial(q, answers.get(q.pk)) for q in questions}
        super().__init__(*args, initial=initial, **kwargs)
        self.questions = questions
        for question in questions:
            self.fields[field_name(question)] = _field_for(question)

    def values(self) -> dict[int, Any]:
        return {q.pk: to_value(q, self.cleaned_data.get(field_name(q))) for q in self.questions}

    def rows(self) -> list[tuple[Question, Any]]:
        """(question, bound field) pairs for the template, with condition data."""
        return [(q, self[field_name(q)]) for q in self.questions]

    def rows_with_visibility(
        self, *, sections: list[Any], section: Any, answers: dict[int, Any]
    ) -> list[tuple[Question, Any, bool]]:
        """(question, field, shown). A condition on an earlier section is decided here from the
        saved answers; one within this section is left to the page's script (shown without JS)."""
        from . import logic

        by_id = {q.pk: q for s in sections for q in s.questions.all()}
        rows = []
        for question, bound in self.rows():
            source = by_id.get(question.show_if_question_id)
            decided_here = source is not None and source.section_id != section.pk
            shown = logic.is_shown(question, answers, by_id) if decided_here else True
            rows.append((question, bound, shown))
        return rows


# --- Opening a round (the agency) -----------------------------------------------------------------


class RoundForm(forms.Form):
    questionnaire = forms.ModelChoiceField(
        label=_("Vragenlijst"),
        queryset=None,
        empty_label=_("Kies een vragenlijst"),
        error_messages={"required": _("Kies de vragenlijst van deze ronde.")},
    )
    title = forms.CharField(
        label=_("Naam van de ronde"),
        max_length=200,
        help_text=_(
            "Zo zien de organisaties de ronde, bv. „Toegankelijkheid huisartsenzorg 2026”."
        ),
        error_messages={"required": _("Geef de ronde een naam.")},
    )
    opens_on = forms.DateField(
        label=_("Start"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_("Vanaf deze dag kunnen de organisaties antwoorden. Vandaag: meteen."),
        error_messages={
            "required": _("Vul de startdatum in."),
            "invalid": _("Vul een datum in, bv. 15/03/2026."),
        },
    )
    deadline_on = forms.DateField(
        label=_("Deadline"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=_(
            "Tot en met deze dag (23.59 uur). Daarna zijn de antwoorden niet meer te wijzigen."
        ),
        error_messages={
            "required": _("Vul de deadline in."),
            "invalid": _("Vul een datum in, bv. 30/04/2026."),
        },
    )
    all_gp_circles = forms.BooleanField(
        label=_("Alle huisartsenkringen"),
        required=False,
        help_text=_("Of kies hieronder de organisaties één voor één."),
    )
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisaties"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    reminder_days = forms.CharField(
        label=_("Herinneringen: hoeveel dagen vóór de deadline?"),
        initial="7, 2",
        required=False,
        help_text=_(
            "Organisaties die nog niet indienden, krijgen dan een e-mail. Bv. „7, 2”; leeg "
            "laten voor geen herinneringen."
        ),
    )

    def __init__(self, *args: Any, questionnaires: Any, organisations: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["questionnaire"].queryset = questionnaires
        self.fields["organisations"].queryset = organisations
        self.fields["organisations"].label_from_instance = lambda o: (
            f"{o.name} ({o.get_kind_display().lower()})"
        )

    def clean_reminder_days(self) -> list[int]:
        text = self.cleaned_data.get("reminder_days") or ""
        days = []
        for part in text.replace(";", ",").replace(" ", ",").split(","):
            if not part:
                continue
            if not part.isdigit() or not 1 <= int(part) <= 60:
                raise forms.ValidationError(
                    _("Vul aantallen dagen tussen 1 en 60 in, gescheiden door komma's, bv. 7, 2.")
                )
            days.append(int(part))
        return days

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if data.get("all_gp_circles"):
            circles = self.fields["organisations"].queryset.filter(kind="gp_circle")
            data["organisations"] = list(
                {o.pk: o for o in [*circles, *(data.get("organisations") or [])]}.values()
            )
        if not data.get("organisations"):
            self.add_error(
                "organisations",
                _("Kies minstens één organisatie, of vink „Alle huisartsenkringen” aan."),
            )
        opens, deadline = data.get("opens_on"), data.get("deadline_on")
        if opens and deadline and deadline < opens:
            self.add_error("deadline_on", _("Kies een deadline op of na de startdatum."))
        return data
