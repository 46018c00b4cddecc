"""The app token's fast lookup (api.tokens.user_for_token) decides exactly what allauth's path decides."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.headless.internal.sessionkit import authenticate_by_x_session_token
from django.contrib.sessions.models import Session
from django.test import Client
from django.utils import timezone

from closeknit.api.tokens import user_for_token
from closeknit.core.sessions import stored_key
from tests.api.conftest import headless_token

pytestmark = pytest.mark.django_db


def _both(token: str):
    found = authenticate_by_x_session_token(token)
    return user_for_token(token), (found[0] if found else None)


def test_a_live_token_finds_its_person_as_allauth_does(make_user):
    person = make_user()
    token = headless_token(person)
    fast, slow = _both(token)
    assert fast == slow == person
    assert Client().get("/api/me", headers={"X-Session-Token": token}).json()["email"] == person.email


def test_a_changed_password_ends_the_token(make_user):
    person = make_user()
    token = headless_token(person)
    person.set_password("a-whole-new-password-42")
    person.save()
    assert user_for_token(token) is None
    assert Client().get("/api/me", headers={"X-Session-Token": token}).status_code == 401


def test_an_expired_or_unknown_token_finds_nobody(make_user):
    token = headless_token(make_user())
    Session.objects.filter(session_key=stored_key(token)).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert _both(token) == (None, None)
    assert user_for_token("nosuchtoken0000000000000000000000") is None
    assert user_for_token("bad\x00token") is None


def test_a_deactivated_person_is_refused(make_user):
    person = make_user()
    token = headless_token(person)
    person.is_active = False
    person.save()
    assert _both(token) == (None, None)


def test_a_token_used_again_is_one_query_and_the_same_person(make_user, django_assert_num_queries):
    from closeknit.api import tokens

    person = make_user()
    token = headless_token(person)
    tokens._NAMED.clear()
    with django_assert_num_queries(2):  # new to this process: the session, then the person
        first = user_for_token(token)
    with django_assert_num_queries(1):  # again: the session with the person joined
        again = user_for_token(token)
    expected = type(person).objects.get(pk=person.pk)
    for found in (first, again):
        assert found == expected
        # Built from the row as the ORM builds it: same values, same types (dates are datetimes, not text).
        for field in type(person)._meta.concrete_fields:
            assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
            assert type(getattr(found, field.attname)) is type(getattr(expected, field.attname)), field.name
        assert not found._state.adding and found._state.db == "default"


def test_the_guess_of_whom_a_token_names_is_only_a_guess(make_user):
    from closeknit.api import tokens

    person, other = make_user(), make_user()
    token = headless_token(person)
    tokens._NAMED[stored_key(token)] = other.pk  # a wrong guess: the session's own data decides
    assert user_for_token(token) == person
    assert tokens._NAMED[stored_key(token)] == person.pk
    other.delete()
    tokens._NAMED[stored_key(token)] = other.pk  # a guess of someone gone
    assert user_for_token(token) == person


def test_the_remembered_decoding_follows_the_secret_key(make_user, settings):
    person = make_user()
    token = headless_token(person)
    assert user_for_token(token) == person
    settings.SECRET_KEY = "another-secret-key-" + "x" * 40  # the session was signed with the old one
    assert user_for_token(token) is None
    settings.SECRET_KEY_FALLBACKS = [*settings.SECRET_KEY_FALLBACKS, "not-it"]
    assert user_for_token(token) is None
