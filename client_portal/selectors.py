"""Reads of the client portal, scoped by accounts.policies (404 for absent and not yours alike).

A *portal* is what the navigation bar acts on: a client's portal (their dossier, appointments,
the viewer's own messages and diary about them), or a parent's own portal, which gathers what the
parent sees and does across their children's portals.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import policies
from accounts.models import AuditEvent, Membership, Role, User
from messaging import selectors as messaging_selectors
from messaging.models import Attachment, Thread
from parent_portal.models import Child

from .models import (
    ClientAppointment,
    ConsentRecord,
    ConsentTopic,
    DiaryNote,
    Document,
    Insurance,
    Medication,
    Participant,
    PortalPreference,
    Trajectory,
    is_twelve_or_older,
)
from .services import MESSAGE_SCOPE_KIND, required_signers

OWN = "eigen"


class PortalClosedError(Exception):
    """The person took part, but the trajectory's access is closed."""


@dataclass
class Portal:
    """What the navigation bar acts on, for one viewer."""

    key: str
    viewer: User
    client: Child | None  # None: a parent's own portal
    trajectories: list[Trajectory]  # whose dossier the viewer sees here
    participating: list[Trajectory]  # where the viewer's own messages, diary and signing live
    may_decide: bool = False  # changes the client's consents and details
    relation: str = ""

    @property
    def is_own(self) -> bool:
        return self.key == OWN

    @property
    def is_parent_overview(self) -> bool:
        return self.client is None

    @property
    def trajectory_ids(self) -> list[int]:
        return [t.pk for t in self.trajectories]

    @property
    def participating_ids(self) -> list[int]:
        return [t.pk for t in self.participating]

    @property
    def single(self) -> Trajectory | None:
        """The one trajectory of this portal (most clients have one at a time)."""
        return self.trajectories[0] if len(self.trajectories) == 1 else None

    @property
    def title(self) -> str:
        if self.client is None:
            return _("Je eigen portaal")
        if self.is_own:
            return _("Je portaal")
        return _("Portaal van %(name)s") % {"name": self.client.first_name}


def relation_label(child: Child) -> str:
    return _("dochter") if child.sex == Child.Sex.FEMALE else _("zoon")


def _trajectories(queryset: QuerySet[Trajectory]) -> list[Trajectory]:
    return list(queryset.select_related("client", "facility").order_by("client__first_name", "pk"))


def _own_client(user: User, participating: list[Trajectory]) -> Child | None:
    ids = set(
        Participant.objects.filter(
            user=user,
            relation=Participant.Relation.CLIENT,
            trajectory_id__in=[t.pk for t in participating],
        ).values_list("trajectory__client_id", flat=True)
    )
    for trajectory in participating:
        if trajectory.client_id in ids:
            return trajectory.client
    return None


def _is_parent_somewhere(user: User, participating: list[Trajectory]) -> bool:
    return Participant.objects.filter(
        user=user,
        relation=Participant.Relation.PARENT,
        trajectory_id__in=[t.pk for t in participating],
    ).exists()


def portal_get_for_user(user: User, key: str) -> Portal:
    """The portal `key` ("eigen" or a client's id) as the user may see it now.

    Raises Http404 for a portal that is not the user's, PortalClosedError for one whose access
    closed. A client's own portal ("eigen") is their client portal; a parent's is the overview.
    """
    visible = _trajectories(policies.trajectories_visible_to(user))
    participating = _trajectories(policies.trajectories_participated_by(user))
    if key == OWN:
        own_client = _own_client(user, participating)
        if own_client is not None and not _is_parent_somewhere(user, participating):
            return _client_portal(user, own_client, visible, participating, key=OWN)
        if not participating and policies.trajectories_closed_for(user).exists():
            raise PortalClosedError
        return Portal(
            key=OWN,
            viewer=user,
            client=None,
            trajectories=visible,
            participating=participating,
            relation=_("eigen portaal"),
        )
    try:
        client_id = int(key)
    except ValueError as error:
        raise Http404 from error
    mine = [t for t in visible if t.client_id == client_id]
    if not mine:
        if policies.trajectories_closed_for(user).filter(client_id=client_id).exists():
            raise PortalClosedError
        raise Http404
    return _client_portal(user, mine[0].client, visible, participating, key=str(client_id))


