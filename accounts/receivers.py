"""Audit receivers for events that only Django and allauth see: logins, MFA, admin changes.

Each receiver does one thing, call `audit.record`; they are connected when the app is ready.
"""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.contrib.admin.models import ADDITION, CHANGE, DELETION, LogEntry
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import post_save
from django.dispatch import receiver

from . import audit
from .middleware import mark_session_start
from .models import User

Category = audit.Category


@receiver(auth_signals.user_logged_in)
def on_login(sender: Any, request: Any, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        mark_session_start(request)
        _count_login_as_recent_authentication(request, user)
    audit.record(action="auth.login", category=Category.AUTHENTICATION, request=request, actor=user)


def _count_login_as_recent_authentication(request: Any, user: User) -> None:
    """A full login is an authentication: sensitive actions within 5 minutes need no new one.

    allauth only counts explicit re-authentications; our rule is "ask again when the last
    authentication is older than 5 minutes", which includes the login itself (and so lets a new
    user set up MFA right after their first login without typing the password twice).
    """
    from allauth.account.internal.flows.login import record_authentication

    record_authentication(request, user, method="login", reauthenticated=True)


@receiver(auth_signals.user_logged_out)
def on_logout(sender: Any, request: Any, user: User | None, **kwargs: Any) -> None:
    audit.record(
        action="auth.logout", category=Category.AUTHENTICATION, request=request, actor=user
    )


@receiver(auth_signals.user_login_failed)
def on_login_failed(sender: Any, credentials: dict, request: Any = None, **kwargs: Any) -> None:
    # The attempted address is recorded only when it is a real account (its owner may ask who
    # tried); an unknown address is not stored.
    email = (credentials.get("email") or credentials.get("username") or "").strip()
    target = User.objects.filter(email__iexact=email).first() if email else None
    audit.record(
        action="auth.login_failed",
        category=Category.AUTHENTICATION,
        request=request,
        subject_ref=audit.subject_ref_for(target) if target else "",
        outcome=audit.Outcome.FAILURE,
        details={"known_account": target is not None},
    )


def _on_account_change(action: str) -> Any:
    def handler(sender: Any, request: Any = None, user: User | None = None, **kwargs: Any) -> None:
        audit.record(
            action=action,
            category=Category.AUTHENTICATION,
            request=request,
            actor=user,
            subject_ref=audit.subject_ref_for(user) if user else "",
        )

    return handler


_ACCOUNT_SIGNALS = {
    account_signals.password_set: "auth.password_set",
    account_signals.password_changed: "auth.password_changed",
    account_signals.password_reset: "auth.password_reset",
    account_signals.email_changed: "auth.email_changed",
    account_signals.email_added: "auth.email_added",
    account_signals.email_removed: "auth.email_removed",
}
_MFA_SIGNALS = {
    mfa_signals.authenticator_added: "mfa.added",
    mfa_signals.authenticator_removed: "mfa.removed",
    mfa_signals.authenticator_reset: "mfa.reset",
}
_handlers = []  # keep strong references: signals hold weak ones by default
for _signal, _action in {**_ACCOUNT_SIGNALS, **_MFA_SIGNALS}.items():
    _handler = _on_account_change(_action)
    _handlers.append(_handler)
    _signal.connect(_handler, dispatch_uid=f"audit-{_action}")


@receiver(mfa_signals.authentication_failed)
def on_mfa_failed(
    sender: Any, request: Any = None, user: User | None = None, **kwargs: Any
) -> None:
    audit.record(
        action="mfa.failed",
        category=Category.AUTHENTICATION,
        request=request,
        subject_ref=audit.subject_ref_for(user) if user else "",
        outcome=audit.Outcome.FAILURE,
        details={"reauthentication": bool(kwargs.get("reauthentication"))},
    )


_ADMIN_ACTIONS = {ADDITION: "admin.add", CHANGE: "admin.change", DELETION: "admin.delete"}


@receiver(post_save, sender=LogEntry)
def on_admin_change(sender: Any, instance: LogEntry, created: bool, **kwargs: Any) -> None:
    """Every change made in the Django admin is written to LogEntry; mirror it in the audit log."""
    if not created:
        return
    content_type = instance.content_type
    audit.record(
        action=_ADMIN_ACTIONS.get(instance.action_flag, "admin.other"),
        category=Category.ADMIN,
        actor=instance.user,
        object_type=f"{content_type.app_label}.{content_type.model}" if content_type else "",
        object_id=str(instance.object_id or ""),
        details={"change": str(instance.get_change_message())[:500]},
    )
