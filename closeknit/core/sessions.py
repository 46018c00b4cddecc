"""Django's database sessions, storing a hash of each key instead of the key.

A session key is a bearer credential: the browser's cookie, and the app's `X-Session-Token` (allauth
headless tokens are session keys). Kept raw in `django_session`, anyone holding a copy of the
database or a backup could act as every logged-in person until the sessions expire. So the table keeps
`stored_key(key)` only; the key itself lives in the cookie or the app. Logout still deletes the row, so
a token stops working at once in every process.

Malformed keys are refused before they reach the database: a cookie such as `sessionid="abc\\000def"`
unquotes to a NUL, which PostgreSQL rejects with an error (a 500 on every page).
"""

from __future__ import annotations

import hashlib

from django.contrib.sessions.backends.db import SessionStore as DbSessionStore
from django.utils import timezone

# django_session.session_key is 40 characters: the first 160 bits of SHA-256, in hex. Keys are 32
# random characters from 36 (about 165 bits), so a fast unsalted hash is enough: there is nothing to
# guess, and the lookup stays one indexed equality query.
STORED_LENGTH = 40


def stored_key(session_key: str) -> str:
    return hashlib.sha256(session_key.encode("ascii")).hexdigest()[:STORED_LENGTH]


class SessionStore(DbSessionStore):
    def _validate_session_key(self, key: str | None) -> bool:
        return key is not None and len(key) >= 8 and key.isascii() and key.isalnum()

    def _get_session_from_db(self):
        try:
            # Django loads a session only once it has a key
            return self.model.objects.get(session_key=stored_key(self.session_key), expire_date__gt=timezone.now())  # type: ignore[arg-type]
        except (self.model.DoesNotExist, UnicodeEncodeError, TypeError):
            self._session_key = None

    async def _aget_session_from_db(self):
        try:
            return await self.model.objects.aget(
                session_key=stored_key(self.session_key),  # type: ignore[arg-type]  # as above
                expire_date__gt=timezone.now(),
            )
        except (self.model.DoesNotExist, UnicodeEncodeError, TypeError):
            self._session_key = None

    def exists(self, session_key: str) -> bool:
        return self.model.objects.filter(session_key=stored_key(session_key)).exists()

    async def aexists(self, session_key: str) -> bool:
        return await self.model.objects.filter(session_key=stored_key(session_key)).aexists()

    def create_model_instance(self, data):
        obj = super().create_model_instance(data)
        obj.session_key = stored_key(obj.session_key)
        return obj

    async def acreate_model_instance(self, data):
        obj = await super().acreate_model_instance(data)
        obj.session_key = stored_key(obj.session_key)
        return obj

    def delete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        self.model.objects.filter(session_key=stored_key(session_key)).delete()

    async def adelete(self, session_key: str | None = None) -> None:
        if session_key is None:
            if self.session_key is None:
                return
            session_key = self.session_key
        await self.model.objects.filter(session_key=stored_key(session_key)).adelete()
