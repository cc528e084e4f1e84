"""Children, guardianship, the clinic schedule (sessions and appointments), growth, milestones,
questionnaire assignments, reminders, advice.

Sessions and appointments are also the source data of the bureau dashboards: every write goes
through parent_portal.services, which tells listeners which bureau-days changed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PORTAL_AGE_LIMIT_YEARS = 12


def add_years(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Child(models.Model):
    class Sex(models.TextChoices):
        MALE = "male", _("jongen")
        FEMALE = "female", _("meisje")

    first_name = models.CharField(_("voornaam"), max_length=100)
    last_name = models.CharField(_("familienaam"), max_length=100)
    birth_date = models.DateField(_("geboortedatum"), db_index=True)
    sex = models.CharField(_("geslacht"), max_length=6, choices=Sex.choices)
    gestational_age_weeks = models.PositiveSmallIntegerField(
        _("zwangerschapsduur bij geboorte (weken)"),
        null=True,
        blank=True,
        help_text=_(
            "Voor kinderen geboren voor 37 weken rekenen de groeicurven tot 2 jaar met de "
            "gecorrigeerde leeftijd."
        ),
    )
    gestational_age_days = models.PositiveSmallIntegerField(
        _("plus dagen"), default=0, help_text=_("0 tot 6")
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie die het kind volgt"),
        on_delete=models.PROTECT,
        related_name="children_followed",
        help_text=_("Het consultatiebureau of de jeugdgezondheidsorganisatie die het kind volgt."),
    )
    registration_date = models.DateField(
        _("aanmeldingsdatum"), db_index=True, help_text=_("Eerste melding van het kind.")
    )
    enrolment_date = models.DateField(
        _("inschrijvingsdatum"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Inschrijving bij het consultatiebureau."),
    )
    # Details that parents check and complete.
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    daycare_or_school = models.CharField(
        _("kinderopvang, kleuterschool of school"), max_length=200, blank=True
    )
    general_practitioner = models.CharField(_("huisarts"), max_length=200, blank=True)
    portal_closed_at = models.DateTimeField(
        _("ouderportaal gesloten op"),
        null=True,
        blank=True,
        help_text=_("Gezet door de dagelijkse taak op de 12de verjaardag."),
    )
    is_demo = models.BooleanField(_("demogegevens"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("kind")
        verbose_name_plural = _("kinderen")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(fields=["organisation", "birth_date"], name="pp_child_org_birth_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(enrolment_date__isnull=True)
                | Q(enrolment_date__gte=F("registration_date")),
                name="pp_child_enrolment_after_registration",
            ),
            models.CheckConstraint(
                condition=Q(gestational_age_weeks__isnull=True)
                | Q(gestational_age_weeks__gte=22, gestational_age_weeks__lte=44),
                name="pp_child_gestational_age_plausible",
            ),
            models.CheckConstraint(
                condition=Q(gestational_age_days__lte=6), name="pp_child_gestational_days_0_6"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def clean(self) -> None:
        # A care facility (CGG, CAR) registers its own clients for the client portal.
        if self.organisation_id and self.organisation.kind not in (
            "consultation_bureau",
            "youth_health_org",
            "care_facility",
        ):
            raise ValidationError(
                {"organisation": _("Kies een consultatiebureau of jeugdgezondheidsorganisatie.")}
            )
        if self.birth_date and self.birth_date > timezone.localdate():
            raise ValidationError({"birth_date": _("De geboortedatum ligt in de toekomst.")})

    @property
    def twelfth_birthday(self) -> date:
        return add_years(self.birth_date, PORTAL_AGE_LIMIT_YEARS)

    def age_in_days(self, on: date | None = None) -> int:
        return ((on or timezone.localdate()) - self.birth_date).days

    def age_in_months(self, on: date | None = None) -> float:
        return self.age_in_days(on) / 30.4375

    @property
    def is_preterm(self) -> bool:
        return self.gestational_age_weeks is not None and self.gestational_age_weeks < 37

    def corrected_age_in_days(self, on: date) -> int:
        """Age corrected for prematurity (up to 2 years), as used on the growth charts."""
        age = self.age_in_days(on)
        if not self.is_preterm or age >= 730:
            return age
        shortfall = 280 - (self.gestational_age_weeks * 7 + self.gestational_age_days)
        return max(age - shortfall, 0)


class GuardianshipQuerySet(models.QuerySet["Guardianship"]):
    def current(self, on: date | None = None) -> GuardianshipQuerySet:
        today = on or timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=today),
            valid_from__lte=today,
            ended_at__isnull=True,
        )


class Guardianship(models.Model):
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.PROTECT,
        related_name="guardianships",
    )
    child = models.ForeignKey(
        Child, verbose_name=_("kind"), on_delete=models.CASCADE, related_name="guardianships"
    )
    has_parental_authority = models.BooleanField(_("heeft ouderlijk gezag"), default=True)
    valid_from = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    ended_at = models.DateTimeField(
        _("beëindigd op"),
        null=True,
        blank=True,
        help_text=_("Het gezag eindigde (bv. een beslissing van de rechter): meteen geen toegang."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = GuardianshipQuerySet.as_manager()

    class Meta:
        verbose_name = _("gezagsrelatie")
        verbose_name_plural = _("gezagsrelaties")
        constraints = [
            models.UniqueConstraint(
                fields=["parent", "child", "valid_from"], name="pp_guardianship_unique"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=F("valid_from")),
                name="pp_guardianship_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.parent} · {self.child}"


class PartOfDay(models.TextChoices):
    MORNING = "morning", _("voormiddag")
    AFTERNOON = "afternoon", _("namiddag")
    EVENING = "evening", _("avond")


def part_of_day_for(start: time) -> str:
    if start < time(12, 0):
        return PartOfDay.MORNING
    if start < time(17, 0):
        return PartOfDay.AFTERNOON
    return PartOfDay.EVENING


class PractitionerKind(models.TextChoices):
    DOCTOR = "doctor", _("arts")
    NURSE = "nurse", _("verpleegkundige")


class Session(models.Model):
    """A clinic session ("zitting") of one practitioner at a bureau, cut into slots."""

    bureau = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("consultatiebureau"),
        on_delete=models.PROTECT,
        related_name="sessions",
    )
    practitioner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("arts of verpleegkundige"),
        on_delete=models.PROTECT,
        related_name="clinic_sessions",
    )
    practitioner_kind = models.CharField(
        _("soort zitting"), max_length=6, choices=PractitionerKind.choices
    )
    date = models.DateField(_("datum"))
    part_of_day = models.CharField(_("dagdeel"), max_length=9, choices=PartOfDay.choices)
    start_time = models.TimeField(_("begin"))
    end_time = models.TimeField(_("einde"))
    slot_minutes = models.PositiveSmallIntegerField(
        _("duur van een afspraak (minuten)"), default=15
    )
    capacity = models.PositiveSmallIntegerField(_("aantal plaatsen"))
    note = models.CharField(_("opmerking"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demogegevens"), default=False)

    class Meta:
        verbose_name = _("zitting")
        verbose_name_plural = _("zittingen")
        ordering = ["date", "start_time"]
        indexes = [
            models.Index(fields=["bureau", "date"], name="pp_session_bureau_date_idx"),
            models.Index(fields=["date", "part_of_day"], name="pp_session_date_part_idx"),
            models.Index(fields=["practitioner", "date"], name="pp_session_pract_date_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_time__gt=F("start_time")), name="pp_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=Q(slot_minutes__gte=5, slot_minutes__lte=120),
                name="pp_session_slot_5_120",
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1), name="pp_session_capacity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bureau} · {self.date:%d/%m/%Y} {self.start_time:%H:%M}"

    def clean(self) -> None:
        errors = {}
        if self.bureau_id and self.bureau.kind != "consultation_bureau":
            errors["bureau"] = _("Een zitting hoort bij een consultatiebureau.")
        if self.start_time and self.end_time:
            if self.end_time <= self.start_time:
                errors["end_time"] = _("Het einde moet na het begin liggen.")
            elif self.slot_minutes and self.capacity and self.capacity > self.slot_count:
                errors["capacity"] = _(
                    "Er passen maar %(n)s afspraken van %(m)s minuten in deze zitting."
                ) % {"n": self.slot_count, "m": self.slot_minutes}
            if part_of_day_for(self.start_time) != self.part_of_day:
                errors["part_of_day"] = _("Het dagdeel past niet bij het begin van de zitting.")
        if errors:
            raise ValidationError(errors)

    @property
    def minutes(self) -> int:
        start = datetime.combine(self.date, self.start_time)
        return int((datetime.combine(self.date, self.end_time) - start).total_seconds() // 60)

    @property
    def slot_count(self) -> int:
        return self.minutes // self.slot_minutes

    def slot_times(self) -> list[time]:
        start = datetime.combine(self.date, self.start_time)
        count = min(self.capacity, self.slot_count)
        return [(start + timedelta(minutes=i * self.slot_minutes)).time() for i in range(count)]

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.start_time))


class Appointment(models.Model):
    class ConsultKind(models.TextChoices):
        REGULAR = "regular", _("gewoon consult")
        DUO = "duo", _("duoconsult")
        SQUEEZED_IN = "squeezed_in", _("inschuiver")
        COMBINED = "combined", _("combiconsult")
        EXTRA = "extra", _("extra consult")

    class Status(models.TextChoices):
        BOOKED = "booked", _("gepland")
        DONE = "done", _("uitgevoerd")
        NO_SHOW = "no_show", _("niet gekomen")
        CANCELLED = "cancelled", _("geannuleerd")
        POSTPONED_VIA_PORTAL = "postponed_via_portal", _("verzet via het portaal")
        POSTPONED_VIA_PHONE = "postponed_via_phone", _("verzet via de telefoonlijn")

    # Statuses that hold the slot; the others free it.
    HOLDS_SLOT = (Status.BOOKED, Status.DONE, Status.NO_SHOW)

    session = models.ForeignKey(
        Session, verbose_name=_("zitting"), on_delete=models.PROTECT, related_name="appointments"
    )
    child = models.ForeignKey(
        Child, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="appointments"
    )
    # Copied from the session so the dashboards and the calendar filter by date without a join.
    date = models.DateField(_("datum"))
    slot_time = models.TimeField(_("uur"))
    consult_kind = models.CharField(
        _("soort consult"), max_length=11, choices=ConsultKind.choices, default=ConsultKind.REGULAR
    )
    duo_partner = models.ForeignKey(
        Child,
        verbose_name=_("tweede kind (duoconsult)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.BOOKED
    )
    contact_moment = models.CharField(
        _("contactmoment"),
        max_length=20,
        blank=True,
        help_text=_("Het contactmoment uit het basisprogramma, bv. '12 months'."),
    )
    covers_topics = models.TextField(_("onderwerpen"), blank=True)
    covers_vaccinations = models.TextField(_("vaccinaties"), blank=True)
    covers_measurements = models.TextField(_("metingen"), blank=True)
    outcome_note = models.TextField(_("verslag"), blank=True)
    moved_from = models.OneToOneField(
        "self",
        verbose_name=_("verzet van"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moved_to",
    )
    booked_at = models.DateTimeField(_("geboekt op"), default=timezone.now)
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("geboekt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    status_changed_at = models.DateTimeField(_("status gewijzigd op"), default=timezone.now)
    status_changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("status gewijzigd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demogegevens"), default=False)

    class Meta:
        verbose_name = _("afspraak")
        verbose_name_plural = _("afspraken")
        ordering = ["date", "slot_time"]
        indexes = [
            models.Index(fields=["date", "status"], name="pp_appt_date_status_idx"),
            models.Index(fields=["child", "date"], name="pp_appt_child_date_idx"),
            models.Index(fields=["session", "status"], name="pp_appt_session_status_idx"),
        ]
        constraints = [
            # A slot holds one appointment. A squeezed-in child is seen between slots on purpose.
            models.UniqueConstraint(
                fields=["session", "slot_time"],
                condition=Q(status__in=["booked", "done", "no_show"])
                & ~Q(consult_kind="squeezed_in"),
                name="pp_one_appointment_per_slot",
            ),
            # A child is not booked twice in one session.
            models.UniqueConstraint(
                fields=["session", "child"],
                condition=Q(status__in=["booked", "done", "no_show"]),
                name="pp_child_once_per_session",
            ),
            models.CheckConstraint(
                condition=Q(consult_kind="duo", duo_partner__isnull=False)
                | (~Q(consult_kind="duo") & Q(duo_partner__isnull=True)),
                name="pp_duo_has_partner",
            ),
            models.CheckConstraint(
                condition=~Q(duo_partner=F("child")), name="pp_duo_partner_is_another_child"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.date:%d/%m/%Y} {self.slot_time:%H:%M}"

    def clean(self) -> None:
        """The appointment's time lies within its session (and on its slot grid)."""
        if not self.session_id:
            return
        session = self.session
        if self.date != session.date:
            raise ValidationError({"date": _("De datum moet die van de zitting zijn.")})
        if self.slot_time is None:
            return
        if not (session.start_time <= self.slot_time < session.end_time):
            raise ValidationError({"slot_time": _("Het uur valt buiten de zitting.")})
        if (
            self.consult_kind != self.ConsultKind.SQUEEZED_IN
            and self.slot_time not in session.slot_times()
        ):
            raise ValidationError({"slot_time": _("Kies een van de tijdsloten van de zitting.")})
        if self.child_id and session.bureau_id != self.child.organisation_id:
            raise ValidationError({"child": _("Dit kind wordt door een ander bureau gevolgd.")})

    def starts_at(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.date, self.slot_time))

    @property
    def contact_moment_label(self) -> str:
        from .schedule import moment_by_code

        moment = moment_by_code(self.contact_moment) if self.contact_moment else None
        return moment.age_label if moment else self.contact_moment

    @property
    def is_upcoming(self) -> bool:
        return self.status == self.Status.BOOKED and self.starts_at() >= timezone.now()


