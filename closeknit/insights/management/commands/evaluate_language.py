"""python manage.py evaluate_language [--data DIR] [--only crisis matching ...]

One table of every language feature on its dev splits: precision, recall, F1 and AUC where they
apply, the crisis net's false alarms, and "what's on your mind" matching (ranked vs keyword).
The work is closeknit.language.evaluate's; this command only makes it easy to find.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from closeknit.language import evaluate


class Command(BaseCommand):
    help = "Print the evaluation table of the language features on their dev splits."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--only", nargs="+", choices=evaluate.SECTIONS, help="just these sections")
        parser.add_argument(
            "--data", help="the folder holding goemotions/, politeness/, counselchat/ (else $CLOSEKNIT_DATA)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        from closeknit.language import data

        data.use_data_dir(options["data"])
        only = options["only"] or evaluate.SECTIONS
        if set(only) - evaluate.CACHE_ONLY and not data.data_dir().is_dir():
            raise CommandError("Say where the data sets are: --data DIR, or set CLOSEKNIT_DATA (see README).")
        evaluate.main(tuple(s for s in evaluate.SECTIONS if s in only))
