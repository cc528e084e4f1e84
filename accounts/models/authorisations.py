"""Delegated-user authorisation: requests of organisers, the declaration on honour, contact persons.

An organiser asks the agency to add, remove or change authorised persons of their bureaus in one
`AuthorisationRequest` with one `AuthorisationLine` per person, signed with the declaration on
honour (`DeclarationText`, versioned). The agency approves or rejects it; approving applies all
lines at once (see accounts.authorisations.services). An urgent removal is a request too, of kind
`urgent_removal`: it is applied when it is made and the agency acknowledges it afterwards.

Contact persons are an organisation's people for communication; they need not be users.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class DeclarationTextQuerySet(models.QuerySet["DeclarationText"]):
    def current(self) -> DeclarationText | None:
        return self.filter(published_at__lte=timezone.now()).order_by("-published_at").first()


class DeclarationText(models.Model):
    """One version of the declaration on honour. A request keeps the version and the exact text."""

    version = models.CharField(_("versie"), max_length=20, unique=True)
    text_nl = models.TextField(_("tekst (Nederlands)"))
    text_en = models.TextField(_("tekst (Engels)"))
    published_at = models.DateTimeField(_("geldig vanaf"), default=timezone.now)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    objects = DeclarationTextQuerySet.as_manager()

    class Meta:
        verbose_name = _("verklaring op erewoord")
        verbose_name_plural = _("verklaringen op erewoord")
        ordering = ["-published_at"]

    def __str__(self) -> str:
        return self.version

    def text_for(self, language: str | None = None) -> str:
        language = (language or get_language() or "nl")[:2]
        return self.text_en if language == "en" and self.text_en else self.text_nl


class AuthorisationRequest(models.Model):
    class Kind(models.TextChoices):
        CHANGE = "change", _("Aanvraag")
        URGENT_REMOVAL = "urgent_removal", _("Onmiddellijke schrapping")

    class Status(models.TextChoices):
        OPEN = "open", _("Wacht op beoordeling")
        APPROVED = "approved", _("Goedgekeurd")
        REJECTED = "rejected", _("Geweigerd")
        WITHDRAWN = "withdrawn", _("Ingetrokken")
        APPLIED = "applied", _("Meteen uitgevoerd")

    organiser = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisator"),
        on_delete=models.PROTECT,
        related_name="authorisation_requests",
    )
    kind = models.CharField(_("soort"), max_length=16, choices=Kind.choices, default=Kind.CHANGE)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.OPEN
    )
    # Raised on every edit, so a review of an older version is refused as stale.
    revision = models.PositiveIntegerField(_("versie van de aanvraag"), default=1)
    # The form carries this key: submitting the same form twice finds the first request.
    submission_key = models.UUIDField(_("indieningssleutel"), default=uuid.uuid4, unique=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    submitted_at = models.DateTimeField(_("ingediend op"), default=timezone.now)
    note = models.TextField(_("opmerking"), max_length=2000, blank=True)

    declaration = models.ForeignKey(
        DeclarationText,
        verbose_name=_("verklaring op erewoord"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="requests",
    )
    declaration_text = models.TextField(_("ondertekende tekst"), blank=True)
    declaration_language = models.CharField(_("taal van de verklaring"), max_length=8, blank=True)
    signature_name = models.CharField(
        _("handtekening (volledige naam)"), max_length=200, blank=True
    )
    signed_at = models.DateTimeField(_("ondertekend op"), null=True, blank=True)
    signed_ip = models.GenericIPAddressField(_("IP-adres bij ondertekening"), null=True, blank=True)
    signed_user_agent = models.CharField(_("browser bij ondertekening"), max_length=300, blank=True)

    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("beoordeeld door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(_("beoordeeld op"), null=True, blank=True)
    rejection_reason = models.TextField(_("reden van weigering"), max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("aanvraag gemachtigde personen")
        verbose_name_plural = _("aanvragen gemachtigde personen")
        ordering = ["-submitted_at"]
        constraints = [
            # Without a signed declaration on honour nothing is submitted.
            models.CheckConstraint(
                condition=Q(kind="urgent_removal")
                | (
                    Q(declaration__isnull=False, signed_at__isnull=False)
                    & ~Q(signature_name="")
                    & ~Q(declaration_text="")
                ),
                name="accounts_authreq_change_is_signed",
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(rejection_reason=""),
                name="accounts_authreq_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "withdrawn"])
                | Q(kind="urgent_removal")
                | Q(reviewed_at__isnull=False),
                name="accounts_authreq_decision_has_reviewer",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "submitted_at"], name="accounts_authreq_queue_idx"),
            models.Index(
                fields=["organiser", "submitted_at"], name="accounts_authreq_organiser_idx"
            ),
        ]

    def __str__(self) -> str:
        return _("Aanvraag %(number)s van %(organiser)s") % {
            "number": self.pk,
            "organiser": self.organiser,
        }

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_urgent_removal(self) -> bool:
        return self.kind == self.Kind.URGENT_REMOVAL

    @property
    def awaits_acknowledgement(self) -> bool:
        return self.is_urgent_removal and self.reviewed_at is None


class AuthorisationLine(models.Model):
    """One person in a request: to add (with the bureaus), to remove, or to change."""

    class Action(models.TextChoices):
        ADD = "add", _("Toevoegen")
        REMOVE = "remove", _("Schrappen")
        CHANGE = "change", _("Wijzigen")

    request = models.ForeignKey(
        AuthorisationRequest,
        verbose_name=_("aanvraag"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    position = models.PositiveSmallIntegerField(_("volgorde"), default=0)
    action = models.CharField(_("actie"), max_length=8, choices=Action.choices)
    # The existing person for a removal or change; for an addition, set when it is approved.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="authorisation_lines",
    )
    # What the organiser wrote (an addition) or who it was at the time (a removal or change).
    first_name = models.CharField(_("voornaam"), max_length=150)
    last_name = models.CharField(_("familienaam"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    function = models.CharField(_("functie"), max_length=150, blank=True)
    # Additions and changes: the bureaus the person should have; removals: those they lose.
    bureaus = models.ManyToManyField(
        "accounts.Organisation", verbose_name=_("consultatiebureaus"), related_name="+"
    )

    class Meta:
        verbose_name = _("lijn van een aanvraag")
        verbose_name_plural = _("lijnen van een aanvraag")
        ordering = ["request", "position"]
        constraints = [
            models.CheckConstraint(
                condition=Q(action="add") | Q(person__isnull=False),
                name="accounts_authline_person_for_removal_and_change",
            ),
        ]
        indexes = [models.Index(Lower("email"), name="accounts_authline_email_idx")]

    def __str__(self) -> str:
        return f"{self.get_action_display()}: {self.full_name} <{self.email}>"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class ContactPersonQuerySet(models.QuerySet["ContactPerson"]):
    def current(self) -> ContactPersonQuerySet:
        return self.filter(removed_at__isnull=True)


class ContactPerson(models.Model):
    """Someone the agency may contact about an organisation; not necessarily a portal user."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="contact_persons",
    )
    name = models.CharField(_("naam"), max_length=200)
    role = models.CharField(_("rol"), max_length=150)
    email = models.EmailField(_("e-mailadres"))
    phone = models.CharField(_("telefoonnummer"), max_length=30, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    # "Still correct?": confirmed on creation, on every edit and when the circle confirms the list.
    last_confirmed_at = models.DateTimeField(_("laatst bevestigd op"), default=timezone.now)
    last_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("laatst bevestigd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the managers were last e-mailed to check this contact person (monthly until confirmed).
    nudged_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    removed_at = models.DateTimeField(_("verwijderd op"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verwijderd door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ContactPersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("contactpersoon")
        verbose_name_plural = _("contactpersonen")
        ordering = ["organisation", "name"]
        constraints = [
            models.UniqueConstraint(
                "organisation",
                Lower("email"),
                condition=Q(removed_at__isnull=True),
                name="accounts_contact_one_current_per_email",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.role}) · {self.organisation}"
