"""The client portal of a mental-health practice (CGG, CAR): care trajectories and what the
client, their parents and their practitioners share in them.

The client is the parent portal's `Child` and their parents are its `Guardianship`s: no second
register of people. A `Trajectory` at a care facility gives its participants access while it is
open; every write goes through `client_portal.services` (atomic, audited).
"""

from __future__ import annotations

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parent_portal.models import PORTAL_AGE_LIMIT_YEARS, Child, add_years

# From this age a client has their own account, signs the agreement and decides on consents.
OWN_ACCOUNT_AGE = PORTAL_AGE_LIMIT_YEARS


def age_on(birth_date: date, day: date) -> int:
    years = day.year - birth_date.year
    return years - ((day.month, day.day) < (birth_date.month, birth_date.day))


def is_twelve_or_older(child: Child, on: date | None = None) -> bool:
    return add_years(child.birth_date, OWN_ACCOUNT_AGE) <= (on or timezone.localdate())


class TrajectoryQuerySet(models.QuerySet["Trajectory"]):
    def open(self, on: date | None = None) -> TrajectoryQuerySet:
        """Trajectories whose portal is open: not closed, and the end date not yet passed."""
        today = on or timezone.localdate()
        return self.filter(
            Q(end_date__isnull=True) | Q(end_date__gte=today), access_closed_at__isnull=True
        )

    def closed(self, on: date | None = None) -> TrajectoryQuerySet:
        today = on or timezone.localdate()
        return self.filter(Q(access_closed_at__isnull=False) | Q(end_date__lt=today))


