"""Every write of the client portal: atomic, validated, audited.

Trajectories and their participants (activation through accounts.invitations), the signing gate
before a trajectory starts, closing access when it ends, consents (versioned), documents with
approvals and signatures, insurance, medication, appointments, the diary, and the trajectory's
message threads (through messaging, scoped to the trajectory).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import audit, invitations, policies
from accounts.models import Membership, Organisation, Role, User
from accounts.services import end_user_sessions, membership_create, user_get_or_create
from messaging import services as messaging_services
from messaging.models import Message, Thread
from messaging.scopes import MessageScope
from parent_portal import services as parent_services
from parent_portal.models import Child, Guardianship

from . import uploads
from .agreement import AGREEMENT_TITLE, agreement_text
from .models import (
    Approval,
    ClientAppointment,
    ConsentRecord,
    ConsentTopic,
    DiaryNote,
    Document,
    Insurance,
    Medication,
    Participant,
    PortalPreference,
    Signature,
    Trajectory,
    is_twelve_or_older,
)

if TYPE_CHECKING:
    from django.http import HttpRequest

ACTIVATION_PURPOSE = "client_activation"
MESSAGE_SCOPE_KIND = "client_portal.trajectory"
ROLE_FOR_RELATION = {
    Participant.Relation.CLIENT: Role.YOUTH,
    Participant.Relation.PARENT: Role.PARENT,
}


def _ref(trajectory: Trajectory) -> str:
    return audit.subject_ref_for(trajectory.client)


# --- Activation (accounts.invitations with the client's birth date) ------------------------------


def activation_check_passes(invitation: Any, data: dict[str, Any]) -> bool:
    """The invited person proves the link with the client's birth date (their own or their
    child's)."""
    child_id = invitation.context.get("child_id")
    return Child.objects.filter(pk=child_id, birth_date=data.get("birth_date")).exists()


class NotAParticipantAccountError(ValidationError):
    pass


def _refuse_staff_account(user: User) -> None:
    """A client's or parent's account is personal: a colleague's work account is not reused (and
    a practitioner of a facility must never reset a staff member's login)."""
    staff = (
        Membership.objects.active().filter(user=user).exclude(role__in=policies.CLIENT_PORTAL_ROLES)
    )
    if staff.exists() or user.is_staff:
        raise NotAParticipantAccountError(
            {"email": _("Dit e-mailadres hoort bij een medewerker. Gebruik een persoonlijk adres.")}
        )


def _ensure_membership(
    *,
    actor: User | None,
    user: User,
    facility: Organisation,
    role: str,
    request: HttpRequest | None,
) -> None:
    exists = (
        Membership.objects.active().filter(user=user, organisation=facility, role=role).exists()
    )
    if not exists:
        membership_create(actor=actor, user=user, organisation=facility, role=role, request=request)


def _send_activation(
    *, actor: User | None, participant: Participant, request: HttpRequest | None
) -> Any:
    trajectory = participant.trajectory
    invitation, link = invitations.invitation_create(
        actor=actor,
        user=participant.user,
        purpose=ACTIVATION_PURPOSE,
        organisation=trajectory.facility,
        context={"trajectory_id": trajectory.pk, "child_id": trajectory.client_id},
        request=request,
    )
    subject = _("Activeer je account voor het cliëntportaal van %(facility)s") % {
        "facility": trajectory.facility.name
    }
    if participant.relation == Participant.Relation.CLIENT:
        intro = _(
            "%(facility)s heeft een account voor je gemaakt in het cliëntportaal. Daar zie je je "
            "afspraken, lees je verslagen, stuur je berichten aan je behandelaar en houd je een "
            "dagboek bij."
        ) % {"facility": trajectory.facility.name}
    else:
        intro = _(
            "%(facility)s heeft een account voor je gemaakt in het cliëntportaal, voor de "
            "behandeling van %(client)s. Daar zie je afspraken, lees je verslagen, stuur je "
            "berichten aan de behandelaar en houd je een dagboek bij."
        ) % {"facility": trajectory.facility.name, "client": trajectory.client.first_name}
    intro += " " + _(
        "Je bevestigt met de geboortedatum van de cliënt en kiest dan zelf een wachtwoord. We "
        "sturen nooit een wachtwoord per e-mail."
    )
    transaction.on_commit(
        lambda: invitations.invitation_send(
            invitation=invitation, link=link, subject=subject, intro=intro
        )
    )
    return invitation


