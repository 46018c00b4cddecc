"""The daily check-in on a 390x844 phone: the usual path (two feelings, three scales, save) fits in two
screens, sharing is chosen in plain view and the save button says it, a person alone sees no partner,
and saving works."""

from __future__ import annotations

import pytest

from closeknit.checkins.models import CheckIn
from closeknit.couples import services as couples
from tests.browser.helpers import log_in, wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TWO_SCREENS = 1700  # px of document height at 390px wide


def height(page) -> int:
    return page.evaluate("document.documentElement.scrollHeight")


def usual_path(page) -> None:
    page.goto("/checkin/")
    assert height(page) <= TWO_SCREENS, f"the check-in is {height(page)}px tall on a phone"
    page.check("input[name=feelings][value=calm]")
    page.check("input[name=feelings][value=tired]")
    page.click("label:has(#emotional_closeness-7)")  # a tap on the number, as a thumb would
    page.click("label:has(#physical_closeness-4)")
    page.click("label:has(#stress-6)")
    assert height(page) <= TWO_SCREENS, f"the check-in is {height(page)}px tall after answering"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_usual_path_fits_two_screens_and_shares_only_what_is_ticked(new_phone, couple):
    page = new_phone()
    log_in(page, couple.a)
    usual_path(page)
    save = page.locator("#save-checkin")
    assert save.inner_text() == "Save, just for me"
    page.check("input[name=shared][value=feelings]")
    page.check("input[name=shared][value=stress]")
    assert save.inner_text() == f"Save — share 2 answers with {couple.b.name}"
    page.uncheck("input[name=shared][value=stress]")
    assert save.inner_text() == f"Save — share 1 answer with {couple.b.name}"
    save.click()
    wait_for_path(page, "/")
    c = CheckIn.objects.get(author=couple.a)
    assert c.feelings == ["calm", "tired"]
    assert (c.emotional_closeness, c.physical_closeness, c.stress) == (7, 4, 6)
    assert c.shared == ["feelings"]


def test_a_scale_left_alone_is_saved_as_not_answered(new_phone, couple):
    page = new_phone()
    log_in(page, couple.a)
    page.goto("/checkin/")
    page.check("input[name=feelings][value=hopeful]")
    page.click("label:has(#stress-2)")
    page.click("label:has(#stress-skip)")  # changed my mind: back to "Skip"
    page.click("label:has(#emotional_closeness-9)")
    page.click("#save-checkin")
    wait_for_path(page, "/")
    c = CheckIn.objects.get(author=couple.a)
    assert (c.emotional_closeness, c.physical_closeness, c.stress) == (9, None, None)
    assert c.shared == []


def test_alone_no_partner_is_asked_about(new_phone, make_user):
    solo = make_user()
    couples.create_space(user=solo)
    page = new_phone()
    log_in(page, solo)
    usual_path(page)
    main = page.inner_text("main").lower()
    assert "partner" not in main and "share" not in main
    page.click("#checkin-texts summary")
    assert "one thing you appreciate today" in page.inner_text("main").lower()
    assert page.locator("#save-checkin").inner_text() == "Save my check-in"
    page.click("#save-checkin")
    wait_for_path(page, "/")
    c = CheckIn.objects.get(author=solo)
    assert c.feelings == ["calm", "tired"] and c.shared == []
