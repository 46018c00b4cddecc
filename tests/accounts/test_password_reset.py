"""Forgot the password: a code by email (real SMTP), typed in the browser that asked, a new password, and
the old one stops working. The same code flow serves apps (tests/api/test_auth_codes.py)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import URL, code_in, logged_in_as
from tests.conftest import PASSWORD, Mailbox

pytestmark = pytest.mark.django_db

NEW = "river-stones-and-late-light-7"


def log_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def ask_for_a_code(client: Client, email: str):
    return client.post(reverse("account_reset_password"), {"email": email})


def test_reset_by_emailed_code(client, make_user, smtp_server):
    person = make_user(email="forgetful@example.test")
    response = ask_for_a_code(client, "Forgetful@Example.test")
    assert response.status_code == 302 and response["Location"] == reverse("account_confirm_password_reset_code")
    page = client.get(response["Location"]).content.decode()
    assert "forgetful@example.test" in page and 'autocomplete="one-time-code"' in page

    msg = smtp_server.wait_for(person.email)
    assert msg["Subject"] == "closeknit: Your code to choose a new password"
    assert "Someone (we hope you) asked to choose a new password" in Mailbox.body(msg)
    assert URL.findall(Mailbox.body(msg)) == []  # nothing to click: the code is typed where it was asked for
    code = code_in(msg)

    # The code opens the new-password form; until then the form sends the person back to the code.
    assert client.get(reverse("account_complete_password_reset"))["Location"] == reverse(
        "account_confirm_password_reset_code"
    )
    response = client.post(reverse("account_confirm_password_reset_code"), {"code": code.lower()})
    assert response.status_code == 302 and response["Location"] == reverse("account_complete_password_reset")
    assert client.get(response["Location"]).status_code == 200
    response = client.post(reverse("account_complete_password_reset"), {"password1": NEW, "password2": NEW})
    assert response.status_code == 302 and response["Location"] == reverse("account_password_reset_completed")
    done = client.get(response["Location"]).content.decode()
    assert "Your new password is set" in done

    old = Client()
    log_in(old, person.email, PASSWORD)
    assert logged_in_as(old) is None
    new = Client()
    log_in(new, person.email, NEW)
    assert logged_in_as(new) == person.pk

    # The code is single-use: once the password changed, the flow is over.
    response = client.post(reverse("account_confirm_password_reset_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")


def test_the_code_works_only_in_the_browser_that_asked(client, make_user, smtp_server):
    person = make_user()
    ask_for_a_code(client, person.email)
    code = code_in(smtp_server.wait_for(person.email))
    other = Client()
    response = other.post(reverse("account_confirm_password_reset_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert other.post(reverse("account_complete_password_reset"), {"password1": NEW, "password2": NEW})[
        "Location"
    ] == reverse("account_reset_password")
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_three_wrong_codes_end_it(client, make_user, smtp_server):
    person = make_user()
    ask_for_a_code(client, person.email)
    code = code_in(smtp_server.wait_for(person.email))
    for _ in range(2):
        response = client.post(reverse("account_confirm_password_reset_code"), {"code": "WRNG-CODE"})
        assert response.status_code == 200 and response.context["form"].errors["code"]
    response = client.post(reverse("account_confirm_password_reset_code"), {"code": "WRNG-CODE"})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    # Even the right code is useless now: a new one has to be asked for.
    response = client.post(reverse("account_confirm_password_reset_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")


def test_the_code_lasts_ten_minutes(client, make_user, smtp_server):
    person = make_user()
    ask_for_a_code(client, person.email)
    code = code_in(smtp_server.wait_for(person.email))
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(seconds=601)):
        response = client.post(reverse("account_confirm_password_reset_code"), {"code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")


def test_reset_refuses_mismatched_or_weak_passwords_and_changes_nothing(client, make_user, smtp_server):
    person = make_user()
    ask_for_a_code(client, person.email)
    client.post(reverse("account_confirm_password_reset_code"), {"code": code_in(smtp_server.wait_for(person.email))})
    form_url = reverse("account_complete_password_reset")
    for one, two in [(NEW, NEW + "x"), ("short", "short"), ("1234567890123", "1234567890123")]:
        response = client.post(form_url, {"password1": one, "password2": two})
        assert response.status_code == 200 and response.context["form"].errors
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_reset_for_an_unknown_address_looks_the_same(client, smtp_server):
    """No account enumeration: same answer; the mailbox owner learns there is no account, gets no code."""
    response = ask_for_a_code(client, "stranger@example.test")
    assert response.status_code == 302 and response["Location"] == reverse("account_confirm_password_reset_code")
    assert "If stranger@example.test has an account" in client.get(response["Location"]).content.decode()
    msg = smtp_server.wait_for("stranger@example.test")
    assert "There is no account with this address" in Mailbox.body(msg)
    assert Client().get(reverse("account_login")).status_code == 200
