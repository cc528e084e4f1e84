"""Fill untranslated entries of .po files from a Python mapping (a dev tool; needs polib).

    python scripts/po_fill.py translations.py accounts/locale/en/LC_MESSAGES/django.po ...

`translations.py` defines `T = {"Dutch source": "English", "plural source": ("one", "many")}`.
Prints the msgids still missing, so the loop is: make messages -> po_fill -> compilemessages.
"""

from __future__ import annotations

import runpy
import sys

import polib


def main() -> None:
    mapping = runpy.run_path(sys.argv[1])["T"]
    missing = []
    for path in sys.argv[2:]:
        catalogue = polib.pofile(path)
        for entry in catalogue:
            if entry.msgid_plural:
                if not any(entry.msgstr_plural.values()):
                    value = mapping.get(entry.msgid)
                    if value:
                        entry.msgstr_plural = {0: value[0], 1: value[1]}
                    else:
                        missing.append(entry.msgid)
            elif not entry.msgstr:
                if entry.msgid in mapping:
                    entry.msgstr = mapping[entry.msgid]
                else:
                    missing.append(entry.msgid)
        catalogue.save(path)
    print(f"missing: {len(missing)}")
    for msgid in missing:
        print(f"    {msgid!r}")


if __name__ == "__main__":
    main()
