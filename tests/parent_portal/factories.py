"""Objects of the parent portal for tests, made through the services (as the portal makes them)."""

from __future__ import annotations

from datetime import date, time, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Role
from parent_portal import services
from parent_portal.models import AdviceArticle, Appointment, Child, Session
from questionnaires.models import Choice, Question, Questionnaire, Section
from tests.factories import member


def days_ago(days: int) -> date:
    return timezone.localdate() - timedelta(days=days)


def make_child(
    organisation: Any,
    *,
    age_days: int = 300,
    sex: str = "female",
    first_name: str = "Lotte",
    **extra: Any,
) -> Child:
    birth = days_ago(age_days)
    return services.child_create(
        actor=None,
        organisation=organisation,
        first_name=first_name,
        last_name="Test",
        birth_date=birth,
        sex=sex,
        registration_date=birth,
        **extra,
    )


def give_parent(child: Child, parent: Any, **extra: Any) -> Any:
    return services.guardianship_create(actor=None, parent=parent, child=child, **extra)


def make_session(
    bureau: Any,
    *,
    practitioner: Any = None,
    on: date | None = None,
    start: time = time(9, 0),
    end: time = time(11, 0),
    slot_minutes: int = 20,
    kind: str = "nurse",
) -> Session:
    practitioner = practitioner or member(Role.PRACTITIONER, bureau)
    return services.session_create(
        actor=None,
        bureau=bureau,
        practitioner=practitioner,
        practitioner_kind=kind,
        date=on or timezone.localdate() + timedelta(days=5),
        start_time=start,
        end_time=end,
        slot_minutes=slot_minutes,
    )


def book(session: Session, child: Child, slot: time | None = None, **extra: Any) -> Appointment:
    return services.appointment_book(
        actor=None, session=session, child=child, slot_time=slot or session.slot_times()[0], **extra
    )


def make_questionnaire(code: str = "test-vragenlijst") -> Questionnaire:
    """Two sections; a required single choice with a show-if follow-up; research questions."""
    questionnaire = Questionnaire.objects.create(title="Testvragenlijst", code=code)
    first = Section.objects.create(questionnaire=questionnaire, position=0, title="Gezondheid")
    second = Section.objects.create(questionnaire=questionnaire, position=1, title="Slapen")
    healthy = Question.objects.create(
        section=first, position=0, code="gezond", kind="single", text="Is je kind gezond?"
    )
    Choice.objects.create(question=healthy, position=0, value="ja", label="Ja")
    Choice.objects.create(question=healthy, position=1, value="nee", label="Nee")
    Question.objects.create(
        section=first,
        position=1,
        code="uitleg",
        kind="text",
        text="Wat was er aan de hand?",
        show_if_question=healthy,
        show_if_values=["nee"],
    )
    Question.objects.create(
        section=first,
        position=2,
        code="tandarts",
        kind="date",
        text="Laatste tandartsbezoek?",
        required=False,
    )
    Question.objects.create(
        section=second,
        position=0,
        code="slaapuren",
        kind="number",
        text="Hoeveel uur slaapt je kind?",
        is_research=True,
        number_min=4,
        number_max=16,
    )
    Question.objects.create(
        section=second,
        position=1,
        code="doorslapen",
        kind="scale",
        text="Hoe goed slaapt je kind door?",
        is_research=True,
        scale_min=1,
        scale_max=5,
    )
    return questionnaire


def make_article(slug: str = "veilig-slapen") -> AdviceArticle:
    return AdviceArticle.objects.get_or_create(
        slug=slug,
        defaults={
            "theme": "sleep",
            "title": "Veilig slapen",
            "summary": "Op de rug.",
            "body": "Tekst.\n\nMeer tekst.",
            "min_age_months": 0,
            "max_age_months": 24,
        },
    )[0]
