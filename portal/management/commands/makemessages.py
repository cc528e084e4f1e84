"""makemessages without fuzzy matching: a changed source string starts untranslated.

Fuzzy guesses are ignored by Django at run time, so they would silently show the Dutch source in
English; tests/test_i18n.py reports an empty translation instead, which is easier to see.
"""

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
