"""Every write of the parent portal: atomic, validated, audited.

Sessions and appointments change only here. Each such write tells the registered schedule
listeners which bureau-days changed (`on_schedule_change`), inside the same transaction, so the
dashboards can mark those days dirty.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts import audit, invitations
from accounts.models import Membership, Organisation, Role, User
from accounts.services import membership_create, user_get_or_create
from questionnaires.models import Questionnaire
from questionnaires.services import response_start

from . import schedule
from .models import (
    Appointment,
    Child,
    ChildDetailsChange,
    Guardianship,
    Measurement,
    MilestoneItem,
    MilestoneObservation,
    QuestionnaireAssignment,
    ReminderPreference,
    Session,
    part_of_day_for,
)

PARENT_PURPOSE = "parent"

# --- Schedule listeners (the dashboards' dirty days) ----------------------------------------------

ScheduleListener = Callable[[int, set[date]], None]
_schedule_listeners: list[ScheduleListener] = []


def on_schedule_change(listener: ScheduleListener) -> ScheduleListener:
    """Register `listener(bureau_id, dates)`; called inside the writing transaction."""
    _schedule_listeners.append(listener)
    return listener


def _schedule_changed(bureau_id: int, *dates: date) -> None:
    for listener in _schedule_listeners:
        listener(bureau_id, set(dates))


# --- Children, guardianship, invitations ----------------------------------------------------------


@transaction.atomic
def child_create(
    *,
    actor: User | None,
    organisation: Organisation,
    first_name: str,
    last_name: str,
    birth_date: date,
    sex: str,
    registration_date: date | None = None,
    enrolment_date: date | None = None,
    gestational_age_weeks: int | None = None,
    gestational_age_days: int = 0,
    is_demo: bool = False,
    request: Any = None,
) -> Child:
    child = Child(
        organisation=organisation,
        first_name=first_name,
        last_name=last_name,
        birth_date=birth_date,
        sex=sex,
        registration_date=registration_date or timezone.localdate(),
        enrolment_date=enrolment_date,
        gestational_age_weeks=gestational_age_weeks,
        gestational_age_days=gestational_age_days,
        is_demo=is_demo,
    )
    child.full_clean()
    child.save()
    audit.record(
        action="child.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=organisation,
        obj=child,
        subject_ref=audit.subject_ref_for(child),
    )
    return child


@transaction.atomic
def guardianship_create(
    *,
    actor: User | None,
    parent: User,
    child: Child,
    has_parental_authority: bool = True,
    valid_from: date | None = None,
    request: Any = None,
) -> Guardianship:
    existing = Guardianship.objects.current().filter(parent=parent, child=child).first()
    if existing:
        return existing
    guardianship = Guardianship(
        parent=parent,
        child=child,
        has_parental_authority=has_parental_authority,
        valid_from=valid_from or timezone.localdate(),
    )
    guardianship.full_clean()
    guardianship.save()
    audit.record(
        action="guardianship.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=child.organisation,
        obj=guardianship,
        subject_ref=audit.subject_ref_for(child),
        details={"authority": has_parental_authority},
    )
    return guardianship


@transaction.atomic
def guardianship_end(
    *, actor: User | None, guardianship: Guardianship, on: date | None = None, request: Any = None
) -> Guardianship:
    """Authority ended (e.g. a court decision): the parent's view of the child closes that day."""
    on = on or timezone.localdate()
    guardianship.valid_until = max(on - timedelta(days=1), guardianship.valid_from)
    guardianship.ended_at = timezone.now()
    guardianship.full_clean()
    guardianship.save(update_fields=["valid_until", "ended_at"])
    audit.record(
        action="guardianship.end",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=guardianship.child.organisation,
        obj=guardianship,
        subject_ref=audit.subject_ref_for(guardianship.child),
    )
    return guardianship


def parent_invitation_check_passes(invitation: Any, data: dict[str, Any]) -> bool:
    """The invited parent proves the link with their child's birth date."""
    child_id = invitation.context.get("child_id")
    return Child.objects.filter(pk=child_id, birth_date=data.get("birth_date")).exists()


