"""Django's makemessages, without msgmerge's guesses.

By default msgmerge fills a new English string with the Spanish of the most similar old one and marks it
fuzzy ("your therapist" once arrived as "De tu terapeuta"). A guess read as a translation is worse than
an empty entry, which the catalog test names; so new strings arrive empty, and a person writes them.
"""

from __future__ import annotations

from django.core.management.commands import makemessages


class Command(makemessages.Command):
    msgmerge_options = [*makemessages.Command.msgmerge_options, "--no-fuzzy-matching"]
