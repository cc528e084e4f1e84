"""Password rules after NIST SP 800-63B: long, not common, not about the person or the portal.

Composition rules ("a special character") are off by default; an organisation can switch one on
(`Organisation.require_special_character`), as the client-portal seed asks.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Any

from django.conf import settings
from django.contrib.auth.password_validation import CommonPasswordValidator
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

MAX_PASSWORD_LENGTH = 256
GENERIC_NAME_WORDS = frozenset({"centrum", "vzw", "kring", "organisatie"})
MIN_NAME_WORD_LENGTH = 5


def _squash(text: str) -> str:
    """Lower-case letters and digits only, accents removed: 'Kind & Gezin' -> 'kindgezin'."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if ch.isalnum() and not unicodedata.combining(ch))


def _organisations_of(user: Any) -> list[Any]:
    if user is None or getattr(user, "pk", None) is None:
        return []
    from .models import Membership

    return [
        m.organisation
        for m in Membership.objects.filter(user=user, revoked_at__isnull=True).select_related(
            "organisation"
        )
    ]


class MaximumLengthValidator:
    """Long passphrases are welcome (at least 128 characters), but not megabytes of text."""

    def __init__(self, max_length: int = MAX_PASSWORD_LENGTH) -> None:
        self.max_length = max_length

    def validate(self, password: str, user: Any = None) -> None:
        if len(password) > self.max_length:
            raise ValidationError(
                _("Je wachtwoord mag hoogstens %(max)d tekens lang zijn.")
                % {"max": self.max_length},
                code="password_too_long",
            )

    def get_help_text(self) -> str:
        return _("Hoogstens %(max)d tekens.") % {"max": self.max_length}


class CommonPasswordWithDecorationsValidator(CommonPasswordValidator):
    """Django's list of 20,000 common passwords, also when dressed up to reach 12 characters.

    Few common passwords are 12 characters long; people lengthen them by repeating them
    ("passwordpassword") or by adding digits and signs ("qwerty2026!!"). We test the core too.
    """

    def validate(self, password: str, user: Any = None) -> None:
        for candidate in _password_cores(password):
            if candidate in self.passwords:
                raise ValidationError(
                    _("Dit wachtwoord (of de kern ervan) wordt vaak gebruikt. Kies een ander."),
                    code="password_too_common",
                )

    def get_help_text(self) -> str:
        return _("Geen veelgebruikt wachtwoord, ook niet met cijfers of tekens eraan.")


def _password_cores(password: str) -> set[str]:
    lowered = password.lower().strip()
    core = re.sub(r"^[\W\d_]+|[\W\d_]+$", "", lowered)
    candidates = {lowered, core}
    for text in (lowered, core):
        repeated = re.fullmatch(r"(.+?)\1+", text)
        if repeated:
            candidates.add(repeated.group(1))
    return {c for c in candidates if c}


class ContextWordsValidator:
    """Refuse passwords that contain the portal's name or the user's organisation's name."""

    def context_words(self, user: Any) -> list[str]:
        words = list(settings.PASSWORD_CONTEXT_WORDS)
        for organisation in _organisations_of(user):
            words.append(organisation.name)
            words.extend(
                word
                for word in re.split(r"\W+", organisation.name)
                if len(word) >= MIN_NAME_WORD_LENGTH and word.casefold() not in GENERIC_NAME_WORDS
            )
        return [squashed for squashed in (_squash(w) for w in words) if squashed]

    def validate(self, password: str, user: Any = None) -> None:
        squashed = _squash(password)
        for word in self.context_words(user):
            if word in squashed:
                raise ValidationError(
                    _(
                        "Je wachtwoord bevat een woord dat anderen makkelijk raden (de naam van "
                        "het portaal of van je organisatie). Kies iets anders."
                    ),
                    code="password_has_context_word",
                )

    def get_help_text(self) -> str:
        return _("Gebruik niet de naam van het portaal of van je organisatie.")


class OrganisationSpecialCharacterValidator:
    """Only when one of the user's organisations asks for it: at least one special character."""

    def validate(self, password: str, user: Any = None) -> None:
        required = any(o.require_special_character for o in _organisations_of(user))
        if required and not any(not ch.isalnum() and not ch.isspace() for ch in password):
            raise ValidationError(
                ngettext(
                    "Je organisatie vraagt minstens %(count)d speciaal teken (zoals ! of #).",
                    "Je organisatie vraagt minstens %(count)d speciale tekens (zoals ! of #).",
                    1,
                )
                % {"count": 1},
                code="password_needs_special_character",
            )

    def get_help_text(self) -> str:
        return ""
