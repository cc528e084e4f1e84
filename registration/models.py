"""Time-registration studies: the catalogue, studies and participants, cost profiles, entries,
and the stored analysis results that outlive the raw data.

Minutes are stored as integers in quarter-hour steps (the seed: "kleinste eenheid is 15 minuten").
Money is stored in euro with two decimals; a provider's cost per clinical hour is derived (see
`registration.costs`) and never stored, so a corrected wage is reflected everywhere at once.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from . import costs

QUARTER = 15
MAX_MINUTES_PER_DAY = 24 * 60


class _Labelled(models.Model):
    """Catalogue rows carry a Dutch name (the seed's) and an English one for the en interface."""

    name = models.CharField(_("naam"), max_length=200)
    name_en = models.CharField(_("naam (Engels)"), max_length=200, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    description_en = models.TextField(_("omschrijving (Engels)"), blank=True)
    order = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    is_active = models.BooleanField(
        _("actief"),
        default=True,
        help_text=_(
            "Niet-actieve rijen blijven in oude registraties staan, maar zijn niet kiesbaar."
        ),
    )

    class Meta:
        abstract = True

    @property
    def label(self) -> str:
        if (get_language() or "nl").startswith("en") and self.name_en:
            return self.name_en
        return self.name

    @property
    def explanation(self) -> str:
        if (get_language() or "nl").startswith("en") and self.description_en:
            return self.description_en
        return self.description


class Cluster(_Labelled):
    """An activity cluster of the registration framework (e.g. specialised treatment)."""

    code = models.SlugField(_("code"), max_length=40, unique=True)

    class Meta:
        verbose_name = _("activiteitencluster")
        verbose_name_plural = _("activiteitenclusters")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name


class Activity(_Labelled):
    """An activity inside a cluster. Codes repeat across clusters (direct_contact, ...)."""

    cluster = models.ForeignKey(
        Cluster, verbose_name=_("cluster"), on_delete=models.PROTECT, related_name="activities"
    )
    code = models.SlugField(_("code"), max_length=40)

    class Meta:
        verbose_name = _("activiteit")
        verbose_name_plural = _("activiteiten")
        ordering = ["cluster__order", "order", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["cluster", "code"], name="registration_activity_code_per_cluster"
            )
        ]

    def __str__(self) -> str:
        return f"{self.cluster.name} – {self.name}"

    @property
    def key(self) -> str:
        return f"{self.cluster.code}.{self.code}"


DEFAULT_AGREEMENT = _(
    "Deelnameovereenkomst en gegevensverwerking\n\n"
    "1. De voorziening laat al haar zorgverleners (ongeacht statuut of financiering) tijdens de "
    "registratieperiode dagelijks hun tijd per activiteit registreren. Stagiairs en gedetacheerde "
    "netwerkmedewerkers registreren niet.\n"
    "2. De directie bezorgt per zorgverlener de zorgfunctie, de uren klinisch werk per week, de "
    "loonkost en de baremieke anciënniteit. Daaruit berekent het portaal de kost per uur klinisch "
    "werk.\n"
    "3. De ruwe gegevens zijn alleen toegankelijk voor de onderzoekers en worden verwijderd op de "
    "verwijderdatum van de studie (6 maanden na afloop).\n"
    "4. De voorziening krijgt een analyserapport met geaggregeerde, gepseudonimiseerde gegevens "
    "per activiteit, cluster en zorgprofiel, met een vergelijking met de sector.\n"
    "5. Het globale analyserapport bevat alleen geaggregeerde gegevens over alle voorzieningen of "
    "groepen van voorzieningen."
)


class RegistrationStudy(models.Model):
    """A registration exercise run by the agency over a fixed period (the seed's 14/10–13/12)."""

    name = models.CharField(_("naam"), max_length=200)
    starts_on = models.DateField(_("eerste registratiedag"))
    ends_on = models.DateField(_("laatste registratiedag"))
    edits_until = models.DateField(
        _("laatste dag voor wijzigingen"),
        help_text=_("Daarna kan niemand nog registraties toevoegen of wijzigen."),
    )
    delete_raw_on = models.DateField(
        _("verwijderdatum ruwe gegevens"),
        help_text=_(
            "Op deze dag worden de registraties en kostgegevens verwijderd; de analyses blijven."
        ),
    )
    agreement_text = models.TextField(_("tekst van de deelnameovereenkomst"))
    send_nudges = models.BooleanField(
        _("herinneringen per e-mail"),
        default=True,
        help_text=_(
            "Stuurt zorgverleners op het einde van een werkdag zonder registraties een herinnering "
            "(ze kunnen die zelf uitzetten)."
        ),
    )
    facilities = models.ManyToManyField(
        Organisation,
        verbose_name=_("deelnemende voorzieningen"),
        through="Participation",
        related_name="registration_studies",
    )
    raw_deleted_at = models.DateTimeField(_("ruwe gegevens verwijderd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("registratiestudie")
        verbose_name_plural = _("registratiestudies")
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="registration_study_period_ordered"
            ),
            models.CheckConstraint(
                condition=Q(edits_until__gte=F("ends_on")),
                name="registration_study_edits_after_end",
            ),
            models.CheckConstraint(
                condition=Q(delete_raw_on__gt=F("edits_until")),
                name="registration_study_deletion_after_closing",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("Kies een laatste registratiedag na de eerste registratiedag.")
        if self.ends_on and self.edits_until and self.edits_until < self.ends_on:
            errors["edits_until"] = _(
                "Kies een laatste dag voor wijzigingen op of na de laatste registratiedag."
            )
        if self.edits_until and self.delete_raw_on and self.delete_raw_on <= self.edits_until:
            errors["delete_raw_on"] = _(
                "Kies een verwijderdatum na de laatste dag voor wijzigingen."
            )
        if errors:
            raise ValidationError(errors)

    def contains(self, day: date) -> bool:
        return self.starts_on <= day <= self.ends_on

    def accepts_changes_on(self, today: date) -> bool:
        return self.raw_deleted_at is None and today <= self.edits_until

    def last_open_day(self, today: date) -> date:
        """Where the daily page opens: today, clamped to the study period."""
        return min(max(today, self.starts_on), self.ends_on)


class Participation(models.Model):
    """A facility taking part in a study; its staff register only once the director signed."""

    study = models.ForeignKey(
        RegistrationStudy,
        verbose_name=_("studie"),
        on_delete=models.CASCADE,
        related_name="participations",
    )
    facility = models.ForeignKey(
        Organisation,
        verbose_name=_("voorziening"),
        on_delete=models.PROTECT,
        related_name="registration_participations",
        limit_choices_to={"kind": Organisation.Kind.CARE_FACILITY},
    )
    added_at = models.DateTimeField(_("toegevoegd op"), auto_now_add=True)
    agreement_signed_at = models.DateTimeField(
        _("overeenkomst ondertekend op"), null=True, blank=True
    )
    agreement_signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ondertekend door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    agreement_sha256 = models.CharField(
        _("vingerafdruk van de ondertekende tekst"), max_length=64, blank=True
    )

    class Meta:
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        ordering = ["study", "facility__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["study", "facility"], name="registration_participation_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.facility} · {self.study}"

    def clean(self) -> None:
        if self.facility_id and self.facility.kind != Organisation.Kind.CARE_FACILITY:
            raise ValidationError({"facility": _("Kies een CAR of CGG.")})

    @property
    def is_signed(self) -> bool:
        return self.agreement_signed_at is not None


class CareFunction(models.TextChoices):
    PSYCHOLOGIST = "psychologist", _("Psycholoog")
    PSYCHIATRIST = "psychiatrist", _("Psychiater")
    DOCTOR = "doctor", _("Arts (andere specialisatie)")
    ORTHOPEDAGOGUE = "orthopedagogue", _("Orthopedagoog")
    SOCIAL_WORKER = "social_worker", _("Maatschappelijk werker")
    NURSE = "nurse", _("Verpleegkundige")
    OCCUPATIONAL_THERAPIST = "occupational_therapist", _("Ergotherapeut")
    PHYSIOTHERAPIST = "physiotherapist", _("Kinesitherapeut")
    SPEECH_THERAPIST = "speech_therapist", _("Logopedist")
    PREVENTION_WORKER = "prevention_worker", _("Preventiemedewerker")
    OTHER = "other", _("Andere zorgfunctie")


class RegistrationStatus(models.TextChoices):
    REGISTERS = "registers", _("Registreert dagelijks")
    INTERN = "intern", _("Stagiair – registreert niet")
    SECONDED = "seconded", _("Gedetacheerde netwerkmedewerker – registreert niet")
    SINGLE_ACTIVITY = (
        "single_activity",
        _("100% één activiteit buiten het overheidskader – totale tijd via Excel"),
    )


class ProviderProfile(models.Model):
    """A care provider on a facility's list for one study, with the cost data the director gives.

    This is personal data (wages): only the facility's director and the researchers see it.
    It is deleted with the raw data on the study's deletion date.
    """

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("deelname"),
        on_delete=models.CASCADE,
        related_name="providers",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registration_profiles",
    )
    first_name = models.CharField(_("voornaam"), max_length=150)
    last_name = models.CharField(_("familienaam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    care_function = models.CharField(_("zorgfunctie"), max_length=32, choices=CareFunction.choices)
    status = models.CharField(
        _("registratie"),
        max_length=20,
        choices=RegistrationStatus.choices,
        default=RegistrationStatus.REGISTERS,
    )
    weekly_clinical_hours = models.DecimalField(
        _("uren klinisch werk per week"),
        max_digits=4,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(Decimal("60"))],
    )
    monthly_clinical_cost = models.DecimalField(
        _("bruto kost per maand voor klinisch werk (euro)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
    )
    monthly_total_wage_cost = models.DecimalField(
        _("totale bruto loonkost per maand (euro)"),
        max_digits=9,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("1"))],
    )
    youth_share_percent = models.PositiveSmallIntegerField(
        _("aandeel kinderen en jongeren (0–23 jaar), in %"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
    )
    seniority_years = models.PositiveSmallIntegerField(
        _("baremieke anciënniteit (jaren)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(50)],
    )
    nudges_enabled = models.BooleanField(_("herinnering per e-mail"), default=True)
    last_nudged_on = models.DateField(_("laatste herinnering"), null=True, blank=True)
    invited_at = models.DateTimeField(_("uitgenodigd op"), null=True, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("zorgverlener in een studie")
        verbose_name_plural = _("zorgverleners in studies")
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["participation", "email"], name="registration_provider_email_once"
            ),
            models.UniqueConstraint(
                fields=["participation", "user"],
                condition=Q(user__isnull=False),
                name="registration_provider_user_once",
            ),
            models.CheckConstraint(
                condition=Q(youth_share_percent__isnull=True) | Q(youth_share_percent__lte=100),
                name="registration_provider_youth_share_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def registers(self) -> bool:
        return self.status == RegistrationStatus.REGISTERS

    @property
    def adult_share_percent(self) -> int | None:
        return None if self.youth_share_percent is None else 100 - self.youth_share_percent

    @property
    def cost_per_hour(self) -> Decimal | None:
        return costs.cost_per_clinical_hour(self.monthly_clinical_cost, self.weekly_clinical_hours)

    def clean(self) -> None:
        errors: dict[str, object] = {}
        counted = self.status in (RegistrationStatus.REGISTERS, RegistrationStatus.SINGLE_ACTIVITY)
        if counted:
            required = {
                "weekly_clinical_hours": _("Vul de uren klinisch werk per week in, bv. 30,4."),
                "monthly_clinical_cost": _(
                    "Vul de bruto kost per maand voor klinisch werk in, in euro."
                ),
                "monthly_total_wage_cost": _("Vul de totale bruto loonkost per maand in, in euro."),
                "youth_share_percent": _(
                    "Vul het aandeel kinderen en jongeren in, een getal van 0 tot 100."
                ),
                "seniority_years": _("Vul de baremieke anciënniteit in jaren in."),
            }
            for name, message in required.items():
                if getattr(self, name) is None:
                    errors[name] = message
        if (
            self.monthly_clinical_cost is not None
            and self.monthly_total_wage_cost is not None
            and self.monthly_clinical_cost > self.monthly_total_wage_cost
        ):
            errors["monthly_clinical_cost"] = _(
                "De kost voor klinisch werk kan niet hoger zijn dan de totale loonkost."
            )
        if errors:
            raise ValidationError(errors)


class TimeEntry(models.Model):
    """Time a provider spent on one activity on one day: one row per provider, day and activity."""

    provider = models.ForeignKey(
        ProviderProfile,
        verbose_name=_("zorgverlener"),
        on_delete=models.CASCADE,
        related_name="entries",
    )
    day = models.DateField(_("dag"))
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.PositiveSmallIntegerField(_("minuten"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("registratie")
        verbose_name_plural = _("registraties")
        ordering = ["day", "activity__cluster__order", "activity__order"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider", "day", "activity"], name="registration_entry_once_per_day"
            ),
            models.CheckConstraint(
                condition=Q(minutes__gt=0, minutes__lte=MAX_MINUTES_PER_DAY),
                name="registration_entry_minutes_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.activity_id} {self.minutes} min"

    def clean(self) -> None:
        if self.minutes is not None and self.minutes % QUARTER:
            raise ValidationError({"minutes": _("Registreer in stappen van 15 minuten.")})


class DayOff(models.Model):
    """A provider marks a working day on which they did not work (part-time), for completeness."""

    provider = models.ForeignKey(
        ProviderProfile,
        verbose_name=_("zorgverlener"),
        on_delete=models.CASCADE,
        related_name="days_off",
    )
    day = models.DateField(_("dag"))
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("dag zonder werk")
        verbose_name_plural = _("dagen zonder werk")
        constraints = [
            models.UniqueConstraint(fields=["provider", "day"], name="registration_day_off_once")
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.day}"


class FullTimeUpload(models.Model):
    """One accepted Excel file with the total time of staff who do 100% one activity."""

    participation = models.ForeignKey(
        Participation,
        verbose_name=_("deelname"),
        on_delete=models.CASCADE,
        related_name="full_time_uploads",
    )
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    file_sha256 = models.CharField(_("vingerafdruk"), max_length=64)
    rows = models.PositiveIntegerField(_("aantal rijen"))
    uploaded_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeladen door"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("Excel met voltijdse activiteit")
        verbose_name_plural = _("Excels met voltijdse activiteit")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return self.file_name


class FullTimeTotal(models.Model):
    """The total time over the study period of a provider who does 100% one activity."""

    provider = models.ForeignKey(
        ProviderProfile,
        verbose_name=_("zorgverlener"),
        on_delete=models.CASCADE,
        related_name="full_time_totals",
    )
    activity = models.ForeignKey(
        Activity, verbose_name=_("activiteit"), on_delete=models.PROTECT, related_name="+"
    )
    minutes = models.PositiveIntegerField(_("minuten"))
    upload = models.ForeignKey(
        FullTimeUpload, verbose_name=_("Excel"), on_delete=models.CASCADE, related_name="totals"
    )

    class Meta:
        verbose_name = _("totale tijd voltijdse activiteit")
        verbose_name_plural = _("totale tijden voltijdse activiteit")
        constraints = [
            models.UniqueConstraint(fields=["provider"], name="registration_full_time_once"),
            models.CheckConstraint(
                condition=Q(minutes__gt=0), name="registration_full_time_minutes_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.provider_id} {self.activity_id} {self.minutes} min"


class AnalysisRun(models.Model):
    """One run of the study analysis (Celery, pandas). Its results survive the raw data."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("In de wachtrij")
        RUNNING = "running", _("Bezig")
        DONE = "done", _("Klaar")
        FAILED = "failed", _("Mislukt")

    study = models.ForeignKey(
        RegistrationStudy,
        verbose_name=_("studie"),
        on_delete=models.CASCADE,
        related_name="analysis_runs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    steps_done = models.PositiveSmallIntegerField(_("stappen klaar"), default=0)
    steps_total = models.PositiveSmallIntegerField(_("stappen"), default=4)
    requested_at = models.DateTimeField(_("gevraagd op"), auto_now_add=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gevraagd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    started_at = models.DateTimeField(_("gestart op"), null=True, blank=True)
    finished_at = models.DateTimeField(_("klaar op"), null=True, blank=True)
    entries_used = models.PositiveIntegerField(_("gebruikte registraties"), default=0)
    seconds = models.FloatField(_("rekentijd (s)"), null=True, blank=True)
    error = models.CharField(_("fout"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("analyse")
        verbose_name_plural = _("analyses")
        ordering = ["-requested_at", "-pk"]
        indexes = [models.Index(fields=["study", "status"], name="registration_run_study_idx")]

    def __str__(self) -> str:
        return f"{self.study} · {self.requested_at:%Y-%m-%d %H:%M}"

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress_percent(self) -> int:
        return round(100 * self.steps_done / self.steps_total) if self.steps_total else 0


class AnalysisResult(models.Model):
    """A stored report: the sector's (facility empty) or one facility's, as finished JSON."""

    class Scope(models.TextChoices):
        SECTOR = "sector", _("Sector")
        FACILITY = "facility", _("Voorziening")

    run = models.ForeignKey(
        AnalysisRun, verbose_name=_("analyse"), on_delete=models.CASCADE, related_name="results"
    )
    scope = models.CharField(_("niveau"), max_length=10, choices=Scope.choices)
    facility = models.ForeignKey(
        Organisation,
        verbose_name=_("voorziening"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    data = models.JSONField(_("resultaat"), default=dict)

    class Meta:
        verbose_name = _("analyseresultaat")
        verbose_name_plural = _("analyseresultaten")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "facility"],
                condition=Q(facility__isnull=False),
                name="registration_result_facility_once",
            ),
            models.UniqueConstraint(
                fields=["run"],
                condition=Q(facility__isnull=True),
                name="registration_result_sector_once",
            ),
            models.CheckConstraint(
                condition=(Q(scope="sector") & Q(facility__isnull=True))
                | (Q(scope="facility") & Q(facility__isnull=False)),
                name="registration_result_scope_matches_facility",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run} · {self.facility or self.get_scope_display()}"
