"""Django's database sessions, refusing malformed keys before they reach the database.

A cookie such as `sessionid="abc\\000def"` unquotes to a NUL, which PostgreSQL rejects with an error (a 500
on every page). allauth's headless tokens use the same store, so they are covered too."""

from __future__ import annotations

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore


class SessionStore(DbSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return bool(key) and len(key) >= 8 and key.isascii() and key.isalnum()
