"""Message threads between a requesting side (an organisation, later a client) and a staff side
(the agency's helpdesk, later a practitioner). Reused by every app that needs "Hulp nodig?"."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Organisation


class Thread(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    subject = models.CharField(_("onderwerp"), max_length=200)
    # Where the question comes from, e.g. "gp_list" for the GP-list intake (labels and links).
    topic = models.CharField(_("context"), max_length=40, blank=True)
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("organisatie (vraagsteller)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="message_threads",
    )
    client = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cliënt (vraagsteller)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="client_message_threads",
    )
    # An optional reference to whose record the thread is about (`app.model:pk`), for the log.
    subject_ref = models.CharField(_("over dossier"), max_length=80, blank=True)
    # An optional subject that narrows who takes part (see messaging.scopes), e.g. a trajectory.
    scope_kind = models.CharField(_("soort afbakening"), max_length=60, blank=True, default="")
    scope_id = models.PositiveBigIntegerField(_("afbakening"), null=True, blank=True)
    handler = models.ForeignKey(
        Organisation,
        verbose_name=_("behandeld door"),
        on_delete=models.PROTECT,
        related_name="handled_message_threads",
    )
    handler_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("behandelaar"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gestart door"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("gestart op"), auto_now_add=True)
    last_message_at = models.DateTimeField(_("laatste bericht"), db_index=True)
    closed_at = models.DateTimeField(_("gesloten op"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gesloten door"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("gesprek")
        verbose_name_plural = _("gesprekken")
        ordering = ["-last_message_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(organisation__isnull=False) | Q(client__isnull=False),
                name="messaging_thread_has_requester",
            ),
            models.CheckConstraint(
                condition=Q(scope_kind="", scope_id__isnull=True)
                | (~Q(scope_kind="") & Q(scope_id__isnull=False)),
                name="messaging_thread_scope_complete",
            ),
        ]
        indexes = [
            models.Index(fields=["organisation", "-last_message_at"], name="msg_thread_org_idx"),
            models.Index(fields=["handler", "-last_message_at"], name="msg_thread_handler_idx"),
            models.Index(fields=["scope_kind", "scope_id"], name="msg_thread_scope_idx"),
        ]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None


class Message(models.Model):
    class Side(models.TextChoices):
        REQUESTER = "requester", _("vraagsteller")
        HANDLER = "handler", _("behandelaar")

    thread = models.ForeignKey(
        Thread, verbose_name=_("gesprek"), on_delete=models.CASCADE, related_name="messages"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    side = models.CharField(_("kant"), max_length=9, choices=Side.choices)
    body = models.TextField(_("bericht"), max_length=10_000)
    created_at = models.DateTimeField(_("verstuurd op"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.thread} · {self.created_at:%Y-%m-%d %H:%M}"


def attachment_path(instance: Attachment, filename: str) -> str:
    # Never the uploader's file name on disk: a random name, in a folder per thread.
    return f"messaging/{instance.message.thread_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    message = models.ForeignKey(
        Message, verbose_name=_("bericht"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("bestandsnaam"), max_length=200)
    kind = models.CharField(_("soort (volgens inhoud)"), max_length=16)
    size = models.PositiveIntegerField(_("grootte (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)

    class Meta:
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self) -> str:
        return self.original_name


class ReadMark(models.Model):
    """Up to when a person read a thread; unread counts compare messages against it."""

    thread = models.ForeignKey(Thread, on_delete=models.CASCADE, related_name="read_marks")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField()

    class Meta:
        verbose_name = _("gelezen tot")
        verbose_name_plural = _("gelezen tot")
        constraints = [
            models.UniqueConstraint(fields=["thread", "user"], name="messaging_one_mark_per_user")
        ]

    def __str__(self) -> str:
        return f"{self.thread_id} · {self.user_id}"