class Trajectory(models.Model):
    """A care trajectory of one client at one facility, with its practitioners."""

    class Status(models.TextChoices):
        PREPARING = "preparing", _("in voorbereiding")
        ACTIVE = "active", _("lopend")
        CLOSED = "closed", _("afgesloten")

    client = models.ForeignKey(
        Child,
        verbose_name=_("cliënt"),
        on_delete=models.PROTECT,
        related_name="trajectories",
    )
    facility = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("voorziening"),
        on_delete=models.PROTECT,
        related_name="client_trajectories",
        limit_choices_to={"kind": "care_facility"},
    )
    title = models.CharField(
        _("soort traject"),
        max_length=120,
        help_text=_("Bv. 'Behandeling angst' of 'Diagnostiek'. Het gezin ziet deze naam."),
    )
    practitioners = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaars"),
        related_name="practised_trajectories",
    )
    start_date = models.DateField(_("geplande start"))
    end_date = models.DateField(
        _("einddatum"),
        null=True,
        blank=True,
        help_text=_("Na deze dag sluit de toegang tot het portaal."),
    )
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    access_closed_at = models.DateTimeField(
        _("toegang gesloten op"),
        null=True,
        blank=True,
        help_text=_("Gezet door de dagelijkse taak of bij het beëindigen. Er wordt niets gewist."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    is_demo = models.BooleanField(_("demogegevens"), default=False)

    objects = TrajectoryQuerySet.as_manager()

    class Meta:
        verbose_name = _("traject")
        verbose_name_plural = _("trajecten")
        ordering = ["-start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cp_trajectory_end_after_start",
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "end_date"], name="cp_trajectory_facility_idx"),
            models.Index(
                fields=["end_date"],
                condition=Q(access_closed_at__isnull=True),
                name="cp_trajectory_to_close_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} · {self.client}"

    def clean(self) -> None:
        if self.facility_id and self.facility.kind != "care_facility":
            raise ValidationError({"facility": _("Een traject hoort bij een zorgvoorziening.")})

    def is_open(self, on: date | None = None) -> bool:
        today = on or timezone.localdate()
        return self.access_closed_at is None and (self.end_date is None or self.end_date >= today)

    @property
    def status(self) -> str:
        if not self.is_open():
            return self.Status.CLOSED
        return self.Status.ACTIVE if self.started_at else self.Status.PREPARING

    def get_status_display(self) -> str:
        return str(self.Status(self.status).label)


class Participant(models.Model):
    """Someone with their own account in a trajectory: the client (from 12) or a parent.

    A parent's access also needs a current guardianship with authority (parent_portal); the
    policy checks both, so ending the authority ends the access on the next request.
    """

    class Relation(models.TextChoices):
        CLIENT = "client", _("cliënt")
        PARENT = "parent", _("ouder met gezag")

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        related_name="trajectory_participations",
    )
    relation = models.CharField(_("relatie"), max_length=6, choices=Relation.choices)
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("toegevoegd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("deelnemer")
        verbose_name_plural = _("deelnemers")
        ordering = ["relation", "user__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["trajectory", "user"], name="cp_participant_once"),
            models.UniqueConstraint(
                fields=["trajectory"],
                condition=Q(relation="client"),
                name="cp_participant_one_client",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_relation_display()}"


class PortalPreference(models.Model):
    """Which portal opens first: the person's own (trajectory empty) or one of a child's."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="portal_preference"
    )
    client = models.ForeignKey(
        Child, verbose_name=_("cliënt"), on_delete=models.CASCADE, null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("voorkeursportaal")
        verbose_name_plural = _("voorkeursportalen")

    def __str__(self) -> str:
        return f"{self.user} · {self.client or '-'}"


# --- Consents ------------------------------------------------------------------------------------


class ConsentTopic(models.TextChoices):
    """What a client (or, under 12, their parents) decides on. Texts in plain language (B1)."""

    INFORM_GP = "inform_gp", _("Je huisarts hoort wanneer de behandeling start en stopt")
    CONSULT_SCHOOL = "consult_school", _("Je behandelaar mag overleggen met school of het CLB")
    INFORM_REFERRER = "inform_referrer", _("Wie je doorverwees, hoort hoe het gaat")
    VIDEO_SUPERVISION = (
        "video_supervision",
        _("Gesprekken filmen voor supervisie (de opname wordt daarna gewist)"),
    )
    QUESTIONNAIRES = (
        "questionnaires",
        _("Vragenlijsten invullen om te volgen hoe het met je gaat"),
    )
    RESEARCH = (
        "research",
        _("Je gegevens zonder naam gebruiken voor wetenschappelijk onderzoek"),
    )
    # Recorded by the practitioner, only for clients from 12: may the parents open the portal?
    PARENT_ACCESS = "parent_access", _("Je ouders mogen je portaal zien")


CLIENT_TOPICS = [t for t in ConsentTopic if t != ConsentTopic.PARENT_ACCESS]


class ConsentRecord(models.Model):
    """One version of one consent. Never changed: a change adds the next version."""

    class Via(models.TextChoices):
        PORTAL = "portal", _("in het portaal")
        PRACTITIONER = "practitioner", _("door de behandelaar genoteerd")

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="consents"
    )
    topic = models.CharField(_("onderwerp"), max_length=20, choices=ConsentTopic.choices)
    version = models.PositiveIntegerField(_("versie"))
    given = models.BooleanField(_("toestemming"))
    via = models.CharField(_("hoe"), max_length=12, choices=Via.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("op"), default=timezone.now)

    class Meta:
        verbose_name = _("toestemming (versie)")
        verbose_name_plural = _("toestemmingen (versies)")
        ordering = ["trajectory", "topic", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["trajectory", "topic", "version"], name="cp_consent_version_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_topic_display()} v{self.version}: {self.given}"


# --- Reports and documents -----------------------------------------------------------------------


def document_path(instance: Document, filename: str) -> str:
    # Never the uploader's file name on disk: a random name in a folder per trajectory.
    return f"client_portal/{instance.trajectory_id}/{uuid.uuid4().hex}"


class Document(models.Model):
    """A report or document in a client's dossier.

    Practitioners share reports and documents (optionally asking each participant's approval)
    and start documents such as the agreement, which every required participant signs before
    the trajectory can start. Participants upload documents of their own, which only they and
    the practitioners see.
    """

    class Kind(models.TextChoices):
        REPORT = "report", _("verslag")
        DOCUMENT = "document", _("document")

    trajectory = models.ForeignKey(
        Trajectory, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="documents"
    )
    kind = models.CharField(_("soort"), max_length=8, choices=Kind.choices)
    title = models.CharField(_("titel"), max_length=200)
    description = models.CharField(_("toelichting"), max_length=500, blank=True)
    body = models.TextField(
        _("tekst"),
        blank=True,
        max_length=50_000,
        help_text=_("Wordt in het portaal getoond, bv. de tekst van de overeenkomst."),
    )
    file = models.FileField(_("bestand"), upload_to=document_path, max_length=200, blank=True)
    original_name = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    content_kind = models.CharField(_("soort bestand (volgens inhoud)"), max_length=16, blank=True)
    size = models.PositiveIntegerField(_("grootte (bytes)"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gedeeld door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    by_practitioner = models.BooleanField(_("door een behandelaar"), default=True)
    approval_requested = models.BooleanField(_("akkoord gevraagd"), default=False)
    signature_required = models.BooleanField(
        _("startdocument (ondertekenen)"),
        default=False,
        help_text=_("Alle betrokkenen ondertekenen dit voor het traject kan starten."),
    )
    created_at = models.DateTimeField(_("gedeeld op"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documenten")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(file="") | ~Q(body=""), name="cp_document_has_content"
            ),
            models.CheckConstraint(
                condition=Q(by_practitioner=True)
                | Q(approval_requested=False, signature_required=False),
                name="cp_document_only_practitioners_ask",
            ),
        ]
        indexes = [
            models.Index(fields=["trajectory", "kind", "-created_at"], name="cp_document_idx"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        return self.original_name or f"{self.title}.txt"


class Approval(models.Model):
    """A participant's "I agree" with a report or document (the exact version is kept)."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="approvals"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("akkoord op"), default=timezone.now)
    document_sha256 = models.CharField(_("SHA-256 van het document"), max_length=64)

    class Meta:
        verbose_name = _("akkoord")
        verbose_name_plural = _("akkoorden")
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="cp_approval_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.user}"


class Signature(models.Model):
    """A participant signed a start document: name typed as signature, time, IP, exact content."""

    document = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="signatures"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    signature_name = models.CharField(_("naam als handtekening"), max_length=200)
    signed_at = models.DateTimeField(_("ondertekend op"), default=timezone.now)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    document_sha256 = models.CharField(_("SHA-256 van het document"), max_length=64)

    class Meta:
        verbose_name = _("handtekening")
        verbose_name_plural = _("handtekeningen")
        constraints = [
            models.UniqueConstraint(fields=["document", "user"], name="cp_signature_once"),
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.signature_name}"


# --- Insurance and medication ------------------------------------------------------------------


class Insurance(models.Model):
    """The client's health insurance as the practice needs it for billing."""

    trajectory = models.OneToOneField(
        Trajectory, verbose_name=_("traject"), on_delete=models.CASCADE, related_name="insurance"
    )
    insurer = models.CharField(
        _("ziekenfonds of zorgverzekeraar"),
        max_length=120,
        help_text=_("Bv. CM, Helan, Solidaris, Partena, of je zorgverzekeraar."),
    )
    member_number = models.CharField(_("lidnummer of polisnummer"), max_length=40, blank=True)
    holder_name = models.CharField(
        _("op naam van"),
        max_length=200,
        blank=True,
        help_text=_("Alleen invullen als de verzekering op naam van iemand anders staat."),
    )
    updated_at = models.DateTimeField(_("laatst gewijzigd"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("verzekering")
        verbose_name_plural = _("verzekeringen")

    def __str__(self) -> str:
        return self.insurer


class Medication(models.Model):
    """Medication prescribed by the practice's (child and youth) psychiatrist. Read-only for
    the client; practitioners record and stop it."""

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="medications",
    )
    name = models.CharField(_("geneesmiddel"), max_length=120)
    dose = models.CharField(_("dosis"), max_length=120, help_text=_("Bv. 10 mg"))
    instructions = models.CharField(
        _("hoe innemen"), max_length=300, help_text=_("Bv. 1 tablet 's ochtends bij het eten")
    )
    prescribed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("voorgeschreven door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    start_date = models.DateField(_("vanaf"))
    end_date = models.DateField(_("tot en met"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genoteerd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("genoteerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("medicatie")
        verbose_name_plural = _("medicatie")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="cp_medication_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} {self.dose}"

    def is_current(self, on: date | None = None) -> bool:
        today = on or timezone.localdate()
        return self.start_date <= today and (self.end_date is None or self.end_date >= today)


# --- Appointments and diary --------------------------------------------------------------------


class ClientAppointment(models.Model):
    """An appointment of the practice. Not the consultation bureau's Session/Appointment: those
    feed the bureau dashboards; these belong to a trajectory."""

    class Mode(models.TextChoices):
        IN_PERSON = "in_person", _("op de praktijk")
        VIDEO = "video", _("videogesprek")
        PHONE = "phone", _("telefonisch")
        HOME = "home", _("aan huis of op school")

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="appointments",
    )
    starts_at = models.DateTimeField(_("begin"))
    ends_at = models.DateTimeField(_("einde"))
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("met"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    mode = models.CharField(_("hoe"), max_length=10, choices=Mode.choices)
    location = models.CharField(_("waar"), max_length=200, blank=True)
    note = models.CharField(
        _("voor de cliënt"),
        max_length=300,
        blank=True,
        help_text=_("Bv. 'Breng je dagboek mee'. Het gezin ziet deze tekst."),
    )
    cancelled_at = models.DateTimeField(_("geannuleerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingepland door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("ingepland op"), auto_now_add=True)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="cp_appointment_ends_after_start"
            ),
        ]
        indexes = [
            models.Index(fields=["trajectory", "starts_at"], name="cp_appointment_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.trajectory} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None

    @property
    def is_upcoming(self) -> bool:
        return self.ends_at >= timezone.now()


class DiaryNote(models.Model):
    """A diary note. A participant's note is private unless shared with the practitioners; a
    practitioner's note is for everyone in the portal."""

    class Visibility(models.TextChoices):
        PRIVATE = "private", _("alleen ik")
        PRACTITIONERS = "practitioners", _("ik en mijn behandelaars")
        EVERYONE = "everyone", _("iedereen in het portaal")

    trajectory = models.ForeignKey(
        Trajectory,
        verbose_name=_("traject"),
        on_delete=models.CASCADE,
        related_name="diary_notes",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geschreven door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    body = models.TextField(_("notitie"), max_length=10_000)
    visibility = models.CharField(_("wie mag dit lezen"), max_length=13, choices=Visibility.choices)
    written_at = models.DateTimeField(_("geschreven op"), default=timezone.now, db_index=True)
    shared_at = models.DateTimeField(_("gedeeld op"), null=True, blank=True)
    edited_at = models.DateTimeField(_("aangepast op"), null=True, blank=True)

    class Meta:
        verbose_name = _("dagboeknotitie")
        verbose_name_plural = _("dagboeknotities")
        ordering = ["-written_at", "-pk"]
        indexes = [
            models.Index(fields=["trajectory", "author", "-written_at"], name="cp_diary_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.author} · {self.written_at:%Y-%m-%d}"

    @property
    def is_shared(self) -> bool:
        return self.visibility != self.Visibility.PRIVATE
