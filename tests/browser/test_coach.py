"""In the browser, on a phone: the coach flags a harsh start-up with the phrase shown, the suggested
rewrite goes into the box with one tap and no longer triggers it, and sending works. Crisis words in
the opening bring help to the writer, and nothing of it to the partner's phone."""

from __future__ import annotations

import pytest

from closeknit.practices.models import Conversation
from tests.browser.helpers import log_in as _log_in
from tests.browser.helpers import wait_for_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

HARSH = "You never listen to me and you always make everything about yourself."


def _no_sideways_scroll(page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_coach_flags_harsh_start_up_and_the_rewrite_passes(new_phone, couple):
    a = new_phone()
    _log_in(a, couple.a.email)
    a.goto("/practices/hard-conversation/talk/")
    a.fill("#own", HARSH)
    a.click("#coach-check-own")
    card = a.locator("#coach-card-own")
    card.wait_for()
    assert "You never listen to me" in a.locator("#coach-card-own mark").first.inner_text()
    assert "Criticism" in card.inner_text()
    _no_sideways_scroll(a)
    rewrite = a.input_value("#rewrite-own")
    assert rewrite and rewrite != HARSH
    a.click("#coach-use-own")
    assert a.input_value("#own") == rewrite
    a.click("#coach-check-own")
    a.locator("#coach-ok-own").wait_for()
    assert a.locator("#coach-card-own").count() == 0
    a.click("#begin-talk")
    a.wait_for_url("**/practices/talk/*/")
    assert Conversation.objects.get().opener == rewrite
    assert rewrite in a.content()


def test_own_words_are_always_free_to_go(new_phone, couple):
    a = new_phone()
    _log_in(a, couple.a.email)
    a.goto("/practices/hard-conversation/talk/")
    a.fill("#own", HARSH)
    a.click("#begin-talk")  # the first submit shows the coach instead of sending
    a.locator("#coach-card-own").wait_for()
    assert Conversation.objects.count() == 0
    a.click("#coach-send-own")
    a.wait_for_url("**/practices/talk/*/")
    assert Conversation.objects.get().opener == HARSH


def test_crisis_words_in_the_opening_bring_help_to_the_writer_only(new_phone, couple):
    a, b = new_phone(), new_phone()
    _log_in(a, couple.a.email)
    _log_in(b, couple.b.email)
    a.goto("/practices/hard-conversation/talk/")
    a.fill("#own", "Some days I want to kill myself, and I need us to talk.")
    a.click("#begin-talk")
    a.wait_for_url("**/practices/talk/*/")
    card = a.locator("#support-card")
    assert card.is_visible() and "Only you see this" in card.inner_text()
    _no_sideways_scroll(a)
    b.goto(a.url.replace(a.url.split("/practices/")[0], ""))
    assert b.locator("#support-card").count() == 0
    assert "carry this alone" not in b.content()


def _in_view(page, selector: str) -> bool:
    """The note starts on screen, below the sticky top bar, in the upper half (a note taller than a
    phone's screen cannot fit whole; its title and the phrase must be what the person sees first)."""
    box = page.locator(selector).bounding_box()
    bar = page.evaluate("document.querySelector('.topbar').getBoundingClientRect().bottom")
    return bool(box) and bar - 1 <= box["y"] < page.viewport_size["height"] / 2


def test_a_held_check_in_comes_back_at_the_coach_not_the_top(new_phone, couple):
    """The check-in is a long page: saving a sharp need must land on the coach's note, on screen and
    focused, with a word near the top; "Send my own words" still saves them as written."""
    from closeknit.checkins.models import CheckIn

    a = new_phone()
    _log_in(a, couple.a.email)
    a.goto("/checkin/")
    a.check("#common-feelings input[name=feelings] >> nth=0", force=True)
    a.click("#checkin-texts summary")
    a.fill("#need", HARSH)
    a.check("#share-choices input[value=need]", force=True)
    a.click("#save-checkin")
    a.locator("#coach-card-need").wait_for()
    assert CheckIn.objects.count() == 0
    assert a.evaluate("document.activeElement.id") == "coach-card-need"
    assert _in_view(a, "#coach-card-need"), a.locator("#coach-card-need").bounding_box()
    assert a.evaluate("document.documentElement.scrollHeight") > a.viewport_size["height"]  # a page that scrolls
    assert "A note from the coach" in a.inner_text("#coach-note")
    _no_sideways_scroll(a)
    a.click("#coach-send-need")
    wait_for_path(a, "/")
    assert CheckIn.objects.get().need == HARSH
