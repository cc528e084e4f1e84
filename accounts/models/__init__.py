"""Users, organisations, memberships with roles, and the append-only audit log."""

from __future__ import annotations

import uuid
from datetime import date, datetime

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=normalise_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> User:
        extra_fields["is_staff"] = True
        extra_fields["is_superuser"] = True
        return self._create_user(email, password, **extra_fields)


def normalise_email(email: str) -> str:
    """E-mail addresses are compared case-insensitively: we store them lower-cased."""
    return email.strip().lower()


class User(AbstractBaseUser, PermissionsMixin):
    """A person who logs in with their e-mail address (never a username)."""

    email = models.EmailField(_("e-mailadres"), unique=True)
    first_name = models.CharField(_("voornaam"), max_length=150, blank=True)
    last_name = models.CharField(_("familienaam"), max_length=150, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    is_staff = models.BooleanField(
        _("toegang tot het beheer"),
        default=False,
        help_text=_("Mag inloggen op het Django-beheer."),
    )
    is_demo = models.BooleanField(_("demogegevens"), default=False)
    date_joined = models.DateTimeField(_("aangemaakt op"), default=timezone.now)

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    class Meta:
        verbose_name = _("gebruiker")
        verbose_name_plural = _("gebruikers")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="accounts_user_email_ci_unique"),
        ]

    def __str__(self) -> str:
        return self.full_name or self.email

    def clean(self) -> None:
        super().clean()
        self.email = normalise_email(self.email)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    def get_full_name(self) -> str:
        return self.full_name

    def get_short_name(self) -> str:
        return self.first_name or self.email


class Organisation(models.Model):
    class Kind(models.TextChoices):
        AGENCY = "agency", _("Agentschap")
        BUREAU_ORGANISER = "bureau_organiser", _("Organisator van consultatiebureaus")
        CONSULTATION_BUREAU = "consultation_bureau", _("Consultatiebureau")
        GP_CIRCLE = "gp_circle", _("Huisartsenkring")
        CARE_FACILITY = "care_facility", _("Zorgvoorziening")
        YOUTH_HEALTH_ORG = "youth_health_org", _("Jeugdgezondheidsorganisatie")

    class FacilityType(models.TextChoices):
        CAR = "car", _("CAR (centrum voor ambulante revalidatie)")
        CGG = "cgg", _("CGG (centrum voor geestelijke gezondheidszorg)")

    class SizeClass(models.TextChoices):
        SMALL = "small", _("klein")
        MEDIUM = "medium", _("middelgroot")
        LARGE = "large", _("groot")

    name = models.CharField(_("naam"), max_length=200)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    kind = models.CharField(_("soort"), max_length=32, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("bovenliggende organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
    )
    facility_type = models.CharField(
        _("type voorziening"), max_length=3, choices=FacilityType.choices, blank=True
    )
    size_class = models.CharField(
        _("grootteklasse"), max_length=6, choices=SizeClass.choices, blank=True
    )
    require_special_character = models.BooleanField(
        _("wachtwoord met speciaal teken"),
        default=False,
        help_text=_(
            "Eist een speciaal teken in de wachtwoorden van de leden. Standaard uit: "
            "lengte beschermt beter dan samenstellingsregels (NIST SP 800-63B)."
        ),
    )
    is_demo = models.BooleanField(_("demogegevens"), default=False)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)

    class Meta:
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(facility_type="") | Q(kind="care_facility"),
                name="accounts_org_facility_type_only_for_facilities",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    AGENCY_ADMIN = "agency_admin", _("Beheerder agentschap")
    RESEARCHER = "researcher", _("Onderzoeker")
    ORGANISER = "organiser", _("Organisator")
    AUTHORISED_PERSON = "authorised_person", _("Gemachtigde persoon")
    MAIN_ACCESS_MANAGER = "main_access_manager", _("Hoofdtoegangsbeheerder")
    ACCESS_MANAGER = "access_manager", _("Toegangsbeheerder")
    CIRCLE_USER = "circle_user", _("Gebruiker huisartsenkring")
    FACILITY_DIRECTOR = "facility_director", _("Directeur voorziening")
    CARE_PROVIDER = "care_provider", _("Zorgverlener")
    PRACTITIONER = "practitioner", _("Medewerker (arts, verpleegkundige, hulpverlener)")
    PARENT = "parent", _("Ouder")
    YOUTH = "youth", _("Jongere")


