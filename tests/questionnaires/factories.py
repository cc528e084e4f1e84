"""A questionnaire for organisations and a round, made through the services (as the agency)."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from questionnaires import services
from questionnaires.models import Choice, Question, Questionnaire, Round, Section


def make_round_questionnaire(code: str = "kring-test") -> Questionnaire:
    """Two sections: a required single choice with a required multiple-choice follow-up shown
    only for "beperkt"/"nee"; a required number (0-90) and an optional free text."""
    questionnaire = Questionnaire.objects.create(
        title="Toegankelijkheid (test)",
        code=code,
        audience=Questionnaire.Audience.ORGANISATIONS,
        retention_years=10,
    )
    first = Section.objects.create(
        questionnaire=questionnaire, position=0, title="Nieuwe patiënten"
    )
    second = Section.objects.create(questionnaire=questionnaire, position=1, title="Wachttijd")
    accepts = Question.objects.create(
        section=first,
        position=0,
        code="nieuwe_patienten",
        text="Nemen de huisartsen van je kring nieuwe patiënten aan?",
        kind="single",
    )
    for position, (value, label) in enumerate(
        [("ja", "Ja"), ("beperkt", "Beperkt"), ("nee", "Nee")]
    ):
        Choice.objects.create(question=accepts, position=position, value=value, label=label)
    why = Question.objects.create(
        section=first,
        position=1,
        code="stop_reden",
        text="Waarom niet (altijd)?",
        kind="multiple",
        show_if_question=accepts,
        show_if_values=["beperkt", "nee"],
    )
    for position, (value, label) in enumerate([("werkdruk", "Werkdruk"), ("tekort", "Tekort")]):
        Choice.objects.create(question=why, position=position, value=value, label=label)
    Question.objects.create(
        section=second,
        position=0,
        code="wachttijd_dagen",
        text="Hoeveel dagen wacht een patiënt op een niet-dringende afspraak?",
        kind="number",
        number_min=0,
        number_max=90,
    )
    Question.objects.create(
        section=second,
        position=1,
        code="opmerking",
        text="Opmerkingen",
        kind="text",
        required=False,
    )
    return questionnaire


def question(questionnaire: Questionnaire, code: str) -> Question:
    return Question.objects.get(section__questionnaire=questionnaire, code=code)


def open_round(
    actor: Any,
    organisations: list[Any],
    *,
    questionnaire: Questionnaire | None = None,
    opens_at: datetime | None = None,
    deadline: datetime | None = None,
    reminder_days: tuple[int, ...] = (7, 2),
    title: str = "Ronde 2026",
) -> Round:
    now = timezone.now()
    return services.round_open(
        actor=actor,
        questionnaire=questionnaire or make_round_questionnaire(),
        title=title,
        opens_at=opens_at or now - timedelta(hours=1),
        deadline=deadline or now + timedelta(days=14),
        organisations=organisations,
        reminder_days=reminder_days,
    )
