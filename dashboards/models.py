"""Allocated hours and the summary tables the bureau dashboards read.

The dashboards never aggregate raw appointments. `facts.py` fills two summary tables from the
parent portal's sessions and appointments with set-based SQL:

- `BureauDayFact`: one row per bureau x date x part of day x practitioner kind, holding every count
  and sum the nine dashboards need (statuses and consult kinds are columns, not extra keys);
- `PractitionerDayFact`: the same grain per practitioner, for the per-doctor questions;
- `RegistrationDayFact`: bookings per booking day (same key, a different day: see there).

Each has a month table beside it (`date` = the 1st) that long periods read instead.

Writes to the schedule mark their bureau-days dirty (`DirtyDay`); a Celery task refreshes those
days within a minute, and `manage.py rebuild_dashboard_facts` rebuilds everything.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from parent_portal.models import PartOfDay, PractitionerKind


class AllocatedHours(models.Model):
    """Doctor and nurse hours the agency allocates to a bureau for one calendar year."""

    bureau = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("consultatiebureau"),
        on_delete=models.PROTECT,
        related_name="allocated_hours",
        limit_choices_to={"kind": "consultation_bureau"},
    )
    year = models.PositiveSmallIntegerField(_("jaar"))
    doctor_hours = models.DecimalField(_("artsenuren"), max_digits=8, decimal_places=2)
    nurse_hours = models.DecimalField(
        _("uren verpleegkundige"), max_digits=8, decimal_places=2, default=0
    )
    note = models.CharField(_("opmerking"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        verbose_name = _("toegekende uren")
        verbose_name_plural = _("toegekende uren")
        ordering = ["bureau__name", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["bureau", "year"], name="db_allocated_once_per_year"),
            models.CheckConstraint(
                condition=Q(year__gte=2000, year__lte=2100), name="db_allocated_year_sane"
            ),
            models.CheckConstraint(
                condition=Q(doctor_hours__gte=0, nurse_hours__gte=0),
                name="db_allocated_hours_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.bureau} · {self.year}"


class FactCounts(models.Model):
    """The counts and sums shared by both summary tables."""

    sessions = models.PositiveIntegerField(_("zittingen"), default=0)
    session_minutes = models.PositiveIntegerField(_("geplande minuten"), default=0)
    capacity = models.PositiveIntegerField(_("plaatsen"), default=0)
    # Appointments by status (every appointment whose session lies on this day).
    booked = models.PositiveIntegerField(_("gepland"), default=0)
    done = models.PositiveIntegerField(_("uitgevoerd"), default=0)
    no_show = models.PositiveIntegerField(_("niet gekomen"), default=0)
    cancelled = models.PositiveIntegerField(_("geannuleerd"), default=0)
    postponed_portal = models.PositiveIntegerField(_("verzet via het portaal"), default=0)
    postponed_phone = models.PositiveIntegerField(_("verzet via de telefoonlijn"), default=0)
    # Slots taken: appointments that hold a slot (booked, done, no-show), squeezed-in ones excluded.
    slots_taken = models.PositiveIntegerField(_("bezette plaatsen"), default=0)
    # Executed contacts by consult kind.
    done_regular = models.PositiveIntegerField(_("gewone consulten"), default=0)
    done_duo = models.PositiveIntegerField(_("duoconsulten"), default=0)
    done_squeezed_in = models.PositiveIntegerField(_("inschuivers"), default=0)
    done_combined = models.PositiveIntegerField(_("combiconsulten"), default=0)
    done_extra = models.PositiveIntegerField(_("extra consulten"), default=0)

    class Meta:
        abstract = True


class FactKey(models.Model):
    """The key every fact shares: bureau x date x part of day x practitioner kind."""

    # Derived rows, rebuilt in bulk: no database FK (a deferred FK check per inserted row would
    # triple the rebuild's time); the source tables keep their integrity.
    bureau = models.ForeignKey(
        "accounts.Organisation",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    date = models.DateField(_("datum"))
    part_of_day = models.CharField(_("dagdeel"), max_length=9, choices=PartOfDay.choices)
    practitioner_kind = models.CharField(
        _("soort zitting"), max_length=6, choices=PractitionerKind.choices
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.bureau_id} · {self.date} {self.part_of_day} {self.practitioner_kind}"


class BureauFact(FactKey, FactCounts):
    """Key and figures of a bureau fact; `date` is the day (day table) or the month's first day."""

    # Children whose first executed contact with this kind of practitioner at this bureau was here.
    enrolments = models.PositiveIntegerField(_("nieuwe inschrijvingen"), default=0)

    class Meta:
        abstract = True


class RegistrationFact(FactKey):
    """Children whose first booking with this kind of practitioner at this bureau was made on
    `date`, in the part of day of the session booked (a later booking or a move is none).

    A fact of its own because its date is the booking day, not the session day: bookings are made
    on most days of the year, so inside the bureau facts two rows in three held nothing else.
    """

    registrations = models.PositiveIntegerField(_("aanmeldingen"), default=0)

    class Meta:
        abstract = True


class PractitionerFact(FactKey, FactCounts):
    practitioner = models.ForeignKey(
        "accounts.User",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.practitioner_id} · {self.bureau_id} · {self.date} {self.part_of_day}"


