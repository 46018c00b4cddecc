"""Guessing passwords is slowed down, and nobody can lock another person out.

Wrong passwords count per real client address and per account (ACCOUNT_RATE_LIMITS on the shared cache).
A spent count is answered 429 with Retry-After, on the web and in the app API. Password logins to an
account under attack pause for a few minutes, from anywhere; its owner still gets in at once with a
one-time code sent to their email, which no count of wrong passwords and no stranger's code requests can
stop. Behind our own proxies the real client address comes from X-Forwarded-For (TRUSTED_PROXY_COUNT);
without that setting the header is ignored.
"""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import logged_in_as
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

ATTACKER = "203.0.113.9"
OWNER = "198.51.100.20"
PROXY = "10.0.0.2"
WRONG = "wrong-guess-123456"
APP = "/_allauth/app/v1/auth"
CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)


def attempt(client: Client, email: str, password: str, ip: str = ATTACKER, **headers):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip, **headers)


def app_login(email: str, password: str, ip: str = ATTACKER):
    return Client().post(
        f"{APP}/login", {"email": email, "password": password}, content_type="application/json", REMOTE_ADDR=ip
    )


def assert_refused(response, *, at_most: int) -> int:
    """429 with a Retry-After a client can act on; returns the seconds."""
    assert response.status_code == 429, response.status_code
    wait = int(response["Retry-After"])
    assert 1 <= wait <= at_most, wait
    return wait


def lock_out(email: str, ip: str = ATTACKER) -> None:
    """Five wrong passwords for one address: each is an ordinary 'wrong password', never a 429."""
    for _ in range(5):
        response = attempt(Client(), email, WRONG, ip=ip)
        assert response.status_code == 200
        assert response.context["form"].non_field_errors()


def code_in(mailoutbox, email: str) -> str:
    mails = [m for m in mailoutbox if email in m.to]
    assert mails, f"no email to {email}"
    found = CODE.findall(mails[-1].body)
    assert len(found) == 1, mails[-1].body
    return found[0]


def test_an_attacker_hammering_one_address_gets_429_with_retry_after(make_user):
    person = make_user()
    lock_out(person.email)
    client = Client()
    response = attempt(client, person.email, PASSWORD)  # even the right password waits
    wait = assert_refused(response, at_most=300)
    assert logged_in_as(client) is None
    page = response.content.decode()
    assert "please wait" in page and 'id="login-by-code"' in page and reverse("account_request_login_code") in page
    assert "minute" in page
    # Still refused a moment later, with a shorter wait.
    assert assert_refused(attempt(Client(), person.email, WRONG), at_most=wait) <= wait


def test_the_pause_ends_when_retry_after_says(make_user, monkeypatch):
    person = make_user()
    lock_out(person.email)
    wait = assert_refused(attempt(Client(), person.email, PASSWORD), at_most=300)
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + wait - 5)
    assert_refused(attempt(Client(), person.email, PASSWORD), at_most=5)
    monkeypatch.setattr(time, "time", lambda: now + wait + 1)
    client = Client()
    attempt(client, person.email, PASSWORD)
    assert logged_in_as(client) == person.pk


def test_the_owner_still_gets_in_by_emailed_code(make_user, mailoutbox):
    """The policy: the account's password logins pause for everyone (a guesser may use many addresses), but
    the owner, from anywhere, logs in at once with a code sent to their inbox."""
    person = make_user()
    lock_out(person.email)
    owner = Client()
    response = attempt(owner, person.email, PASSWORD, ip=OWNER)
    assert_refused(response, at_most=300)

    response = owner.post(reverse("account_request_login_code"), {"email": person.email}, REMOTE_ADDR=OWNER)
    assert response.status_code == 302 and response["Location"] == reverse("account_confirm_login_code")
    # The attacker keeps guessing meanwhile; it changes nothing for the owner's code.
    for _ in range(3):
        assert attempt(Client(), person.email, WRONG).status_code == 429
    page = owner.get(reverse("account_confirm_login_code"), REMOTE_ADDR=OWNER)
    assert page.status_code == 200 and person.email in page.content.decode()
    code = code_in(mailoutbox, person.email)
    response = owner.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    assert logged_in_as(owner) == person.pk


