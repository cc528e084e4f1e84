"""Questionnaire definitions, kept apart from who answers them.

A `Questionnaire` has sections and questions (with choices and a simple show-if condition).
A `Response` is one filling-in of a questionnaire by whoever it targets: the app that owns the
target links to it (parent_portal's assignment for a child; a `Round` here holds one `RoundEntry`
per organisation). Answers save as they go (`Answer`, one per question) and a response is
submitted once. Each response carries its own deletion date (retention) and a research pseudonym.
"""

from __future__ import annotations

from datetime import datetime

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Questionnaire(models.Model):
    class Audience(models.TextChoices):
        CHILDREN = "children", _("Ouders, over een kind")
        ORGANISATIONS = "organisations", _("Organisaties, in een ronde")

    title = models.CharField(_("titel"), max_length=200)
    code = models.SlugField(_("code"), max_length=60, unique=True)
    intro = models.TextField(_("inleiding"), blank=True)
    research_note = models.TextField(
        _("uitleg over onderzoek"),
        blank=True,
        help_text=_("Wat er met de antwoorden op onderzoeksvragen gebeurt (anoniem doorgegeven)."),
    )
    retention_years = models.PositiveSmallIntegerField(
        _("bewaartermijn (jaar)"),
        default=15,
        help_text=_("Na deze termijn worden de antwoorden automatisch verwijderd."),
    )
    audience = models.CharField(
        _("voor wie"),
        max_length=13,
        choices=Audience.choices,
        default=Audience.CHILDREN,
        help_text=_(
            "Ouders vullen een vragenlijst over hun kind in; organisaties (zoals "
            "huisartsenkringen) beantwoorden een vragenlijst in een ronde van het agentschap."
        ),
    )
    is_active = models.BooleanField(_("in gebruik"), default=True)
    is_demo = models.BooleanField(_("demogegevens"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("vragenlijst")
        verbose_name_plural = _("vragenlijsten")
        ordering = ["title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(retention_years__gte=1), name="questionnaires_retention_positive"
            )
        ]

    def __str__(self) -> str:
        return self.title


class Section(models.Model):
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.CASCADE,
        related_name="sections",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)

    class Meta:
        verbose_name = _("onderdeel")
        verbose_name_plural = _("onderdelen")
        ordering = ["questionnaire", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Eén keuze")
        MULTIPLE = "multiple", _("Meerdere keuzes")
        SCALE = "scale", _("Schaal")
        NUMBER = "number", _("Getal")
        DATE = "date", _("Datum")
        TEXT = "text", _("Vrije tekst")

    section = models.ForeignKey(
        Section, verbose_name=_("onderdeel"), on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Kolomnaam in exports; uniek binnen de vragenlijst.")
    )
    text = models.CharField(_("vraag"), max_length=500)
    help_text = models.CharField(_("hulptekst"), max_length=500, blank=True)
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    required = models.BooleanField(_("verplicht"), default=True)
    is_research = models.BooleanField(
        _("onderzoeksvraag"),
        default=False,
        help_text=_("Antwoorden worden anoniem (met een pseudoniem) geëxporteerd voor onderzoek."),
    )
    scale_min = models.SmallIntegerField(_("schaal van"), null=True, blank=True)
    scale_max = models.SmallIntegerField(_("schaal tot"), null=True, blank=True)
    scale_min_label = models.CharField(_("label laagste waarde"), max_length=80, blank=True)
    scale_max_label = models.CharField(_("label hoogste waarde"), max_length=80, blank=True)
    number_min = models.DecimalField(
        _("kleinste getal"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    number_max = models.DecimalField(
        _("grootste getal"), max_digits=10, decimal_places=2, null=True, blank=True
    )
    show_if_question = models.ForeignKey(
        "self",
        verbose_name=_("toon alleen als vraag"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="dependants",
    )
    show_if_values = models.JSONField(
        _("... een van deze antwoorden heeft"),
        default=list,
        blank=True,
        help_text=_('Lijst van waarden, bv. ["ja"].'),
    )

    class Meta:
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")
        ordering = ["section__position", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(kind="scale")
                | Q(
                    scale_min__isnull=False,
                    scale_max__isnull=False,
                    scale_max__gt=models.F("scale_min"),
                ),
                name="questionnaires_scale_has_bounds",
            ),
        ]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        if self.is_research and self.kind == self.Kind.TEXT:
            raise ValidationError(
                {
                    "is_research": _(
                        "Vrije tekst kan namen bevatten en is daarom geen onderzoeksvraag."
                    )
                }
            )
        if self.show_if_question_id and self.section_id:
            other = self.show_if_question
            if other.section.questionnaire_id != self.section.questionnaire_id:
                raise ValidationError(
                    {"show_if_question": _("Kies een vraag uit dezelfde vragenlijst.")}
                )
            if other.pk == self.pk:
                raise ValidationError(
                    {"show_if_question": _("Een vraag kan niet van zichzelf afhangen.")}
                )

    @property
    def show_if_values_json(self) -> str:
        import json

        return json.dumps([str(v) for v in self.show_if_values or []])


class Choice(models.Model):
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), on_delete=models.CASCADE, related_name="choices"
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    value = models.SlugField(_("waarde"), max_length=60)
    label = models.CharField(_("tekst"), max_length=200)

    class Meta:
        verbose_name = _("antwoordmogelijkheid")
        verbose_name_plural = _("antwoordmogelijkheden")
        ordering = ["question", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["question", "value"], name="questionnaires_choice_value_unique"
            )
        ]

    def __str__(self) -> str:
        return self.label


class ResponseQuerySet(models.QuerySet["Response"]):
    def submitted(self) -> ResponseQuerySet:
        return self.filter(status=Response.Status.SUBMITTED)


class Response(models.Model):
    """One filling-in of a questionnaire. Its target (a child's assignment, an organisation in a
    round) is held by the app that owns the target, pointing here."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Bezig")
        SUBMITTED = "submitted", _("Ingediend")

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="responses",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    research_pseudonym = models.CharField(
        _("pseudoniem voor onderzoek"),
        max_length=64,
        db_index=True,
        help_text=_("Stabiel per persoon, zonder terug te rekenen naar wie het is."),
    )
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("laatst bewaard op"), auto_now=True)
    submitted_at = models.DateTimeField(_("ingediend op"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("ingediend door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    delete_after = models.DateField(_("verwijderen na"), db_index=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("antwoordenset")
        verbose_name_plural = _("antwoordensets")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft", submitted_at__isnull=True)
                | Q(status="submitted", submitted_at__isnull=False),
                name="questionnaires_submitted_has_time",
            )
        ]

    def __str__(self) -> str:
        return f"{self.questionnaire} · {self.get_status_display()}"

    @property
    def is_submitted(self) -> bool:
        return self.status == self.Status.SUBMITTED


class Answer(models.Model):
    """The current answer to one question; saved whenever the person moves on."""

    response = models.ForeignKey(
        Response, verbose_name=_("antwoordenset"), on_delete=models.CASCADE, related_name="answers"
    )
    question = models.ForeignKey(
        Question, verbose_name=_("vraag"), on_delete=models.PROTECT, related_name="answers"
    )
    # A string, a list of strings (multiple choice), a number or an ISO date.
    value = models.JSONField(_("antwoord"), null=True, blank=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    updated_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("gewijzigd door"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("antwoord")
        verbose_name_plural = _("antwoorden")
        constraints = [
            models.UniqueConstraint(
                fields=["response", "question"], name="questionnaires_one_answer_per_question"
            )
        ]

    def __str__(self) -> str:
        return f"{self.question.code}: {self.value}"


# --- Rounds for organisations ------------------------------------------------------------------


class RoundQuerySet(models.QuerySet["Round"]):
    def open_at(self, now: datetime) -> RoundQuerySet:
        return self.filter(opens_at__lte=now, deadline__gt=now, closed_at__isnull=True)


class Round(models.Model):
    """The agency asks a set of organisations to answer a questionnaire between two moments.

    Each organisation gets one `RoundEntry` (and its `Response`). Answers can change while the
    round is open: after `opens_at`, before `deadline` and before the agency closes it. After
    that everything is read-only; closing (by the agency, or by the periodic task once the
    deadline passed) tells the listeners registered with `services.on_round_closed`.
    """

    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("vragenlijst"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    title = models.CharField(_("naam van de ronde"), max_length=200)
    opens_at = models.DateTimeField(_("start"))
    deadline = models.DateTimeField(_("deadline"))
    # Days before the deadline on which organisations that did not submit get a reminder.
    reminder_days = models.JSONField(_("herinneringen (dagen voor de deadline)"), default=list)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("geopend door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        "accounts.User",
        verbose_name=_("afgesloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    is_demo = models.BooleanField(_("demogegevens"), default=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("ronde")
        verbose_name_plural = _("rondes")
        ordering = ["-opens_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=models.F("opens_at")),
                name="questionnaires_round_deadline_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title

    def is_open(self, now: datetime) -> bool:
        return self.opens_at <= now < self.deadline and self.closed_at is None

    def state(self, now: datetime) -> str:
        """planned | open | past_deadline (not yet closed) | closed"""
        if self.closed_at is not None:
            return "closed"
        if now < self.opens_at:
            return "planned"
        if now >= self.deadline:
            return "past_deadline"
        return "open"


class RoundEntry(models.Model):
    """One organisation's place in a round: its one response, filled in by its members."""

    round = models.ForeignKey(
        Round, verbose_name=_("ronde"), on_delete=models.CASCADE, related_name="entries"
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="questionnaire_round_entries",
    )
    response = models.OneToOneField(
        Response,
        verbose_name=_("antwoorden"),
        on_delete=models.CASCADE,
        related_name="round_entry",
    )

    class Meta:
        verbose_name = _("deelnemer aan een ronde")
        verbose_name_plural = _("deelnemers aan rondes")
        ordering = ["round", "organisation__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organisation"], name="questionnaires_one_entry_per_organisation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organisation}"


class RoundNotice(models.Model):
    """An e-mail about a round sent to an organisation's members: the marker that makes each
    notice (the opening, each reminder) go out exactly once, written in the sending transaction."""

    entry = models.ForeignKey(
        RoundEntry, verbose_name=_("deelnemer"), on_delete=models.CASCADE, related_name="notices"
    )
    kind = models.CharField(_("soort"), max_length=20)  # "opened" or "reminder_<days>"
    sent_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True)
    recipients = models.PositiveSmallIntegerField(_("aantal ontvangers"), default=0)

    class Meta:
        verbose_name = _("bericht over een ronde")
        verbose_name_plural = _("berichten over rondes")
        ordering = ["entry", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["entry", "kind"], name="questionnaires_notice_once")
        ]

    def __str__(self) -> str:
        return f"{self.entry} · {self.kind}"
