"""GP lists of the circles: the care zone, validation runs (kept 7 days) and immutable versions."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation

from .columns import BY_KEY


class ImmutableError(Exception):
    """Raised when code tries to change a submitted version."""


class CircleArea(models.Model):
    """The postal codes a circle works in (its care zone), kept by the agency."""

    circle = models.OneToOneField(
        Organisation,
        verbose_name=_("huisartsenkring"),
        on_delete=models.PROTECT,
        related_name="gp_area",
        limit_choices_to={"kind": Organisation.Kind.GP_CIRCLE},
    )
    care_zone = models.CharField(_("eerstelijnszone"), max_length=120, blank=True)
    postal_codes = models.JSONField(_("postcodes"), default=list, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gewijzigd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("werkingsgebied van een kring")
        verbose_name_plural = _("werkingsgebieden van de kringen")

    def __str__(self) -> str:
        return f"{self.circle} ({len(self.postal_codes)})"


class ValidationRun(models.Model):
    """One uploaded file and its check. Holds the rows only for the uploader's report and a
    submission; purged after 7 days (nothing of an unsubmitted file is kept longer)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("wacht")
        RUNNING = "running", _("bezig")
        DONE = "done", _("klaar")
        REFUSED = "refused", _("geweigerd")
        FAILED = "failed", _("mislukt")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    circle = models.ForeignKey(
        Organisation,
        verbose_name=_("huisartsenkring"),
        on_delete=models.PROTECT,
        related_name="gp_validation_runs",
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeladen door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("gecontroleerd op"), null=True, blank=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    file_size = models.PositiveIntegerField(_("grootte (bytes)"))
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    rows_total = models.PositiveIntegerField(_("rijen (geschat)"), default=0)
    rows_processed = models.PositiveIntegerField(_("rijen gelezen"), default=0)
    rows_read = models.PositiveIntegerField(_("huisartsen gelezen"), default=0)
    error_count = models.PositiveIntegerField(_("fouten"), default=0)
    warning_count = models.PositiveIntegerField(_("waarschuwingen"), default=0)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    source_columns = models.JSONField(_("kolommen in het bestand"), default=dict, blank=True)
    # The upload itself, only while it waits for the worker; cleared once checked.
    upload = models.BinaryField(null=True, blank=True, editable=False)
    rows = models.BinaryField(null=True, blank=True, editable=False)  # gzip JSON lines
    problems = models.BinaryField(null=True, blank=True, editable=False)  # gzip JSON
    report = models.BinaryField(null=True, blank=True, editable=False)  # annotated .xlsx
    submission = models.OneToOneField(
        "Submission",
        verbose_name=_("ingediend als"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="validation_run",
    )

    class Meta:
        verbose_name = _("controle van een huisartsenlijst")
        verbose_name_plural = _("controles van huisartsenlijsten")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["circle", "-created_at"], name="intake_run_circle_idx")]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.REFUSED, self.Status.FAILED)

    @property
    def can_submit(self) -> bool:
        return (
            self.status == self.Status.DONE
            and self.error_count == 0
            and self.rows_read > 0
            and self.submission_id is None
        )

    @property
    def progress_percent(self) -> int:
        if self.is_finished:
            return 100
        if not self.rows_total:
            return 0
        return min(99, int(100 * self.rows_processed / self.rows_total))


