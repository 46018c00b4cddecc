"""App tokens are allauth headless session keys. allauth's strategy looks a token up with two queries
(exists, then load); its own `sessionkit.lookup_session` does it in one, treating a missing or expired
session the same way. On the check-in write path that is one query in five.

The session store (`closeknit.core.sessions`) keeps only a hash of each key, so the token an app holds
is never in the database; logging out deletes the row, which every process sees at once."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from allauth.headless.internal import sessionkit
from allauth.headless.tokens.strategies.sessions import SessionTokenStrategy
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.sessions.backends.base import SessionBase
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import connection
from django.db.backends.base.base import BaseDatabaseWrapper
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
    (`authenticate_by_x_session_token`: session, then `django.contrib.auth.get_user`) decides, in one
    plain SQL read instead of two ORM queries, on every API call. The same checks, in the same order:
    the session row by the token's hash and not expired; its user id and a login backend of ours; the
    person, active; the session's password hash matching the person's current one. A hash that matches
    only an old SECRET_KEY goes the long way, so Django can re-sign the session as it does for pages.
    Logout deletes the row, so a token stops working at once in every process.

    One read: the session row and, joined to it, the person the same token named last time in this
    process (a guess kept in `_NAMED`). The session's own data decides; when it names someone else, or
    the token is new to this process, the person is read by a second statement, as before."""
    store = SessionStore(token)
    if not store._validate_session_key(token):
        return None
    key = stored_key(token)
    guess = _NAMED.get(key)
    sql = _statements(connection)
    with connection.cursor() as cursor:
        if guess is None:
            cursor.execute(sql.session, [key, timezone.now()])
        else:
            cursor.execute(sql.session_and_user, [guess, key, timezone.now()])
        row = cursor.fetchone()
    if row is None:
        return None
    user_id, backend, session_hash = _session_values(row[0], _secrets())
    if user_id is None or backend not in _MODEL_BACKENDS or not session_hash:
        return _the_long_way(token)
    try:
        pk = User._meta.pk.to_python(user_id)
    except ValidationError:
        return None
    if guess is not None and pk == guess:
        user = _user_from(row[1:], sql) if row[1] is not None else None
    else:
        with connection.cursor() as cursor:
            cursor.execute(sql.user, [pk])
            found = cursor.fetchone()
        user = _user_from(found, sql) if found is not None else None
        if user is not None:
            _remember(key, pk)
    if user is None or not user.is_active:
        return None
    if not constant_time_compare(session_hash, user.get_session_auth_hash()):
        return _the_long_way(token)
    return user


def _the_long_way(token: str) -> User | None:
    found = sessionkit.authenticate_by_x_session_token(token)
    return found[0] if found else None


# Stored session key -> the user id its session held when last read here: only ever a guess of whom to
# join, never trusted (the session's data is read and compared on every call). Bounded: cleared when full.
_NAMED: dict[str, Any] = {}
_NAMED_MAX = 20_000


def _remember(key: str, pk: Any) -> None:
    if len(_NAMED) >= _NAMED_MAX:
        _NAMED.clear()
    _NAMED[key] = pk


def _secrets() -> tuple[Any, ...]:
    return settings.SECRET_KEY, *settings.SECRET_KEY_FALLBACKS


@lru_cache(maxsize=4096)
def _session_values(data: str, secrets: tuple[Any, ...]) -> tuple[Any, Any, Any]:
    """(user id, backend, password hash) from a session row's data, as Django decodes it (signed with
    the current or a fallback SECRET_KEY; anything else decodes to nothing). A pure function of the
    stored text and the keys, which are part of the cache's key, so a token used again is not decoded
    again; the row itself is still read every time, which is what makes logout immediate."""
    decoded = SessionStore().decode(data)
    return decoded.get(SESSION_KEY), decoded.get(BACKEND_SESSION_KEY), decoded.get(HASH_SESSION_KEY)


class _Statements:
    """The SQL for one connection, and how a row of it becomes a User (as the ORM would: each column
    through the converters the ORM applies, then `Model.from_db`)."""

    def __init__(self, conn: BaseDatabaseWrapper):
        qn = conn.ops.quote_name
        fields = User._meta.concrete_fields
        user_table, session_table = qn(User._meta.db_table), qn(Session._meta.db_table)
        columns = ", ".join(f"u.{qn(f.column)}" for f in fields)  # type: ignore[arg-type]  # concrete: has one
        alive = f"s.{qn('session_key')} = %s AND s.{qn('expire_date')} > %s"
        self.session = f"SELECT s.{qn('session_data')} FROM {session_table} s WHERE {alive}"  # noqa: S608
        self.user = f"SELECT {columns} FROM {user_table} u WHERE u.{qn('id')} = %s"  # noqa: S608
        self.session_and_user = (
            f"SELECT s.{qn('session_data')}, {columns} FROM {session_table} s "  # noqa: S608
            f"LEFT JOIN {user_table} u ON u.{qn('id')} = %s WHERE {alive}"
        )
        self.alias = conn.alias
        self.attnames = [f.attname for f in fields]
        self.converters = []
        for i, f in enumerate(fields):
            col = f.get_col(User._meta.db_table)
            found = [*conn.ops.get_db_converters(col), *f.get_db_converters(conn)]
            if found:
                self.converters.append((i, col, found))
        self.conn = conn


def _statements(conn: BaseDatabaseWrapper) -> _Statements:
    sql = _BY_CONNECTION.get(id(conn))
    if sql is None or sql.conn is not conn:  # connections are per thread: one set of statements each
        sql = _BY_CONNECTION[id(conn)] = _Statements(conn)
    return sql


_BY_CONNECTION: dict[int, _Statements] = {}


def _user_from(values: Any, sql: _Statements) -> User:
    row = list(values)
    for i, col, converters in sql.converters:
        for convert in converters:
            row[i] = convert(row[i], col, sql.conn)
    return User.from_db(sql.alias, sql.attnames, row)


def _model_backends() -> frozenset[str]:
    """Backends whose get_user is ModelBackend's (a row by primary key, active people only)."""
    return frozenset(path for path in settings.AUTHENTICATION_BACKENDS if issubclass(import_string(path), ModelBackend))


_MODEL_BACKENDS = _model_backends()