class Measurement(models.Model):
    child = models.ForeignKey(
        Child, verbose_name=_("kind"), on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField(_("datum"))
    length_cm = models.DecimalField(
        _("lengte (cm)"), max_digits=5, decimal_places=1, null=True, blank=True
    )
    weight_kg = models.DecimalField(
        _("gewicht (kg)"), max_digits=6, decimal_places=3, null=True, blank=True
    )
    head_circumference_cm = models.DecimalField(
        _("hoofdomtrek (cm)"), max_digits=4, decimal_places=1, null=True, blank=True
    )
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("afspraak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="measurements",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genoteerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("genoteerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("meting")
        verbose_name_plural = _("metingen")
        ordering = ["child", "measured_on"]
        indexes = [models.Index(fields=["child", "measured_on"], name="pp_measure_child_date_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(length_cm__isnull=False)
                | Q(weight_kg__isnull=False)
                | Q(head_circumference_cm__isnull=False),
                name="pp_measurement_not_empty",
            ),
            models.CheckConstraint(
                condition=Q(length_cm__isnull=True) | Q(length_cm__gte=30, length_cm__lte=200),
                name="pp_measurement_length_plausible",
            ),
            models.CheckConstraint(
                condition=Q(weight_kg__isnull=True) | Q(weight_kg__gte=0.3, weight_kg__lte=150),
                name="pp_measurement_weight_plausible",
            ),
            models.CheckConstraint(
                condition=Q(head_circumference_cm__isnull=True)
                | Q(head_circumference_cm__gte=20, head_circumference_cm__lte=65),
                name="pp_measurement_head_plausible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.measured_on:%d/%m/%Y}"


class MilestoneItem(models.Model):
    """One of the 75 Van Wiechen items (loaded from data/van_wiechen_items.csv)."""

    class Domain(models.TextChoices):
        FINE_MOTOR = (
            "fine_motor_adaptive_social",
            _("fijne motoriek, adaptatie, persoonlijkheid en sociaal gedrag"),
        )
        COMMUNICATION = "communication", _("communicatie")
        GROSS_MOTOR = "gross_motor", _("grove motoriek")

    number = models.PositiveSmallIntegerField(_("nummer"), unique=True)
    domain = models.CharField(_("domein"), max_length=30, choices=Domain.choices)
    label = models.CharField(_("omschrijving"), max_length=200)
    gloss_en = models.CharField(_("Engelse omschrijving"), max_length=200, blank=True)
    first_age_months = models.PositiveSmallIntegerField(_("vanaf leeftijd (maanden)"))
    parent_report_allowed = models.BooleanField(_("ouder mag rapporteren (M)"), default=False)
    scored_left_right = models.BooleanField(_("links en rechts scoren"), default=False)

    class Meta:
        verbose_name = _("Van Wiechen-kenmerk")
        verbose_name_plural = _("Van Wiechen-kenmerken")
        ordering = ["first_age_months", "number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.label}"


class MilestoneScore(models.TextChoices):
    OBSERVED = "+", _("+ gezien")
    NOT_OBSERVED = "-", _("− niet gezien")
    PARENT_REPORT = "M", _("M gemeld door ouder")


class MilestoneObservation(models.Model):
    child = models.ForeignKey(
        Child,
        verbose_name=_("kind"),
        on_delete=models.CASCADE,
        related_name="milestone_observations",
    )
    item = models.ForeignKey(
        MilestoneItem, verbose_name=_("kenmerk"), on_delete=models.PROTECT, related_name="+"
    )
    observed_on = models.DateField(_("datum"))
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("afspraak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="milestone_observations",
    )
    score = models.CharField(_("score"), max_length=1, choices=MilestoneScore.choices, blank=True)
    score_left = models.CharField(
        _("links"), max_length=1, choices=MilestoneScore.choices, blank=True
    )
    score_right = models.CharField(
        _("rechts"), max_length=1, choices=MilestoneScore.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("genoteerd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("genoteerd op"), auto_now_add=True)

    class Meta:
        verbose_name = _("Van Wiechen-observatie")
        verbose_name_plural = _("Van Wiechen-observaties")
        ordering = ["child", "observed_on", "item__number"]
        indexes = [
            models.Index(fields=["child", "observed_on"], name="pp_milestone_child_date_idx")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["child", "item", "observed_on"], name="pp_one_score_per_item_per_day"
            ),
            models.CheckConstraint(
                condition=(~Q(score="") & Q(score_left="", score_right=""))
                | (Q(score="") & ~Q(score_left="") & ~Q(score_right="")),
                name="pp_milestone_score_or_sides",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.child} · {self.item.number} · {self.observed_on:%d/%m/%Y}"

    def clean(self) -> None:
        item = self.item
        scores = [self.score] if not item.scored_left_right else [self.score_left, self.score_right]
        if item.scored_left_right and self.score:
            raise ValidationError({"score": _("Dit kenmerk wordt links en rechts gescoord.")})
        if not item.scored_left_right and (self.score_left or self.score_right):
            raise ValidationError(
                {"score": _("Dit kenmerk heeft één score, niet links en rechts.")}
            )
        if MilestoneScore.PARENT_REPORT in scores and not item.parent_report_allowed:
            raise ValidationError(
                {"score": _("Bij dit kenmerk telt een melding van de ouder (M) niet.")}
            )

    @property
    def passed(self) -> bool:
        ok = {MilestoneScore.OBSERVED, MilestoneScore.PARENT_REPORT}
        if self.score:
            return self.score in ok
        return self.score_left in ok and self.score_right in ok


class QuestionnaireAssignment(models.Model):
    """A questionnaire set out for a child, to be filled in by either parent before a consult."""

    child = models.ForeignKey(
        Child,
        verbose_name=_("kind"),
        on_delete=models.CASCADE,
        related_name="questionnaire_assignments",
    )
    response = models.OneToOneField(
        "questionnaires.Response",
        verbose_name=_("antwoorden"),
        on_delete=models.CASCADE,
        related_name="child_assignment",
    )
    appointment = models.ForeignKey(
        Appointment,
        verbose_name=_("voor afspraak"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="questionnaire_assignments",
    )
    due_date = models.DateField(_("in te vullen voor"), null=True, blank=True)
    assigned_at = models.DateTimeField(_("klaargezet op"), auto_now_add=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("klaargezet door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("klaargezette vragenlijst")
        verbose_name_plural = _("klaargezette vragenlijsten")
        ordering = ["-assigned_at"]

    def __str__(self) -> str:
        return f"{self.child} · {self.response.questionnaire}"


class ChildDetailsChange(models.Model):
    """A change of a child's contact details by a parent, shown to staff as 'changed by parent'."""

    child = models.ForeignKey(
        Child, verbose_name=_("kind"), on_delete=models.CASCADE, related_name="details_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("gewijzigd op"), auto_now_add=True)
    by_parent = models.BooleanField(_("door ouder"), default=True)
    changes = models.JSONField(_("wijzigingen"), default=dict)  # field -> [old, new]
    seen_by_staff_at = models.DateTimeField(_("gezien door medewerker op"), null=True, blank=True)

    class Meta:
        verbose_name = _("wijziging van gegevens")
        verbose_name_plural = _("wijzigingen van gegevens")
        ordering = ["-changed_at"]

    def __str__(self) -> str:
        return f"{self.child} · {self.changed_at:%d/%m/%Y}"


class ReminderPreference(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", _("e-mail")
        SMS = "sms", _("sms")

    parent = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="reminder_preference",
    )
    by_email = models.BooleanField(_("per e-mail"), default=True)
    by_sms = models.BooleanField(_("per sms"), default=False)
    phone = models.CharField(_("gsm-nummer voor sms"), max_length=30, blank=True)
    days_before = models.PositiveSmallIntegerField(_("aantal dagen vooraf"), default=2)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("herinneringsvoorkeur")
        verbose_name_plural = _("herinneringsvoorkeuren")
        constraints = [
            models.CheckConstraint(
                condition=Q(days_before__gte=1, days_before__lte=14), name="pp_reminder_days_1_14"
            ),
            models.CheckConstraint(
                condition=Q(by_sms=False) | ~Q(phone=""), name="pp_reminder_sms_needs_phone"
            ),
        ]

    def __str__(self) -> str:
        return str(self.parent)


class ReminderDelivery(models.Model):
    """The sent-marker of a reminder: one row per appointment, parent and channel, ever.

    The unique constraint makes a second claim impossible; the row is written in the same
    transaction that sends the message, so a crash before commit leaves it unsent (and retried),
    and a committed row is never sent again.
    """

    appointment = models.ForeignKey(
        Appointment, verbose_name=_("afspraak"), on_delete=models.CASCADE, related_name="reminders"
    )
    parent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ouder"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    channel = models.CharField(
        _("kanaal"), max_length=5, choices=ReminderPreference.Channel.choices
    )
    sent_at = models.DateTimeField(_("verstuurd op"), default=timezone.now)

    class Meta:
        verbose_name = _("verstuurde herinnering")
        verbose_name_plural = _("verstuurde herinneringen")
        constraints = [
            models.UniqueConstraint(
                fields=["appointment", "parent", "channel"], name="pp_reminder_sent_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.appointment} · {self.channel}"


class AdviceArticle(models.Model):
    class Theme(models.TextChoices):
        SLEEP = "sleep", _("slapen")
        FEEDING = "feeding", _("voeding")
        CRYING = "crying", _("huilen")
        VACCINATION = "vaccination", _("vaccinaties")
        DEVELOPMENT = "development", _("ontwikkeling")
        SAFETY = "safety", _("veiligheid")
        TEETH = "teeth", _("tanden")
        PARENTING = "parenting", _("opvoeding")

    theme = models.CharField(_("thema"), max_length=12, choices=Theme.choices)
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam"), max_length=80, unique=True)
    summary = models.CharField(_("samenvatting"), max_length=300)
    body = models.TextField(
        _("tekst"), help_text=_("Gewone tekst; een lege regel begint een nieuwe alinea.")
    )
    min_age_months = models.PositiveSmallIntegerField(_("vanaf leeftijd (maanden)"), default=0)
    max_age_months = models.PositiveSmallIntegerField(_("tot leeftijd (maanden)"), default=144)
    is_published = models.BooleanField(_("gepubliceerd"), default=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("adviesartikel")
        verbose_name_plural = _("adviesartikels")
        ordering = ["theme", "min_age_months", "title"]
        indexes = [
            models.Index(fields=["min_age_months", "max_age_months"], name="pp_advice_age_idx")
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_age_months__gte=F("min_age_months")),
                name="pp_advice_age_range_ordered",
            )
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def paragraphs(self) -> list[str]:
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]