def _send_access_notice(*, participant: Participant) -> None:
    """Someone who already has an account gets a notice, not a new password."""
    from django.conf import settings
    from django.core.mail import send_mail

    trajectory = participant.trajectory
    context = {
        "facility": trajectory.facility.name,
        "client": trajectory.client.first_name,
        "url": settings.SITE_URL.rstrip("/") + reverse("client_portal:index"),
    }
    email = participant.user.email
    transaction.on_commit(
        lambda: send_mail(
            render_to_string("emails/client_portal_access_subject.txt", context).strip(),
            render_to_string("emails/client_portal_access_body.txt", context),
            None,
            [email],
            html_message=render_to_string("emails/client_portal_access_body.html", context),
        )
    )


@transaction.atomic
def participant_add(
    *,
    actor: User,
    trajectory: Trajectory,
    relation: str,
    email: str,
    first_name: str,
    last_name: str,
    request: HttpRequest | None = None,
) -> Participant:
    """Give a parent with authority, or the client from 12, their own account in the trajectory.

    A new person gets an activation link (single use, 7 days, the client's birth date, then a
    password and MFA); someone who already has an account gets a notice.
    """
    if relation == Participant.Relation.CLIENT:
        if not is_twelve_or_older(trajectory.client):
            raise ValidationError(
                {"relation": _("Een cliënt krijgt een eigen account vanaf 12 jaar.")}
            )
        if trajectory.participants.filter(relation=relation).exists():
            raise ValidationError({"relation": _("De cliënt heeft al een account.")})
    user, _created = user_get_or_create(
        email=email, first_name=first_name, last_name=last_name, actor=actor
    )
    _refuse_staff_account(user)
    if trajectory.participants.filter(user=user).exists():
        raise ValidationError({"email": _("Deze persoon neemt al deel aan dit traject.")})
    if relation == Participant.Relation.PARENT:
        parent_services.guardianship_create(
            actor=actor, parent=user, child=trajectory.client, request=request
        )
    _ensure_membership(
        actor=actor,
        user=user,
        facility=trajectory.facility,
        role=ROLE_FOR_RELATION[relation],
        request=request,
    )
    participant = Participant(trajectory=trajectory, user=user, relation=relation, added_by=actor)
    participant.full_clean()
    participant.save()
    audit.record(
        action="trajectory_participant.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=participant,
        subject_ref=_ref(trajectory),
        details={"relation": relation},
    )
    if user.has_usable_password():
        _send_access_notice(participant=participant)
    else:
        _send_activation(actor=actor, participant=participant, request=request)
    return participant


@transaction.atomic
def participant_send_activation(
    *,
    actor: User,
    participant: Participant,
    reset_login: bool = False,
    request: HttpRequest | None = None,
) -> Any:
    """A new activation link (the older ones stop working).

    `reset_login` re-activates someone who lost both their second factor and their recovery
    codes: their password and factors are removed and their sessions ended, so the link is the
    only way back in (and they set up MFA again).
    """
    user = User.objects.select_for_update().get(pk=participant.user_id)
    _refuse_staff_account(user)
    activated = user.has_usable_password()
    if activated and not reset_login:
        raise ValidationError(
            _(
                "Dit account is al geactiveerd. Kies 'opnieuw activeren' als de persoon niet meer "
                "kan aanmelden."
            )
        )
    if reset_login:
        from allauth.mfa.models import Authenticator

        removed = Authenticator.objects.filter(user=user).count()
        Authenticator.objects.filter(user=user).delete()
        user.set_unusable_password()
        user.save(update_fields=["password"])
        ended = end_user_sessions(user)
        audit.record(
            action="trajectory_participant.reset_login",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=participant.trajectory.facility,
            obj=participant,
            subject_ref=audit.subject_ref_for(user),
            details={"factors_removed": removed, "sessions_ended": ended},
        )
    return _send_activation(actor=actor, participant=participant, request=request)


# --- Trajectories ----------------------------------------------------------------------------


@dataclass(frozen=True)
class NewPerson:
    email: str
    first_name: str
    last_name: str


