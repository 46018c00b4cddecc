"""App tokens are allauth headless session keys. allauth's strategy looks a token up with two queries
(exists, then load); its own `sessionkit.lookup_session` does it in one, treating a missing or expired
session the same way. On the check-in write path that is one query in five.

The session store (`closeknit.core.sessions`) keeps only a hash of each key, so the token an app holds
is never in the database; logging out deletes the row, which every process sees at once."""

from __future__ import annotations

from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.crypto import constant_time_compare
from django.utils.module_loading import import_string

from closeknit.accounts.models import User
from closeknit.core.sessions import SessionStore, stored_key


class OneQuerySessionTokens(SessionTokenStrategy):
    def lookup_session(self, session_token: str) -> SessionBase | None:
        return sessionkit.lookup_session(session_token)


def user_for_token(token: str) -> User | None:
    """The active person an app token belongs to, or None: what allauth's path
    (`authenticate_by_x_session_token`: session, then `django.contrib.auth.get_user`) decides, in two
    plain SQL reads instead of two ORM queries, on every API call. The same checks, in the same order:
    the session row by the token's hash and not expired; its user id and a login backend of ours; the
    person, active; the session's password hash matching the person's current one. A hash that matches
    only an old SECRET_KEY goes the long way, so Django can re-sign the session as it does for pages.
    Logout deletes the row, so a token stops working at once in every process."""
    store = SessionStore(token)
    if not store._validate_session_key(token):
        return None
    with connection.cursor() as cursor:
        cursor.execute(_SESSION_SQL, [stored_key(token), timezone.now()])
        row = cursor.fetchone()
    if row is None:
        return None
    data = store.decode(row[0])
    user_id, backend, session_hash = data.get(SESSION_KEY), data.get(BACKEND_SESSION_KEY), data.get(HASH_SESSION_KEY)
    if user_id is None or backend not in _MODEL_BACKENDS or not session_hash:
        return _the_long_way(token)
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    found = list(User.objects.raw(_USER_SQL, [pk]))
    if not found or not found[0].is_active:
        return None
    user = found[0]
    if not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return _the_long_way(token)
    return user


def _the_long_way(token: str) -> User | None:
    found = sessionkit.authenticate_by_x_session_token(token)
    return found[0] if found else None


def _model_backends() -> frozenset[str]:
    """Backends whose get_user is ModelBackend's (a row by primary key, active people only)."""
    return frozenset(path for path in settings.AUTHENTICATION_BACKENDS if issubclass(import_string(path), ModelBackend))


_MODEL_BACKENDS = _model_backends()
_SESSION_SQL = f"SELECT session_data FROM {Session._meta.db_table} WHERE session_key = %s AND expire_date > %s"  # noqa: S608
_USER_SQL = f"SELECT * FROM {User._meta.db_table} WHERE id = %s"  # noqa: S608
