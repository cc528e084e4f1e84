"""Client portal (mental-health care): the client (youth) and a parent with authority see the
client's portal; the practitioners who treat the trajectory see its workspace. The cast's
practitioner and parent get a role at facility F for these cases (made once, lazily)."""

from __future__ import annotations

from accounts.models import Role

from . import FORBIDDEN, LOGIN, METHOD, NOT_FOUND, OK, REDIRECT, Case

PARENT, YOUTH, PRACTITIONER = Role.PARENT, Role.YOUTH, Role.PRACTITIONER
CLIENTS = {PARENT: OK, YOUTH: OK}


def world(cast):  # noqa: ANN001, ANN201
    """Jana (14) at facility F: the cast's youth is the client, Pat her parent (Jana lets him see
    her portal), the cast's practitioner treats her. Elias (14) at facility G is someone else's."""
    if "cp_world" in cast.named:
        return cast.named["cp_world"]
    from datetime import timedelta

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import timezone

    from accounts import policies
    from accounts.services import membership_create
    from client_portal import services
    from tests.client_portal.factories import add_participant, make_trajectory, share_report
    from tests.factories import member

    o = cast.organisations
    practitioner = cast.users[PRACTITIONER]
    membership_create(
        actor=None, user=practitioner, organisation=o["facility_f"], role=PRACTITIONER
    )
    policies.forget_memberships(practitioner)

    def fill(trajectory, client_user, parent_user):  # noqa: ANN001, ANN202
        add_participant(trajectory, client_user, relation="client")
        add_participant(trajectory, parent_user)
        services.parent_access_record(
            actor=trajectory.practitioners.first(), trajectory=trajectory, given=True
        )
        document = share_report(trajectory)
        thread = services.portal_thread_start(
            actor=client_user,
            trajectory=trajectory,
            subject="Vraag",
            body="Mag ik iets vragen?",
            files=[SimpleUploadedFile("vraag.txt", b"Een vraag\n", content_type="text/plain")],
        )
        note = services.diary_note_write(
            actor=client_user, trajectory=trajectory, body="Notitie", visibility="private"
        )
        start = timezone.now() + timedelta(days=3)
        appointment = services.appointment_create(
            actor=trajectory.practitioners.first(),
            trajectory=trajectory,
            starts_at=start,
            ends_at=start + timedelta(hours=1),
            practitioner=trajectory.practitioners.first(),
            mode="in_person",
        )
        medication = services.medication_add(
            actor=trajectory.practitioners.first(),
            trajectory=trajectory,
            name="Sertraline",
            dose="25 mg",
            instructions="'s ochtends",
            prescribed_by=trajectory.practitioners.first(),
            start_date=timezone.localdate(),
        )
        return {
            "trajectory": trajectory,
            "portal": str(trajectory.client_id),
            "document": document,
            "start": trajectory.documents.get(signature_required=True),
            "thread": thread,
            "attachment": thread.messages.first().attachments.first(),
            "note": note,
            "appointment": appointment,
            "medication": medication,
            "participant": trajectory.participants.get(relation="client"),
        }

    own = fill(
        make_trajectory(o["facility_f"], practitioner, age=14, first_name="Jana"),
        cast.users[YOUTH],
        cast.users[PARENT],
    )
    gijs = member(PRACTITIONER, o["facility_g"], first_name="Gijs")
    foreign = fill(
        make_trajectory(o["facility_g"], gijs, age=14, first_name="Elias"),
        member(YOUTH, o["facility_g"]),
        member(PARENT, o["facility_g"]),
    )
    cast.named["cp_world"] = w = {"own": own, "foreign": foreign}
    return w


def _args(**names: str):  # noqa: ANN202
    """URL arguments from the world: {"portal": "portal", "document_id": "document"} etc."""

    def own(cast):  # noqa: ANN001, ANN202
        return {k: _value(world(cast)["own"], v) for k, v in names.items()}

    def foreign(cast):  # noqa: ANN001, ANN202
        return {k: _value(world(cast)["foreign"], v) for k, v in names.items()}

    return own, foreign


