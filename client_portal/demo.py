"""Demo data of the client portal (idempotent), at the demo CGG (cgg-leuven).

Jana Jong (14, jongere@demo.example.org) is in treatment for anxiety: her trajectory started six
weeks ago, everyone signed the agreement, she lets her father see her portal. There are reports,
a treatment plan awaiting approval, appointments, medication, messages and diary notes. Her
brother Daan (9) has a trajectory in preparation: his father still has to sign the agreement.
Practitioner: Lies Behandelaar (behandelaar@demo.example.org); psychiatrist: Paul Psychiater.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accounts.demo import demo_user
from accounts.models import Membership, Organisation, Role, User
from parent_portal import services as parent_services
from parent_portal.models import add_years
from portal.demo import DemoContext

from . import services
from .models import (
    ClientAppointment,
    ConsentTopic,
    DiaryNote,
    Document,
    Participant,
    Trajectory,
)

FACILITY = "cgg-leuven"


def tiny_pdf(title: str, lines: list[str]) -> bytes:
    """A one-page PDF with a title and lines of text (valid, no dependencies)."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    commands = ["BT", "/F1 16 Tf", "72 770 Td", f"({escape(title)}) Tj", "/F1 11 Tf"]
    for line in lines:
        commands += ["0 -18 Td", f"({escape(line)}) Tj"]
    commands.append("ET")
    stream = "\n".join(commands).encode("cp1252", "replace")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def _pdf(name: str, title: str, lines: list[str]) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, tiny_pdf(title, lines), content_type="application/pdf")


def _member(user: User, organisation: Organisation, role: str) -> None:
    if not Membership.objects.active().filter(user=user, organisation=organisation, role=role):
        Membership.objects.get_or_create(
            user=user, organisation=organisation, role=role, revoked_at=None
        )


def _participant(
    trajectory: Trajectory, user: User, relation: str, practitioner: User
) -> Participant:
    """Demo participants already have an account (demo password and TOTP): no e-mail."""
    if relation == Participant.Relation.PARENT:
        parent_services.guardianship_create(
            actor=practitioner, parent=user, child=trajectory.client
        )
    role = services.ROLE_FOR_RELATION[relation]
    _member(user, trajectory.facility, role)
    participant, _ = Participant.objects.get_or_create(
        trajectory=trajectory, user=user, defaults={"relation": relation, "added_by": practitioner}
    )
    return participant


def _at(day_offset: int, hour: int, minute: int = 0) -> datetime:
    day = timezone.localdate() + timedelta(days=day_offset)
    return datetime.combine(day, time(hour, minute), tzinfo=timezone.get_current_timezone())


