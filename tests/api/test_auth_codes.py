"""Apps verify an address and reset a password with the emailed code, through allauth's app routes
(/_allauth/app/v1/auth/*): no web link to dig a key out of. A code works only with the session token of
the flow that asked for it, three wrong codes end the flow, and codes expire (15 and 10 minutes)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.test import Client

from tests.accounts.conftest import CODE, URL
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
AUTH = "/_allauth/app/v1/auth"
NEW = "a-new-and-longer-passphrase-31"


def call(method: str, path: str, token: str | None = None, **body: Any):
    headers = {"X-Session-Token": token} if token else {}
    client = Client()
    if method == "GET":
        return client.get(AUTH + path, headers=headers)
    return client.generic(method, AUTH + path, json.dumps(body), content_type="application/json", headers=headers)


def code_in(mailoutbox, email: str) -> str:
    (code,) = CODE.findall([m for m in mailoutbox if email in m.to][-1].body)
    return code


def pending(response, flow: str) -> str:
    """The 401 of a flow still under way: that flow pending, and the token that carries it on."""
    assert response.status_code == 401, response.content
    body = response.json()
    assert {f["id"]: f.get("is_pending") for f in body["data"]["flows"]}[flow] is True
    return body["meta"]["session_token"]


def sign_up(email: str) -> str:
    return pending(call("POST", "/signup", email=email, password=NEW), "verify_email")


def test_sign_up_and_verify_by_code_in_the_app(mailoutbox):
    token = sign_up("new@example.test")
    (mail,) = mailoutbox
    assert mail.subject == "closeknit: Confirm your email address"
    assert "Type it on the page or in the app that asked for it" in mail.body and URL.findall(mail.body) == []

    wrong = call("POST", "/email/verify", token, key="NOPE-NOPE")
    assert wrong.status_code == 400
    (error,) = wrong.json()["errors"]
    assert error["code"] == "incorrect_code" and error["param"] == "key"
    assert error["message"] == "That code doesn't match. Check the newest email from us and type it again."

    done = call("POST", "/email/verify", token, key=code_in(mailoutbox, "new@example.test").lower())
    assert done.status_code == 200 and done.json()["meta"]["is_authenticated"] is True
    assert EmailAddress.objects.get(email="new@example.test").verified
    me = Client().get("/api/me", headers={"X-Session-Token": done.json()["meta"]["session_token"]})
    assert me.status_code == 200 and me.json()["email"] == "new@example.test"


def test_the_code_is_useless_with_another_token(mailoutbox):
    sign_up("mine@example.test")
    other = sign_up("theirs@example.test")
    refused = call("POST", "/email/verify", other, key=code_in(mailoutbox, "mine@example.test"))
    assert refused.status_code == 400
    assert not EmailAddress.objects.get(email="mine@example.test").verified
    assert call("POST", "/email/verify", key=code_in(mailoutbox, "mine@example.test")).status_code == 409


def test_three_wrong_codes_end_the_flow(mailoutbox):
    token = sign_up("fumbles@example.test")
    code = code_in(mailoutbox, "fumbles@example.test")
    for _ in range(3):
        assert call("POST", "/email/verify", token, key="NOPE-NOPE").status_code == 400
    assert call("POST", "/email/verify", token, key=code).status_code == 409
    assert not EmailAddress.objects.get(email="fumbles@example.test").verified
    # Logging in starts it again, with a fresh code.
    again = pending(call("POST", "/login", email="fumbles@example.test", password=NEW), "verify_email")
    fresh = code_in(mailoutbox, "fumbles@example.test")
    assert fresh != code
    assert call("POST", "/email/verify", again, key=fresh).status_code == 200


def test_a_new_code_replaces_the_old_one(mailoutbox):
    token = sign_up("patient@example.test")
    first = code_in(mailoutbox, "patient@example.test")
    assert call("POST", "/email/verify/resend", token).status_code == 200
    second = code_in(mailoutbox, "patient@example.test")
    assert len(mailoutbox) == 2 and first != second
    assert call("POST", "/email/verify", token, key=first).status_code == 400
    assert call("POST", "/email/verify", token, key=second).status_code == 200


def test_a_verification_code_lasts_fifteen_minutes(mailoutbox):
    token = sign_up("slow@example.test")
    code = code_in(mailoutbox, "slow@example.test")
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15, seconds=5)):
        assert call("POST", "/email/verify", token, key=code).status_code == 409
    assert not EmailAddress.objects.get(email="slow@example.test").verified


def test_reset_a_password_by_code_in_the_app(make_user, mailoutbox):
    person = make_user()
    token = pending(call("POST", "/password/request", email=person.email), "password_reset_by_code")
    (mail,) = mailoutbox
    assert mail.subject == "closeknit: Your code to choose a new password" and URL.findall(mail.body) == []
    code = code_in(mailoutbox, person.email)

    checked = call("GET", "/password/reset", token)
    assert checked.status_code == 400  # no code sent: nothing to check
    client = Client()
    checked = client.get(AUTH + "/password/reset", headers={"X-Session-Token": token, "X-Password-Reset-Key": code})
    assert checked.status_code == 200 and checked.json()["data"]["user"]["email"] == person.email

    done = call("POST", "/password/reset", token, key=code, password=NEW)
    assert done.status_code == 401 and done.json()["meta"]["is_authenticated"] is False  # then log in
    person.refresh_from_db()
    assert person.check_password(NEW) and not person.check_password(PASSWORD)
    assert call("POST", "/login", email=person.email, password=NEW).status_code == 200
    assert call("POST", "/password/reset", token, key=code, password=PASSWORD).status_code == 409  # used up


def test_a_weak_new_password_changes_nothing(make_user, mailoutbox):
    person = make_user()
    token = pending(call("POST", "/password/request", email=person.email), "password_reset_by_code")
    refused = call("POST", "/password/reset", token, key=code_in(mailoutbox, person.email), password="short")
    assert refused.status_code == 400 and refused.json()["errors"][0]["param"] == "password"
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_reset_code_lasts_ten_minutes_and_three_tries(make_user, mailoutbox):
    person = make_user()
    token = pending(call("POST", "/password/request", email=person.email), "password_reset_by_code")
    code = code_in(mailoutbox, person.email)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=10, seconds=5)):
        assert call("POST", "/password/reset", token, key=code, password=NEW).status_code == 409

    token = pending(call("POST", "/password/request", email=person.email), "password_reset_by_code")
    code = code_in(mailoutbox, person.email)
    for _ in range(3):
        assert call("POST", "/password/reset", token, key="NOPE-NOPE", password=NEW).status_code == 400
    assert call("POST", "/password/reset", token, key=code, password=NEW).status_code == 409
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_a_reset_for_an_unknown_address_looks_the_same(mailoutbox):
    pending(call("POST", "/password/request", email="stranger@example.test"), "password_reset_by_code")
    (mail,) = mailoutbox
    assert "There is no account with this address" in mail.body and CODE.findall(mail.body) == []


def test_the_published_document_tells_apps_about_the_codes(anon_api):
    description = anon_api.get("/api/openapi.json").json()["info"]["description"]
    for route in ("/auth/email/verify", "/auth/email/verify/resend", "/auth/password/request", "/auth/password/reset"):
        assert f"/_allauth/app/v1{route}`" in description or f"...{route}`" in description, route
    config = Client().get("/_allauth/app/v1/config").json()["data"]["account"]
    assert config["email_verification_by_code_enabled"] is True
    assert config["password_reset_by_code_enabled"] is True
