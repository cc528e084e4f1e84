"""iCalendar (RFC 5545) for one appointment: escaped text, folded lines, CRLF, UTC times."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    data = line.encode()
    if len(data) <= 75:
        return line
    parts, current = [], b""
    for char in line:
        encoded = char.encode()
        if len(current) + len(encoded) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += encoded
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _utc(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def appointment_ics(appointment) -> str:  # noqa: ANN001
    session = appointment.session
    start = appointment.starts_at()
    end = start + timedelta(minutes=session.slot_minutes)
    covers = "; ".join(
        t
        for t in (
            appointment.covers_topics,
            appointment.covers_vaccinations,
            appointment.covers_measurements,
        )
        if t
    )
    summary = _("Consult %(child)s bij %(bureau)s") % {
        "child": appointment.child.first_name,
        "bureau": session.bureau.name,
    }
    description = _("Wat dit bezoek inhoudt: %(covers)s") % {"covers": covers} if covers else ""
    host = settings.SITE_URL.split("//")[-1].split("/")[0]
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Zorgportaal//Ouderportaal//NL",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        "BEGIN:VEVENT",
        f"UID:appointment-{appointment.pk}@{host}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"DTSTART:{_utc(start)}",
        f"DTEND:{_utc(end)}",
        f"SUMMARY:{_escape(summary)}",
        f"LOCATION:{_escape(session.bureau.name)}",
    ]
    if description:
        lines.append(f"DESCRIPTION:{_escape(description)}")
    lines += [
        "BEGIN:VALARM",
        "ACTION:DISPLAY",
        "TRIGGER:-P1D",
        f"DESCRIPTION:{_escape(summary)}",
        "END:VALARM",
        "END:VEVENT",
        "END:VCALENDAR",
    ]
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"
