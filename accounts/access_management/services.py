"""Writes of access management and contact persons: atomic, checked against the actor, audited.

team_member_add        add someone in a role the actor manages (invited if they are new);
                       a new main access manager replaces the current one
team_member_remove     end a membership at once (their sessions end)
contact_person_create / _update / _remove, contact_persons_confirm
"""

from __future__ import annotations

import re
from collections import defaultdict
from datetime import datetime, timedelta
from functools import partial
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import audit, invitations, policies
from ..authorisations import emails
from ..models import ContactPerson, Membership, Organisation, Role, User, normalise_email
from ..services import membership_create, membership_revoke, user_get_or_create
from . import selectors

if TYPE_CHECKING:
    from django.http import HttpRequest


class AccessManagementError(Exception):
    """An action that cannot be done as asked; the message says why."""


class AlreadyMember(AccessManagementError):
    pass


class NotRemovable(AccessManagementError):
    pass


def _check_manages(actor: User, organisation: Organisation, role: str) -> None:
    if role not in policies.roles_manageable_by(actor, organisation):
        raise PermissionDenied(f"{actor} does not manage {role} at {organisation}")


def team_member_add(
    *,
    actor: User,
    organisation: Organisation,
    role: str,
    email: str,
    first_name: str = "",
    last_name: str = "",
    request: HttpRequest | None = None,
) -> Membership:
    """Give a person a role here; a new person gets an invitation, a known one a notice.

    A GP circle has exactly one main access manager: appointing one ends the current one's
    membership in the same transaction (the database refuses a second open one).
    """
    _check_manages(actor, organisation, role)
    with transaction.atomic():
        user, _created = user_get_or_create(
            email=email, first_name=first_name.strip(), last_name=last_name.strip(), actor=actor
        )
        open_memberships = list(
            Membership.objects.select_for_update()
            .filter(organisation=organisation, role=role, revoked_at__isnull=True)
            .select_related("user")
        )
        if any(m.user_id == user.pk and m.is_active_at() for m in open_memberships):
            raise AlreadyMember(user.full_name or user.email)
        for membership in open_memberships:
            # The person's own expired membership, or the main access manager being replaced.
            if membership.user_id == user.pk or role == Role.MAIN_ACCESS_MANAGER:
                membership_revoke(
                    actor=actor,
                    membership=membership,
                    reason=_("Vervangen door %(person)s") % {"person": user.full_name or user.email}
                    if membership.user_id != user.pk
                    else "",
                    request=request,
                )
        membership = membership_create(
            actor=actor, user=user, organisation=organisation, role=role, request=request
        )
        if user.has_usable_password():
            transaction.on_commit(
                partial(_send_access_notice, user=user, organisation=organisation, role=role)
            )
        else:
            invitation, link = invitations.invitation_create(
                actor=actor,
                user=user,
                purpose=role,
                organisation=organisation,
                request=request,
            )
            transaction.on_commit(
                partial(
                    _send_invitation,
                    invitation=invitation,
                    link=link,
                    actor=actor,
                    organisation=organisation,
                    role=role,
                )
            )
    return membership


def _role_label(role: str) -> str:
    return str(Role(role).label).lower()


def _send_invitation(
    *, invitation, link: str, actor: User, organisation: Organisation, role: str
) -> None:  # noqa: ANN001
    from django.conf import settings
    from django.utils import translation

    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Je hebt toegang tot %(organisation)s in Zorgportaal") % {
            "organisation": organisation.name
        }
        intro = _("%(actor)s heeft je toegevoegd als %(role)s van %(organisation)s.") % {
            "actor": actor.full_name or actor.email,
            "role": _role_label(role),
            "organisation": organisation.name,
        }
    emails.send_plain_invitation(invitation=invitation, link=link, subject=subject, intro=intro)


def _send_access_notice(*, user: User, organisation: Organisation, role: str) -> None:
    emails.deliver(
        template="team_access_granted",
        context={
            "user": user,
            "organisation": organisation,
            "role": _role_label(role),
            "home_url": emails.absolute(reverse("home")),
        },
        recipients=[user.email],
        obj=user,
    )


def team_member_remove(
    *, actor: User, membership: Membership, request: HttpRequest | None = None
) -> Membership:
    """End the membership now; the person's sessions end too, so their next click is refused."""
    _check_manages(actor, membership.organisation, membership.role)
    if membership.role == Role.MAIN_ACCESS_MANAGER:
        raise NotRemovable(
            _(
                "Een huisartsenkring heeft altijd een hoofdtoegangsbeheerder. Stel een nieuwe "
                "aan: de huidige wordt dan vervangen."
            )
        )
    if membership.user_id == actor.pk:
        raise NotRemovable(_("Je kan jezelf niet verwijderen. Vraag het aan een collega."))
    if membership.revoked_at is not None:
        raise NotRemovable(_("Deze persoon werd al verwijderd."))
    return membership_revoke(
        actor=actor,
        membership=membership,
        reason=_("Verwijderd door %(actor)s") % {"actor": actor.full_name or actor.email},
        request=request,
    )


# --- Contact persons ------------------------------------------------------------------------------

PHONE_ALLOWED = re.compile(r"^\+?[0-9 ./()-]+$")


def clean_phone(phone: str) -> str:
    phone = " ".join(phone.split())
    if not phone:
        return ""
    digits = re.sub(r"\D", "", phone)
    if not PHONE_ALLOWED.match(phone) or not 8 <= len(digits) <= 15:
        raise ValidationError(
            _(
                "Vul een telefoonnummer in met 8 tot 15 cijfers, bijvoorbeeld 09 123 45 67 of "
                "+32 9 123 45 67."
            ),
            code="phone",
        )
    return phone


