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