def _client_portal(
    user: User,
    client: Child,
    visible: list[Trajectory],
    participating: list[Trajectory],
    *,
    key: str,
) -> Portal:
    trajectories = [t for t in visible if t.client_id == client.pk]
    if not trajectories:
        if policies.trajectories_closed_for(user).filter(client=client).exists():
            raise PortalClosedError
        raise Http404
    may_decide = any(policies.can_decide_for_client(user, t) for t in trajectories)
    is_client = Participant.objects.filter(
        user=user, relation=Participant.Relation.CLIENT, trajectory__in=trajectories
    ).exists()
    return Portal(
        key=key,
        viewer=user,
        client=client,
        trajectories=trajectories,
        participating=[t for t in participating if t.client_id == client.pk],
        may_decide=may_decide,
        relation=_("eigen portaal") if is_client else relation_label(client),
    )


def preferred_portal_key(user: User) -> str:
    preference = PortalPreference.objects.filter(user=user).first()
    visible = policies.trajectories_visible_to(user)
    if preference and preference.client_id and visible.filter(client=preference.client_id):
        return str(preference.client_id)
    return OWN


@dataclass(frozen=True)
class PortalChoice:
    key: str
    name: str
    relation: str
    detail: str
    preferred: bool


@dataclass(frozen=True)
class HiddenPortal:
    """A 12+ child's portal the parent does not see (no consent), with the reason."""

    name: str
    facility: str


def portal_choices(user: User) -> tuple[list[PortalChoice], list[HiddenPortal]]:
    """The portals a person switches between, and the ones a 12+ child keeps to themselves."""
    visible = _trajectories(policies.trajectories_visible_to(user))
    participating = _trajectories(policies.trajectories_participated_by(user))
    preferred = preferred_portal_key(user)
    own_client = _own_client(user, participating)
    parent = _is_parent_somewhere(user, participating)
    choices = []
    if parent or own_client is None:
        choices.append(PortalChoice(OWN, str(user), _("eigen portaal"), "", preferred == OWN))
    seen: set[int] = set()
    for trajectory in visible:
        client = trajectory.client
        if client.pk in seen:
            continue
        seen.add(client.pk)
        if own_client is not None and client.pk == own_client.pk:
            key = OWN if not parent else str(client.pk)
            choices.append(
                PortalChoice(
                    key, str(client), _("eigen portaal"), trajectory.facility.name, preferred == key
                )
            )
            continue
        choices.append(
            PortalChoice(
                str(client.pk),
                str(client),
                relation_label(client),
                trajectory.facility.name,
                preferred == str(client.pk),
            )
        )
    visible_ids = {t.pk for t in visible}
    hidden = [
        HiddenPortal(name=str(t.client), facility=t.facility.name)
        for t in participating
        if t.pk not in visible_ids
    ]
    return choices, hidden


# --- Activity overview ----------------------------------------------------------------------


def previous_login(user: User) -> datetime | None:
    """When the person logged in before this session (the access log keeps every login)."""
    logins = list(
        AuditEvent.objects.filter(actor=user, action="auth.login")
        .order_by("-occurred_at")
        .values_list("occurred_at", flat=True)[:2]
    )
    return logins[1] if len(logins) > 1 else None


@dataclass(frozen=True)
class Activity:
    since: datetime
    new_documents: int
    new_reports: int
    past_appointments: int
    new_messages: int
    new_diary_notes: int


def activity_since(portal: Portal, since: datetime | None) -> Activity:
    user = portal.viewer
    if since is None:
        since = timezone.now() - timedelta(days=30)
    now = timezone.now()
    documents = (
        policies.client_documents_visible_to(user)
        .filter(trajectory_id__in=portal.trajectory_ids, created_at__gt=since)
        .exclude(uploaded_by=user)
        .values("kind")
        .annotate(n=Count("pk"))
    )
    counts = {row["kind"]: row["n"] for row in documents}
    past = (
        policies.client_appointments_visible_to(user)
        .filter(
            trajectory_id__in=portal.trajectory_ids,
            starts_at__gt=since,
            starts_at__lte=now,
            cancelled_at__isnull=True,
        )
        .count()
    )
    diary = (
        policies.diary_notes_visible_to(user)
        .filter(trajectory_id__in=portal.trajectory_ids, written_at__gt=since)
        .exclude(author=user)
        .count()
    )
    return Activity(
        since=since,
        new_documents=counts.get(Document.Kind.DOCUMENT, 0),
        new_reports=counts.get(Document.Kind.REPORT, 0),
        past_appointments=past,
        new_messages=unread_messages(portal),
        new_diary_notes=diary,
    )


