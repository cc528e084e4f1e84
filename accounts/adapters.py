"""allauth adapters: closed sign-up and encrypted TOTP secrets."""

from __future__ import annotations

import base64
from functools import lru_cache

from allauth.account.adapter import DefaultAccountAdapter
from allauth.mfa.adapter import DefaultMFAAdapter
from cryptography.fernet import Fernet
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.http import HttpRequest


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        # Accounts come from invitations (authorisation requests, practitioners inviting parents).
        return False

    def get_login_redirect_url(self, request: HttpRequest) -> str:
        """The home page, unless an app is someone's only place (portal.tiles.landing)."""
        from portal import tiles

        from . import policies

        user = request.user
        found = tiles.landing_url(user, policies.active_memberships(user))
        return found or super().get_login_redirect_url(request)


@lru_cache(maxsize=4)
def _fernet(key_material: str) -> Fernet:
    """A Fernet key from MFA_ENCRYPTION_KEY, or derived from SECRET_KEY with HKDF."""
    derived = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=b"zorgportaal-mfa-secrets",
        info=b"totp-secret-encryption",
    ).derive(key_material.encode())
    return Fernet(base64.urlsafe_b64encode(derived))


def mfa_fernet() -> Fernet:
    return _fernet(settings.MFA_ENCRYPTION_KEY or settings.SECRET_KEY)


class MFAAdapter(DefaultMFAAdapter):
    """allauth stores the TOTP secret in clear by default; we encrypt it at rest."""

    def encrypt(self, text: str) -> str:
        return mfa_fernet().encrypt(text.encode()).decode()

    def decrypt(self, encrypted_text: str) -> str:
        return mfa_fernet().decrypt(encrypted_text.encode()).decode()