@transaction.atomic
def trajectory_create(
    *,
    actor: User,
    facility: Organisation,
    title: str,
    start_date: date,
    client_first_name: str,
    client_last_name: str,
    client_birth_date: date,
    client_sex: str,
    parents: Sequence[NewPerson] = (),
    client_account: NewPerson | None = None,
    practitioners: Sequence[User] = (),
    end_date: date | None = None,
    is_demo: bool = False,
    request: HttpRequest | None = None,
) -> Trajectory:
    """Register a client and their trajectory, with the standard agreement to sign, and invite
    every parent with authority and the client from 12."""
    if not policies.has_role(actor, Role.PRACTITIONER, organisation=facility):
        raise ValidationError(_("Je bent geen behandelaar van deze voorziening."))
    client = parent_services.child_create(
        actor=actor,
        organisation=facility,
        first_name=client_first_name,
        last_name=client_last_name,
        birth_date=client_birth_date,
        sex=client_sex,
        is_demo=is_demo,
        request=request,
    )
    trajectory = Trajectory(
        client=client,
        facility=facility,
        title=title.strip(),
        start_date=start_date,
        end_date=end_date,
        created_by=actor,
        is_demo=is_demo,
    )
    trajectory.full_clean()
    trajectory.save()
    colleagues = {actor.pk: actor, **{p.pk: p for p in practitioners}}
    allowed = set(
        Membership.objects.active()
        .filter(organisation=facility, role=Role.PRACTITIONER, user__in=list(colleagues))
        .values_list("user_id", flat=True)
    )
    trajectory.practitioners.set([u for pk, u in colleagues.items() if pk in allowed])
    audit.record(
        action="trajectory.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=facility,
        obj=trajectory,
        subject_ref=_ref(trajectory),
    )
    document_share(
        actor=actor,
        trajectory=trajectory,
        kind=Document.Kind.DOCUMENT,
        title=AGREEMENT_TITLE,
        body=agreement_text(
            facility=facility.name,
            client=str(client),
            title=trajectory.title,
            start=start_date,
        ),
        signature_required=True,
        request=request,
    )
    for person in parents:
        participant_add(
            actor=actor,
            trajectory=trajectory,
            relation=Participant.Relation.PARENT,
            email=person.email,
            first_name=person.first_name,
            last_name=person.last_name,
            request=request,
        )
    if client_account is not None:
        participant_add(
            actor=actor,
            trajectory=trajectory,
            relation=Participant.Relation.CLIENT,
            email=client_account.email,
            first_name=client_account.first_name or client_first_name,
            last_name=client_account.last_name or client_last_name,
            request=request,
        )
    return trajectory


@dataclass(frozen=True)
class Signer:
    """Someone who must sign the start documents: a parent with authority, or the client."""

    name: str
    relation: str
    user: User | None  # None: no account in the portal yet


def required_signers(trajectory: Trajectory, on: date | None = None) -> list[Signer]:
    """Every guardian with authority, and the client from 12 (with or without an account yet)."""
    guardians = (
        Guardianship.objects.current(on)
        .filter(child=trajectory.client, has_parental_authority=True)
        .select_related("parent")
        .order_by("parent__first_name")
    )
    signers = [
        Signer(name=str(g.parent), relation=Participant.Relation.PARENT, user=g.parent)
        for g in guardians
    ]
    if is_twelve_or_older(trajectory.client, on):
        client_participant = (
            trajectory.participants.filter(relation=Participant.Relation.CLIENT)
            .select_related("user")
            .first()
        )
        signers.append(
            Signer(
                name=str(trajectory.client),
                relation=Participant.Relation.CLIENT,
                user=client_participant.user if client_participant else None,
            )
        )
    return signers


