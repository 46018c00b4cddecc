"""Forgot the password: a link by email (real SMTP), a new password, the old one stops working."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.accounts.conftest import link_in, logged_in_as, path_of
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

NEW = "river-stones-and-late-light-7"


def log_in(client: Client, email: str, password: str):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_reset_by_emailed_link(client, make_user, smtp_server):
    person = make_user(email="forgetful@example.test")
    response = client.post(reverse("account_reset_password"), {"email": "Forgetful@Example.test"})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")

    msg = smtp_server.wait_for(person.email)
    assert msg["Subject"].startswith("closeknit: ")
    link = path_of(link_in(msg, "/accounts/password/reset/key/"))

    # The key moves from the address into the session, so it does not leak through the Referer header.
    response = client.get(link)
    assert response.status_code == 302
    form_url = response["Location"]
    assert form_url.endswith("-set-password/")
    assert client.get(form_url).status_code == 200
    response = client.post(form_url, {"password1": NEW, "password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == reverse("account_reset_password_from_key_done")

    old = Client()
    log_in(old, person.email, PASSWORD)
    assert logged_in_as(old) is None
    new = Client()
    log_in(new, person.email, NEW)
    assert logged_in_as(new) == person.pk

    # The link is single-use: once the password changed, the key no longer matches.
    again = Client()
    response = again.get(link, follow=True)
    assert response.context["token_fail"] is True


def test_reset_refuses_mismatched_or_weak_passwords_and_changes_nothing(client, make_user, smtp_server):
    person = make_user()
    client.post(reverse("account_reset_password"), {"email": person.email})
    link = path_of(link_in(smtp_server.wait_for(person.email), "/accounts/password/reset/key/"))
    form_url = client.get(link)["Location"]
    for one, two in [(NEW, NEW + "x"), ("short", "short"), ("1234567890123", "1234567890123")]:
        response = client.post(form_url, {"password1": one, "password2": two})
        assert response.status_code == 200 and response.context["form"].errors
    person.refresh_from_db()
    assert person.check_password(PASSWORD)


def test_reset_for_an_unknown_address_looks_the_same(client, smtp_server):
    """No account enumeration: same answer; the mailbox owner learns there is no account, gets no link."""
    response = client.post(reverse("account_reset_password"), {"email": "stranger@example.test"})
    assert response.status_code == 302 and response["Location"] == reverse("account_reset_password_done")
    msg = smtp_server.wait_for("stranger@example.test")
    assert "/accounts/password/reset/key/" not in msg.as_string()