@transaction.atomic
def parent_invite(
    *,
    actor: User,
    child: Child,
    email: str,
    first_name: str = "",
    last_name: str = "",
    has_parental_authority: bool = True,
    request: Any = None,
) -> tuple[User, Any]:
    """Invite a parent: account (no password), guardianship, parent membership, e-mailed link.

    The link asks the child's birth date, then a password and MFA. No password is e-mailed.
    """
    parent, _created = user_get_or_create(
        email=email, first_name=first_name, last_name=last_name, actor=actor
    )
    if Membership.objects.active().filter(user=parent).exclude(role=Role.PARENT).exists():
        raise ValidationError(
            {"email": _("Dit e-mailadres hoort bij een medewerker. Gebruik een persoonlijk adres.")}
        )
    guardianship_create(
        actor=actor,
        parent=parent,
        child=child,
        has_parental_authority=has_parental_authority,
        request=request,
    )
    if (
        not Membership.objects.active()
        .filter(user=parent, organisation=child.organisation, role=Role.PARENT)
        .exists()
    ):
        membership_create(
            actor=actor,
            user=parent,
            organisation=child.organisation,
            role=Role.PARENT,
            request=request,
        )
    invitation = None
    if not parent.has_usable_password():
        invitation, link = invitations.invitation_create(
            actor=actor,
            user=parent,
            purpose=PARENT_PURPOSE,
            organisation=child.organisation,
            context={"child_id": child.pk},
            request=request,
        )
        subject = _("Je uitnodiging voor het ouderportaal")
        intro = _(
            "%(organisation)s nodigt je uit voor het ouderportaal van %(child)s. Daar volg je de "
            "groei en ontwikkeling van je kind en beheer je je afspraken."
        ) % {"organisation": child.organisation.name, "child": child.first_name}
        transaction.on_commit(
            lambda: invitations.invitation_send(
                invitation=invitation, link=link, subject=subject, intro=intro
            )
        )
    return parent, invitation


CHILD_DETAIL_FIELDS = ("phone", "email", "daycare_or_school", "general_practitioner")


@transaction.atomic
def child_details_update(
    *, actor: User, child: Child, data: dict[str, str], by_parent: bool, request: Any = None
) -> ChildDetailsChange | None:
    """Parents check and complete contact details; staff see what a parent changed."""
    locked = Child.objects.select_for_update().get(pk=child.pk)
    changes = {}
    for field in CHILD_DETAIL_FIELDS:
        new = (data.get(field) or "").strip()
        old = getattr(locked, field)
        if new != old:
            changes[field] = [old, new]
            setattr(locked, field, new)
    if not changes:
        return None
    locked.full_clean()
    locked.save(update_fields=list(changes))
    change = ChildDetailsChange.objects.create(
        child=locked, changed_by=actor, by_parent=by_parent, changes=changes
    )
    audit.record(
        action="child.details_update",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=locked.organisation,
        obj=locked,
        subject_ref=audit.subject_ref_for(locked),
        details={"fields": sorted(changes), "by_parent": by_parent},
    )
    return change


def details_changes_mark_seen(*, actor: User, child: Child) -> int:
    return child.details_changes.filter(seen_by_staff_at__isnull=True).update(
        seen_by_staff_at=timezone.now()
    )


