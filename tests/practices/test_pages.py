"""Every practices page renders for a person in a couple, keeps the crisis link and quick exit, and
works without script (plain forms that post and redirect)."""

from __future__ import annotations

from html import unescape

import pytest
from django.test import Client

from closeknit.practices import services
from closeknit.practices.flows import talk as talks
from closeknit.practices.library import library

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _safe(response) -> str:
    html = unescape(response.content.decode())
    assert 'id="get-help"' in html and 'id="quick-exit"' in html, "crisis help and quick exit on every page"
    return html


def test_index_lists_practices_by_driver_and_length(couple):
    c = _client(couple.a)
    html = _safe(c.get("/practices/"))
    assert "Talking through a hard topic" in html and "When it's about" in html
    html = _safe(c.get("/practices/?by=length&mode=solo"))
    assert "5 minutes or less" in html
    assert "Talking through a hard topic" not in html  # not a solo practice


@pytest.mark.parametrize("slug", sorted(library().practices))
def test_every_practice_page_and_its_flow_render(couple, slug):
    c = _client(couple.a)
    html = _safe(c.get(f"/practices/{slug}/"))
    assert library().get(slug).title in html
    response = c.post(f"/practices/{slug}/start/")
    assert response.status_code == 302
    run_url = response["Location"]
    for _ in library().get(slug).steps:
        _safe(c.get(run_url))
        assert c.post(run_url, {"action": "next"}).status_code == 302
    html = _safe(c.get(run_url))
    assert 'id="finish"' in html


def test_whats_on_your_mind_gives_three_with_reasons(couple):
    html = _safe(_client(couple.a).get("/practices/mind/", {"concern": "we keep fighting about money"}))
    assert html.count('class="pr-reason"') == 3


def test_unknown_practice_is_404(couple):
    assert _client(couple.a).get("/practices/no-such-thing/").status_code == 404


def test_talk_pages_render(couple):
    c = _client(couple.a)
    _safe(c.get("/practices/hard-conversation/talk/"))
    r = c.post(
        "/practices/hard-conversation/talk/", {"feel": "feel-worried", "about": "about-bills", "need": "need-talk"}
    )
    assert r.status_code == 302
    talk = talks.open_for(couple.a)
    assert talk.opener == "I feel worried about how we split the bills. I need some time to talk about it this week."
    html = _safe(_client(couple.b).get(f"/practices/talk/{talk.pk}/"))
    assert "has the floor" in html and talk.opener in html


def test_gratitude_and_moments_pages(couple):
    c = _client(couple.a)
    assert c.post("/practices/gratitude/", {"text": "Thanks for the tea."}).status_code == 302
    assert "Thanks for the tea." in _safe(_client(couple.b).get("/practices/gratitude/"))
    assert c.post("/practices/moments/", {"text": "Our first picnic", "happened_on": "2020-05-01"}).status_code == 302
    assert "Our first picnic" in _safe(_client(couple.b).get("/practices/moments/"))
    assert c.post("/practices/moments/", {"text": "x", "happened_on": "soon"}).status_code == 400


def test_ics_download(couple):
    r = _client(couple.a).get("/practices/plan.ics", {"idea": "home-game", "date": "2030-01-05", "time": "19:30"})
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    body = r.content.decode()
    assert "BEGIN:VEVENT" in body and "DTSTART" in body and "BEGIN:VALARM" in body
    assert _client(couple.a).get("/practices/plan.ics", {"idea": "nope", "date": "2030-01-05"}).status_code == 400


def test_log_pages(couple):
    log = services.start(user=couple.a, slug="eye-contact")
    services.finish(user=couple.a, log_id=log.pk, reflection="It felt tender.", shared=True)
    c = _client(couple.b)
    assert "It felt tender." in _safe(c.get("/practices/log/"))
    assert "It felt tender." in _safe(c.get(f"/practices/log/{log.pk}/"))


def test_date_ideas_filter_by_budget_and_time(couple):
    c = _client(couple.a)
    run_url = c.post("/practices/plan-time-together/start/")["Location"]
    html = _safe(c.get(run_url, {"budget": "free", "time": "30-min"}))
    ideas = library().decks["date-ideas"].items
    for item in ideas:
        fits = item.budget == "free" and item.time == "30-min"
        assert (f'value="{item.id}"' in html) == fits, item.id


def test_gestures_start_small_and_open_a_set_at_a_time(couple):
    from closeknit.practices import selectors

    deck = library().decks["touch-gestures"]
    c = _client(couple.a)
    assert selectors.gesture_sets_open(couple.a) == 1
    for n in range(3):
        log = services.start(user=couple.a, slug="small-touches")
        services.finish(user=couple.a, log_id=log.pk, detail=deck.sets[0].items[n].id)
    assert selectors.gesture_sets_open(couple.a) == 2
    run_url = c.post("/practices/small-touches/start/")["Location"]
    for _ in deck.sets:
        c.post(run_url, {"action": "next"})
    html = c.get(run_url).content.decode()
    assert f'value="{deck.sets[1].items[0].id}"' in html
    assert f'value="{deck.sets[2].items[0].id}"' not in html


def test_a_person_alone_is_offered_the_path_for_a_partner_who_pulls_away(make_user, couple):
    alone = make_user()
    assert "when-your-partner-pulls-away" in _safe(_client(alone).get("/practices/"))
    assert 'id="solo-path"' not in _safe(_client(couple.a).get("/practices/"))
