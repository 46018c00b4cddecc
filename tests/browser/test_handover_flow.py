"""Handing care over in a real browser: the departing clinician hands a couple to a colleague from
the episode page; a partner sees the notice on their care page and chooses again what to share; the
new clinician then sees that, and only that."""

from __future__ import annotations

import pytest

from closeknit.checkins import services as checkins
from closeknit.clinic.services import care
from tests.browser.helpers import log_in as _log_in
from tests.clinic.conftest import clinic  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
DESKTOP = {"width": 1280, "height": 800}


def test_hand_over_and_re_confirm(browser, new_phone, live_server, clinic, make_couple, answers):  # noqa: F811
    couple = make_couple()
    episode = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=episode.join_token)
        care.acknowledge(user=p, episode_id=episode.pk, policy="no_secrets")
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    checkins.save_today(user=couple.a, answers=answers)

    ctx = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    doc = ctx.new_page()
    _log_in(doc, clinic.rivera.user)
    doc.goto(f"/clinic/care/{episode.pk}/")
    doc.click("#hand-over")
    doc.select_option("#handover-to", str(clinic.okafor.pk))
    doc.click("#handover-submit")
    doc.wait_for_selector(f"#handover-row-{episode.pk}", state="detached")
    assert doc.goto(f"/clinic/care/{episode.pk}/").status == 404  # no longer theirs
    ctx.close()

    a = new_phone()
    _log_in(a, couple.a)
    a.goto("/care/")
    notice = a.locator(f"#handover-{episode.pk}")
    assert "Jo Okafor" in notice.inner_text()
    assert a.is_checked("#reshare-checkins")  # offered back, not yet applied
    a.click("#handover-accept")
    a.wait_for_selector("#shared-checkins")
    assert a.locator(f"#handover-{episode.pk}").count() == 0

    ctx = browser.new_context(viewport=DESKTOP, base_url=live_server.url)
    jo = ctx.new_page()
    _log_in(jo, clinic.okafor.user)
    jo.goto(f"/clinic/care/{episode.pk}/")
    jo.click(f"#show-checkins-{couple.a.pk}")
    assert answers["appreciation"] in jo.locator(f"#checkins-{couple.a.pk}").inner_text()
    ctx.close()
