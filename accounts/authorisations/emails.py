"""E-mails of the authorisation flow, sent once the decision is committed.

A mail server that fails never undoes an approval: the failure is logged and audited, and the
organiser or the agency sends the invitation again from the overview. E-mails to other people
are written in Dutch, the portal's first language, whatever language the sender uses.
"""

from __future__ import annotations

import logging
import smtplib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from .. import audit, invitations
from ..models import AuthorisationRequest, Invitation, Organisation, User

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Outcome:
    """One person's result of an approval, as the organiser's confirmation lists it."""

    name: str
    email: str
    bureaus: list[str]
    kind: str  # "invited", "granted", "removed", "changed"


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path


def deliver(*, template: str, context: dict[str, Any], recipients: Sequence[str], obj: Any) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        subject = " ".join(render_to_string(f"emails/{template}_subject.txt", context).split())
        text = render_to_string(f"emails/{template}_body.txt", context)
        html = render_to_string(f"emails/{template}_body.html", context)
    try:
        send_mail(subject, text, None, list(recipients), html_message=html)
    except (smtplib.SMTPException, OSError):
        logger.warning("E-mail %s could not be sent", template, exc_info=True)
        audit.record(
            action="email.failed",
            category=audit.Category.ADMIN,
            obj=obj,
            outcome=audit.Outcome.FAILURE,
            details={"template": template},
        )
        return False
    return True


def send_invitation(
    *, invitation: Invitation, link: str, organiser: Organisation, bureaus: Sequence[str]
) -> bool:
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Je bent gemachtigd voor de dashboards van %(organiser)s") % {
            "organiser": organiser.name
        }
        intro = _(
            "%(organiser)s heeft je bij het agentschap aangemeld als gemachtigde persoon voor "
            "%(bureaus)s. Het agentschap heeft dat goedgekeurd. Daarmee kan je de dashboards over "
            "de zittingen van die consultatiebureaus raadplegen."
        ) % {"organiser": organiser.name, "bureaus": ", ".join(bureaus)}
    return send_plain_invitation(invitation=invitation, link=link, subject=subject, intro=intro)


def send_plain_invitation(*, invitation: Invitation, link: str, subject: str, intro: str) -> bool:
    try:
        invitations.invitation_send(invitation=invitation, link=link, subject=subject, intro=intro)
    except (smtplib.SMTPException, OSError):
        logger.warning("Invitation %s could not be sent", invitation.pk, exc_info=True)
        audit.record(
            action="email.failed",
            category=audit.Category.ADMIN,
            obj=invitation,
            outcome=audit.Outcome.FAILURE,
            details={"template": "invitation"},
        )
        return False
    return True


def send_access_granted(*, user: User, organiser: Organisation, bureaus: Sequence[str]) -> bool:
    """A person who already has an account gets a notice instead of an invitation."""
    return deliver(
        template="authorisation_access_granted",
        context={
            "user": user,
            "organiser": organiser,
            "bureaus": bureaus,
            "home_url": absolute(reverse("home")),
        },
        recipients=[user.email],
        obj=user,
    )


def send_approved(*, auth_request: AuthorisationRequest, outcomes: Sequence[Outcome]) -> bool:
    organiser = auth_request.organiser
    return deliver(
        template="authorisation_approved",
        context={
            "auth_request": auth_request,
            "organiser": organiser,
            "outcomes": outcomes,
            "overview_url": absolute(reverse("accounts:authorised_persons", args=[organiser.pk])),
            "invitation_days": invitations.DEFAULT_VALIDITY.days,
        },
        recipients=[auth_request.submitted_by.email],
        obj=auth_request,
    )


def send_rejected(*, auth_request: AuthorisationRequest) -> bool:
    return deliver(
        template="authorisation_rejected",
        context={
            "auth_request": auth_request,
            "organiser": auth_request.organiser,
            "request_url": absolute(
                reverse("accounts:authorisation_request_detail", args=[auth_request.pk])
            ),
        },
        recipients=[auth_request.submitted_by.email],
        obj=auth_request,
    )
