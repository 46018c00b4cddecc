"""Checks every piece of text a person types must pass before it is stored, on any database."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from closeknit.core.errors import ServiceError

# Bidirectional embeddings, overrides (U+202A-202E) and isolates (U+2066-2069): invisible, and they
# make a name display in another order than it was typed ("Trojan Source"), so a display name or a
# space's name could pose as someone else's or hide words. The plain marks U+200E/200F that right-to-
# left writing uses stay allowed.
BIDI_CONTROLS = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))


# Unicode's control characters (general category Cc): exactly U+0000-001F and U+007F-009F, a set the
# standard promises never to change; one regex search instead of a category lookup per character.
# Multi-line text may hold tab, line feed and carriage return. tests/core/test_text.py checks both
# against unicodedata over every code point.
_CONTROL_SINGLE = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

# Labels: callers pass a noun phrase with its article, already in the reader's language, marked
# `pgettext("field label", "the name")`: the Spanish carries its own article ("el nombre"), so each
# whole sentence below is translatable with a named placeholder and reads right in either language.


def bidi_problem(value: str, label: str) -> str | None:
    """The sentence to show when a single-line text (a name) holds a direction control; None if not."""
    if any(ch in BIDI_CONTROLS for ch in value):
        return capfirst(
            _("%(label)s has a hidden character that turns text around; please type it again without it.")
            % {"label": label}
        )
    return None


def refuse_bidi_controls(value: str) -> None:
    """A form field validator for names: the same refusal as storable(single_line=True)."""
    if problem := bidi_problem(value, pgettext("field label", "the name")):
        raise ValidationError(problem, code="bidi_control")


def storable(value: str, *, field: str, label: str, max_length: int, single_line: bool = False) -> str:
    """Strip, then refuse what a database cannot hold (NUL, lone surrogates) or what is too long.
    `label`: what the field is, with its article, in the reader's language (see above).

    SQLite stores a NUL that PostgreSQL rejects, and a lone surrogate cannot be encoded at all: both
    must be a clear 400 here, never a 500 deeper down."""
    value = value.strip()
    if "\x00" in value:
        raise ServiceError(capfirst(_("%(label)s has a character we can't store.") % {"label": label}), field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ServiceError(
            capfirst(_("%(label)s has a character we can't store.") % {"label": label}), field=field
        ) from None
    if single_line and (problem := bidi_problem(value, label)):
        raise ServiceError(problem, field=field)
    if (_CONTROL_SINGLE if single_line else _CONTROL).search(value):
        if single_line:
            text = _("%(label)s has a line break or control character; please remove it.")
        else:
            text = _("%(label)s has a control character; please remove it.")
        raise ServiceError(capfirst(text % {"label": label}), field=field)
    if len(value) > max_length:
        raise ServiceError(
            _("Please keep %(label)s under %(max_length)s characters.") % {"label": label, "max_length": max_length},
            field=field,
        )
    return value