def next_appointment(portal: Portal) -> ClientAppointment | None:
    return (
        policies.client_appointments_visible_to(portal.viewer)
        .filter(
            trajectory_id__in=portal.trajectory_ids,
            ends_at__gte=timezone.now(),
            cancelled_at__isnull=True,
        )
        .select_related("practitioner", "trajectory__client")
        .order_by("starts_at")
        .first()
    )


@dataclass(frozen=True)
class Security:
    totp: bool
    passkeys: int
    recovery_codes_left: int | None  # None: none generated yet


def security_of(user: User) -> Security:
    from allauth.mfa.models import Authenticator
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes

    totp = False
    passkeys = 0
    left = None
    for authenticator in Authenticator.objects.filter(user=user):
        if authenticator.type == Authenticator.Type.TOTP:
            totp = True
        elif authenticator.type == Authenticator.Type.WEBAUTHN:
            passkeys += 1
        elif authenticator.type == Authenticator.Type.RECOVERY_CODES:
            left = len(RecoveryCodes(authenticator).get_unused_codes())
    return Security(totp=totp, passkeys=passkeys, recovery_codes_left=left)


# --- Dossier --------------------------------------------------------------------------------


def documents_of(portal: Portal, kind: str) -> list[Document]:
    documents = (
        policies.client_documents_visible_to(portal.viewer)
        .filter(trajectory_id__in=portal.trajectory_ids, kind=kind)
        .select_related("uploaded_by", "trajectory__client")
        .prefetch_related(
            Prefetch(
                "approvals",
                queryset=_approvals_of(portal.viewer),
                to_attr="my_approvals",
            ),
            Prefetch(
                "signatures",
                queryset=_signatures_of(portal.viewer),
                to_attr="my_signatures",
            ),
        )
        .order_by("-created_at", "-pk")
    )
    return list(documents)


def _approvals_of(user: User) -> QuerySet:
    from .models import Approval

    return Approval.objects.filter(user=user)


def _signatures_of(user: User) -> QuerySet:
    from .models import Signature

    return Signature.objects.filter(user=user)


def document_get_for_portal(portal: Portal, document_id: int) -> Document:
    return get_object_or_404(
        policies.client_documents_visible_to(portal.viewer)
        .filter(trajectory_id__in=portal.trajectory_ids)
        .select_related("uploaded_by", "trajectory__client", "trajectory__facility")
        .prefetch_related(
            Prefetch("approvals", queryset=_approvals_of(portal.viewer), to_attr="my_approvals"),
            Prefetch("signatures", queryset=_signatures_of(portal.viewer), to_attr="my_signatures"),
        ),
        pk=document_id,
    )


@dataclass(frozen=True)
class ConsentRow:
    topic: str
    label: str
    given: bool | None  # None: not decided yet
    record: ConsentRecord | None


def consent_rows(trajectory: Trajectory, *, with_parent_access: bool = False) -> list[ConsentRow]:
    from .services import current_consents

    current = current_consents(trajectory)
    topics = [t for t in ConsentTopic if t != ConsentTopic.PARENT_ACCESS]
    if with_parent_access and is_twelve_or_older(trajectory.client):
        topics.append(ConsentTopic.PARENT_ACCESS)
    rows = []
    for topic in topics:
        record = current.get(topic)
        rows.append(ConsentRow(topic, str(topic.label), record.given if record else None, record))
    return rows


def consent_history(trajectory: Trajectory) -> list[ConsentRecord]:
    return list(trajectory.consents.select_related("recorded_by").order_by("-recorded_at", "-pk"))