def _value(objects: dict, name: str):  # noqa: ANN202
    value = objects[name]
    return value if isinstance(value, str) else value.pk


def portal_page(name: str, expected=OK, parent=None, **names: str) -> Case:  # noqa: ANN001
    own, foreign = _args(portal="portal", **names)
    roles = {PARENT: expected if parent is None else parent, YOUTH: expected}
    return Case(name, anonymous=LOGIN, default=FORBIDDEN, roles=roles, args=own, foreign=foreign)


def plain_page(name: str, roles: dict) -> Case:
    return Case(
        name,
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles=roles,
        args=lambda cast: (world(cast), {})[1],
    )


def staff_page(name: str, expected=OK, **names: str) -> Case:  # noqa: ANN001
    own, foreign = _args(**names)
    return Case(
        name,
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={PRACTITIONER: expected},
        args=own,
        foreign=foreign if expected == OK else None,
    )


CASES = [
    plain_page("client_portal:index", {PARENT: REDIRECT, YOUTH: REDIRECT}),
    plain_page("client_portal:switch", CLIENTS),
    plain_page("client_portal:closed", {PARENT: REDIRECT, YOUTH: REDIRECT}),
    plain_page("client_portal:closed_export", {PARENT: REDIRECT, YOUTH: REDIRECT}),
    Case(
        "client_portal:thread_open",
        anonymous=LOGIN,
        default=FORBIDDEN,
        roles={YOUTH: REDIRECT, PARENT: NOT_FOUND},
        args=_args(thread_id="thread")[0],
    ),
    portal_page("client_portal:home"),
    portal_page("client_portal:dossier"),
    portal_page("client_portal:about"),
    portal_page("client_portal:consents"),
    portal_page("client_portal:insurance"),
    portal_page("client_portal:medication"),
    portal_page("client_portal:reports"),
    portal_page("client_portal:documents"),
    portal_page("client_portal:upload"),
    portal_page("client_portal:document", document_id="document"),
    portal_page("client_portal:document_download", document_id="document"),
    portal_page("client_portal:appointments"),
    portal_page("client_portal:messages"),
    portal_page("client_portal:message_new"),
    # A thread, its attachments and a diary note are the youth's own: her parent gets 404.
    portal_page("client_portal:thread", parent=NOT_FOUND, thread_id="thread"),
    portal_page("client_portal:attachment", parent=NOT_FOUND, attachment_id="attachment"),
    portal_page("client_portal:diary"),
    portal_page("client_portal:diary_edit", parent=NOT_FOUND, note_id="note"),
    portal_page("client_portal:diary_delete", parent=NOT_FOUND, note_id="note"),
    portal_page("client_portal:get_started"),
    portal_page("client_portal:sign", document_id="start"),
    plain_page("client_portal:staff_workspace", {PRACTITIONER: OK}),
    plain_page("client_portal:staff_trajectory_new", {PRACTITIONER: OK}),
    staff_page("client_portal:staff_trajectory", trajectory_id="trajectory"),
    staff_page("client_portal:staff_practitioners", trajectory_id="trajectory"),
    staff_page("client_portal:staff_participant_add", trajectory_id="trajectory"),
    staff_page("client_portal:staff_participant_activation", participant_id="participant"),
    staff_page("client_portal:staff_document_new", trajectory_id="trajectory"),
    staff_page("client_portal:staff_document_download", document_id="document"),
    staff_page("client_portal:staff_parent_access", trajectory_id="trajectory"),
    staff_page("client_portal:staff_appointment_new", trajectory_id="trajectory"),
    staff_page("client_portal:staff_appointment_cancel", METHOD, appointment_id="appointment"),
    staff_page("client_portal:staff_medication_new", trajectory_id="trajectory"),
    staff_page("client_portal:staff_medication_stop", METHOD, medication_id="medication"),
    staff_page("client_portal:staff_message_new", trajectory_id="trajectory"),
    staff_page("client_portal:staff_trajectory_start", trajectory_id="trajectory"),
    staff_page("client_portal:staff_trajectory_end", trajectory_id="trajectory"),
]
