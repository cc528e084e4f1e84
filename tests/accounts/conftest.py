"""Helpers for the authorisation tests: a signed request through the service or the real form."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

import pytest

from accounts.authorisations import rules, services
from accounts.models import DeclarationText, Organisation, User


@pytest.fixture
def declaration(db) -> DeclarationText:  # noqa: ANN001
    return DeclarationText.objects.current()


def addition(first: str, last: str, email: str, *bureaus: Organisation, function: str = "arts"):
    return rules.Addition(first, last, email, function, tuple(bureaus))


def submit(
    actor: User,
    organiser: Organisation,
    *,
    additions: Iterable[rules.Addition] = (),
    removals: Iterable[User] = (),
    changes: Iterable[rules.Change] = (),
    note: str = "",
):
    return services.authorisation_request_submit(
        actor=actor,
        organiser=organiser,
        lines=rules.Lines(list(additions), [rules.Removal(p) for p in removals], list(changes)),
        signature=services.Signature(
            declaration=DeclarationText.objects.current(), name=actor.full_name
        ),
        note=note,
    )


def form_data(
    declaration: DeclarationText,
    *,
    additions: Iterable[dict[str, Any]] = (),
    removals: Iterable[User] = (),
    changes: Iterable[dict[str, Any]] = (),
    signature: str = "Organiser Test",
    confirmed: bool = True,
    key: str | None = None,
) -> dict[str, Any]:
    """The POST data of the request form, as a browser sends it."""
    additions, changes = list(additions), list(changes)
    data: dict[str, Any] = {
        "additions-TOTAL_FORMS": str(max(len(additions), 1)),
        "additions-INITIAL_FORMS": "0",
        "changes-TOTAL_FORMS": str(max(len(changes), 1)),
        "changes-INITIAL_FORMS": "0",
        "removals-persons": [str(p.pk) for p in removals],
        "declaration-submission_key": key or str(uuid.uuid4()),
        "declaration-declaration_version": declaration.version,
        "declaration-signature_name": signature,
        "declaration-note": "",
        "submit": "1",
    }
    if confirmed:
        data["declaration-confirmed"] = "on"
    for index, row in enumerate(additions):
        for name, value in row.items():
            key_name = f"additions-{index}-{name}"
            data[key_name] = [str(b.pk) for b in value] if name == "bureaus" else value
    for index, row in enumerate(changes):
        for name, value in row.items():
            key_name = f"changes-{index}-{name}"
            if name == "bureaus":
                data[key_name] = [str(b.pk) for b in value]
            elif name == "person":
                data[key_name] = str(value.pk)
            else:
                data[key_name] = value
    return data