def insurance_of(trajectory: Trajectory) -> Insurance | None:
    return Insurance.objects.filter(trajectory=trajectory).select_related("updated_by").first()


def medications_of(portal: Portal) -> list[Medication]:
    return list(
        Medication.objects.filter(trajectory_id__in=portal.trajectory_ids)
        .select_related("prescribed_by", "trajectory__client")
        .order_by("-start_date", "name")
    )


def appointments_of(portal: Portal) -> tuple[list[ClientAppointment], list[ClientAppointment]]:
    rows = list(
        policies.client_appointments_visible_to(portal.viewer)
        .filter(trajectory_id__in=portal.trajectory_ids)
        .select_related("practitioner", "trajectory__client")
        .order_by("starts_at")
    )
    now = timezone.now()
    upcoming = [a for a in rows if a.ends_at >= now]
    past = sorted((a for a in rows if a.ends_at < now), key=lambda a: a.starts_at, reverse=True)
    return upcoming, past


# --- Messages -------------------------------------------------------------------------------


def _portal_threads(portal: Portal) -> QuerySet[Thread]:
    return policies.message_threads_visible_to(portal.viewer).filter(
        scope_kind=MESSAGE_SCOPE_KIND,
        scope_id__in=portal.participating_ids,
        client=portal.viewer,
    )


def threads_of(portal: Portal, *, closed: bool = False) -> list[Thread]:
    threads = messaging_selectors.with_unread(
        _portal_threads(portal).filter(closed_at__isnull=not closed), portal.viewer
    )
    return list(threads.select_related("handler", "handler_user").order_by("-last_message_at"))


def unread_messages(portal: Portal) -> int:
    threads = messaging_selectors.with_unread(
        _portal_threads(portal).filter(closed_at__isnull=True), portal.viewer
    )
    return sum(threads.values_list("unread", flat=True))


def thread_get_for_portal(portal: Portal, thread_id: UUID) -> Thread:
    return get_object_or_404(
        _portal_threads(portal).select_related("handler", "closed_by"), pk=thread_id
    )


def attachment_get_for_portal(portal: Portal, attachment_id: int) -> Attachment:
    return get_object_or_404(
        Attachment.objects.select_related("message__thread").filter(
            message__thread__in=_portal_threads(portal)
        ),
        pk=attachment_id,
    )


def portal_key_for_thread(user: User, thread_id: UUID) -> str:
    """Which portal shows a thread: the client's when the viewer sees it, else their own."""
    thread = get_object_or_404(
        policies.message_threads_visible_to(user).filter(
            scope_kind=MESSAGE_SCOPE_KIND, client=user
        ),
        pk=thread_id,
    )
    trajectory = Trajectory.objects.filter(pk=thread.scope_id).first()
    if trajectory and policies.trajectories_visible_to(user).filter(pk=trajectory.pk).exists():
        own_client = Participant.objects.filter(
            trajectory=trajectory, user=user, relation=Participant.Relation.CLIENT
        ).exists()
        return OWN if own_client else str(trajectory.client_id)
    return OWN


# --- Diary ----------------------------------------------------------------------------------


def diary_of(portal: Portal) -> list[DiaryNote]:
    return list(
        policies.diary_notes_visible_to(portal.viewer)
        .filter(
            Q(trajectory_id__in=portal.participating_ids, author=portal.viewer)
            | Q(trajectory_id__in=portal.trajectory_ids)
        )
        .select_related("author", "trajectory__client")
        .order_by("-written_at", "-pk")
    )


def own_note_get(portal: Portal, note_id: int) -> DiaryNote:
    return get_object_or_404(
        DiaryNote.objects.filter(author=portal.viewer, trajectory_id__in=portal.participating_ids),
        pk=note_id,
    )


# --- Getting started (signing) -------------------------------------------------------------


@dataclass
class SigningTask:
    trajectory: Trajectory
    documents: list[Document]
    signed: dict[int, Any]  # document id -> the viewer's signature
    signers: list[Any] = field(default_factory=list)
    status: dict[tuple[int, int], bool] = field(default_factory=dict)  # (doc, user) -> signed

    @property
    def done(self) -> bool:
        return all(d.pk in self.signed for d in self.documents)

    @property
    def signer_rows(self) -> list[tuple[Any, bool]]:
        """Each required signer, and whether they signed every start document."""
        return [
            (
                signer,
                signer.user is not None
                and all(self.status.get((d.pk, signer.user.pk)) for d in self.documents),
            )
            for signer in self.signers
        ]


