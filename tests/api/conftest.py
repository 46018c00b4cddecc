"""API test helpers: real logins only (allauth headless for apps, Django sessions for browsers)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from closeknit.accounts.models import User
from tests.conftest import PASSWORD

_shared: Client | None = None


def cookieless_client() -> Client:
    """One test client for every cookie-less caller (apps, anonymous). A fresh Client builds the whole
    middleware stack again (whitenoise scans every static file: ~30 ms), so share it, and clear its
    cookie jar each time: nothing a response set may ride along with the next caller's request."""
    global _shared
    if _shared is None:
        _shared = Client()
    _shared.cookies.clear()
    return _shared


def headless_token(user: User, password: str = PASSWORD) -> str:
    """Log in the way a phone app does and return the session token allauth hands out."""
    response = cookieless_client().post(
        "/_allauth/app/v1/auth/login",
        data={"email": user.email, "password": password},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    return response.json()["meta"]["session_token"]


class Api:
    """A JSON client for /api/. With a token it acts as an app; with a session, as a browser."""

    def __init__(self, client: Client | None = None, token: str | None = None):
        """Without a client, the caller has no cookies (an app, or someone not logged in)."""
        self._client = client
        self.token = token

    @property
    def client(self) -> Client:
        return self._client if self._client is not None else cookieless_client()

    def _headers(self) -> dict[str, str]:
        return {"X-Session-Token": self.token} if self.token else {}

    def call(self, method: str, path: str, body: Any = None, **query: Any) -> Any:
        fn = getattr(self.client, method.lower())
        kwargs: dict[str, Any] = {"headers": self._headers()}
        if body is not None:
            kwargs.update(data=body, content_type="application/json")
        elif query:
            kwargs["data"] = query
        return fn(path, **kwargs)

    def get(self, path: str, **query: Any) -> Any:
        return self.call("GET", path, **query)

    def post(self, path: str, body: Any = None) -> Any:
        return self.call("POST", path, {} if body is None else body)

    def put(self, path: str, body: Any) -> Any:
        return self.call("PUT", path, body)

    def patch(self, path: str, body: Any) -> Any:
        return self.call("PATCH", path, body)

    def delete(self, path: str) -> Any:
        return self.call("DELETE", path)


@pytest.fixture
def app_api(db) -> Callable[[User], Api]:
    """app_api(user) -> an Api authenticated with a real headless session token."""
    return lambda user: Api(token=headless_token(user))


@pytest.fixture
def browser_api(db) -> Callable[[User], Api]:
    """browser_api(user) -> an Api on a logged-in Django session (CSRF not enforced, like Django's
    test client; the CSRF tests use their own client)."""

    def make(user: User) -> Api:
        client = Client()
        client.force_login(user)
        return Api(client)

    return make


@pytest.fixture
def anon_api(db) -> Api:
    return Api()


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """Every refusal is JSON with a sentence for the person; optionally check its code."""
    assert response.status_code == status, (response.status_code, response.content)
    body = response.json()
    assert isinstance(body["detail"], str) and body["detail"].strip(), body
    assert "code" in body and "field" in body, body
    if code is not None:
        assert body["code"] == code, body
    return body
