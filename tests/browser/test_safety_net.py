"""In the browser, as a person would meet it: a check-in note with crisis words brings help to its author
on the very next screen; the partner's phone shows nothing of it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from closeknit.checkins import services
from tests.browser.helpers import log_in as _log_in
from tests.browser.helpers import wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_help_appears_for_the_author_only(new_phone, couple, answers):
    a, b = new_phone(), new_phone()
    _log_in(a, couple.a.email)
    _log_in(b, couple.b.email)
    services.create_checkin(user=couple.b, answers=answers)  # so B would see A's shared answers

    a.goto("/checkin/")
    a.click("#more-feelings summary")
    a.check("input[name=feelings][value=numb]")
    a.click("#checkin-texts summary")
    a.fill("#note", "I keep thinking everyone would be better off if I was gone.")
    a.check("input[name=shared][value=note]")
    a.click("#save-checkin")
    wait_for_path(a, "/")
    card = a.locator("#support-card")
    expect(card).to_be_visible()
    assert "Only you see this" in card.inner_text()

    b.goto("/")
    assert b.locator("#support-card").count() == 0
    assert "carry this alone" not in b.content() and "sounded heavy" not in b.content()

    with a.expect_navigation():  # from Today back to Today: the address alone cannot tell it arrived
        a.click("#not-about-me")
    assert a.locator("#support-card").count() == 0