def signing_tasks(portal: Portal) -> list[SigningTask]:
    from .models import Signature

    documents = list(
        policies.start_documents_for_signer(portal.viewer)
        .filter(trajectory_id__in=portal.participating_ids)
        .select_related("trajectory__client", "trajectory__facility")
        .order_by("trajectory_id", "created_at", "pk")
    )
    signatures = list(Signature.objects.filter(document__in=documents))
    tasks: dict[int, SigningTask] = {}
    for document in documents:
        task = tasks.get(document.trajectory_id)
        if task is None:
            task = tasks[document.trajectory_id] = SigningTask(document.trajectory, [], {})
            task.signers = required_signers(document.trajectory)
        task.documents.append(document)
    trajectory_of = {d.pk: d.trajectory_id for d in documents}
    for signature in signatures:
        task = tasks[trajectory_of[signature.document_id]]
        task.status[(signature.document_id, signature.user_id)] = True
        if signature.user_id == portal.viewer.pk:
            task.signed[signature.document_id] = signature
    return list(tasks.values())


def start_document_get_for_signer(portal: Portal, document_id: int) -> Document:
    return get_object_or_404(
        policies.start_documents_for_signer(portal.viewer)
        .filter(trajectory_id__in=portal.participating_ids)
        .select_related("trajectory__client", "trajectory__facility"),
        pk=document_id,
    )


def unsigned_count(user: User, trajectory_ids: list[int] | None = None) -> int:
    """Start documents the user still has to sign (in the given trajectories, or all)."""
    from .models import Signature

    documents = policies.start_documents_for_signer(user)
    if trajectory_ids is not None:
        documents = documents.filter(trajectory_id__in=trajectory_ids)
    signed = Signature.objects.filter(user=user, document__in=documents).values("document_id")
    return documents.exclude(pk__in=signed).count()


# --- Closed access ----------------------------------------------------------------------------


def closed_trajectories(user: User) -> list[Trajectory]:
    return _trajectories(policies.trajectories_closed_for(user))


def export_documents(user: User) -> list[Document]:
    """What a closed account may still download: the documents of the portals they saw."""
    return list(
        Document.objects.filter(trajectory__in=policies.trajectories_closed_for(user))
        .filter(Q(by_practitioner=True) | Q(uploaded_by=user))
        .select_related("trajectory__client", "trajectory__facility")
        .prefetch_related("signatures")
        .order_by("trajectory_id", "created_at", "pk")
    )


def export_diary(user: User) -> list[DiaryNote]:
    return list(
        DiaryNote.objects.filter(
            author=user,
            trajectory__in=Trajectory.objects.closed().filter(participants__user=user),
        )
        .select_related("trajectory__client")
        .order_by("written_at")
    )


# --- Practitioner side ----------------------------------------------------------------------


def trajectories_for_practitioner(user: User, *, closed: bool = False) -> list[Trajectory]:
    base = policies.trajectories_practised_by(user)
    base = base.closed() if closed else base.open()
    return list(
        base.select_related("client", "facility")
        .prefetch_related(
            Prefetch("participants", queryset=Participant.objects.select_related("user"))
        )
        .annotate(
            shared_notes=Count(
                "diary_notes",
                filter=~Q(diary_notes__visibility=DiaryNote.Visibility.PRIVATE),
                distinct=True,
            )
        )
        .order_by("client__last_name", "client__first_name", "pk")
    )


def trajectory_get_for_practitioner(user: User, trajectory_id: int) -> Trajectory:
    return get_object_or_404(
        policies.trajectories_practised_by(user).select_related("client", "facility"),
        pk=trajectory_id,
    )


def open_trajectory_get_for_practitioner(user: User, trajectory_id: int) -> Trajectory:
    trajectory = trajectory_get_for_practitioner(user, trajectory_id)
    if not trajectory.is_open():
        raise Http404
    return trajectory


