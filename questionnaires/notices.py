"""E-mails about a round to the organisations in it: the opening and the reminders before the
deadline, each sent exactly once.

`send_round_notices()` runs from Celery beat (and once right after a round is opened). For every
entry of an open round that is not submitted it works out which notices are due: "opened" once
the round started, "reminder_<days>" once the deadline is that many days away (only reminders
whose moment lies after the start; a round opened three days before its deadline gets no
seven-day reminder). All notices due for an entry go out as one e-mail (the most urgent one) and
their markers (`RoundNotice`, unique per entry and kind) are inserted in the transaction that
sends: a second run, or a worker running the same beat entry at the same time, finds the marker
and sends nothing. The e-mail holds no answers, only the round, its deadline and a link.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from accounts import audit, policies
from accounts.models import Membership

from .models import Response, Round, RoundEntry, RoundNotice

OPENED = "opened"


def reminder_kind(days: int) -> str:
    return f"reminder_{days}"


@dataclass(frozen=True)
class DueNotice:
    entry: RoundEntry
    kinds: tuple[str, ...]  # every marker this e-mail settles
    days_left: int | None  # the reminder's days before the deadline; None for the opening
    recipients: tuple[str, ...]
    answered: int


def due_notices(*, now: datetime | None = None, round_id: int | None = None) -> list[DueNotice]:
    """The notices to send now, in a fixed number of queries whatever the number of entries."""
    now = now or timezone.now()
    rounds = Round.objects.open_at(now)
    if round_id is not None:
        rounds = rounds.filter(pk=round_id)
    entries = list(
        RoundEntry.objects.filter(round__in=rounds, response__status=Response.Status.DRAFT)
        .select_related("round__questionnaire", "organisation")
        .annotate(answered=Count("response__answers"))
    )
    if not entries:
        return []
    sent = set(RoundNotice.objects.filter(entry__in=entries).values_list("entry_id", "kind"))
    members: dict[int, list[str]] = {}
    for organisation_id, email in (
        Membership.objects.active()
        .filter(
            organisation_id__in={e.organisation_id for e in entries},
            role__in=policies.ROUND_FILL_ROLES,
            user__is_active=True,
        )
        .values_list("organisation_id", "user__email")
        .distinct()
    ):
        members.setdefault(organisation_id, []).append(email)
    result = []
    for entry in entries:
        round_ = entry.round
        kinds = [OPENED] if (entry.pk, OPENED) not in sent else []
        days_left = None
        for days in sorted(round_.reminder_days or [], reverse=True):
            moment = round_.deadline - timedelta(days=days)
            if round_.opens_at < moment <= now and (entry.pk, reminder_kind(days)) not in sent:
                kinds.append(reminder_kind(days))
                days_left = days  # the smallest due one: the most urgent text
        if kinds:
            result.append(
                DueNotice(
                    entry=entry,
                    kinds=tuple(kinds),
                    days_left=days_left,
                    recipients=tuple(sorted(set(members.get(entry.organisation_id, [])))),
                    answered=entry.answered,
                )
            )
    return result


def _messages(due: DueNotice, connection: Any) -> list[EmailMultiAlternatives]:
    entry = due.entry
    context = {
        "entry": entry,
        "round": entry.round,
        "organisation": entry.organisation,
        "days_left": due.days_left,
        "answered": due.answered,
        "url": settings.SITE_URL + reverse("questionnaires:entry", args=[entry.pk]),
    }
    name = "round_reminder" if due.days_left is not None else "round_opened"
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{name}_subject.txt", context).strip()
        text = render_to_string(f"emails/{name}_body.txt", context)
        html = render_to_string(f"emails/{name}_body.html", context)
    messages = []
    for address in due.recipients:  # one e-mail per person: colleagues' addresses stay private
        message = EmailMultiAlternatives(subject, text, None, [address], connection=connection)
        message.attach_alternative(html, "text/html")
        messages.append(message)
    return messages


def send_one(due: DueNotice, connection: Any = None) -> bool:
    """Send one notice exactly once; False when another run already sent it."""
    try:
        with transaction.atomic():
            RoundNotice.objects.bulk_create(
                [
                    RoundNotice(entry=due.entry, kind=kind, recipients=len(due.recipients))
                    for kind in due.kinds
                ]
            )
            for message in _messages(due, connection):
                message.send()
            audit.record(
                action="questionnaire_round.notice_sent",
                category=audit.Category.ACCESS,
                organisation=due.entry.organisation,
                obj=due.entry,
                details={"kinds": list(due.kinds), "recipients": len(due.recipients)},
            )
    except IntegrityError:
        return False
    return True


def send_round_notices(*, now: datetime | None = None, round_id: int | None = None) -> int:
    """Send every due notice; returns how many organisations got one."""
    due = due_notices(now=now, round_id=round_id)
    if not due:
        return 0
    connection = get_connection()
    return sum(1 for notice in due if send_one(notice, connection))