class BureauDayFact(BureauFact):
    class Meta:
        verbose_name = _("dagcijfer consultatiebureau")
        verbose_name_plural = _("dagcijfers consultatiebureaus")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "date", "part_of_day", "practitioner_kind"],
                name="db_bureau_day_fact_key",
            )
        ]


WEEKDAYS = range(1, 8)  # ISO: 1 = Monday ... 7 = Sunday


class BureauMonthFact(BureauFact):
    """The day facts summed per calendar month (`date` = the 1st): long periods read ~30x less.

    The planned minutes are also split per weekday, so the distribution over weekdays (question
    2) reads months too instead of every day of a long period.
    """

    minutes_weekday_1 = models.PositiveIntegerField(_("minuten op maandag"), default=0)
    minutes_weekday_2 = models.PositiveIntegerField(_("minuten op dinsdag"), default=0)
    minutes_weekday_3 = models.PositiveIntegerField(_("minuten op woensdag"), default=0)
    minutes_weekday_4 = models.PositiveIntegerField(_("minuten op donderdag"), default=0)
    minutes_weekday_5 = models.PositiveIntegerField(_("minuten op vrijdag"), default=0)
    minutes_weekday_6 = models.PositiveIntegerField(_("minuten op zaterdag"), default=0)
    minutes_weekday_7 = models.PositiveIntegerField(_("minuten op zondag"), default=0)

    class Meta:
        verbose_name = _("maandcijfer consultatiebureau")
        verbose_name_plural = _("maandcijfers consultatiebureaus")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "date", "part_of_day", "practitioner_kind"],
                name="db_bureau_month_fact_key",
            )
        ]


class PractitionerDayFact(PractitionerFact):
    class Meta:
        verbose_name = _("dagcijfer per arts of verpleegkundige")
        verbose_name_plural = _("dagcijfers per arts of verpleegkundige")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "date", "part_of_day", "practitioner_kind", "practitioner"],
                name="db_practitioner_day_fact_key",
            )
        ]


class PractitionerMonthFact(PractitionerFact):
    class Meta:
        verbose_name = _("maandcijfer per arts of verpleegkundige")
        verbose_name_plural = _("maandcijfers per arts of verpleegkundige")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "date", "part_of_day", "practitioner_kind", "practitioner"],
                name="db_practitioner_month_fact_key",
            )
        ]


class RegistrationDayFact(RegistrationFact):
    class Meta:
        verbose_name = _("dagcijfer aanmeldingen")
        verbose_name_plural = _("dagcijfers aanmeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "date", "part_of_day", "practitioner_kind"],
                name="db_registration_day_fact_key",
            )
        ]


class RegistrationMonthFact(RegistrationFact):
    class Meta:
        verbose_name = _("maandcijfer aanmeldingen")
        verbose_name_plural = _("maandcijfers aanmeldingen")
        constraints = [
            models.UniqueConstraint(
                fields=["bureau", "date", "part_of_day", "practitioner_kind"],
                name="db_registration_month_fact_key",
            )
        ]


class DirtyDay(models.Model):
    """A bureau-day whose sessions or appointments changed since its facts were computed."""

    bureau = models.ForeignKey("accounts.Organisation", on_delete=models.CASCADE, related_name="+")
    date = models.DateField()
    # Updated when the day is marked again, so a refresh that ran meanwhile does not drop it.
    marked_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["bureau", "date"], name="db_dirty_day_once")]

    def __str__(self) -> str:
        return f"{self.bureau_id} · {self.date}"


class RefreshState(models.Model):
    """When the facts were last rebuilt or refreshed (shown beside every chart)."""

    key = models.CharField(max_length=20, primary_key=True)
    finished_at = models.DateTimeField()
    duration_ms = models.PositiveIntegerField(default=0)
    rows = models.PositiveIntegerField(default=0)
    days = models.PositiveIntegerField(default=0)

    FULL = "full"
    INCREMENTAL = "incremental"

    def __str__(self) -> str:
        return f"{self.key} · {self.finished_at:%Y-%m-%d %H:%M}"


class ImportedReference(models.Model):
    """An object loaded by `import_bureau_activity`, under its reference in the source system, so
    loading the same extract again updates it instead of adding a second one."""

    source = models.CharField(_("bron"), max_length=50)
    external_ref = models.CharField(_("referentie in de bron"), max_length=100)
    imported_at = models.DateTimeField(_("ingelezen op"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self.source} · {self.external_ref}"


class ImportedSession(ImportedReference):
    session = models.OneToOneField(
        "parent_portal.Session",
        verbose_name=_("zitting"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ingelezen zitting")
        verbose_name_plural = _("ingelezen zittingen")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_ref"], name="db_imported_session_once"
            )
        ]


class ImportedChild(ImportedReference):
    child = models.ForeignKey(
        "parent_portal.Child",
        verbose_name=_("kind"),
        on_delete=models.CASCADE,
        related_name="+",
    )

    class Meta:
        verbose_name = _("ingelezen kind")
        verbose_name_plural = _("ingelezen kinderen")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "external_ref"], name="db_imported_child_once"
            )
        ]
