"""TOTP two-factor through allauth.mfa, with codes computed here from the secret (RFC 6238)."""

from __future__ import annotations

import time

import pytest
from allauth.mfa.models import Authenticator
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import hotp, logged_in_as, path_of, post_totp, totp
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_our_totp_matches_the_rfc_6238_test_vectors():
    # RFC 6238 appendix B, SHA-1, secret "12345678901234567890", 8 digits.
    import base64

    secret = base64.b32encode(b"12345678901234567890").decode()
    assert totp(secret, at=59, digits=8) == "94287082"
    assert totp(secret, at=1111111109, digits=8) == "07081804"
    assert totp(secret, at=2000000000, digits=8) == "69279037"
    # RFC 4226 appendix D, 6 digits.
    assert [hotp(secret, c) for c in range(3)] == ["755224", "287082", "359152"]


def log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def confirm_password(client: Client) -> None:
    """Security settings ask for the password again, even right after logging in."""
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 302
    assert path_of(response["Location"]) == reverse("account_reauthenticate")
    response = client.post(response["Location"], {"password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("mfa_activate_totp")


def turn_on_totp(client: Client) -> str:
    confirm_password(client)
    response = client.get(reverse("mfa_activate_totp"))
    assert response.status_code == 200
    secret = response.context["form"].secret
    assert secret and len(secret) >= 32  # 160 bits, base32
    response = post_totp(client, reverse("mfa_activate_totp"), secret)
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    return secret


def test_turn_on_totp_then_login_asks_for_the_code(make_user):
    person = make_user()
    browser = Client()
    log_in(browser, person.email)
    assert logged_in_as(browser) == person.pk

    # A wrong code does not turn it on.
    confirm_password(browser)
    response = browser.get(reverse("mfa_activate_totp"))
    secret = response.context["form"].secret
    wrong = hotp(secret, int(time.time()) // 30 + 1000)
    refused = browser.post(reverse("mfa_activate_totp"), {"code": wrong})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert not Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).exists()
    assert refused.context["form"].secret == secret  # the same secret stays on offer in this session

    response = post_totp(browser, reverse("mfa_activate_totp"), secret)
    assert response.status_code == 302
    assert Authenticator.objects.filter(user=person, type=Authenticator.Type.TOTP).count() == 1
    browser.post(reverse("account_logout"))
    assert logged_in_as(browser) is None

    # The password alone now leads to the code step, not into the account.
    phone = Client()
    response = log_in(phone, person.email)
    assert response.status_code == 302 and response["Location"] == reverse("mfa_authenticate")
    assert logged_in_as(phone) is None
    assert phone.get(reverse("accounts:settings")).status_code == 302

    # Wrong codes are refused: one from another time window, and nonsense.
    for code in (hotp(secret, int(time.time()) // 30 + 1000), "000000x", ""):
        response = phone.post(reverse("mfa_authenticate"), {"code": code})
        assert response.status_code == 200 and response.context["form"].errors
        assert logged_in_as(phone) is None

    response = post_totp(phone, reverse("mfa_authenticate"), secret)
    assert response.status_code == 302
    assert logged_in_as(phone) == person.pk
    assert phone.get(reverse("accounts:settings")).status_code == 200


def test_a_used_code_cannot_be_replayed(make_user):
    person = make_user()
    browser = Client()
    log_in(browser, person.email)
    secret = turn_on_totp(browser)

    # The refusal must come from the replay check, not from the window ending: do it all in one window.
    for _ in range(3):
        window = int(time.time()) // 30
        code = totp(secret)
        first = Client()
        log_in(first, person.email)
        first.post(reverse("mfa_authenticate"), {"code": code})
        # Someone who watched the code being typed, with the password too, within the same 30 seconds:
        thief = Client()
        log_in(thief, person.email)
        response = thief.post(reverse("mfa_authenticate"), {"code": code})
        if int(time.time()) // 30 == window:
            break
    assert logged_in_as(first) == person.pk
    assert response.status_code == 200 and response.context["form"].errors
    assert logged_in_as(thief) is None


def test_the_code_step_cannot_be_skipped(make_user):
    person = make_user()
    browser = Client()
    log_in(browser, person.email)
    turn_on_totp(browser)
    browser.post(reverse("account_logout"))

    sneaky = Client()
    log_in(sneaky, person.email)
    for name in ("accounts:settings", "mfa_activate_totp", "account_email"):
        response = sneaky.get(reverse(name))
        assert response.status_code == 302
        assert logged_in_as(sneaky) is None
