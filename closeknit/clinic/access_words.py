"""An access-log line's "what", worded in the reader's language when it is shown.

The log is a record, so a line keeps the English it was written with (the API returns it as stored); the
pages word it for whoever reads it, the clinician or the partner it is about. Each phrase the code writes is
listed here once, marked for the catalog; a line no phrase matches (an older wording) is shown as stored.
Whoever adds a `log_read(what=...)` adds its phrase here: tests/clinic/test_access_words.py reads each.
"""

from __future__ import annotations

import re
from typing import Final

from django.utils.translation import gettext, gettext_noop

# Phrases written as they are.
FIXED: Final = frozenset(
    {
        gettext_noop("caseload overview"),
        gettext_noop("intensive day-of: latest closeness and distance drivers"),
        gettext_noop("wishes and boundaries"),
        gettext_noop("marked a safety alert seen"),
        gettext_noop("read safety alerts"),
        gettext_noop("progress report"),
        gettext_noop("saved a copy to their own records"),
    }
)
# Phrases with a number or a name in them: the stored English, read back into the catalog's placeholders.
PATTERNS: Final = (
    (re.compile(r"check-ins, last (?P<n>\d+) days"), gettext_noop("check-ins, last %(n)s days")),
    (
        re.compile(r"emotion trend of shared check-ins, last (?P<n>\d+) weeks"),
        gettext_noop("emotion trend of shared check-ins, last %(n)s weeks"),
    ),
    (
        re.compile(r"emotion trend of shared practice reflections, last (?P<n>\d+) weeks"),
        gettext_noop("emotion trend of shared practice reflections, last %(n)s weeks"),
    ),
    (
        re.compile(r"care handed over from (?P<name>.+); nothing shared until you choose again"),
        gettext_noop("care handed over from %(name)s; nothing shared until you choose again"),
    ),
)


def worded(what: str) -> str:
    """`what` in the active language, or as stored when it is not one of our phrases."""
    if what in FIXED:
        return gettext(what)
    for pattern, phrase in PATTERNS:
        found = pattern.fullmatch(what)
        if found:
            return gettext(phrase) % found.groupdict()
    return what