K = Organisation.Kind
# Which kinds of organisation a role can be held at.
ROLE_ORGANISATION_KINDS: dict[str, set[str]] = {
    Role.AGENCY_ADMIN: {K.AGENCY},
    Role.RESEARCHER: {K.AGENCY},
    Role.ORGANISER: {K.BUREAU_ORGANISER},
    Role.AUTHORISED_PERSON: {K.BUREAU_ORGANISER, K.CONSULTATION_BUREAU},
    Role.MAIN_ACCESS_MANAGER: {K.GP_CIRCLE},
    Role.ACCESS_MANAGER: {K.GP_CIRCLE},
    Role.CIRCLE_USER: {K.GP_CIRCLE},
    Role.FACILITY_DIRECTOR: {K.CARE_FACILITY},
    Role.CARE_PROVIDER: {K.CARE_FACILITY},
    Role.PRACTITIONER: {K.CONSULTATION_BUREAU, K.YOUTH_HEALTH_ORG, K.CARE_FACILITY},
    Role.PARENT: {K.CONSULTATION_BUREAU, K.YOUTH_HEALTH_ORG, K.CARE_FACILITY},
    Role.YOUTH: {K.CONSULTATION_BUREAU, K.YOUTH_HEALTH_ORG, K.CARE_FACILITY},
}


class MembershipQuerySet(models.QuerySet["Membership"]):
    def active(self, at: datetime | None = None) -> MembershipQuerySet:
        """Memberships that grant access at `at` (now by default)."""
        moment = at or timezone.now()
        today: date = timezone.localdate(moment)
        return self.filter(
            Q(revoked_at__isnull=True) | Q(revoked_at__gt=moment),
            valid_from__lte=today,
        ).filter(Q(valid_until__isnull=True) | Q(valid_until__gte=today))


class Membership(models.Model):
    """A user's role at an organisation, for a period. Ending it cuts access on the next request."""

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.PROTECT, related_name="memberships"
    )
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("rol"), max_length=32, choices=Role.choices)
    valid_from = models.DateField(_("geldig vanaf"), default=timezone.localdate)
    valid_until = models.DateField(_("geldig tot en met"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        User,
        verbose_name=_("ingetrokken door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    revocation_reason = models.CharField(_("reden van intrekking"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        ordering = ["organisation__name", "role"]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="accounts_membership_period_ordered",
            ),
            models.UniqueConstraint(
                fields=["user", "organisation", "role"],
                condition=Q(revoked_at__isnull=True),
                name="accounts_membership_one_open_per_role",
            ),
            # A GP circle has one legal representative: replacing them ends the old membership.
            models.UniqueConstraint(
                fields=["organisation"],
                condition=Q(role="main_access_manager", revoked_at__isnull=True),
                name="accounts_membership_one_main_access_manager",
            ),
        ]
        indexes = [models.Index(fields=["user", "revoked_at"], name="accounts_mem_user_open_idx")]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_role_display()} · {self.organisation}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        allowed = ROLE_ORGANISATION_KINDS.get(self.role, set())
        if self.organisation_id and self.organisation.kind not in allowed:
            raise ValidationError(
                {
                    "role": _("De rol %(role)s bestaat niet bij een %(kind)s.")
                    % {
                        "role": self.get_role_display(),
                        "kind": self.organisation.get_kind_display().lower(),
                    }
                }
            )

    def is_active_at(self, moment: datetime | None = None) -> bool:
        moment = moment or timezone.now()
        today = timezone.localdate(moment)
        if self.revoked_at and self.revoked_at <= moment:
            return False
        if self.valid_from > today:
            return False
        return not (self.valid_until and self.valid_until < today)


