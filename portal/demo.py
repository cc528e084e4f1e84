"""What every app's demo seeding shares: the organisations and users made so far."""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass, field
from typing import Any

DEMO_PASSWORD = "Groene-Fiets-Koffie-42"  # noqa: S105 - printed on purpose: demo accounts only


def demo_totp_secret(email: str) -> str:
    """A fixed secret per demo account, so re-running the seed keeps phones working."""
    digest = hashlib.sha256(f"zorgportaal-demo:{email}".encode()).digest()[:20]
    return base64.b32encode(digest).decode()


@dataclass
class DemoContext:
    """Passed to each app's `demo.seed(ctx)`; apps add to it and print what a person needs."""

    stdout: Any
    organisations: dict[str, Any] = field(default_factory=dict)
    users: dict[str, Any] = field(default_factory=dict)
    accounts: list[tuple[str, str]] = field(default_factory=list)  # (label, email) to print

    def say(self, text: str) -> None:
        self.stdout.write(text)