def close_portals_at_twelve(*, today: date | None = None) -> int:
    """Daily: mark the portal closed for children who turned 12 (the policy already hides them)."""
    from accounts.policies import _twelfth_birthday_cutoff

    cutoff = _twelfth_birthday_cutoff(today)
    ids = list(
        Child.objects.filter(birth_date__lte=cutoff, portal_closed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    if not ids:
        return 0
    with transaction.atomic():
        Child.objects.filter(pk__in=ids).update(portal_closed_at=timezone.now())
        for child_id in ids:
            audit.record(
                action="child.portal_close_at_twelve",
                category=audit.Category.UPDATE,
                object_type="parent_portal.child",
                object_id=str(child_id),
                subject_ref=f"parent_portal.child:{child_id}",
            )
    return len(ids)


# --- Sessions and appointments --------------------------------------------------------------------


class SlotTakenError(Exception):
    """Someone else took that slot first."""


class NotAllowedError(Exception):
    """The action is not allowed for this appointment (message for the person)."""


@transaction.atomic
def session_create(
    *,
    actor: User | None,
    bureau: Organisation,
    practitioner: User,
    practitioner_kind: str,
    date: date,
    start_time: time,
    end_time: time,
    slot_minutes: int,
    capacity: int | None = None,
    note: str = "",
    is_demo: bool = False,
    request: Any = None,
) -> Session:
    session = Session(
        bureau=bureau,
        practitioner=practitioner,
        practitioner_kind=practitioner_kind,
        date=date,
        part_of_day=part_of_day_for(start_time),
        start_time=start_time,
        end_time=end_time,
        slot_minutes=slot_minutes,
        capacity=capacity or 1,
        note=note,
        created_by=actor,
        is_demo=is_demo,
    )
    if capacity is None:
        session.capacity = max(session.slot_count, 1)
    session.full_clean()
    session.save()
    audit.record(
        action="session.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=bureau,
        obj=session,
    )
    _schedule_changed(bureau.pk, date)
    return session


def _covers(moment: schedule.ContactMoment | None) -> dict[str, str]:
    """What the visit covers, stored in Dutch (the pages translate it on display)."""
    if moment is None:
        return {
            "contact_moment": "",
            "covers_topics": "",
            "covers_vaccinations": "",
            "covers_measurements": "",
        }
    with translation.override("nl"):
        return {
            "contact_moment": moment.code,
            "covers_topics": moment.topics,
            "covers_vaccinations": moment.vaccination_text,
            "covers_measurements": moment.measurements,
        }


def _insert_appointment(appointment: Appointment) -> Appointment:
    appointment.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            appointment.save()
    except IntegrityError as error:
        raise SlotTakenError(str(error)) from error
    return appointment


@transaction.atomic
def appointment_book(
    *,
    actor: User | None,
    session: Session,
    child: Child,
    slot_time: time,
    consult_kind: str = Appointment.ConsultKind.REGULAR,
    duo_partner: Child | None = None,
    contact_moment: str | None = None,
    is_demo: bool = False,
    request: Any = None,
) -> Appointment:
    """Book a child into a slot. The database refuses a second booking of the same slot."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    moment = (
        schedule.moment_by_code(contact_moment)
        if contact_moment
        else schedule.moment_for_age(child.age_in_days(session.date))
    )
    appointment = Appointment(
        session=session,
        child=child,
        date=session.date,
        slot_time=slot_time,
        consult_kind=consult_kind,
        duo_partner=duo_partner,
        booked_by=actor,
        status_changed_by=actor,
        is_demo=is_demo,
        **_covers(moment),
    )
    _insert_appointment(appointment)
    audit.record(
        action="appointment.book",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=session.bureau,
        obj=appointment,
        subject_ref=audit.subject_ref_for(child),
        details={"consult_kind": consult_kind},
    )
    _schedule_changed(session.bureau_id, session.date)
    return appointment


OUTCOME_STATUSES = (
    Appointment.Status.DONE,
    Appointment.Status.NO_SHOW,
    Appointment.Status.CANCELLED,
)


@transaction.atomic
def appointment_record_outcome(
    *,
    actor: User,
    appointment: Appointment,
    status: str,
    note: str = "",
    consult_kind: str | None = None,
    request: Any = None,
) -> Appointment:
    if status not in OUTCOME_STATUSES:
        raise ValidationError({"status": _("Kies uitgevoerd, niet gekomen of geannuleerd.")})
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status in (
        Appointment.Status.POSTPONED_VIA_PORTAL,
        Appointment.Status.POSTPONED_VIA_PHONE,
    ):
        raise NotAllowedError(_("Deze afspraak werd verzet; noteer de uitkomst bij de nieuwe."))
    held = status in (Appointment.Status.DONE, Appointment.Status.NO_SHOW)
    if held and locked.date > timezone.localdate():
        # The dashboards count executed and fruitless contacts: never ahead of the day itself.
        raise NotAllowedError(_("Noteer uitgevoerd of niet gekomen vanaf de dag van de afspraak."))
    fields = ["status", "status_changed_at", "status_changed_by", "outcome_note"]
    locked.status = status
    locked.status_changed_at = timezone.now()
    locked.status_changed_by = actor
    locked.outcome_note = note
    if consult_kind and consult_kind != locked.consult_kind:
        locked.consult_kind = consult_kind
        fields.append("consult_kind")
    locked.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            locked.save(update_fields=fields)
    except IntegrityError as error:
        raise SlotTakenError(str(error)) from error
    audit.record(
        action="appointment.outcome",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=locked.session.bureau,
        obj=locked,
        subject_ref=audit.subject_ref_for(locked.child),
        details={"status": status},
    )
    _schedule_changed(locked.session.bureau_id, locked.date)
    return locked


@dataclass(frozen=True)
class MoveRule:
    allowed: bool
    reason: str = ""


MIN_MOVE_AGE_DAYS = 183  # 6 months
MAX_MOVE_AGE_DAYS = 4 * 365 + 1  # 4 years
MOVE_DEADLINE = timedelta(hours=24)


def parent_may_move(appointment: Appointment, now: Any = None) -> MoveRule:
    """Parents move appointments of children from 6 months to 4 years, up to 24 hours before."""
    now = now or timezone.now()
    if appointment.status != Appointment.Status.BOOKED:
        return MoveRule(False, _("Deze afspraak staat niet meer gepland."))
    age = appointment.child.age_in_days(timezone.localdate(now))
    if not (MIN_MOVE_AGE_DAYS <= age < MAX_MOVE_AGE_DAYS):
        return MoveRule(
            False,
            _(
                "Afspraken verzetten via het portaal kan voor kinderen van 6 maanden tot 4 jaar. "
                "Bel de Kind en Gezin-lijn om deze afspraak te verzetten."
            ),
        )
    if appointment.starts_at() - now < MOVE_DEADLINE:
        return MoveRule(
            False,
            _("Verzetten kan tot 24 uur voor de afspraak. Bel nu de Kind en Gezin-lijn."),
        )
    return MoveRule(True)


def _move(
    *,
    actor: User,
    appointment: Appointment,
    target: Session,
    slot_time: time,
    status: str,
    request: Any,
) -> Appointment:
    locked = (
        Appointment.objects.select_for_update()
        .select_related("session", "child")
        .get(pk=appointment.pk)
    )
    if locked.status != Appointment.Status.BOOKED:
        raise NotAllowedError(_("Deze afspraak staat niet meer gepland."))
    # Lock the target session: concurrent moves into it queue up here, and the unique slot
    # constraint refuses the second one even if it got past.
    target = Session.objects.select_for_update().get(pk=target.pk)
    if target.bureau_id != locked.session.bureau_id or (
        target.practitioner_kind != locked.session.practitioner_kind
    ):
        raise NotAllowedError(
            _("Kies een plaats bij hetzelfde bureau en voor hetzelfde soort consult.")
        )
    now = timezone.now()
    locked.status = status
    locked.status_changed_at = now
    locked.status_changed_by = actor
    locked.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    new = Appointment(
        session=target,
        child=locked.child,
        date=target.date,
        slot_time=slot_time,
        consult_kind=locked.consult_kind
        if locked.consult_kind != Appointment.ConsultKind.SQUEEZED_IN
        else Appointment.ConsultKind.REGULAR,
        duo_partner=locked.duo_partner,
        contact_moment=locked.contact_moment,
        covers_topics=locked.covers_topics,
        covers_vaccinations=locked.covers_vaccinations,
        covers_measurements=locked.covers_measurements,
        moved_from=locked,
        booked_by=actor,
        status_changed_by=actor,
        is_demo=locked.is_demo,
    )
    if new.consult_kind != Appointment.ConsultKind.DUO:
        new.duo_partner = None
    if new.starts_at() < now:
        raise NotAllowedError(_("Kies een moment in de toekomst."))
    _insert_appointment(new)
    audit.record(
        action="appointment.move",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=target.bureau,
        obj=new,
        subject_ref=audit.subject_ref_for(locked.child),
        details={"from": locked.pk, "channel": status},
    )
    _schedule_changed(target.bureau_id, locked.date, target.date)
    return new


@transaction.atomic
def appointment_move_by_parent(
    *, actor: User, appointment: Appointment, target: Session, slot_time: time, request: Any = None
) -> Appointment:
    """Atomic: the old appointment becomes 'postponed via portal' (its slot frees up) and the new
    slot is taken, or nothing changes. Two parents cannot take one slot."""
    rule = parent_may_move(appointment)
    if not rule.allowed:
        raise NotAllowedError(rule.reason)
    if target.starts_at() - timezone.now() < MOVE_DEADLINE:
        raise NotAllowedError(_("Kies een moment dat meer dan 24 uur van nu ligt."))
    return _move(
        actor=actor,
        appointment=appointment,
        target=target,
        slot_time=slot_time,
        status=Appointment.Status.POSTPONED_VIA_PORTAL,
        request=request,
    )


@transaction.atomic
def appointment_postpone_by_phone(
    *,
    actor: User,
    appointment: Appointment,
    target: Session | None = None,
    slot_time: time | None = None,
    request: Any = None,
) -> Appointment:
    """Staff note that a parent called the line to postpone; optionally book the new slot."""
    if target is not None and slot_time is not None:
        return _move(
            actor=actor,
            appointment=appointment,
            target=target,
            slot_time=slot_time,
            status=Appointment.Status.POSTPONED_VIA_PHONE,
            request=request,
        )
    locked = Appointment.objects.select_for_update().get(pk=appointment.pk)
    if locked.status != Appointment.Status.BOOKED:
        raise NotAllowedError(_("Deze afspraak staat niet meer gepland."))
    locked.status = Appointment.Status.POSTPONED_VIA_PHONE
    locked.status_changed_at = timezone.now()
    locked.status_changed_by = actor
    locked.save(update_fields=["status", "status_changed_at", "status_changed_by"])
    audit.record(
        action="appointment.postpone_phone",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=locked.session.bureau,
        obj=locked,
        subject_ref=audit.subject_ref_for(locked.child),
    )
    _schedule_changed(locked.session.bureau_id, locked.date)
    return locked


@transaction.atomic
def appointment_book_by_parent(
    *,
    actor: User,
    child: Child,
    moment: schedule.ContactMoment,
    target: Session,
    slot_time: time,
    request: Any = None,
) -> Appointment:
    """A parent books a visit once its booking window opened (3 or 6 weeks before)."""
    today = timezone.localdate()
    opens, closes = moment.booking_window(child.birth_date)
    if today < opens:
        raise NotAllowedError(
            _("Boeken voor dit bezoek kan vanaf %(date)s.") % {"date": opens.strftime("%d/%m/%Y")}
        )
    if not (opens <= target.date <= closes) or target.bureau_id != child.organisation_id:
        raise NotAllowedError(_("Kies een zitting van je bureau rond de leeftijd van het bezoek."))
    if target.starts_at() - timezone.now() < MOVE_DEADLINE:
        raise NotAllowedError(_("Kies een moment dat meer dan 24 uur van nu ligt."))
    if Appointment.objects.filter(
        child=child, contact_moment=moment.code, status__in=Appointment.HOLDS_SLOT
    ).exists():
        raise NotAllowedError(_("Voor dit bezoek is al een afspraak gemaakt."))
    return appointment_book(
        actor=actor,
        session=target,
        child=child,
        slot_time=slot_time,
        contact_moment=moment.code,
        request=request,
    )


# --- Growth and milestones ------------------------------------------------------------------------


@transaction.atomic
def measurement_record(
    *,
    actor: User,
    child: Child,
    measured_on: date,
    length_cm: Decimal | None = None,
    weight_kg: Decimal | None = None,
    head_circumference_cm: Decimal | None = None,
    appointment: Appointment | None = None,
    request: Any = None,
) -> Measurement:
    if measured_on > timezone.localdate() or measured_on < child.birth_date:
        raise ValidationError({"measured_on": _("Kies een datum tussen de geboorte en vandaag.")})

    def exact(value: Any, places: str) -> Decimal | None:
        return None if value is None else Decimal(str(value)).quantize(Decimal(places))

    measurement = Measurement(
        child=child,
        measured_on=measured_on,
        length_cm=exact(length_cm, "0.1"),
        weight_kg=exact(weight_kg, "0.001"),
        head_circumference_cm=exact(head_circumference_cm, "0.1"),
        appointment=appointment,
        recorded_by=actor,
    )
    measurement.full_clean()
    measurement.save()
    audit.record(
        action="measurement.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=child.organisation,
        obj=measurement,
        subject_ref=audit.subject_ref_for(child),
    )
    return measurement


@dataclass(frozen=True)
class ItemScore:
    item: MilestoneItem
    score: str = ""
    left: str = ""
    right: str = ""

    @property
    def empty(self) -> bool:
        return not (self.score or self.left or self.right)


@transaction.atomic
def milestones_record(
    *,
    actor: User,
    child: Child,
    observed_on: date,
    scores: Iterable[ItemScore],
    appointment: Appointment | None = None,
    request: Any = None,
) -> list[MilestoneObservation]:
    """Record the Van Wiechen items scored at a visit (items left empty are not recorded)."""
    saved = []
    for entry in scores:
        if entry.empty:
            continue
        observation = MilestoneObservation.objects.filter(
            child=child, item=entry.item, observed_on=observed_on
        ).first() or MilestoneObservation(child=child, item=entry.item, observed_on=observed_on)
        observation.score = entry.score
        observation.score_left = entry.left
        observation.score_right = entry.right
        observation.recorded_by = actor
        observation.appointment = appointment
        observation.full_clean()
        observation.save()
        saved.append(observation)
    if saved:
        audit.record(
            action="milestones.record",
            category=audit.Category.CREATE,
            request=request,
            actor=actor,
            organisation=child.organisation,
            obj=child,
            subject_ref=audit.subject_ref_for(child),
            details={"items": len(saved)},
        )
    return saved


# --- Questionnaires -------------------------------------------------------------------------------


@transaction.atomic
def questionnaire_assign(
    *,
    actor: User | None,
    child: Child,
    questionnaire: Questionnaire,
    appointment: Appointment | None = None,
    due_date: date | None = None,
    request: Any = None,
) -> QuestionnaireAssignment:
    """Set out one questionnaire for a child; either parent may fill it in."""
    response = response_start(questionnaire=questionnaire, pseudonym_source=f"child:{child.pk}")
    assignment = QuestionnaireAssignment(
        child=child,
        response=response,
        appointment=appointment,
        due_date=due_date or (appointment.date if appointment else None),
        assigned_by=actor,
    )
    assignment.full_clean()
    assignment.save()
    audit.record(
        action="questionnaire.assign",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=child.organisation,
        obj=assignment,
        subject_ref=audit.subject_ref_for(child),
    )
    return assignment


# --- Reminders ------------------------------------------------------------------------------------


@transaction.atomic
def reminder_preference_save(
    *,
    actor: User,
    by_email: bool,
    by_sms: bool,
    phone: str,
    days_before: int,
    request: Any = None,
) -> ReminderPreference:
    preference, _created = ReminderPreference.objects.get_or_create(parent=actor)
    preference.by_email = by_email
    preference.by_sms = by_sms
    preference.phone = phone.strip()
    preference.days_before = days_before
    preference.full_clean()
    preference.save()
    audit.record(
        action="reminder_preference.save",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        obj=preference,
        subject_ref=audit.subject_ref_for(actor),
    )
    return preference
