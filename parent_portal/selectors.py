"""Reads of the parent portal, scoped by accounts.policies (404 for 'absent' and 'not yours')."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts import policies
from accounts.models import Membership, Organisation, Role, User

from . import schedule
from .models import (
    AdviceArticle,
    Appointment,
    Child,
    ChildDetailsChange,
    Measurement,
    MilestoneItem,
    MilestoneObservation,
    QuestionnaireAssignment,
    Session,
)

# --- Children ------------------------------------------------------------------------------------


def child_get_for_parent(user: User, child_id: int) -> Child:
    return get_object_or_404(
        policies.children_of_parent(user).select_related("organisation"), pk=child_id
    )


def child_get_for_staff(user: User, child_id: int) -> Child:
    return get_object_or_404(
        policies.children_of_staff(user).select_related("organisation"), pk=child_id
    )


def children_for_parent(user: User) -> list[Child]:
    return list(
        policies.children_of_parent(user).select_related("organisation").order_by("birth_date")
    )


def children_closed_for_parent(user: User) -> list[Child]:
    return list(policies.children_past_portal_age(user).order_by("birth_date"))


def children_for_staff(user: User, search: str = "") -> QuerySet[Child]:
    qs = policies.children_of_staff(user).select_related("organisation")
    for word in search.split():
        qs = qs.filter(Q(first_name__icontains=word) | Q(last_name__icontains=word))
    return qs.order_by("last_name", "first_name")


def guardians_of(child: Child) -> list[Any]:
    return list(
        child.guardianships.current().select_related("parent").order_by("parent__last_name")
    )


# --- Appointments --------------------------------------------------------------------------------


def appointments_of_child(child: Child) -> list[Appointment]:
    return list(
        Appointment.objects.filter(child=child)
        .select_related("session__bureau", "session__practitioner", "moved_from")
        .order_by("-date", "-slot_time")
    )


def appointment_get_for_parent(user: User, appointment_id: int) -> Appointment:
    return get_object_or_404(
        policies.appointments_of_parent(user).select_related(
            "child", "session__bureau", "session__practitioner"
        ),
        pk=appointment_id,
    )


def appointment_get_for_staff(user: User, appointment_id: int) -> Appointment:
    return get_object_or_404(
        policies.appointments_visible_to_staff(user).select_related(
            "child", "session__bureau", "session__practitioner", "duo_partner"
        ),
        pk=appointment_id,
    )


def free_slots(
    *,
    bureau_id: int,
    practitioner_kind: str | None,
    start: date,
    end: date,
    not_before: Any = None,
    limit: int = 60,
) -> list[tuple[Session, time]]:
    """Free slots of a bureau between two dates (one query for sessions, one for taken slots)."""
    sessions = Session.objects.filter(bureau_id=bureau_id, date__gte=start, date__lte=end)
    if practitioner_kind:
        sessions = sessions.filter(practitioner_kind=practitioner_kind)
    sessions = list(
        sessions.select_related("practitioner")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.filter(status__in=Appointment.HOLDS_SLOT).exclude(
                    consult_kind=Appointment.ConsultKind.SQUEEZED_IN
                ),
                to_attr="holding",
            )
        )
        .order_by("date", "start_time")
    )
    result = []
    for session in sessions:
        taken = {a.slot_time for a in session.holding}
        for slot in session.slot_times():
            if slot in taken:
                continue
            starts = timezone.make_aware(datetime.combine(session.date, slot))
            if not_before is not None and starts < not_before:
                continue
            result.append((session, slot))
            if len(result) >= limit:
                return result
    return result


def move_options(appointment: Appointment) -> list[tuple[Session, time]]:
    """Free slots of the same bureau and kind, from 24 hours from now to 8 weeks after."""
    now = timezone.now()
    return free_slots(
        bureau_id=appointment.session.bureau_id,
        practitioner_kind=appointment.session.practitioner_kind,
        start=timezone.localdate(now),
        end=max(appointment.date, timezone.localdate(now)) + timedelta(weeks=8),
        not_before=now + timedelta(hours=24),
    )


# --- Week view -----------------------------------------------------------------------------------


@dataclass
class WeekDay:
    day: date
    sessions: list[Session]


def bureau_get_for_staff(user: User, bureau_id: int) -> Organisation:
    for bureau in policies.bureaus_scheduled_by(user):
        if bureau.pk == bureau_id:
            return bureau
    raise Http404


def week_of(bureau: Organisation, monday: date) -> list[WeekDay]:
    sunday = monday + timedelta(days=6)
    sessions = list(
        Session.objects.filter(bureau=bureau, date__gte=monday, date__lte=sunday)
        .select_related("practitioner")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.filter(status__in=Appointment.HOLDS_SLOT),
                to_attr="holding",
            )
        )
        .order_by("date", "start_time")
    )
    days = [WeekDay(monday + timedelta(days=i), []) for i in range(7)]
    for session in sessions:
        days[(session.date - monday).days].sessions.append(session)
    return days


def session_get_for_staff(user: User, session_id: int) -> Session:
    return get_object_or_404(
        policies.sessions_visible_to(user).select_related("bureau", "practitioner"), pk=session_id
    )


def session_slots(session: Session) -> list[tuple[time, list[Appointment]]]:
    appointments = list(
        session.appointments.select_related("child", "duo_partner").order_by("slot_time", "pk")
    )
    by_time: dict[time, list[Appointment]] = {t: [] for t in session.slot_times()}
    for appointment in appointments:
        by_time.setdefault(appointment.slot_time, []).append(appointment)
    return sorted(by_time.items())


def practitioners_of(bureau: Organisation) -> QuerySet[User]:
    ids = (
        Membership.objects.active()
        .filter(organisation=bureau, role=Role.PRACTITIONER)
        .values("user_id")
    )
    return User.objects.filter(pk__in=ids).order_by("last_name", "first_name")


# --- Growth, milestones, questionnaires, advice --------------------------------------------------


def measurements_of(child: Child) -> list[Measurement]:
    return list(Measurement.objects.filter(child=child).order_by("measured_on", "pk"))


@dataclass
class MilestoneStatus:
    item: MilestoneItem
    last: MilestoneObservation | None
    passed: bool


# The 14 exam visits the items map to (README of the data): ages in months.
EXAM_AGES_MONTHS = (1, 2, 3, 6, 9, 12, 15, 18, 24, 30, 36, 42, 48, 54)


def milestone_overview(child: Child, on: date | None = None) -> dict[str, Any]:
    """Per item: latest observation and whether passed; items due now and next."""
    on = on or timezone.localdate()
    items = list(MilestoneItem.objects.order_by("first_age_months", "number"))
    if not items:
        from . import milestone_items

        milestone_items.load(MilestoneItem)
        items = list(MilestoneItem.objects.order_by("first_age_months", "number"))
    observations = list(
        MilestoneObservation.objects.filter(child=child).order_by("observed_on", "pk")
    )
    latest: dict[int, MilestoneObservation] = {}
    passed_ids: set[int] = set()
    for observation in observations:
        latest[observation.item_id] = observation
        if observation.passed:
            passed_ids.add(observation.item_id)
    age_months = child.corrected_age_in_days(on) / 30.4375
    statuses = [MilestoneStatus(i, latest.get(i.pk), i.pk in passed_ids) for i in items]
    # Offered at a visit: items of this age and younger, not yet passed (re-offered until passed).
    due = [s for s in statuses if s.item.first_age_months <= age_months + 0.5 and not s.passed]
    next_age = next((a for a in EXAM_AGES_MONTHS if a > age_months + 0.5), None)
    upcoming = [s for s in statuses if next_age is not None and s.item.first_age_months == next_age]
    observed = [s for s in statuses if s.last is not None]
    return {
        "statuses": statuses,
        "due": due,
        "upcoming": upcoming,
        "next_age": next_age,
        "observed": observed,
        "age_months": age_months,
    }


def assignments_of(child: Child) -> list[QuestionnaireAssignment]:
    from questionnaires.models import Answer

    return list(
        QuestionnaireAssignment.objects.filter(child=child)
        .select_related("response__questionnaire", "response__submitted_by", "appointment")
        .annotate(started=Exists(Answer.objects.filter(response_id=OuterRef("response_id"))))
        .order_by("-assigned_at")
    )


def assignment_get_for_parent(
    user: User, child: Child, assignment_id: int
) -> QuestionnaireAssignment:
    return get_object_or_404(
        QuestionnaireAssignment.objects.filter(
            child__in=policies.children_of_parent(user), child=child
        ).select_related("response__questionnaire", "child"),
        pk=assignment_id,
    )


def assignment_get_for_staff(user: User, assignment_id: int) -> QuestionnaireAssignment:
    return get_object_or_404(
        QuestionnaireAssignment.objects.filter(
            child__in=policies.children_of_staff(user)
        ).select_related("response__questionnaire", "child", "response__submitted_by"),
        pk=assignment_id,
    )


def advice_for_age(age_months: float, limit: int = 6) -> list[AdviceArticle]:
    return list(
        AdviceArticle.objects.filter(
            is_published=True, min_age_months__lte=age_months, max_age_months__gte=age_months
        ).order_by("theme", "title")[:limit]
    )


def advice_get(slug: str) -> AdviceArticle:
    return get_object_or_404(AdviceArticle, slug=slug, is_published=True)


def details_changes(child: Child, limit: int = 10) -> list[ChildDetailsChange]:
    return list(child.details_changes.select_related("changed_by").order_by("-changed_at")[:limit])


# --- The visits ahead ----------------------------------------------------------------------------


@dataclass
class PlannedVisit:
    moment: schedule.ContactMoment
    target: date
    opens: date
    appointment: Appointment | None
    can_book: bool


def visits_ahead(
    child: Child, appointments: list[Appointment], on: date | None = None
) -> list[PlannedVisit]:
    """The next clinic visits of the programme, with the appointment made for each (if any)."""
    on = on or timezone.localdate()
    by_moment = {
        a.contact_moment: a
        for a in sorted(appointments, key=lambda a: (a.date, a.slot_time))
        if a.contact_moment and a.status in Appointment.HOLDS_SLOT
    }
    done = {code for code, a in by_moment.items() if a.status != Appointment.Status.BOOKED}
    visits = []
    for moment in schedule.upcoming_moments(child.birth_date, on, done):
        opens = moment.booking_opens(child.birth_date)
        appointment = by_moment.get(moment.code)
        visits.append(
            PlannedVisit(
                moment=moment,
                target=moment.target_date(child.birth_date),
                opens=opens,
                appointment=appointment,
                can_book=appointment is None and opens <= on,
            )
        )
    return visits[:3]


def upcoming_appointments_of(child: Child) -> QuerySet[Appointment]:
    return Appointment.objects.filter(
        child=child, status=Appointment.Status.BOOKED, date__gte=timezone.localdate()
    ).order_by("date", "slot_time")


def assignable_questionnaires() -> QuerySet[Any]:
    from questionnaires.models import Questionnaire

    return Questionnaire.objects.filter(
        is_active=True, audience=Questionnaire.Audience.CHILDREN
    ).order_by("title")


def sessions_of_practitioner(user: User, days: int = 7) -> list[Session]:
    """The user's own sessions from today on, with how many places are taken."""
    today = timezone.localdate()
    return list(
        policies.sessions_visible_to(user)
        .filter(practitioner=user, date__gte=today, date__lte=today + timedelta(days=days))
        .select_related("bureau")
        .prefetch_related(
            Prefetch(
                "appointments",
                queryset=Appointment.objects.filter(status__in=Appointment.HOLDS_SLOT),
                to_attr="holding",
            )
        )
        .order_by("date", "start_time")
    )


def advice_by_theme() -> list[tuple[str, list[AdviceArticle]]]:
    """Published articles grouped by theme, themes in their defined order."""
    articles = list(
        AdviceArticle.objects.filter(is_published=True).order_by("min_age_months", "title")
    )
    groups = []
    for theme in AdviceArticle.Theme:
        in_theme = [a for a in articles if a.theme == theme.value]
        if in_theme:
            groups.append((str(theme.label), in_theme))
    return groups
