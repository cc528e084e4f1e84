"""Login, MFA and session pages from django-allauth, as configured for the portal.

Logged-in users in the matrix have TOTP enrolled (no recovery codes, no passkey) and logged in
just now, which counts as a recent authentication: pages that change a factor open (OK); after
five minutes they ask to re-authenticate (tests/accounts/test_sessions.py).
"""

from __future__ import annotations

from . import LOGIN, NOT_FOUND, OK, REDIRECT, Case

CASES = [
    Case("account_login", anonymous=OK, default=REDIRECT),
    Case("account_logout", anonymous=LOGIN, default=OK),
    Case("account_inactive", anonymous=OK, default=OK),
    Case("account_signup", anonymous=OK, default=REDIRECT),
    Case("account_reauthenticate", anonymous=LOGIN, default=OK),
    Case("account_email", anonymous=LOGIN, default=OK),
    Case("account_email_verification_sent", anonymous=OK, default=OK),
    Case("account_change_password", anonymous=LOGIN, default=OK),
    Case("account_set_password", anonymous=LOGIN, default=REDIRECT),
    Case("account_reset_password", anonymous=OK, default=OK),
    Case("account_confirm_login_code", anonymous=LOGIN, default=REDIRECT),
    Case(
        "account_confirm_email",
        anonymous=OK,
        default=OK,
        args=lambda cast: {"key": "ongeldige-sleutel"},
    ),
    Case("account_reset_password_from_key_done", anonymous=OK, default=OK),
    Case(
        "account_reset_password_from_key",
        anonymous=OK,
        default=OK,
        args=lambda cast: {"uidb36": "zz", "key": "ongeldig"},
    ),
    Case("account_reset_password_done", anonymous=OK, default=OK),
    Case("mfa_index", anonymous=LOGIN, default=OK),
    Case("mfa_authenticate", anonymous=LOGIN, default=REDIRECT),
    Case("mfa_reauthenticate", anonymous=LOGIN, default=OK),
    Case("mfa_activate_totp", anonymous=LOGIN, default=REDIRECT),
    Case("mfa_deactivate_totp", anonymous=LOGIN, default=OK),
    Case("mfa_view_recovery_codes", anonymous=LOGIN, default=NOT_FOUND),
    Case("mfa_generate_recovery_codes", anonymous=LOGIN, default=OK),
    Case("mfa_download_recovery_codes", anonymous=LOGIN, default=NOT_FOUND),
    Case("mfa_list_webauthn", anonymous=LOGIN, default=OK),
    Case("mfa_add_webauthn", anonymous=LOGIN, default=OK),
    Case("mfa_reauthenticate_webauthn", anonymous=LOGIN, default=REDIRECT),
    Case("mfa_remove_webauthn", anonymous=LOGIN, default=NOT_FOUND, args=lambda c: {"pk": 999999}),
    Case("mfa_edit_webauthn", anonymous=LOGIN, default=NOT_FOUND, args=lambda c: {"pk": 999999}),
    Case("usersessions_list", anonymous=LOGIN, default=OK),
]
