"""Checks every piece of text a person types must pass before it is stored, on any database."""

from __future__ import annotations

import unicodedata

from closeknit.core.errors import ServiceError


def storable(value: str, *, field: str, label: str, max_length: int, single_line: bool = False) -> str:
    """Strip, then refuse what a database cannot hold (NUL, lone surrogates) or what is too long.

    SQLite stores a NUL that PostgreSQL rejects, and a lone surrogate cannot be encoded at all: both
    must be a clear 400 here, never a 500 deeper down."""
    value = value.strip()
    if "\x00" in value:
        raise ServiceError(f"The {label} has a character we can't store.", field=field)
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise ServiceError(f"The {label} has a character we can't store.", field=field) from None
    allowed = set() if single_line else {"\n", "\r", "\t"}
    if any(unicodedata.category(ch) == "Cc" and ch not in allowed for ch in value):
        what = "a line break or control character" if single_line else "a control character"
        raise ServiceError(f"The {label} has {what}; please remove it.", field=field)
    if len(value) > max_length:
        raise ServiceError(f"Please keep the {label} under {max_length} characters.", field=field)
    return value
