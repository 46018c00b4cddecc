"""Two phones: once both have checked in, one taps a heart under the other's revealed answers; the author's
Today says so, and the sender's button reads as pressed. Nobody else is on these pages to see it."""

from __future__ import annotations

import pytest

from closeknit.checkins import services
from tests.browser.helpers import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_heart_reaches_the_author_and_only_them(new_phone, couple):
    answers = {"feelings": ["calm"], "appreciation": "Thanks for the walk.", "shared": ["feelings", "appreciation"]}
    theirs, _ = services.save_today(user=couple.a, answers=answers)
    services.save_today(user=couple.b, answers=answers)
    sender, author = new_phone(), new_phone()
    log_in(sender, couple.b)
    log_in(author, couple.a)

    heart = sender.locator(f"#react-{theirs.pk} button[value=heart]")
    assert heart.get_attribute("aria-pressed") == "false"
    box = heart.bounding_box()
    assert box and box["width"] >= 44 and box["height"] >= 44
    heart.click()
    sender.wait_for_url(f"**/#react-{theirs.pk}")
    assert sender.locator(f"#react-{theirs.pk} button[value=heart]").get_attribute("aria-pressed") == "true"

    author.reload()
    assert f"{couple.b.name} sent you a heart for this." in author.inner_text(f"#react-{theirs.pk}")
    assert author.locator(f"form#react-{theirs.pk}").count() == 0  # no one reacts to their own
