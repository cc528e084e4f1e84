"""Stable pseudonyms for providers and facilities in reports and the research export.

A pseudonym is a keyed hash (HMAC-SHA256) of the kind, the study and the row id: the same input
gives the same pseudonym on every run, so reports can be compared over time, and without the key
nobody can compute which id hides behind one (ids are small numbers: a plain hash would be
reversed by trying them all). The key comes from REGISTRATION_PSEUDONYM_KEY; without it, a key
derived from the secret key is used.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

from django.conf import settings

PREFIXES = {"provider": "ZV", "facility": "VZ"}


def pseudonym_key() -> bytes:
    configured = getattr(settings, "REGISTRATION_PSEUDONYM_KEY", "")
    if configured:
        return configured.encode()
    return hmac.new(
        settings.SECRET_KEY.encode(), b"zorgportaal-registration-pseudonyms", hashlib.sha256
    ).digest()


def pseudonym(kind: str, study_id: int, object_id: int, *, key: bytes | None = None) -> str:
    """E.g. `ZV-K3QF-7ZPA` for a provider, `VZ-…` for a facility (40 bits, base32)."""
    message = f"{kind}:{study_id}:{object_id}".encode()
    digest = hmac.new(key or pseudonym_key(), message, hashlib.sha256).digest()
    code = base64.b32encode(digest).decode()[:8]
    return f"{PREFIXES[kind]}-{code[:4]}-{code[4:]}"
