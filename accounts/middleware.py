"""Request-level guards: session timeouts, membership checks, mandatory MFA, refusal logging."""

from __future__ import annotations

from collections.abc import Callable

from allauth.usersessions import app_settings as usersessions_settings
from allauth.usersessions.models import UserSession
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import Resolver404, resolve
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _

from . import audit, policies
from .services import end_user_sessions

LAST_ACTIVITY_KEY = "zp_last_activity"
AUTH_STARTED_KEY = "zp_auth_started"
CURRENT_ORGANISATION_KEY = "zp_current_organisation"
# Writing the session on every request costs a query; a minute's precision is enough.
ACTIVITY_WRITE_INTERVAL = 60

GetResponse = Callable[[HttpRequest], HttpResponse]


def mark_session_start(request: HttpRequest) -> None:
    now = timezone.now().timestamp()
    request.session[AUTH_STARTED_KEY] = now
    request.session[LAST_ACTIVITY_KEY] = now


class SessionTimeoutMiddleware:
    """End a session after 30 minutes without activity or 12 hours after login."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.user.is_authenticated:
            expired = self._expiry_reason(request)
            if expired:
                audit.record(
                    action="auth.session_expired",
                    category=audit.Category.AUTHENTICATION,
                    request=request,
                    details={"reason": expired},
                )
                logout(request)
                messages.info(request, _("Je sessie is verlopen. Meld je opnieuw aan."))
                return redirect_to_login(request.get_full_path())
        return self.get_response(request)

    def _expiry_reason(self, request: HttpRequest) -> str:
        now = timezone.now().timestamp()
        started = request.session.setdefault(AUTH_STARTED_KEY, now)
        last = request.session.get(LAST_ACTIVITY_KEY, now)
        if now - last > settings.SESSION_IDLE_TIMEOUT.total_seconds():
            return "idle"
        if now - started > settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds():
            return "absolute"
        if now - last >= ACTIVITY_WRITE_INTERVAL or LAST_ACTIVITY_KEY not in request.session:
            request.session[LAST_ACTIVITY_KEY] = now
        return ""


class ActiveMembershipMiddleware:
    """Refuse a logged-in user whose memberships have all ended, and pick the current one."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.current_membership = None
        user = request.user
        if user.is_authenticated:
            if not policies.has_access(user):
                audit.record(
                    action="access.no_active_membership",
                    category=audit.Category.ACCESS,
                    request=request,
                    outcome=audit.Outcome.DENIED,
                )
                end_user_sessions(user)
                logout(request)
                messages.error(request, _("Je toegang tot Zorgportaal is beëindigd."))
                return redirect_to_login(request.get_full_path())
            request.current_membership = _current_membership(request)
        return self.get_response(request)


def _current_membership(request: HttpRequest):  # noqa: ANN202 - Membership | None
    memberships = policies.active_memberships(request.user)
    chosen = request.session.get(CURRENT_ORGANISATION_KEY)
    for membership in memberships:
        if membership.organisation_id == chosen:
            return membership
    return memberships[0] if memberships else None


# URL names a user without a second factor may still reach: setting one up, and leaving.
MFA_SETUP_URL_NAMES = frozenset(
    {
        "mfa_index",
        "mfa_activate_totp",
        "mfa_add_webauthn",
        "mfa_list_webauthn",
        "mfa_generate_recovery_codes",
        "mfa_view_recovery_codes",
        "mfa_download_recovery_codes",
        "account_reauthenticate",
        "mfa_reauthenticate",
        "account_logout",
        "account_login",
        "set_language",
        "healthz",
    }
)


class RequireMFAMiddleware:
    """Every role must have a second factor: until then, only its set-up is reachable."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not _has_mfa(user) and not _is_mfa_setup_path(request):
            if request.path_info.startswith("/api/"):
                return JsonResponse(
                    {"detail": _("Stel eerst tweestapsverificatie in.")}, status=403
                )
            messages.warning(
                request,
                _(
                    "Stel eerst tweestapsverificatie in. Zo beschermen we de gegevens "
                    "van de kinderen en cliënten in Zorgportaal."
                ),
            )
            return redirect("mfa_index")
        return self.get_response(request)


def _has_mfa(user) -> bool:  # noqa: ANN001
    from allauth.mfa.utils import is_mfa_enabled

    cached = getattr(user, "_has_mfa", None)
    if cached is None:
        cached = user._has_mfa = is_mfa_enabled(user)
    return cached


def _is_mfa_setup_path(request: HttpRequest) -> bool:
    path = request.path_info
    if path.startswith((settings.STATIC_URL, "/favicon")):
        return True
    try:
        match = resolve(path)
    except Resolver404:
        return False
    return match.url_name in MFA_SETUP_URL_NAMES


class AuditRefusalMiddleware:
    """Log every refused request: 403 for anyone, 404 for logged-in users (probing others' ids)."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        status = response.status_code
        logged_in = request.user.is_authenticated
        if status in (401, 403) or (status == 404 and logged_in):
            match = getattr(request, "resolver_match", None)
            audit.record(
                action="access.refused" if status != 404 else "access.not_found",
                category=audit.Category.ACCESS,
                request=request,
                outcome=audit.Outcome.DENIED,
                details={"status": status, "view": match.view_name if match else ""},
            )
        return response


class NoStoreWhenLoggedInMiddleware:
    """Pages of a logged-in user never land in a shared or back-button cache."""

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True, max_age=0)
        return response


USERSESSION_SEEN_KEY = "zp_usersession_seen"


class UserSessionActivityMiddleware:
    """allauth's session list ("where am I logged in"), its last-seen time kept to the minute.

    allauth's own middleware writes the user-session row on every request (five queries in a
    transaction); once a minute is as precise as the page that shows it.
    """

    def __init__(self, get_response: GetResponse) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if (
            usersessions_settings.TRACK_ACTIVITY
            and session is not None
            and session.session_key
            and user is not None
            and user.is_authenticated
        ):
            now = timezone.now().timestamp()
            if now - session.get(USERSESSION_SEEN_KEY, 0) >= ACTIVITY_WRITE_INTERVAL:
                UserSession.objects.create_from_request(request)
                session[USERSESSION_SEEN_KEY] = now
        return self.get_response(request)