def test_a_code_asked_for_by_someone_else_is_useless_to_them(make_user, mailoutbox):
    """The code reaches the owner's inbox only, and it works only in the browser that asked for it."""
    person = make_user()
    attacker = Client()
    attacker.post(reverse("account_request_login_code"), {"email": person.email}, REMOTE_ADDR=ATTACKER)
    code = code_in(mailoutbox, person.email)
    for guess in ("AAAAAA", "BBBBBB", "CCCCCC"):
        attacker.post(reverse("account_confirm_login_code"), {"code": guess}, REMOTE_ADDR=ATTACKER)
    attacker.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=ATTACKER)
    assert logged_in_as(attacker) is None  # three wrong tries ended that attempt


def test_nobody_can_use_up_the_owners_code_requests(make_user, mailoutbox):
    """Code requests are counted per client address only: however many addresses ask for codes to someone
    else's email, the owner's own request still goes through."""
    person = make_user()
    for i in range(10):
        for _ in range(3):
            Client().post(reverse("account_request_login_code"), {"email": person.email}, REMOTE_ADDR=f"192.0.2.{i}")
    owner = Client()
    response = owner.post(reverse("account_request_login_code"), {"email": person.email}, REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    code = code_in(mailoutbox, person.email)
    owner.post(reverse("account_confirm_login_code"), {"code": code}, REMOTE_ADDR=OWNER)
    assert logged_in_as(owner) == person.pk


def test_one_address_asking_for_many_codes_is_slowed_down(make_user):
    person = make_user()
    statuses = [
        Client().post(reverse("account_request_login_code"), {"email": person.email}, REMOTE_ADDR=ATTACKER).status_code
        for _ in range(6)
    ]
    assert statuses[:5] == [302] * 5
    refused = Client().post(reverse("account_request_login_code"), {"email": person.email}, REMOTE_ADDR=ATTACKER)
    assert_refused(refused, at_most=60)
    assert 'id="login-by-code"' not in refused.content.decode()  # no point offering what was just refused


def test_the_limit_follows_the_account_across_addresses(make_user):
    """Guessing from many addresses (a botnet) still hits the per-account limit."""
    person = make_user()
    for i in range(5):
        attempt(Client(), person.email, WRONG, ip=f"198.51.100.{i + 1}")
    fresh = Client()
    assert_refused(attempt(fresh, person.email, PASSWORD, ip="192.0.2.77"), at_most=300)
    assert logged_in_as(fresh) is None
    # Someone else, from yet another address, is not affected.
    other = make_user()
    ok = Client()
    attempt(ok, other.email, PASSWORD, ip="192.0.2.78")
    assert logged_in_as(ok) == other.pk


def test_the_count_is_per_account_not_per_spelling(make_user):
    person = make_user()
    for spelling in (person.email.upper(), person.email, f"  {person.email}", person.email.title(), person.email):
        attempt(Client(), spelling, WRONG)
    assert_refused(attempt(Client(), person.email, PASSWORD, ip=OWNER), at_most=300)


def test_one_address_guessing_many_accounts_is_paused_but_others_are_not(make_user):
    people = [make_user() for _ in range(11)]
    statuses = [attempt(Client(), p.email, WRONG).status_code for p in people]
    assert statuses[:10] == [200] * 10
    assert statuses[10] == 429
    # Someone at another address is served as usual.
    ok = Client()
    attempt(ok, people[0].email, PASSWORD, ip=OWNER)
    assert logged_in_as(ok) == people[0].pk


def test_a_successful_login_does_not_count_against_the_limit(make_user):
    person = make_user()
    for _ in range(7):
        client = Client()
        attempt(client, person.email, PASSWORD)
        assert logged_in_as(client) == person.pk


def test_too_many_login_posts_from_one_address_get_429(make_user):
    """30 login posts a minute per address, right or wrong: the 31st is answered 429 with Retry-After."""
    person = make_user()
    statuses = [attempt(Client(), person.email, PASSWORD).status_code for _ in range(31)]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429
    response = attempt(Client(), person.email, PASSWORD)
    assert response.status_code == 429 and response["Retry-After"] == "60"
    assert attempt(Client(), person.email, PASSWORD, ip=OWNER).status_code == 302


# --- the app API -----------------------------------------------------------------------------------


def test_the_app_api_answers_429_with_retry_after_and_points_to_the_code(make_user):
    person = make_user()
    for _ in range(5):
        assert app_login(person.email, WRONG).status_code == 400
    response = app_login(person.email, PASSWORD)
    assert_refused(response, at_most=300)
    body = response.json()
    assert body["status"] == 429
    assert body["errors"][0]["code"] == "too_many_login_attempts"
    assert body["meta"]["login_by_code"] is True and body["meta"]["retry_after"] == int(response["Retry-After"])
    assert "session_token" not in body["meta"]


def test_the_owner_gets_a_token_by_code_in_the_app(make_user, mailoutbox):
    person = make_user()
    lock_out(person.email)  # on the web; the account is paused everywhere
    assert_refused(app_login(person.email, PASSWORD, ip=OWNER), at_most=300)
    app = Client()
    response = app.post(f"{APP}/code/request", {"email": person.email}, content_type="application/json")
    assert response.status_code == 401
    pending = response.json()
    assert any(f["id"] == "login_by_code" and f.get("is_pending") for f in pending["data"]["flows"])
    token = pending["meta"]["session_token"]
    code = code_in(mailoutbox, person.email)
    response = app.post(
        f"{APP}/code/confirm", {"code": code}, content_type="application/json", headers={"X-Session-Token": token}
    )
    assert response.status_code == 200
    session_token = response.json()["meta"]["session_token"]
    me = Client().get("/api/me", headers={"X-Session-Token": session_token})
    assert me.status_code == 200 and me.json()["email"] == person.email


# --- the real client behind our proxies --------------------------------------------------------------


def guess_via_proxy(email: str, forwarded: str):
    return attempt(Client(), email, WRONG, ip=PROXY, HTTP_X_FORWARDED_FOR=forwarded)


def test_without_trusted_proxies_forwarded_addresses_are_ignored(make_user, settings):
    """Default: a made-up X-Forwarded-For changes nothing; the connecting address is the client."""
    settings.TRUSTED_PROXY_COUNT = 0
    people = [make_user() for _ in range(11)]
    statuses = [guess_via_proxy(p.email, f"192.0.2.{i}").status_code for i, p in enumerate(people)]
    assert statuses[10] == 429  # all eleven counted as the one connecting address


def test_behind_a_trusted_proxy_each_real_client_counts_alone(make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    people = [make_user() for _ in range(12)]
    # Eleven different clients behind the one proxy, one wrong password each: nobody is paused.
    statuses = [guess_via_proxy(p.email, f"192.0.2.{i}").status_code for i, p in enumerate(people[:11])]
    assert 429 not in statuses
    # One client who writes a different made-up address in front each time is still one client.
    statuses = [guess_via_proxy(p.email, f"10.9.9.{i}, {ATTACKER}").status_code for i, p in enumerate(people[:11])]
    assert statuses[:10] == [200] * 10 and statuses[10] == 429
    # ... and its pause does not reach another client behind the same proxy.
    ok = Client()
    attempt(ok, people[11].email, PASSWORD, ip=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    assert logged_in_as(ok) == people[11].pk


def test_two_proxies_take_the_address_the_outer_one_saw(make_user, settings):
    settings.TRUSTED_PROXY_COUNT = 2
    people = [make_user() for _ in range(11)]
    statuses = [
        guess_via_proxy(p.email, f"10.9.9.{i}, {ATTACKER}, 172.16.0.{i}").status_code for i, p in enumerate(people)
    ]
    assert statuses[10] == 429  # the made-up left part and the varying inner hop change nothing


def test_password_reset_emails_are_limited_too(make_user, smtp_server):
    person = make_user()
    statuses = [
        Client()
        .post(reverse("account_reset_password"), {"email": person.email}, REMOTE_ADDR=f"198.51.100.{i}")
        .status_code
        for i in range(1, 5)
    ]
    # 3 per 5 minutes per address: the 4th is not sent.
    assert statuses[:3] == [302, 302, 302]
    assert statuses[3] in (200, 429)
    smtp_server.wait_for(person.email)
    assert len([m for m in smtp_server.messages if m["To"] == person.email]) == 3
