"""Two partners on two phones hold a speaker-listener conversation: the floor passes between them,
the listener says back before replying, and a pause reaches both phones. Polling (htmx every 2 s)
carries each change to the other phone, with no reload."""

from __future__ import annotations

import pytest

from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_turns_pass_between_two_phones(new_phone, make_couple):
    pair = make_couple()
    a, b = new_phone(), new_phone()
    log_in(a, pair.a)
    log_in(b, pair.b)

    a.goto("/practices/hard-conversation/")
    start = a.locator("#start-talk").bounding_box()
    assert start and start["y"] + start["height"] <= 844  # starting is on the first screen, no scrolling
    a.click("#start-talk")
    a.check("input[value=feel-worried]")
    a.check("input[value=about-chores]")
    a.check("input[value=need-hug]")
    assert (
        a.inner_text("#opener-preview")
        == "I feel worried about how the chores are shared. I need a hug when we get home."
    )
    a.click("#begin-talk")
    assert a.inner_text("#floor-holder") == "You have the floor"
    assert a.is_visible("#get-help") and a.is_visible("#quick-exit")
    # The speaker's time waits for the other phone.
    assert f"Waiting for {pair.b.name} to join" in a.inner_text("#waiting-partner")
    assert a.locator("#timer-clock").count() == 0

    # The other phone knows: a card on Today, with the opener's name and none of the opening's words.
    b.goto("/")
    card = b.locator("#talk-waiting")
    assert f"{pair.a.name} opened a conversation" in card.inner_text()
    assert "chores" not in b.content()
    card.locator("#join-talk").click()
    b.wait_for_url("**/practices/talk/*/")
    assert "has the floor" in b.inner_text("#floor-holder")
    a.locator("#timer-clock").wait_for()  # both are here: the clock starts, by polling
    assert a.locator("#waiting-partner").count() == 0
    assert "I feel worried about how the chores are shared" in b.inner_text("#opener")
    assert b.locator("#done-speaking").count() == 0  # only the one with the floor can pass it

    a.click("#done-speaking")
    b.wait_for_selector("#said-back")  # reached the other phone by polling
    b.click("#said-back")
    a.wait_for_selector("#felt-heard")
    a.click("#felt-heard")
    b.wait_for_selector("text=You have the floor")  # the floor passed
    assert "has the floor" in a.inner_text("#floor-holder")

    b.click("#pause")
    a.wait_for_selector("text=Taking a break")
    assert a.is_disabled("#resume")
    assert a.is_visible("#get-help") and a.is_visible("#quick-exit")
