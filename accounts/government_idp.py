"""Log-in through a government identity provider (itsme/CSAM over OIDC, DigiD over SAML).

Loaded only when GOV_IDP_OIDC_PROVIDERS is set (see settings and README). The provider proves who
the person is; it never creates an account, and the portal's own MFA rule still applies.
"""

from __future__ import annotations

from typing import Any

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from django.http import HttpRequest


class GovernmentIdentityAdapter(DefaultSocialAccountAdapter):
    def is_open_for_signup(self, request: HttpRequest, sociallogin: Any) -> bool:
        return False