@dataclass(frozen=True)
class ParticipantStatus:
    participant: Participant
    state: str  # "active", "invited", "expired", "none"
    invited_at: datetime | None
    expires_at: datetime | None
    last_login: datetime | None


def participant_statuses(trajectory: Trajectory) -> list[ParticipantStatus]:
    from accounts.models import Invitation

    participants = list(trajectory.participants.select_related("user").order_by("relation", "pk"))
    invitations: dict[int, Invitation] = {}
    for invitation in Invitation.objects.filter(
        user__in=[p.user_id for p in participants], purpose="client_activation"
    ).order_by("created_at"):
        invitations[invitation.user_id] = invitation
    rows = []
    for participant in participants:
        user = participant.user
        invitation = invitations.get(user.pk)
        if user.has_usable_password():
            state = "active"
        elif invitation and invitation.is_usable():
            state = "invited"
        elif invitation:
            state = "expired"
        else:
            state = "none"
        rows.append(
            ParticipantStatus(
                participant=participant,
                state=state,
                invited_at=invitation.created_at if invitation else None,
                expires_at=invitation.expires_at if invitation else None,
                last_login=user.last_login,
            )
        )
    return rows


def participant_get_for_practitioner(user: User, participant_id: int) -> Participant:
    return get_object_or_404(
        Participant.objects.filter(
            trajectory__in=policies.trajectories_practised_by(user)
        ).select_related("user", "trajectory__client", "trajectory__facility"),
        pk=participant_id,
    )


def practitioner_documents(trajectory: Trajectory) -> list[Document]:
    return list(
        trajectory.documents.select_related("uploaded_by")
        .prefetch_related(
            Prefetch("approvals", queryset=_approvals_all()),
            Prefetch("signatures", queryset=_signatures_all()),
        )
        .order_by("-signature_required", "-created_at", "-pk")
    )


def _approvals_all() -> QuerySet:
    from .models import Approval

    return Approval.objects.select_related("user").order_by("approved_at")


def _signatures_all() -> QuerySet:
    from .models import Signature

    return Signature.objects.select_related("user").order_by("signed_at")


def practitioner_document_get(user: User, document_id: int) -> Document:
    return get_object_or_404(
        policies.practitioner_documents_visible_to(user).select_related("trajectory__client"),
        pk=document_id,
    )


def practitioner_appointment_get(user: User, appointment_id: int) -> ClientAppointment:
    return get_object_or_404(
        ClientAppointment.objects.filter(
            trajectory__in=policies.trajectories_practised_by(user)
        ).select_related("trajectory__client"),
        pk=appointment_id,
    )


def practitioner_medication_get(user: User, medication_id: int) -> Medication:
    return get_object_or_404(
        Medication.objects.filter(
            trajectory__in=policies.trajectories_practised_by(user)
        ).select_related("trajectory__client"),
        pk=medication_id,
    )


def trajectory_threads(user: User, trajectory: Trajectory) -> list[Thread]:
    threads = policies.message_threads_visible_to(user).filter(
        scope_kind=MESSAGE_SCOPE_KIND, scope_id=trajectory.pk
    )
    return list(
        messaging_selectors.with_unread(threads, user)
        .select_related("client")
        .order_by("-last_message_at")
    )


def shared_diary_notes(user: User, trajectory: Trajectory) -> list[DiaryNote]:
    return list(
        policies.diary_notes_shared_with_practitioner(user)
        .filter(trajectory=trajectory)
        .select_related("author")
        .order_by("-written_at", "-pk")
    )


def facility_practitioners(facility: Any) -> list[User]:
    ids = (
        Membership.objects.active()
        .filter(organisation=facility, role=Role.PRACTITIONER)
        .values("user_id")
    )
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("first_name", "last_name"))


def details_changes(trajectory: Trajectory, limit: int = 5) -> list[tuple[Any, list[str]]]:
    """The latest changes of the client's contact details, with the changed fields' labels."""
    changes = trajectory.client.details_changes.select_related("changed_by").order_by("-pk")[:limit]
    return [
        (change, [str(Child._meta.get_field(name).verbose_name) for name in change.changes])
        for change in changes
    ]