def _check_contact_manager(actor: User, organisation: Organisation) -> None:
    if (
        not policies.contact_person_organisations_managed_by(actor)
        .filter(pk=organisation.pk)
        .exists()
    ):
        raise PermissionDenied


def _validated(
    organisation: Organisation, name: str, role: str, email: str, phone: str, exclude=None
) -> dict:  # noqa: ANN001
    email = normalise_email(email)
    if selectors.contact_email_taken(organisation, email, exclude=exclude):
        raise ValidationError(
            {"email": _("Er is al een contactpersoon met dit e-mailadres.")}, code="duplicate"
        )
    try:
        phone = clean_phone(phone)
    except ValidationError as error:
        raise ValidationError({"phone": error.messages}) from None
    return {
        "name": " ".join(name.split()),
        "role": " ".join(role.split()),
        "email": email,
        "phone": phone,
    }


def contact_person_create(
    *,
    actor: User,
    organisation: Organisation,
    name: str,
    role: str,
    email: str,
    phone: str = "",
    request: HttpRequest | None = None,
) -> ContactPerson:
    _check_contact_manager(actor, organisation)
    with transaction.atomic():
        contact = ContactPerson(
            organisation=organisation,
            created_by=actor,
            last_confirmed_by=actor,
            last_confirmed_at=timezone.now(),
            **_validated(organisation, name, role, email, phone),
        )
        contact.full_clean()
        contact.save()
        audit.record(
            action="contact_person.create",
            category=audit.Category.CREATE,
            request=request,
            actor=actor,
            organisation=organisation,
            obj=contact,
        )
    return contact


def contact_person_update(
    *,
    actor: User,
    contact: ContactPerson,
    name: str,
    role: str,
    email: str,
    phone: str = "",
    request: HttpRequest | None = None,
) -> ContactPerson:
    """Change a contact person; saving also confirms the data is current."""
    _check_contact_manager(actor, contact.organisation)
    with transaction.atomic():
        values = _validated(contact.organisation, name, role, email, phone, exclude=contact.pk)
        changed = [field for field, value in values.items() if getattr(contact, field) != value]
        for field, value in values.items():
            setattr(contact, field, value)
        contact.last_confirmed_at = timezone.now()
        contact.last_confirmed_by = actor
        contact.full_clean()
        contact.save(
            update_fields=[*values, "last_confirmed_at", "last_confirmed_by", "updated_at"]
        )
        audit.record(
            action="contact_person.update",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=contact.organisation,
            obj=contact,
            details={"fields": sorted(changed)},
        )
    return contact


def contact_person_remove(
    *, actor: User, contact: ContactPerson, request: HttpRequest | None = None
) -> ContactPerson:
    _check_contact_manager(actor, contact.organisation)
    with transaction.atomic():
        locked = ContactPerson.objects.select_for_update().get(pk=contact.pk)
        if locked.removed_at is not None:
            raise NotRemovable(_("Deze contactpersoon werd al verwijderd."))
        locked.removed_at = timezone.now()
        locked.removed_by = actor
        locked.save(update_fields=["removed_at", "removed_by"])
        audit.record(
            action="contact_person.remove",
            category=audit.Category.DELETE,
            request=request,
            actor=actor,
            organisation=locked.organisation,
            obj=locked,
        )
    return locked


def contact_persons_confirm(
    *, actor: User, organisation: Organisation, request: HttpRequest | None = None
) -> int:
    """ "Everything is still correct": confirms every current contact person of the organisation."""
    _check_contact_manager(actor, organisation)
    with transaction.atomic():
        confirmed = (
            ContactPerson.objects.current()
            .filter(organisation=organisation)
            .update(last_confirmed_at=timezone.now(), last_confirmed_by=actor)
        )
        audit.record(
            action="contact_person.confirm",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=organisation,
            obj=organisation,
            details={"confirmed": confirmed},
        )
    return confirmed


# After the first nudge, the managers are reminded again every this many days until confirmed.
NUDGE_REPEAT = timedelta(days=30)


def contact_persons_nudge(*, now: datetime | None = None) -> int:
    """E-mail the managers of each organisation whose contact persons were not confirmed for 12
    months, and again every 30 days until someone confirms. Returns how many were e-mailed."""
    now = now or timezone.now()
    stale = ContactPerson.objects.current().filter(
        Q(nudged_at__isnull=True) | Q(nudged_at__lt=now - NUDGE_REPEAT),
        last_confirmed_at__lt=now - selectors.CONTACT_CONFIRMATION_INTERVAL,
    )
    recipients: dict[int, list[Membership]] = defaultdict(list)
    for membership in (
        Membership.objects.active()
        .filter(
            organisation__in=stale.values("organisation"),
            role__in=policies.CONTACT_PERSON_ROLES,
        )
        .select_related("user", "organisation")
        .order_by("organisation", "user__email")
    ):
        recipients[membership.organisation_id].append(membership)
    with transaction.atomic():
        # Organisations without a manager are left for the agency's overview.
        stale.filter(organisation_id__in=list(recipients)).update(nudged_at=now)
        for memberships in recipients.values():
            organisation = memberships[0].organisation
            emails_to = sorted({m.user.email for m in memberships})
            audit.record(
                action="contact_person.nudge",
                category=audit.Category.ADMIN,
                organisation=organisation,
                obj=organisation,
                details={"recipients": len(emails_to)},
            )
            transaction.on_commit(
                partial(
                    emails.deliver,
                    template="contact_persons_nudge",
                    context={
                        "organisation": organisation,
                        "contacts_url": emails.absolute(
                            reverse("accounts:contact_persons", args=[organisation.pk])
                        ),
                    },
                    recipients=emails_to,
                    obj=organisation,
                )
            )
    return len(recipients)
