"""Helpers for the desires tests: every item, and a couple ready to mark their lists."""

from __future__ import annotations

import re

from closeknit.accounts.models import User
from closeknit.desires import services
from closeknit.desires.content import deck

ITEMS = [i.id for i in deck().items]
# The per-request CSRF token is the one thing on a page that may differ between two identical views.
# What differs between two people's copies of the same page for reasons that tell nothing: the CSRF token and
# whose kept offline check-ins this browser may send (base.html's outbox script).
CSRF = re.compile(r'(csrfmiddlewaretoken" value="|"X-CSRFToken": "|csrf-token" content="|data-person=")[^"]+')


def every(mark: str, **overrides: str) -> dict[str, str]:
    """A full list: `mark` for every item, with some items set otherwise (ids with _ for -)."""
    marks = dict.fromkeys(ITEMS, mark)
    marks.update({k.replace("_", "-"): v for k, v in overrides.items()})
    return marks


def adults(*people: User) -> None:
    for person in people:
        services.confirm_adult(user=person, confirmed=True)
