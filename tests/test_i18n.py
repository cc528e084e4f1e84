"""Every user-facing string is in both catalogues (nl and en), translated and compiled.

Source strings are Dutch; the nl catalogue repeats them and the en catalogue translates them.
The compiled .mo files are committed, so a fresh machine needs no gettext.
"""

from __future__ import annotations

import ast
import gettext
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CATALOGUES = sorted(
    p for p in ROOT.glob("**/locale/*/LC_MESSAGES/django.po") if ".venv" not in p.parts
)


@dataclass
class Entry:
    msgctxt: str = ""
    msgid: str = ""
    msgid_plural: str = ""
    msgstrs: list[str] = field(default_factory=list)
    fuzzy: bool = False

    @property
    def key(self) -> str:
        """The entry's key in a compiled catalogue (pgettext: context, EOT, message)."""
        return f"{self.msgctxt}\x04{self.msgid}" if self.msgctxt else self.msgid


def parse_po(path: Path) -> list[Entry]:
    entries, current, key = [], Entry(), None
    for raw in path.read_text(encoding="utf-8").splitlines() + [""]:
        line = raw.strip()
        if not line:
            if current.msgid or current.msgstrs:
                entries.append(current)
            current, key = Entry(), None
        elif line.startswith("#,"):
            current.fuzzy = "fuzzy" in line
        elif line.startswith("#"):
            continue
        elif line.startswith('"'):
            value = ast.literal_eval(line)
            if key == "msgstr":
                current.msgstrs[-1] += value
            else:
                setattr(current, key, getattr(current, key) + value)
        else:
            keyword, _, rest = line.partition(" ")
            value = ast.literal_eval(rest)
            if keyword.startswith("msgstr"):
                key = "msgstr"
                current.msgstrs.append(value)
            else:
                key = keyword
                setattr(current, keyword, value)
    return [e for e in entries if e.msgid]  # drop the header


@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_string_is_translated_and_compiled(po: Path):
    entries = parse_po(po)
    untranslated = [e.msgid for e in entries if e.fuzzy or not all(e.msgstrs)]
    assert not untranslated, f"{po}: untranslated or fuzzy: {untranslated}"
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run `make messages`"
    with mo.open("rb") as handle:
        catalogue = gettext.GNUTranslations(handle)._catalog  # type: ignore[attr-defined]
    stale = [e.msgid for e in entries if e.key not in catalogue and (e.key, 0) not in catalogue]
    assert not stale, f"{mo} is older than its .po: run `make messages` ({stale[:3]})"


def test_both_languages_exist_for_every_catalogue():
    english = {p.parent.parent.parent for p in CATALOGUES if p.parts[-3] == "en"}
    dutch = {p.parent.parent.parent for p in CATALOGUES if p.parts[-3] == "nl"}
    assert english == dutch
    assert english


def test_ids_in_templates_never_get_a_thousands_separator():
    """`?afspraak={{ appointment.pk }}` must stay 3139, not "3.139", in Dutch too."""
    from django.template import Context, Template
    from django.utils import translation

    with translation.override("nl"):
        assert Template("{{ n }}").render(Context({"n": 3139})) == "3139"
        grouped = Template("{% load humanize %}{{ n|intcomma }}").render(Context({"n": 3139}))
    assert grouped == "3.139"  # counts that need grouping ask for it
