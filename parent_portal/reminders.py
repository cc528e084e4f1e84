"""Appointment reminders by e-mail and SMS, each sent exactly once.

`send_due_reminders()` runs from Celery beat. For every due (appointment, parent, channel) it
opens a transaction, inserts the sent-marker `ReminderDelivery` (unique per appointment, parent
and channel), sends, and commits. Another worker trying the same reminder hits the unique
constraint (or waits on the inserted row) and skips it; a worker that dies before the commit
leaves no marker, so the next run sends it. A committed marker is never sent again.

SMS goes through a pluggable sender (settings.PARENT_PORTAL_SMS_SENDER, a dotted path to a class
with `send(phone, text)`); the default only records messages in memory (no provider configured).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from accounts import audit

from .models import Appointment, Guardianship, ReminderDelivery, ReminderPreference


class MemorySmsSender:
    """Keeps messages in a list (development and tests); swap for a provider's client."""

    outbox: list[tuple[str, str]] = []

    def send(self, phone: str, text: str) -> None:
        type(self).outbox.append((phone, text))


def sms_sender() -> Any:
    path = getattr(settings, "PARENT_PORTAL_SMS_SENDER", "parent_portal.reminders.MemorySmsSender")
    return import_string(path)()


@dataclass(frozen=True)
class Due:
    appointment: Appointment
    parent_id: int
    parent_email: str
    channel: str
    phone: str


MAX_DAYS_BEFORE = 14


def due_reminders(now: Any = None) -> list[Due]:
    """Reminders whose day has come and that were not sent yet (one query set, no loop queries)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    # Only children with a parent who asked for reminders: at a million contacts a year the
    # other bookings of the next two weeks need not be read every quarter of an hour.
    wanted = Guardianship.objects.current(today).filter(
        child_id=OuterRef("child_id"),
        has_parental_authority=True,
        parent__reminder_preference__isnull=False,
    )
    appointments = list(
        Appointment.objects.filter(
            Exists(wanted),
            status=Appointment.Status.BOOKED,
            date__gte=today,
            date__lte=today + timedelta(days=MAX_DAYS_BEFORE),
        ).select_related("child", "session__bureau")
    )
    if not appointments:
        return []
    child_ids = {a.child_id for a in appointments}
    guardianships = list(
        Guardianship.objects.current(today)
        .filter(child_id__in=child_ids, has_parental_authority=True)
        .select_related("parent")
    )
    preferences = {
        p.parent_id: p
        for p in ReminderPreference.objects.filter(
            parent_id__in={g.parent_id for g in guardianships}
        )
    }
    sent = set(
        ReminderDelivery.objects.filter(appointment__in=appointments).values_list(
            "appointment_id", "parent_id", "channel"
        )
    )
    parents_by_child: dict[int, list[Any]] = {}
    for g in guardianships:
        parents_by_child.setdefault(g.child_id, []).append(g.parent)
    result = []
    for appointment in appointments:
        if appointment.starts_at() < now:
            continue
        for parent in parents_by_child.get(appointment.child_id, []):
            preference = preferences.get(parent.pk)
            if (
                preference is None
                or appointment.date - timedelta(days=preference.days_before) > today
            ):
                continue
            channels = []
            if preference.by_email:
                channels.append(ReminderPreference.Channel.EMAIL)
            if preference.by_sms and preference.phone:
                channels.append(ReminderPreference.Channel.SMS)
            for channel in channels:
                if (appointment.pk, parent.pk, channel) in sent:
                    continue
                result.append(Due(appointment, parent.pk, parent.email, channel, preference.phone))
    return result


def _message(appointment: Appointment) -> dict[str, str]:
    context = {"appointment": appointment, "site_url": settings.SITE_URL}
    return {
        "subject": render_to_string("emails/appointment_reminder_subject.txt", context).strip(),
        "text": render_to_string("emails/appointment_reminder_body.txt", context),
        "html": render_to_string("emails/appointment_reminder_body.html", context),
        "sms": render_to_string("emails/appointment_reminder_sms.txt", context).strip(),
    }


def send_one(due: Due) -> bool:
    """Send one reminder exactly once. Returns False when another run already claimed it."""
    try:
        with transaction.atomic():
            delivery = ReminderDelivery.objects.create(
                appointment=due.appointment, parent_id=due.parent_id, channel=due.channel
            )
            with translation.override(settings.LANGUAGE_CODE):
                message = _message(due.appointment)
            if due.channel == ReminderPreference.Channel.EMAIL:
                send_mail(
                    subject=message["subject"],
                    message=message["text"],
                    html_message=message["html"],
                    from_email=None,
                    recipient_list=[due.parent_email],
                )
            else:
                sms_sender().send(due.phone, message["sms"])
            audit.record(
                action="appointment.reminder_sent",
                category=audit.Category.ACCESS,
                obj=delivery,
                subject_ref=audit.subject_ref_for(due.appointment.child),
                details={"channel": due.channel},
            )
    except IntegrityError:
        return False
    return True


def send_due_reminders(now: Any = None) -> int:
    sent = 0
    for due in due_reminders(now):
        if send_one(due):
            sent += 1
    return sent
