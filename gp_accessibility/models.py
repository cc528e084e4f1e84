"""Care-need indicators (uploaded by the agency, per municipality or statistical sector and year)
and the stored accessibility results (one result set per computation, one row per circle).
Pages and the API read the latest result set; only the Celery job writes results."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class IndicatorUpload(models.Model):
    """One uploaded indicator file and its check; saved once error-free."""

    class Status(models.TextChoices):
        CHECKED = "checked", _("gecontroleerd")
        REFUSED = "refused", _("geweigerd")
        SAVED = "saved", _("opgeslagen")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeladen door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("opgeladen op"), auto_now_add=True, db_index=True)
    file_name = models.CharField(_("bestandsnaam"), max_length=200)
    file_size = models.PositiveIntegerField(_("grootte (bytes)"))
    file_sha256 = models.CharField(_("SHA-256"), max_length=64)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices)
    rows_read = models.PositiveIntegerField(_("rijen gelezen"), default=0)
    error_count = models.PositiveIntegerField(_("fouten"), default=0)
    warning_count = models.PositiveIntegerField(_("waarschuwingen"), default=0)
    summary = models.JSONField(_("samenvatting"), default=dict, blank=True)
    years = models.JSONField(_("jaren"), default=list, blank=True)
    rows = models.BinaryField(null=True, blank=True, editable=False)  # gzip JSON lines
    problems = models.BinaryField(null=True, blank=True, editable=False)  # gzip JSON
    is_synthetic = models.BooleanField(
        _("synthetische cijfers"),
        default=False,
        help_text=_("Verzonnen cijfers voor de demo; de portaalpagina's zeggen dat erbij."),
    )
    saved_at = models.DateTimeField(_("opgeslagen op"), null=True, blank=True)
    saved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opgeslagen door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    values_saved = models.PositiveIntegerField(_("rijen opgeslagen"), default=0)

    class Meta:
        verbose_name = _("opgeladen indicatorbestand")
        verbose_name_plural = _("opgeladen indicatorbestanden")
        ordering = ["-uploaded_at"]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.get_status_display()})"

    @property
    def can_save(self) -> bool:
        return self.status == self.Status.CHECKED and self.error_count == 0 and self.rows_read > 0


class IndicatorValue(models.Model):
    """The figures of one municipality (or statistical sector) for one year."""

    area_code = models.CharField(_("NIS-code"), max_length=12)
    municipality_code = models.CharField(_("NIS-code gemeente"), max_length=5, db_index=True)
    year = models.PositiveSmallIntegerField(_("jaar"), db_index=True)
    population = models.PositiveIntegerField(_("inwoners"))
    area_km2 = models.DecimalField(_("oppervlakte (km²)"), max_digits=10, decimal_places=3)
    arrears_share = models.DecimalField(
        _("kredietnemers met achterstal (%)"), max_digits=7, decimal_places=3, null=True
    )
    chronic_share = models.DecimalField(
        _("statuut chronische aandoening (%)"), max_digits=7, decimal_places=3, null=True
    )
    low_work_intensity_share = models.DecimalField(
        _("zeer lage werkintensiteit (%)"), max_digits=7, decimal_places=3, null=True
    )
    single_parent_share = models.DecimalField(
        _("alleenstaande ouders (%)"), max_digits=7, decimal_places=3, null=True
    )
    alone_75_share = models.DecimalField(
        _("alleenwonende 75-plussers (%)"), max_digits=7, decimal_places=3, null=True
    )
    net_income = models.DecimalField(
        _("netto belastbaar inkomen per inwoner (euro)"),
        max_digits=12,
        decimal_places=2,
        null=True,
    )
    upload = models.ForeignKey(
        IndicatorUpload,
        verbose_name=_("uit bestand"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    is_synthetic = models.BooleanField(_("synthetisch"), default=False)

    class Meta:
        verbose_name = _("indicatorwaarde")
        verbose_name_plural = _("indicatorwaarden")
        ordering = ["year", "area_code"]
        constraints = [
            models.UniqueConstraint(fields=["area_code", "year"], name="gp_indicator_once"),
        ]

    def __str__(self) -> str:
        return f"{self.area_code} {self.year}"


class ResultSet(models.Model):
    """One computation of every circle's results and the Flemish aggregates."""

    class Reason(models.TextChoices):
        ROUND_CLOSED = "round_closed", _("een ronde werd afgesloten")
        GP_LIST = "gp_list_accepted", _("een huisartsenlijst werd aanvaard")
        INDICATORS = "indicators_saved", _("indicatoren werden opgeslagen")
        MANUAL = "manual", _("handmatig herberekend")

    computed_at = models.DateTimeField(_("berekend op"), db_index=True)
    reason = models.CharField(_("aanleiding"), max_length=20, choices=Reason.choices)
    indicator_year = models.PositiveSmallIntegerField(_("jaar van de indicatoren"), null=True)
    round = models.ForeignKey(
        "questionnaires.Round",
        verbose_name=_("ronde"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    round_title = models.CharField(_("ronde"), max_length=200, blank=True)
    circle_count = models.PositiveIntegerField(_("aantal kringen"))
    is_synthetic = models.BooleanField(_("met synthetische cijfers"), default=False)
    flanders = models.JSONField(_("Vlaanderen"), default=dict)
    bands = models.JSONField(_("per dichtheid"), default=dict)
    questions = models.JSONField(_("vragen"), default=list)
    options = models.JSONField(_("instellingen"), default=dict)

    class Meta:
        verbose_name = _("berekening van de resultaten")
        verbose_name_plural = _("berekeningen van de resultaten")
        ordering = ["-computed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.computed_at:%Y-%m-%d %H:%M} ({self.get_reason_display()})"


class CircleResult(models.Model):
    """One circle's figures in a result set. Only the agency reads another circle's row."""

    result_set = models.ForeignKey(
        ResultSet, verbose_name=_("berekening"), on_delete=models.CASCADE, related_name="circles"
    )
    circle = models.ForeignKey(
        Organisation,
        verbose_name=_("huisartsenkring"),
        on_delete=models.CASCADE,
        related_name="gp_accessibility_results",
    )
    care_zone = models.CharField(_("eerstelijnszone"), max_length=120, blank=True)
    band = models.CharField(_("dichtheidsgroep"), max_length=8, blank=True)
    figures = models.JSONField(_("cijfers"), default=dict)
    coverage = models.JSONField(_("dekking"), default=dict)
    answers = models.JSONField(_("antwoorden"), default=dict)
    shortage = models.CharField(_("tekortcriterium"), max_length=24, blank=True)
    need_z = models.FloatField(_("zorgnoodscore"), null=True)
    supply_z = models.FloatField(_("aanbodscore"), null=True)
    composite = models.FloatField(_("samengestelde score"), null=True)
    rank = models.PositiveIntegerField(_("rang"), null=True)
    attention = models.BooleanField(_("laag aanbod en hoge nood"), default=False)

    class Meta:
        verbose_name = _("resultaat van een kring")
        verbose_name_plural = _("resultaten van de kringen")
        ordering = ["result_set", "circle__name"]
        constraints = [
            models.UniqueConstraint(fields=["result_set", "circle"], name="gp_result_once"),
        ]

    def __str__(self) -> str:
        return f"{self.circle} · {self.result_set}"