@transaction.atomic
def seed(ctx: DemoContext) -> None:
    facility = ctx.organisations[FACILITY]
    # The seed asks "at least 12 characters with a special character": the demo CGG and CAR
    # switch on the organisation's special-character rule (the activation page says so).
    Organisation.objects.filter(code__in=[FACILITY, "car-brugge"]).update(
        require_special_character=True
    )
    practitioner = demo_user("behandelaar@demo.example.org", "Lies", "Behandelaar")
    psychiatrist = demo_user("psychiater@demo.example.org", "Paul", "Psychiater")
    father = demo_user("ouder.jong@demo.example.org", "Koen", "Jong")
    for user in (practitioner, psychiatrist):
        _member(user, facility, Role.PRACTITIONER)
    _member(father, facility, Role.PARENT)
    ctx.accounts += [
        ("Behandelaar (CGG, cliëntportaal)", practitioner.email),
        ("Kinder- en jeugdpsychiater (CGG)", psychiatrist.email),
        ("Ouder (cliëntportaal: Jana en Daan)", father.email),
    ]
    jana_user = ctx.users[Role.YOUTH]
    if Trajectory.objects.filter(facility=facility, is_demo=True).exists():
        ctx.say("Client portal demo data already present.")
        return
    today = timezone.localdate()
    jana = services.trajectory_create(
        actor=practitioner,
        facility=facility,
        title="Behandeling angst en piekeren",
        start_date=today - timedelta(days=42),
        client_first_name="Jana",
        client_last_name="Jong",
        client_birth_date=add_years(today, -14) - timedelta(days=40),
        client_sex="female",
        practitioners=[psychiatrist],
        is_demo=True,
    )
    _participant(jana, jana_user, Participant.Relation.CLIENT, practitioner)
    _participant(jana, father, Participant.Relation.PARENT, practitioner)
    agreement = jana.documents.get(signature_required=True)
    for user in (jana_user, father):
        services.document_sign(actor=user, document=agreement, signature_name=user.full_name)
    services.trajectory_start(actor=practitioner, trajectory=jana)
    services.parent_access_record(actor=practitioner, trajectory=jana, given=True)
    services.consents_save(
        actor=jana_user,
        trajectory=jana,
        choices={
            ConsentTopic.INFORM_GP: True,
            ConsentTopic.CONSULT_SCHOOL: True,
            ConsentTopic.INFORM_REFERRER: False,
            ConsentTopic.QUESTIONNAIRES: True,
            ConsentTopic.VIDEO_SUPERVISION: False,
        },
    )
    services.insurance_save(
        actor=father,
        trajectory=jana,
        insurer="CM (Christelijke Mutualiteit)",
        member_number="123-4567890-12",
    )
    services.client_details_update(
        actor=jana_user,
        trajectory=jana,
        data={
            "phone": "0470 12 34 56",
            "email": jana_user.email,
            "daycare_or_school": "Sint-Pieterscollege Leuven",
            "general_practitioner": "Dr. Van den Broeck, Leuven",
        },
    )
    intake = services.document_share(
        actor=practitioner,
        trajectory=jana,
        kind=Document.Kind.REPORT,
        title="Intakeverslag",
        description="Wat we bespraken in de eerste twee gesprekken.",
        file=_pdf(
            "intakeverslag.pdf",
            "Intakeverslag Jana",
            ["Aanmelding: piekeren en buikpijn voor toetsen.", "Doelen: minder piekeren."],
        ),
        approval_requested=True,
    )
    Document.objects.filter(pk=intake.pk).update(created_at=timezone.now() - timedelta(days=35))
    services.document_approve(actor=jana_user, document=intake)
    services.document_approve(actor=father, document=intake)
    services.document_share(
        actor=practitioner,
        trajectory=jana,
        kind=Document.Kind.REPORT,
        title="Verslag na zes gesprekken",
        description="Hoe het nu gaat en wat we de komende weken doen.",
        file=_pdf(
            "verslag-zes-gesprekken.pdf",
            "Verslag na zes gesprekken",
            ["Jana gebruikt de ademoefening elke dag.", "Volgende stap: oefenen op school."],
        ),
        approval_requested=True,
    )
    services.document_share(
        actor=practitioner,
        trajectory=jana,
        kind=Document.Kind.DOCUMENT,
        title="Behandelplan",
        description="Lees het plan en geef je akkoord als je het ermee eens bent.",
        file=_pdf(
            "behandelplan.pdf",
            "Behandelplan",
            ["Doel 1: minder piekeren 's avonds.", "Doel 2: toetsen maken zonder buikpijn."],
        ),
        approval_requested=True,
    )
    services.document_share(
        actor=practitioner,
        trajectory=jana,
        kind=Document.Kind.DOCUMENT,
        title="Folder: omgaan met piekeren",
        file=_pdf(
            "folder-piekeren.pdf", "Omgaan met piekeren", ["Plan elke dag een piekerkwartier."]
        ),
    )
    services.medication_add(
        actor=psychiatrist,
        trajectory=jana,
        name="Sertraline",
        dose="25 mg",
        instructions="1 tablet 's ochtends bij het ontbijt",
        prescribed_by=psychiatrist,
        start_date=today - timedelta(days=21),
    )
    for weeks_ago in (5, 4, 3, 2, 1):
        services.appointment_create(
            actor=practitioner,
            trajectory=jana,
            starts_at=_at(-7 * weeks_ago, 16),
            ends_at=_at(-7 * weeks_ago, 16, 50),
            practitioner=practitioner,
            mode=ClientAppointment.Mode.IN_PERSON,
            location="CGG Leuven, Brusselsestraat",
        )
    for weeks_ahead, mode in (
        (1, ClientAppointment.Mode.IN_PERSON),
        (2, ClientAppointment.Mode.VIDEO),
    ):
        services.appointment_create(
            actor=practitioner,
            trajectory=jana,
            starts_at=_at(7 * weeks_ahead, 16),
            ends_at=_at(7 * weeks_ahead, 16, 50),
            practitioner=practitioner,
            mode=mode,
            location="CGG Leuven, Brusselsestraat" if mode == "in_person" else "",
            note="Breng je dagboek mee." if weeks_ahead == 1 else "",
        )
    thread = services.portal_thread_start(
        actor=jana_user,
        trajectory=jana,
        subject="Oefening voor de toets",
        body="Ik heb donderdag een toets wiskunde. Mag ik de ademoefening ook in de klas doen?",
    )
    from messaging import services as messaging_services

    messaging_services.message_post(
        actor=practitioner,
        thread=thread,
        side="handler",
        body="Ja, dat mag zeker. Doe ze vlak voor je begint, en nog eens als je vastloopt.",
    )
    father_participant = jana.participants.get(user=father)
    services.practitioner_thread_start(
        actor=practitioner,
        participant=father_participant,
        subject="Oudergesprek",
        body="Zullen we na de volgende sessie even samen zitten? Ik heb dan 20 minuten tijd.",
    )
    services.diary_note_write(
        actor=jana_user,
        trajectory=jana,
        body="Vandaag minder gepiekerd. Het piekerkwartier hielp.",
        visibility=DiaryNote.Visibility.PRACTITIONERS,
    )
    services.diary_note_write(
        actor=jana_user,
        trajectory=jana,
        body="Ruzie met Lotte. Wil ik (nog) niet delen.",
        visibility=DiaryNote.Visibility.PRIVATE,
    )
    services.diary_note_write(
        actor=practitioner,
        trajectory=jana,
        body="Oefening voor deze week: schrijf elke avond drie dingen op die goed gingen.",
        visibility=DiaryNote.Visibility.EVERYONE,
    )

    daan = services.trajectory_create(
        actor=practitioner,
        facility=facility,
        title="Diagnostiek concentratie",
        start_date=today + timedelta(days=10),
        client_first_name="Daan",
        client_last_name="Jong",
        client_birth_date=add_years(today, -9) - timedelta(days=100),
        client_sex="male",
        is_demo=True,
    )
    _participant(daan, father, Participant.Relation.PARENT, practitioner)
    services.appointment_create(
        actor=practitioner,
        trajectory=daan,
        starts_at=_at(10, 14),
        ends_at=_at(10, 15),
        practitioner=practitioner,
        mode=ClientAppointment.Mode.IN_PERSON,
        location="CGG Leuven, Brusselsestraat",
        note="Startgesprek met Daan en papa.",
    )
    ctx.say(
        "Client portal: Jana's trajectory (started, reports, a plan to approve, messages, diary) "
        "and Daan's (waiting for his father's signature) at the demo CGG."
    )
