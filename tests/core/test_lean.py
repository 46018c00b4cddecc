"""The API skips the middleware only pages need (closeknit/core/lean.py), and nothing that guards it."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from closeknit.core import lean
from tests.api.conftest import headless_token

pytestmark = pytest.mark.django_db


def test_a_page_still_gets_every_page_middleware():
    response = Client().get("/accounts/login/")
    assert response.status_code == 200
    assert response["X-Frame-Options"] == "DENY"  # XFrameOptions ran
    assert "csrftoken" in response.cookies  # Csrf ran (the form needs its token)
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_an_api_answer_skips_page_middleware_but_keeps_the_guards(make_user):
    token = headless_token(make_user())
    response = Client().get("/api/me", headers={"X-Session-Token": token})
    assert response.status_code == 200
    assert not response.has_header("X-Frame-Options")  # skipped: JSON is not framed, and CSP forbids it anyway
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"  # SecurityMiddleware still runs
    assert "no-store" in response["Cache-Control"]  # a signed-in answer is never cached


def test_pages_still_get_the_trailing_slash_redirect():
    assert Client().get("/accounts/login").status_code == 301  # CommonMiddleware's APPEND_SLASH


def test_the_wrappers_are_the_middleware_they_wrap():
    """Django's own checks (admin's "messages middleware installed") look for subclasses."""
    from django.contrib.messages.middleware import MessageMiddleware
    from django.middleware.csrf import CsrfViewMiddleware

    assert issubclass(lean.Messages, MessageMiddleware)
    assert issubclass(lean.Csrf, CsrfViewMiddleware)
    assert "/api/" in settings.LEAN_PATHS


def test_our_check_stands_in_for_the_two_silenced_deploy_warnings(settings):
    from closeknit.core.checks import protections_in_middleware

    assert protections_in_middleware() == []
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if not m.endswith((".Csrf", ".XFrameOptions"))]
    assert [e.id for e in protections_in_middleware()] == ["closeknit.E001", "closeknit.E002"]
    settings.MIDDLEWARE = [*settings.MIDDLEWARE, "django.middleware.csrf.CsrfViewMiddleware"]
    assert [e.id for e in protections_in_middleware()] == ["closeknit.E002"]