def start_blockers(trajectory: Trajectory) -> list[str]:
    """Why the trajectory cannot be marked started yet (empty: it can)."""
    start_documents = list(trajectory.documents.filter(signature_required=True))
    if not start_documents:
        return [_("Voeg eerst de overeenkomst toe (een startdocument om te ondertekenen).")]
    signed = set(
        Signature.objects.filter(document__in=start_documents).values_list("document_id", "user_id")
    )
    participants = set(trajectory.participants.values_list("user_id", flat=True))
    problems = []
    signers = required_signers(trajectory)
    if not signers:
        problems.append(_("Er is nog geen ouder met gezag of cliënt van 12 of ouder gekend."))
    for signer in signers:
        if signer.user is None:
            problems.append(
                _("%(name)s heeft nog geen account: nodig de cliënt uit.") % {"name": signer.name}
            )
            continue
        if signer.user.pk not in participants:
            problems.append(
                _("%(name)s heeft ouderlijk gezag maar neemt nog niet deel: nodig deze ouder uit.")
                % {"name": signer.name}
            )
            continue
        missing = [d.title for d in start_documents if (d.pk, signer.user.pk) not in signed]
        if missing:
            problems.append(
                _("%(name)s moet nog ondertekenen: %(documents)s.")
                % {"name": signer.name, "documents": ", ".join(missing)}
            )
    return problems