class Submission(models.Model):
    """An accepted version of a circle's list. Immutable: the rows never change after insert."""

    # Fields that may change after the insert (the agency's acknowledgement, the current flag).
    MUTABLE_FIELDS = frozenset({"is_current", "seen_by_agency_at", "seen_by_agency"})

    circle = models.ForeignKey(
        Organisation,
        verbose_name=_("huisartsenkring"),
        on_delete=models.PROTECT,
        related_name="gp_submissions",
    )
    version = models.PositiveIntegerField(_("versie"))
    is_current = models.BooleanField(_("huidige versie"), default=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ingediend op"), db_index=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    file_sha256 = models.CharField(_("SHA-256 van het bestand"), max_length=64)
    template_version = models.PositiveIntegerField(_("templateversie"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("aantal huisartsen"))
    warning_count = models.PositiveIntegerField(_("waarschuwingen"), default=0)
    added_count = models.PositiveIntegerField(_("toegevoegd"), default=0)
    removed_count = models.PositiveIntegerField(_("verwijderd"), default=0)
    changed_count = models.PositiveIntegerField(_("gewijzigd"), default=0)
    seen_by_agency_at = models.DateTimeField(_("gezien door het agentschap"), null=True, blank=True)
    seen_by_agency = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gezien door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ingediende huisartsenlijst")
        verbose_name_plural = _("ingediende huisartsenlijsten")
        ordering = ["circle__name", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["circle", "version"], name="intake_one_version_number"),
            models.UniqueConstraint(
                fields=["circle"], condition=Q(is_current=True), name="intake_one_current_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.circle} v{self.version}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            fields = kwargs.get("update_fields")
            if not fields or not set(fields) <= self.MUTABLE_FIELDS:
                raise ImmutableError("A submitted version is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN201
        raise ImmutableError("A submitted version is never deleted.")


class SubmissionRow(models.Model):
    """One GP on a submitted version, as the circle submitted it."""

    class Sex(models.TextChoices):
        M = "M", _("man")
        V = "V", _("vrouw")
        X = "X", _("X")

    class PracticeForm(models.TextChoices):
        SOLO = "solo", _("solo")
        DUO = "duo", _("duo")
        GROUP = "groep", _("groep")
        COMMUNITY = "wijkgezondheidscentrum", _("wijkgezondheidscentrum")

    class NewPatients(models.TextChoices):
        YES = "ja", _("ja")
        NO = "nee", _("nee")
        LIMITED = "beperkt", _("beperkt")

    submission = models.ForeignKey(
        Submission, verbose_name=_("versie"), on_delete=models.PROTECT, related_name="rows"
    )
    line = models.PositiveIntegerField(_("rij in het bestand"))
    riziv_number = models.CharField(_("RIZIV-nummer"), max_length=11, db_index=True)
    last_name = models.CharField(_("naam"), max_length=BY_KEY["last_name"].max_length)
    first_name = models.CharField(_("voornaam"), max_length=BY_KEY["first_name"].max_length)
    sex = models.CharField(_("geslacht"), max_length=1, choices=Sex.choices)
    birth_year = models.PositiveSmallIntegerField(_("geboortejaar"))
    practice_name = models.CharField(
        _("praktijknaam"), max_length=BY_KEY["practice_name"].max_length
    )
    street = models.CharField(_("straat"), max_length=BY_KEY["street"].max_length)
    house_number = models.CharField(_("huisnummer"), max_length=BY_KEY["house_number"].max_length)
    postal_code = models.CharField(_("postcode"), max_length=4)
    municipality = models.CharField(_("gemeente"), max_length=BY_KEY["municipality"].max_length)
    practice_form = models.CharField(_("praktijkvorm"), max_length=22, choices=PracticeForm.choices)
    hours_per_week = models.DecimalField(
        _("uren patiëntcontact per week"), max_digits=5, decimal_places=2
    )
    accepts_new_patients = models.CharField(
        _("neemt nieuwe patiënten aan"), max_length=7, choices=NewPatients.choices
    )
    start_date = models.DateField(_("startdatum in kring"))
    end_date = models.DateField(_("einddatum"), null=True, blank=True)
    email = models.CharField(_("e-mail"), max_length=254, blank=True)

    class Meta:
        verbose_name = _("huisarts op een lijst")
        verbose_name_plural = _("huisartsen op de lijsten")
        ordering = ["submission", "line"]

    def __str__(self) -> str:
        return f"{self.last_name} {self.first_name}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise ImmutableError("A submitted row is never changed.")
        super().save(*args, **kwargs)
