"""App tokens are allauth headless session keys. allauth's strategy looks a token up with two queries
(exists, then load); its own `sessionkit.lookup_session` does it in one, treating a missing or expired
session the same way. On the check-in write path that is one query in five.

The session store (`closeknit.core.sessions`) keeps only a hash of each key, so the token an app holds
is never in the database; logging out deletes the row, which every process sees at once."""

from __future__ import annotations

from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy
from django.contrib.sessions.backends.base import SessionBase


class OneQuerySessionTokens(SessionTokenStrategy):
    def lookup_session(self, session_token: str) -> SessionBase | None:
        return sessionkit.lookup_session(session_token)