class StartBlockedError(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@transaction.atomic
def trajectory_start(
    *, actor: User, trajectory: Trajectory, request: HttpRequest | None = None
) -> Trajectory:
    """Mark the trajectory started: only once every required participant signed every start
    document."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if trajectory.started_at is not None:
        return trajectory
    if not trajectory.is_open():
        raise StartBlockedError([_("Dit traject is afgesloten.")])
    problems = start_blockers(trajectory)
    if problems:
        raise StartBlockedError(problems)
    trajectory.started_at = timezone.now()
    trajectory.started_by = actor
    trajectory.save(update_fields=["started_at", "started_by"])
    audit.record(
        action="trajectory.start",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=trajectory,
        subject_ref=_ref(trajectory),
    )
    return trajectory


@transaction.atomic
def trajectory_end(
    *, actor: User, trajectory: Trajectory, end_date: date, request: HttpRequest | None = None
) -> Trajectory:
    """Set the end date. Ending today (or earlier) closes access now; a later date is closed by
    the daily task the day after."""
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    today = timezone.localdate()
    if trajectory.access_closed_at is not None:
        return trajectory
    # Ending before the planned start: the end date cannot precede the start, access still
    # closes now.
    trajectory.end_date = max(end_date, trajectory.start_date)
    trajectory.full_clean()
    trajectory.save(update_fields=["end_date"])
    audit.record(
        action="trajectory.end",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=trajectory,
        subject_ref=_ref(trajectory),
        details={"end_date": end_date.isoformat()},
    )
    if end_date <= today:
        trajectory_close_access(actor=actor, trajectory=trajectory, request=request)
    return trajectory


@transaction.atomic
def trajectory_close_access(
    *, actor: User | None, trajectory: Trajectory, request: HttpRequest | None = None
) -> Trajectory:
    """Close the portal of an ended trajectory: nothing is deleted.

    The trajectory's message threads are closed and the participants' sessions end, so their next
    request is refused. They keep their account: logging in shows why the portal closed and how
    to download their documents.
    """
    trajectory = Trajectory.objects.select_for_update().get(pk=trajectory.pk)
    if trajectory.access_closed_at is not None:
        return trajectory
    now = timezone.now()
    trajectory.access_closed_at = now
    if trajectory.end_date is None or trajectory.end_date > timezone.localdate():
        trajectory.end_date = max(timezone.localdate(), trajectory.start_date)
    trajectory.save(update_fields=["access_closed_at", "end_date"])
    Thread.objects.filter(
        scope_kind=MESSAGE_SCOPE_KIND, scope_id=trajectory.pk, closed_at__isnull=True
    ).update(closed_at=now, closed_by=actor)
    participants = list(trajectory.participants.select_related("user"))
    ended = sum(end_user_sessions(p.user) for p in participants)
    audit.record(
        action="trajectory.close_access",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=trajectory,
        subject_ref=_ref(trajectory),
        details={"participants": len(participants), "sessions_ended": ended},
    )
    from .tasks import send_access_closed_notice

    trajectory_id = trajectory.pk
    transaction.on_commit(lambda: send_access_closed_notice.delay(trajectory_id))
    return trajectory


def close_ended_trajectories(*, today: date | None = None) -> int:
    """Daily: close the portal of every trajectory whose end date has passed."""
    today = today or timezone.localdate()
    ids = list(
        Trajectory.objects.filter(end_date__lt=today, access_closed_at__isnull=True).values_list(
            "pk", flat=True
        )
    )
    for trajectory_id in ids:
        trajectory_close_access(actor=None, trajectory=Trajectory(pk=trajectory_id))
    return len(ids)


@transaction.atomic
def trajectory_practitioners_set(
    *,
    actor: User,
    trajectory: Trajectory,
    practitioners: Sequence[User],
    request: HttpRequest | None = None,
) -> None:
    allowed = list(
        User.objects.filter(
            pk__in=[p.pk for p in practitioners],
            memberships__in=Membership.objects.active().filter(
                organisation=trajectory.facility, role=Role.PRACTITIONER
            ),
        ).distinct()
    )
    if not allowed:
        raise ValidationError(_("Een traject heeft minstens één behandelaar."))
    trajectory.practitioners.set(allowed)
    audit.record(
        action="trajectory.practitioners_set",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=trajectory,
        subject_ref=_ref(trajectory),
        details={"practitioners": sorted(u.pk for u in allowed)},
    )


# --- Portal preference ------------------------------------------------------------------------


def portal_preference_set(*, user: User, client: Child | None) -> PortalPreference:
    preference, _created = PortalPreference.objects.update_or_create(
        user=user, defaults={"client": client}
    )
    return preference


# --- Consents (every change is a new version) ------------------------------------------------


def current_consents(trajectory: Trajectory) -> dict[str, ConsentRecord]:
    latest: dict[str, ConsentRecord] = {}
    for record in trajectory.consents.select_related("recorded_by").order_by("topic", "-version"):
        latest.setdefault(record.topic, record)
    return latest


def _consent_record(
    *,
    actor: User,
    trajectory: Trajectory,
    topic: str,
    given: bool,
    via: str,
    request: HttpRequest | None,
) -> ConsentRecord | None:
    current = (
        ConsentRecord.objects.filter(trajectory=trajectory, topic=topic)
        .order_by("-version")
        .first()
    )
    if current is not None and current.given == given:
        return None
    record = ConsentRecord(
        trajectory=trajectory,
        topic=topic,
        version=(current.version + 1) if current else 1,
        given=given,
        via=via,
        recorded_by=actor,
    )
    record.full_clean()
    record.save()
    audit.record(
        action="consent.change",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=record,
        subject_ref=_ref(trajectory),
        legal_basis=f"consent:{topic}:{'given' if given else 'withdrawn'}",
        details={"topic": topic, "given": given, "version": record.version, "via": via},
    )
    return record


@transaction.atomic
def consents_save(
    *,
    actor: User,
    trajectory: Trajectory,
    choices: dict[str, bool],
    request: HttpRequest | None = None,
) -> list[ConsentRecord]:
    """The client (or, under 12, a parent with authority) sets their consents in the portal."""
    if not policies.can_decide_for_client(actor, trajectory):
        raise ValidationError(_("Alleen de cliënt (vanaf 12 jaar) of een ouder met gezag beslist."))
    # Serialise concurrent changes of one trajectory's consents (versions stay gapless).
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    changed = []
    for topic, given in choices.items():
        if topic == ConsentTopic.PARENT_ACCESS or topic not in ConsentTopic.values:
            continue
        record = _consent_record(
            actor=actor,
            trajectory=trajectory,
            topic=topic,
            given=given,
            via=ConsentRecord.Via.PORTAL,
            request=request,
        )
        if record:
            changed.append(record)
    return changed


@transaction.atomic
def parent_access_record(
    *, actor: User, trajectory: Trajectory, given: bool, request: HttpRequest | None = None
) -> ConsentRecord | None:
    """The practitioner records whether the client (from 12) lets their parents see the portal.
    The parents' view follows on their next request."""
    if not is_twelve_or_older(trajectory.client):
        raise ValidationError(
            _("Onder 12 jaar zien ouders met gezag het portaal; toestemming is niet nodig.")
        )
    Trajectory.objects.select_for_update().filter(pk=trajectory.pk).first()
    return _consent_record(
        actor=actor,
        trajectory=trajectory,
        topic=ConsentTopic.PARENT_ACCESS,
        given=given,
        via=ConsentRecord.Via.PRACTITIONER,
        request=request,
    )


# --- Documents, approvals, signatures ----------------------------------------------------------


@transaction.atomic
def document_share(
    *,
    actor: User,
    trajectory: Trajectory,
    kind: str,
    title: str,
    description: str = "",
    body: str = "",
    file: UploadedFile | None = None,
    approval_requested: bool = False,
    signature_required: bool = False,
    by_practitioner: bool = True,
    request: HttpRequest | None = None,
) -> Document:
    """A practitioner shares a report or document (or a start document to sign); a participant
    uploads one of their own. A file is checked by content and size before anything is stored."""
    if not trajectory.is_open() and not by_practitioner:
        raise ValidationError(_("Dit traject is afgesloten."))
    document = Document(
        trajectory=trajectory,
        kind=kind,
        title=title.strip(),
        description=description.strip(),
        body=body.strip(),
        uploaded_by=actor,
        by_practitioner=by_practitioner,
        approval_requested=approval_requested and by_practitioner,
        signature_required=signature_required and by_practitioner,
    )
    if file is not None:
        content_kind = uploads.check_upload(file)
        document.content_kind = str(content_kind)
        document.size = file.size
        document.sha256 = uploads.sha256_of(file)
        document.original_name = _download_name(file.name, title, content_kind)
        document.file.save("upload", file, save=False)
    else:
        import hashlib

        document.sha256 = hashlib.sha256(document.body.encode()).hexdigest()
    document.full_clean()
    document.save()
    audit.record(
        action="client_document.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=document,
        subject_ref=_ref(trajectory),
        details={
            "kind": kind,
            "content_kind": document.content_kind,
            "size": document.size,
            "by_practitioner": by_practitioner,
            "approval_requested": document.approval_requested,
            "signature_required": document.signature_required,
        },
    )
    return document


def _download_name(name: str | None, title: str, kind: Any) -> str:
    """Keep the person's file name, but with the extension that matches the content."""
    import os

    stem = os.path.splitext(os.path.basename(name or ""))[0].strip() or title.strip() or "document"
    return f"{stem[:150]}{uploads.EXTENSIONS.get(kind, '')}"


class AlreadyDoneError(Exception):
    pass


@transaction.atomic
def document_approve(
    *, actor: User, document: Document, request: HttpRequest | None = None
) -> Approval:
    """'Ik ga akkoord' on a report or document where the practitioner asked for it."""
    if not document.approval_requested:
        raise ValidationError(_("Voor dit document wordt geen akkoord gevraagd."))
    existing = Approval.objects.filter(document=document, user=actor).first()
    if existing:
        return existing
    approval = Approval.objects.create(
        document=document, user=actor, document_sha256=document.sha256
    )
    audit.record(
        action="client_document.approve",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=document.trajectory.facility,
        obj=document,
        subject_ref=_ref(document.trajectory),
        details={"sha256": document.sha256},
    )
    return approval


@transaction.atomic
def document_sign(
    *,
    actor: User,
    document: Document,
    signature_name: str,
    request: HttpRequest | None = None,
) -> Signature:
    """Sign a start document: the typed name, the time, the IP address and the exact content."""
    if not document.signature_required:
        raise ValidationError(_("Dit document hoeft niet ondertekend te worden."))
    existing = Signature.objects.filter(document=document, user=actor).first()
    if existing:
        return existing
    signature = Signature(
        document=document,
        user=actor,
        signature_name=signature_name.strip(),
        ip_address=audit.client_ip(request) if request is not None else None,
        document_sha256=document.sha256,
    )
    signature.full_clean()
    signature.save()
    audit.record(
        action="client_document.sign",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=document.trajectory.facility,
        obj=document,
        subject_ref=_ref(document.trajectory),
        details={"sha256": document.sha256},
    )
    return signature


# --- Client details and insurance ---------------------------------------------------------------


def client_details_update(
    *, actor: User, trajectory: Trajectory, data: dict[str, str], request: HttpRequest | None = None
) -> Any:
    """The client (from 12) or a parent with authority corrects the contact details; the
    practitioners see what changed (parent_portal's details history)."""
    if not policies.can_decide_for_client(actor, trajectory):
        raise ValidationError(
            _("Alleen de cliënt (vanaf 12 jaar) of een ouder met gezag wijzigt dit.")
        )
    return parent_services.child_details_update(
        actor=actor, child=trajectory.client, data=data, by_parent=True, request=request
    )


@transaction.atomic
def insurance_save(
    *,
    actor: User,
    trajectory: Trajectory,
    insurer: str,
    member_number: str = "",
    holder_name: str = "",
    request: HttpRequest | None = None,
) -> Insurance:
    insurance = Insurance.objects.select_for_update().filter(trajectory=trajectory).first()
    insurance = insurance or Insurance(trajectory=trajectory)
    insurance.insurer = insurer.strip()
    insurance.member_number = member_number.strip()
    insurance.holder_name = holder_name.strip()
    insurance.updated_by = actor
    insurance.full_clean()
    insurance.save()
    audit.record(
        action="client_insurance.update",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=insurance,
        subject_ref=_ref(trajectory),
    )
    return insurance


# --- Medication ----------------------------------------------------------------------------


@transaction.atomic
def medication_add(
    *,
    actor: User,
    trajectory: Trajectory,
    name: str,
    dose: str,
    instructions: str,
    prescribed_by: User,
    start_date: date,
    end_date: date | None = None,
    request: HttpRequest | None = None,
) -> Medication:
    medication = Medication(
        trajectory=trajectory,
        name=name.strip(),
        dose=dose.strip(),
        instructions=instructions.strip(),
        prescribed_by=prescribed_by,
        start_date=start_date,
        end_date=end_date,
        recorded_by=actor,
    )
    medication.full_clean()
    medication.save()
    audit.record(
        action="client_medication.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=medication,
        subject_ref=_ref(trajectory),
    )
    return medication


@transaction.atomic
def medication_stop(
    *,
    actor: User,
    medication: Medication,
    on: date | None = None,
    request: HttpRequest | None = None,
) -> Medication:
    on = on or timezone.localdate()
    medication.end_date = max(on, medication.start_date)
    medication.full_clean()
    medication.save(update_fields=["end_date"])
    audit.record(
        action="client_medication.stop",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=medication.trajectory.facility,
        obj=medication,
        subject_ref=_ref(medication.trajectory),
    )
    return medication


# --- Appointments ----------------------------------------------------------------------------


@transaction.atomic
def appointment_create(
    *,
    actor: User,
    trajectory: Trajectory,
    starts_at: datetime,
    ends_at: datetime,
    practitioner: User,
    mode: str,
    location: str = "",
    note: str = "",
    request: HttpRequest | None = None,
) -> ClientAppointment:
    appointment = ClientAppointment(
        trajectory=trajectory,
        starts_at=starts_at,
        ends_at=ends_at,
        practitioner=practitioner,
        mode=mode,
        location=location.strip(),
        note=note.strip(),
        created_by=actor,
    )
    appointment.full_clean()
    appointment.save()
    audit.record(
        action="client_appointment.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=appointment,
        subject_ref=_ref(trajectory),
    )
    return appointment


@transaction.atomic
def appointment_cancel(
    *, actor: User, appointment: ClientAppointment, request: HttpRequest | None = None
) -> ClientAppointment:
    appointment = ClientAppointment.objects.select_for_update().get(pk=appointment.pk)
    if appointment.cancelled_at is None:
        appointment.cancelled_at = timezone.now()
        appointment.save(update_fields=["cancelled_at"])
        audit.record(
            action="client_appointment.cancel",
            category=audit.Category.UPDATE,
            request=request,
            actor=actor,
            organisation=appointment.trajectory.facility,
            obj=appointment,
            subject_ref=_ref(appointment.trajectory),
        )
    return appointment


# --- Diary -----------------------------------------------------------------------------------


def _shared_at(visibility: str, before: datetime | None) -> datetime | None:
    if visibility == DiaryNote.Visibility.PRIVATE:
        return None
    return before or timezone.now()


@transaction.atomic
def diary_note_write(
    *,
    actor: User,
    trajectory: Trajectory,
    body: str,
    visibility: str,
    request: HttpRequest | None = None,
) -> DiaryNote:
    note = DiaryNote(
        trajectory=trajectory,
        author=actor,
        body=body.strip(),
        visibility=visibility,
        shared_at=_shared_at(visibility, None),
    )
    note.full_clean()
    note.save()
    audit.record(
        action="diary_note.create",
        category=audit.Category.CREATE,
        request=request,
        actor=actor,
        organisation=trajectory.facility,
        obj=note,
        subject_ref=_ref(trajectory),
        details={"visibility": visibility},
    )
    return note


@transaction.atomic
def diary_note_update(
    *,
    actor: User,
    note: DiaryNote,
    body: str,
    visibility: str,
    request: HttpRequest | None = None,
) -> DiaryNote:
    if note.author_id != actor.pk:
        raise ValidationError(_("Je kan alleen je eigen notities aanpassen."))
    note.body = body.strip()
    note.visibility = visibility
    note.shared_at = _shared_at(visibility, note.shared_at)
    note.edited_at = timezone.now()
    note.full_clean()
    note.save(update_fields=["body", "visibility", "shared_at", "edited_at"])
    audit.record(
        action="diary_note.update",
        category=audit.Category.UPDATE,
        request=request,
        actor=actor,
        organisation=note.trajectory.facility,
        obj=note,
        subject_ref=_ref(note.trajectory),
        details={"visibility": visibility},
    )
    return note


@transaction.atomic
def diary_note_delete(*, actor: User, note: DiaryNote, request: HttpRequest | None = None) -> None:
    """Someone removes a note of their own private diary (the log keeps that it existed)."""
    if note.author_id != actor.pk:
        raise ValidationError(_("Je kan alleen je eigen notities verwijderen."))
    audit.record(
        action="diary_note.delete",
        category=audit.Category.DELETE,
        request=request,
        actor=actor,
        organisation=note.trajectory.facility,
        obj=note,
        subject_ref=_ref(note.trajectory),
    )
    note.delete()


# --- Messages (messaging, scoped to the trajectory) ---------------------------------------------


def trajectory_handlers(trajectory_id: int) -> QuerySet[User]:
    """Who answers a trajectory's threads: its practitioners while they work at the facility."""
    trajectory = Trajectory.objects.filter(pk=trajectory_id).only("facility_id").first()
    if trajectory is None:
        return User.objects.none()
    working = Membership.objects.active().filter(
        organisation_id=trajectory.facility_id, role=Role.PRACTITIONER
    )
    return User.objects.filter(
        practised_trajectories=trajectory_id, pk__in=working.values("user_id")
    )


def _thread_url(thread: Thread) -> str:
    return reverse("client_portal:thread_open", args=[thread.pk])


TRAJECTORY_MESSAGE_SCOPE = MessageScope(
    kind=MESSAGE_SCOPE_KIND,
    requester_scope_ids=lambda user: policies.trajectories_participated_by(user).values("pk"),
    handler_scope_ids=lambda user: policies.trajectories_practised_by(user).values("pk"),
    handlers=trajectory_handlers,
    requester_url=_thread_url,
)


def portal_thread_start(
    *,
    actor: User,
    trajectory: Trajectory,
    subject: str,
    body: str,
    files: Sequence[UploadedFile] = (),
    request: HttpRequest | None = None,
) -> Thread:
    """A participant writes to the practitioners of their trajectory."""
    return messaging_services.client_thread_start(
        actor=actor,
        client=actor,
        handler=trajectory.facility,
        subject=subject,
        body=body,
        side=Message.Side.REQUESTER,
        files=files,
        scope_kind=MESSAGE_SCOPE_KIND,
        scope_id=trajectory.pk,
        subject_ref=_ref(trajectory),
        request=request,
    )


def practitioner_thread_start(
    *,
    actor: User,
    participant: Participant,
    subject: str,
    body: str,
    files: Sequence[UploadedFile] = (),
    request: HttpRequest | None = None,
) -> Thread:
    """A practitioner writes to one participant (each person has their own conversations)."""
    trajectory = participant.trajectory
    if not trajectory.is_open():
        raise ValidationError(_("Dit traject is afgesloten."))
    return messaging_services.client_thread_start(
        actor=actor,
        client=participant.user,
        handler=trajectory.facility,
        subject=subject,
        body=body,
        side=Message.Side.HANDLER,
        files=files,
        scope_kind=MESSAGE_SCOPE_KIND,
        scope_id=trajectory.pk,
        subject_ref=_ref(trajectory),
        request=request,
    )


def client_refs_for(user: User) -> list[str]:
    """'Who viewed my data' of a participant includes the clients whose portal they see."""
    ids = policies.trajectories_visible_to(user).values_list("client_id", flat=True)
    return [f"parent_portal.child:{pk}" for pk in set(ids)]
