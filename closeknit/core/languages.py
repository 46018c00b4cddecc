"""The languages closeknit speaks (settings.LANGUAGES), and the one check every caller makes of a code
that came from a person, a cookie, an address or a stored row before using it."""

from __future__ import annotations

from django.conf import settings

SPOKEN = frozenset(code for code, _name in settings.LANGUAGES)


def speaks(code: str | None) -> bool:
    return code in SPOKEN
