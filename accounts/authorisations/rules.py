"""What makes the lines of a request valid: one set of checks for the form, the API and the service.

Each problem names the section, the row and the field, and its message names the person, so the
organiser sees "Jan Peeters (jan@example.org): ..." next to the right field.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.translation import gettext as _

from .. import policies
from ..models import AuthorisationLine, AuthorisationRequest, Organisation, User, normalise_email
from . import selectors

ADDITIONS = "additions"
REMOVALS = "removals"
CHANGES = "changes"


@dataclass(frozen=True)
class Addition:
    first_name: str
    last_name: str
    email: str
    function: str
    bureaus: tuple[Organisation, ...]

    @property
    def label(self) -> str:
        return person_label(f"{self.first_name} {self.last_name}", normalise_email(self.email))


@dataclass(frozen=True)
class Removal:
    person: User


@dataclass(frozen=True)
class Change:
    person: User
    bureaus: tuple[Organisation, ...]
    function: str = ""


@dataclass(frozen=True)
class Problem:
    section: str | None  # None: about the request as a whole
    index: int | None
    field: str | None
    message: str


@dataclass(frozen=True)
class Lines:
    additions: Sequence[Addition] = ()
    removals: Sequence[Removal] = ()
    changes: Sequence[Change] = ()

    def is_empty(self) -> bool:
        return not (self.additions or self.removals or self.changes)

    def bureaus(self) -> set[Organisation]:
        return {b for line in (*self.additions, *self.changes) for b in line.bureaus}


def person_label(name: str, email: str) -> str:
    name = " ".join(name.split())
    return f"{name} ({email})" if name else email


def user_label(user: User) -> str:
    return person_label(user.full_name, user.email)


def foreign_bureaus(organiser: Organisation, lines: Lines) -> set[Organisation]:
    """Bureaus named in the lines that this organiser does not run (tampered forms or payloads)."""
    own = set(policies.bureaus_of(organiser).values_list("pk", flat=True))
    return {bureau for bureau in lines.bureaus() if bureau.pk not in own}


def check_lines(
    *, organiser: Organisation, lines: Lines, editing: AuthorisationRequest | None = None
) -> list[Problem]:
    """Every problem of the lines against the current authorisations and other open requests."""
    if lines.is_empty():
        return [
            Problem(
                None,
                None,
                None,
                _("Voeg minstens één persoon toe, schrap er een of wijzig er een."),
            )
        ]
    current = selectors.current_bureaus_by_person(organiser)
    pending_emails, pending_people = _pending_elsewhere(organiser, editing)
    existing = {
        u.email: u
        for u in User.objects.filter(email__in=[normalise_email(a.email) for a in lines.additions])
    }
    named_people = {r.person.pk for r in lines.removals} | {c.person.pk for c in lines.changes}
    problems: list[Problem] = []
    seen_emails: dict[str, int] = {}

    for index, addition in enumerate(lines.additions):
        email = normalise_email(addition.email)
        label = addition.label
        user = existing.get(email)
        if email in seen_emails:
            problems.append(
                Problem(
                    ADDITIONS,
                    index,
                    "email",
                    _("%(person)s: dit e-mailadres staat al bij persoon %(other)s.")
                    % {"person": label, "other": seen_emails[email] + 1},
                )
            )
            continue
        seen_emails[email] = index
        if not addition.bureaus:
            problems.append(
                Problem(
                    ADDITIONS,
                    index,
                    "bureaus",
                    _("%(person)s: kies minstens één consultatiebureau.") % {"person": label},
                )
            )
        if user and user.pk in named_people:
            problems.append(
                Problem(
                    ADDITIONS,
                    index,
                    "email",
                    _(
                        "%(person)s staat ook bij 'Schrappen' of 'Wijzigen'. "
                        "Vermeld iedereen maar één keer."
                    )
                    % {"person": label},
                )
            )
        elif (
            user
            and addition.bureaus
            and {b.pk for b in addition.bureaus} <= current.get(user.pk, set())
        ):
            problems.append(
                Problem(
                    ADDITIONS,
                    index,
                    "email",
                    _(
                        "%(person)s is al gemachtigd voor %(bureaus)s. Gebruik 'Wijzigen' om "
                        "de bureaus aan te passen."
                    )
                    % {"person": label, "bureaus": _names(addition.bureaus)},
                )
            )
        if email in pending_emails or (user and user.pk in pending_people):
            problems.append(_pending_problem(ADDITIONS, index, "email", label))

    for index, removal in enumerate(lines.removals):
        label = user_label(removal.person)
        if removal.person.pk not in current:
            problems.append(
                Problem(
                    REMOVALS,
                    index,
                    "persons",
                    _("%(person)s is niet (meer) gemachtigd bij je consultatiebureaus.")
                    % {"person": label},
                )
            )
        if removal.person.pk in pending_people:
            problems.append(_pending_problem(REMOVALS, index, "persons", label))

    removed = {r.person.pk for r in lines.removals}
    seen_people: set[int] = set()
    for index, change in enumerate(lines.changes):
        person = change.person
        label = user_label(person)
        if person.pk in seen_people or person.pk in removed:
            problems.append(
                Problem(
                    CHANGES,
                    index,
                    "person",
                    _("%(person)s staat al elders in deze aanvraag. Vermeld iedereen één keer.")
                    % {"person": label},
                )
            )
            continue
        seen_people.add(person.pk)
        if person.pk not in current:
            problems.append(
                Problem(
                    CHANGES,
                    index,
                    "person",
                    _("%(person)s is niet (meer) gemachtigd: voeg die persoon opnieuw toe.")
                    % {"person": label},
                )
            )
        elif not change.bureaus:
            problems.append(
                Problem(
                    CHANGES,
                    index,
                    "bureaus",
                    _(
                        "%(person)s: kies minstens één consultatiebureau. Moet de persoon "
                        "helemaal weg? Vink die dan aan bij 'Schrappen'."
                    )
                    % {"person": label},
                )
            )
        elif {b.pk for b in change.bureaus} == current[person.pk] and not change.function:
            problems.append(
                Problem(
                    CHANGES,
                    index,
                    "bureaus",
                    _(
                        "%(person)s: er verandert niets. Kies andere bureaus of vul een nieuwe "
                        "functie in."
                    )
                    % {"person": label},
                )
            )
        if person.pk in pending_people:
            problems.append(_pending_problem(CHANGES, index, "person", label))
    return problems


def _names(bureaus: Sequence[Organisation]) -> str:
    return ", ".join(sorted(b.name for b in bureaus))


def _pending_elsewhere(
    organiser: Organisation, editing: AuthorisationRequest | None
) -> tuple[set[str], set[int]]:
    """E-mail addresses and people named in another open request of the same organiser."""
    lines = AuthorisationLine.objects.filter(
        request__organiser=organiser, request__status=AuthorisationRequest.Status.OPEN
    )
    if editing is not None:
        lines = lines.exclude(request=editing)
    emails: set[str] = set()
    people: set[int] = set()
    for email, person_id in lines.values_list("email", "person_id"):
        emails.add(normalise_email(email))
        if person_id:
            people.add(person_id)
    return emails, people


def _pending_problem(section: str, index: int, field: str, label: str) -> Problem:
    return Problem(
        section,
        index,
        field,
        _(
            "Voor %(person)s loopt al een aanvraag die nog niet beoordeeld is. Pas die aanvraag "
            "aan of trek ze in."
        )
        % {"person": label},
    )
