"""Sign up, verify by an emailed code (over real SMTP), log in and out: through allauth's real pages."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from allauth.account.models import EmailAddress
from django.conf import settings
from django.test import Client
from django.urls import reverse

from closeknit.accounts.models import User
from tests.accounts.conftest import CODE, URL, code_in, logged_in_as, path_of
from tests.conftest import PASSWORD, Mailbox

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "a-long-and-new-passphrase-42"


def sign_up(client: Client, email: str, password: str = NEW_PASSWORD):
    return client.post(reverse("account_signup"), {"email": email, "password1": password, "password2": password})


def log_in(client: Client, email: str, password: str = PASSWORD):
    return client.post(reverse("account_login"), {"login": email, "password": password})


def test_sign_up_verify_by_the_emailed_code_and_be_logged_in(client, smtp_server):
    response = sign_up(client, "New.Person@Example.test")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    user = User.objects.get(email="new.person@example.test")
    assert logged_in_as(client) is None  # mandatory verification: not in yet
    assert not EmailAddress.objects.get(user=user).verified
    page = client.get(reverse("account_email_verification_sent")).content.decode()
    assert "new.person@example.test" in page and 'autocomplete="one-time-code"' in page

    msg = smtp_server.wait_for("new.person@example.test")
    assert msg["Subject"] == "closeknit: Confirm your email address"
    assert "Here is your code to confirm that this is your email address" in Mailbox.body(msg)
    assert URL.findall(Mailbox.body(msg)) == []  # nothing a mail scanner could open
    code = code_in(msg)

    # Typing it (in any case) verifies and logs in, in the browser that signed up.
    response = client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": code.lower()})
    assert response.status_code == 302
    assert EmailAddress.objects.get(user=user).verified
    assert logged_in_as(client) == user.pk
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_the_code_is_useless_in_another_browser(client, smtp_server):
    sign_up(client, "elsewhere@example.test")
    code = code_in(smtp_server.wait_for("elsewhere@example.test"))
    other = Client()
    response = other.post(reverse("account_email_verification_sent"), {"action": "verify", "code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not EmailAddress.objects.get(email="elsewhere@example.test").verified
    assert logged_in_as(other) is None


def test_three_wrong_codes_end_the_sign_up_until_a_new_login(client, smtp_server):
    sign_up(client, "fumbles@example.test")
    code = code_in(smtp_server.wait_for("fumbles@example.test"))
    for _ in range(2):
        response = client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": "NOPE-NOPE"})
        assert response.status_code == 200 and response.context["form"].errors["code"]
    response = client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": "NOPE-NOPE"})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    response = client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": code})
    assert logged_in_as(client) is None
    assert not EmailAddress.objects.get(email="fumbles@example.test").verified
    # Logging in again sends a fresh code, which works.
    response = log_in(client, "fumbles@example.test", NEW_PASSWORD)
    assert response["Location"] == reverse("account_email_verification_sent")
    fresh = [m for m in smtp_server.messages if m["To"] == "fumbles@example.test"][-1]
    assert code_in(fresh) != code
    client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": code_in(fresh)})
    assert EmailAddress.objects.get(email="fumbles@example.test").verified
    assert logged_in_as(client) is not None


def test_a_new_code_can_be_asked_for_and_only_the_newest_works(client, smtp_server):
    sign_up(client, "patient@example.test")
    first = code_in(smtp_server.wait_for("patient@example.test"))
    assert 'id="resend-email-code"' in client.get(reverse("account_email_verification_sent")).content.decode()
    response = client.post(reverse("account_email_verification_sent"), {"action": "resend"})
    assert response.status_code == 302
    mails = [m for m in smtp_server.messages if m["To"] == "patient@example.test"]
    assert len(mails) == 2
    second = code_in(mails[-1])
    client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": first})
    assert logged_in_as(client) is None
    client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": second})
    assert EmailAddress.objects.get(email="patient@example.test").verified


def test_the_code_lasts_fifteen_minutes(client, smtp_server):
    sign_up(client, "slow@example.test")
    code = code_in(smtp_server.wait_for("slow@example.test"))
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(minutes=15, seconds=5)):
        response = client.post(reverse("account_email_verification_sent"), {"action": "verify", "code": code})
    assert response.status_code == 302 and response["Location"] == reverse("account_login")
    assert not EmailAddress.objects.get(email="slow@example.test").verified


def test_an_unverified_person_cannot_log_in(client, smtp_server):
    sign_up(client, "unverified@example.test")
    smtp_server.wait_for("unverified@example.test")
    browser = Client()
    response = log_in(browser, "unverified@example.test", NEW_PASSWORD)
    assert logged_in_as(browser) is None
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    protected = browser.get(reverse("accounts:settings"))
    assert protected.status_code == 302 and protected["Location"].startswith(reverse("account_login"))


def test_signup_refuses_a_taken_address_and_weak_passwords(client, make_user, smtp_server):
    taken = make_user(email="taken@example.test")
    response = sign_up(client, "TAKEN@example.test")
    # allauth keeps quiet about existing accounts (no enumeration): it looks like success and the
    # owner gets an email instead; no second account is made.
    assert User.objects.filter(email__iexact="taken@example.test").count() == 1
    assert logged_in_as(client) is None
    assert response.status_code in (200, 302)
    msg = smtp_server.wait_for(taken.email)
    assert msg["Subject"] == "closeknit: You already have an account"
    body = Mailbox.body(msg)
    assert "You already have one, so we didn't make another" in body
    assert settings.SITE_URL.rstrip("/") + reverse("account_reset_password") in body
    assert CODE.findall(body) == []  # no code that would confirm anything

    for weak in ("short", "password123", "1234567890123"):
        response = sign_up(Client(), "weak@example.test", weak)
        assert response.status_code == 200 and response.context["form"].errors.get("password1")
    assert not User.objects.filter(email="weak@example.test").exists()


def test_log_in_and_out(client, make_user):
    person = make_user()
    response = log_in(client, person.email)
    assert response.status_code == 302
    assert logged_in_as(client) == person.pk
    assert client.get(reverse("accounts:settings")).status_code == 200

    # Following a link to the logout page does not log out (a GET can be triggered by any page) ...
    assert client.get(reverse("account_logout")).status_code == 200
    assert logged_in_as(client) == person.pk
    # ... the button (a POST) does.
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert logged_in_as(client) is None
    protected = client.get(reverse("accounts:settings"))
    assert protected.status_code == 302 and protected["Location"].startswith(reverse("account_login"))


def test_wrong_password_and_unknown_address_get_the_same_answer(client, make_user):
    person = make_user()
    wrong = log_in(client, person.email, "not-the-password-1")
    unknown = log_in(Client(), "nobody@example.test", "not-the-password-1")
    assert wrong.status_code == unknown.status_code == 200
    assert wrong.context["form"].errors == unknown.context["form"].errors
    assert logged_in_as(client) is None


def test_the_admin_login_goes_through_allauth(client, make_user):
    staff = make_user(is_staff=True, is_superuser=True)
    response = client.get("/admin/login/")
    assert response.status_code == 302 and path_of(response["Location"]) == reverse("account_login")
    # Posting credentials straight to the admin's own form does nothing.
    response = client.post("/admin/login/", {"username": staff.email, "password": PASSWORD})
    assert response.status_code == 302 and logged_in_as(client) is None
    log_in(client, staff.email)
    assert client.get("/admin/").status_code == 200


def test_the_login_page_offers_a_code_instead_of_the_password(client):
    page = client.get(reverse("account_login")).content.decode()
    assert 'id="use-login-code"' in page and reverse("account_request_login_code") in page


def test_a_code_for_an_unknown_address_reveals_nothing(client, mailoutbox):
    """Same answer as for a real account; the email to that address says, in our words, there is none."""
    response = client.post(reverse("account_request_login_code"), {"email": "nobody-here@example.test"})
    assert response.status_code == 302 and response["Location"] == reverse("account_confirm_login_code")
    page = client.get(reverse("account_confirm_login_code")).content.decode()
    assert "nobody-here@example.test" in page and "If nobody-here@example.test has an account" in page
    (mail,) = mailoutbox
    assert mail.to == ["nobody-here@example.test"]
    assert "There is no account with this address" in mail.body and "/accounts/signup/" in mail.body
