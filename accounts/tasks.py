from __future__ import annotations

from importlib import import_module

from celery import shared_task
from django.conf import settings

from . import selectors
from .retention import prune_audit_events
from .services import end_user_sessions


@shared_task(name="accounts.end_sessions_without_access")
def end_sessions_without_access() -> int:
    """Memberships that expired by date leave sessions behind; end them every night."""
    ended = 0
    for user in selectors.users_with_sessions_but_no_access():
        ended += end_user_sessions(user)
    return ended


# Named under `retention` so the router sends them to the retention queue.
@shared_task(name="accounts.retention.apply_audit_retention")
def apply_audit_retention() -> int:
    return prune_audit_events()


@shared_task(name="accounts.retention.clear_expired_sessions")
def clear_expired_sessions() -> None:
    import_module(settings.SESSION_ENGINE).SessionStore.clear_expired()


# Named under `email` so the router sends it to the e-mail queue.
@shared_task(name="accounts.email.nudge_stale_contact_persons")
def nudge_stale_contact_persons() -> int:
    from .access_management.services import contact_persons_nudge

    return contact_persons_nudge()