class AuditLogIsAppendOnlyError(Exception):
    """Raised when code tries to change or remove an audit event."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs):  # noqa: ANN201 - same signature as QuerySet.update
        raise AuditLogIsAppendOnlyError("Audit events are never updated.")

    def delete(self):  # noqa: ANN201
        raise AuditLogIsAppendOnlyError(
            "Audit events are only removed by the retention task (accounts.retention)."
        )


class AuditEvent(models.Model):
    """One entry of the access log (NEN 7513 fields), chained by hash to the previous one.

    Rows are written only through `accounts.audit.record`. They are never updated; they are
    deleted only by the retention task, and only when older than the retention period.
    """

    class Category(models.TextChoices):
        AUTHENTICATION = "authentication", _("Aanmelding")
        ACCESS = "access", _("Toegang")
        CREATE = "create", _("Aanmaken")
        READ = "read", _("Inzage")
        UPDATE = "update", _("Wijziging")
        DELETE = "delete", _("Verwijdering")
        EXPORT = "export", _("Export")
        ADMIN = "admin", _("Beheer")

    class Outcome(models.TextChoices):
        SUCCESS = "success", _("Gelukt")
        DENIED = "denied", _("Geweigerd")
        FAILURE = "failure", _("Mislukt")

    sequence = models.PositiveBigIntegerField(_("volgnummer"), unique=True, editable=False)
    event_id = models.UUIDField(_("gebeurtenis-id"), default=uuid.uuid4, unique=True)
    occurred_at = models.DateTimeField(_("tijdstip (UTC)"), db_index=True)
    action = models.CharField(_("actiecode"), max_length=64, db_index=True)
    category = models.CharField(_("soort"), max_length=16, choices=Category.choices)
    actor = models.ForeignKey(
        User,
        verbose_name=_("gebruiker"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    actor_email = models.CharField(_("e-mail gebruiker"), max_length=254, blank=True)
    actor_role = models.CharField(_("rol"), max_length=100, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    on_behalf_of = models.ForeignKey(
        User,
        verbose_name=_("namens"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    subject_ref = models.CharField(_("betrokken cliënt"), max_length=80, blank=True, db_index=True)
    object_type = models.CharField(_("object of gegevensset"), max_length=100, blank=True)
    object_id = models.CharField(_("object-id"), max_length=64, blank=True)
    ip_address = models.GenericIPAddressField(_("IP-adres"), null=True, blank=True)
    session_hash = models.CharField(_("sessie (hash)"), max_length=64, blank=True)
    user_agent = models.CharField(_("browser"), max_length=300, blank=True)
    outcome = models.CharField(_("resultaat"), max_length=8, choices=Outcome.choices)
    legal_basis = models.CharField(_("rechtsgrond of toestemming"), max_length=200, blank=True)
    details = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(_("vorige hash"), max_length=64, editable=False)
    hash = models.CharField(_("hash"), max_length=64, unique=True, editable=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        verbose_name = _("auditgebeurtenis")
        verbose_name_plural = _("auditlog")
        ordering = ["-sequence"]
        indexes = [
            models.Index(fields=["actor", "occurred_at"], name="accounts_audit_actor_idx"),
            models.Index(fields=["organisation", "occurred_at"], name="accounts_audit_org_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.sequence} {self.action} {self.outcome}"

    def save(self, *args, **kwargs) -> None:
        if not self._state.adding:
            raise AuditLogIsAppendOnlyError("Audit events are never updated.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):  # noqa: ANN201
        raise AuditLogIsAppendOnlyError("Audit events are never deleted one by one.")


class AuditChainHead(models.Model):
    """The single row that serialises writers of the audit chain and holds its last link."""

    sequence = models.PositiveBigIntegerField(default=0)
    hash = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("kop van de auditketen")
        verbose_name_plural = _("kop van de auditketen")

    def __str__(self) -> str:
        return f"#{self.sequence}"


class AuditCheckpoint(models.Model):
    """Written by retention: the last pruned link, so the remaining chain still verifies."""

    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    pruned_through_sequence = models.PositiveBigIntegerField(_("verwijderd tot en met volgnummer"))
    last_pruned_hash = models.CharField(
        _("hash van de laatste verwijderde gebeurtenis"), max_length=64
    )
    events_pruned = models.PositiveBigIntegerField(_("aantal verwijderd"))
    cutoff = models.DateTimeField(_("ouder dan"))

    class Meta:
        verbose_name = _("auditcontrolepunt")
        verbose_name_plural = _("auditcontrolepunten")
        ordering = ["-pruned_through_sequence"]

    def __str__(self) -> str:
        return f"≤ #{self.pruned_through_sequence}"


class Invitation(models.Model):
    """A single-use, expiring link that lets a new person choose a password (then set up MFA).

    Only a hash of the token is stored; the link in the e-mail is the only copy of the token.
    `purpose` names who sent it (an authorisation, a parent invitation, a client activation);
    an app can ask for an extra proof per purpose (see accounts.invitations.register_check).
    """

    user = models.ForeignKey(
        User, verbose_name=_("gebruiker"), on_delete=models.PROTECT, related_name="invitations"
    )
    purpose = models.CharField(_("doel"), max_length=40)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    context = models.JSONField(_("context"), default=dict, blank=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    created_by = models.ForeignKey(
        User,
        verbose_name=_("aangemaakt door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    expires_at = models.DateTimeField(_("verloopt op"))
    used_at = models.DateTimeField(_("gebruikt op"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    failed_checks = models.PositiveSmallIntegerField(_("mislukte controles"), default=0)

    class Meta:
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.user} · {self.purpose}"

    def is_usable(self, moment: datetime | None = None) -> bool:
        moment = moment or timezone.now()
        return not self.used_at and not self.revoked_at and self.expires_at > moment


# Delegated-user authorisation lives in its own module; importing it here registers its models.
from .authorisations import (  # noqa: E402
    AuthorisationLine,
    AuthorisationRequest,
    ContactPerson,
    DeclarationText,
)

__all__ = [
    "AuditChainHead",
    "AuditCheckpoint",
    "AuditEvent",
    "AuthorisationLine",
    "AuthorisationRequest",
    "ContactPerson",
    "DeclarationText",
    "Invitation",
    "Membership",
    "Organisation",
    "Role",
    "User",
]
