"""Guessing passwords gets refused, even the right one, once the limit is reached (allauth's limits on
the shared cache: ACCOUNT_RATE_LIMITS in settings)."""

from __future__ import annotations

import pytest
from allauth.account.adapter import DefaultAccountAdapter
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import logged_in_as
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

TOO_MANY = str(DefaultAccountAdapter.error_messages["too_many_login_attempts"])


def attempt(client: Client, email: str, password: str, ip: str = "203.0.113.9"):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=ip)


def refused_for_too_many(response) -> bool:
    return response.status_code == 429 or (
        response.status_code == 200 and TOO_MANY in response.context["form"].non_field_errors()
    )


def test_after_five_wrong_passwords_even_the_right_one_is_refused(make_user):
    person = make_user()
    client = Client()
    for _ in range(5):
        response = attempt(client, person.email, "wrong-guess-123456")
        assert response.status_code == 200 and not refused_for_too_many(response)
    response = attempt(client, person.email, PASSWORD)
    assert refused_for_too_many(response)
    assert logged_in_as(client) is None


def test_the_limit_follows_the_account_across_addresses(make_user):
    """Guessing from many IP addresses (a botnet) still hits the per-account limit."""
    person = make_user()
    for i in range(5):
        attempt(Client(), person.email, "wrong-guess-123456", ip=f"198.51.100.{i + 1}")
    fresh = Client()
    response = attempt(fresh, person.email, PASSWORD, ip="192.0.2.77")
    assert refused_for_too_many(response)
    assert logged_in_as(fresh) is None
    # Someone else, from yet another address, is not affected.
    other = make_user()
    ok = Client()
    attempt(ok, other.email, PASSWORD, ip="192.0.2.78")
    assert logged_in_as(ok) == other.pk


def test_a_successful_login_does_not_count_against_the_limit(make_user):
    person = make_user()
    for _ in range(7):
        client = Client()
        attempt(client, person.email, PASSWORD)
        assert logged_in_as(client) == person.pk


def test_too_many_login_posts_from_one_address_get_429(make_user):
    """30 a minute per address, whatever the accounts: the 31st is answered 429 Too Many Requests."""
    statuses = [attempt(Client(), f"nobody{i}@example.test", "x-guess-123456").status_code for i in range(31)]
    assert 429 not in statuses[:30]
    assert statuses[30] == 429
    # Another address is still served.
    assert attempt(Client(), "nobody@example.test", "x-guess-123456", ip="192.0.2.200").status_code == 200


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
