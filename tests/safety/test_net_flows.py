"""The crisis safety net in every flow where a person writes free text: the author sees help at once,
on the very next screen; the partner sees nothing of it; switching the net off switches it all off."""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.practices import services as practices
from closeknit.practices.flows import paired
from closeknit.practices.flows import talk as talks
from closeknit.practices.models import Note
from closeknit.safety import net

pytestmark = pytest.mark.django_db

HEAVY = "I keep thinking everyone would be better off if I was gone."
URGENT = "I want to kill myself."
HURT = "My partner hits me when he is angry and I am scared of him."
CALM = "Thank you for the coffee, it made my day."
CARD_WORDS = ("support-card", "carry this alone", "sounded heavy")


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _has_card(html: str) -> bool:
    return 'id="support-card"' in html


def _no_trace(html: str) -> None:
    for word in CARD_WORDS:
        assert word not in html


def test_screen_finds_kinds_and_tones_and_never_keeps_words():
    assert net.check([CALM]) == ([], [])
    support, kinds = net.check({"a": HURT, "b": "", "c": None})
    assert {"kind": "violence", "level": "urgent"} in support
    assert "abuse" in kinds
    assert net.check([URGENT])[0] == [{"kind": "crisis", "level": "urgent"}]
    assert all(set(s) == {"kind", "level"} for s in support)  # no evidence, no words


def test_the_setting_switches_the_net_off(couple, answers, settings):
    settings.SAFETY_NET = False
    assert net.screen(user=couple.a, texts=[URGENT], where="checkin") == []
    c = checkins.create_checkin(user=couple.a, answers=dict(answers, note=URGENT))
    assert c.support == []
    settings.SAFETY_NET = True
    c = checkins.update_checkin(user=couple.a, checkin_id=c.pk, answers=dict(answers, note=URGENT))
    assert CheckIn.objects.get(pk=c.pk).support == [{"kind": "crisis", "level": "urgent"}]


def test_checkin_keeps_support_for_the_author_alone(couple, answers):
    checkins.create_checkin(user=couple.b, answers=answers)
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=HURT, shared=["note", "feelings"]))
    a, b = _client(couple.a), _client(couple.b)
    assert _has_card(a.get("/").content.decode())
    _no_trace(b.get("/").content.decode())
    # The partner's API view of the check-in has no trace of the net either.
    today = b.get("/api/checkins/today").content.decode()
    assert "support" not in today and "violence" not in today and "urgent" not in today


@pytest.mark.parametrize("kind,url", [("gratitude", "/practices/gratitude/"), ("moment", "/practices/moments/")])
def test_notes_show_help_on_the_next_screen_only_to_the_author(couple, kind, url):
    a, b = _client(couple.a), _client(couple.b)
    r = a.post(url, {"text": HEAVY, "coach": "send"})
    assert r.status_code == 302
    page = a.get(r["Location"]).content.decode()
    assert _has_card(page) and "Only you see this" in page
    assert not _has_card(a.get(url).content.decode())  # shown once, not kept
    note = Note.objects.get(author=couple.a, kind=kind)
    assert not hasattr(Note.objects.get(pk=note.pk), "support")  # no column: nothing persisted
    partner_page = b.get(url).content.decode()
    assert HEAVY in partner_page  # the note itself was shared, by the author's choice...
    _no_trace(partner_page)  # ...but nothing of the net's finding is
    _no_trace(b.get("/").content.decode())


def test_services_hand_support_to_their_callers(couple):
    note = practices.add_note(user=couple.a, kind="gratitude", text=CALM)
    assert note.support == []
    log = practices.start(user=couple.a, slug="eye-contact")
    done = practices.finish(user=couple.a, log_id=log.pk, reflection=URGENT, shared=True)
    assert done.support == [{"kind": "crisis", "level": "urgent"}]
    talk = talks.start(user=couple.a, slug="hard-conversation", opener=HEAVY)
    assert talk.support == [{"kind": "crisis", "level": "gentle"}]
    row = paired.answer_question(user=couple.a, item="curious-01", text=HURT)
    assert {"kind": "violence", "level": "urgent"} in row.support
    row = paired.place_map(user=couple.a, data={"surface": ["calm"], "needs": ["affection"], "note": URGENT})
    assert row.support == [{"kind": "crisis", "level": "urgent"}]


def test_reflection_page_shows_help_after_finishing(couple):
    a = _client(couple.a)
    log = practices.start(user=couple.a, slug="eye-contact")
    r = a.post(f"/practices/run/{log.pk}/", {"action": "finish", "reflection": URGENT, "shared": "1"})
    assert r.status_code == 302
    assert _has_card(a.get(r["Location"]).content.decode())
    b = _client(couple.b)
    _no_trace(b.get("/practices/log/").content.decode())
    _no_trace(b.get(f"/practices/log/{log.pk}/").content.decode())


def test_question_and_map_pages(couple):
    a, b = _client(couple.a), _client(couple.b)
    r = a.post("/practices/questions/curious-01/", {"text": HEAVY})
    assert r.status_code == 302 and _has_card(a.get(r["Location"]).content.decode())
    r = a.post("/practices/map/", {"surface": ["calm"], "needs": ["affection"], "note": URGENT})
    assert r.status_code == 302 and _has_card(a.get(r["Location"]).content.decode())
    paired.answer_question(user=couple.b, item="curious-01", text=CALM)
    _no_trace(b.get("/practices/questions/curious-01/").content.decode())
    _no_trace(b.get("/practices/map/").content.decode())


def test_talk_opener_shows_help_to_the_opener_only(couple):
    a, b = _client(couple.a), _client(couple.b)
    r = a.post("/practices/hard-conversation/talk/", {"own": HEAVY, "coach": "send"})
    assert r.status_code == 302
    assert _has_card(a.get(r["Location"]).content.decode())
    talk_url = r["Location"]
    page_b = b.get(talk_url).content.decode()
    _no_trace(page_b)
    _no_trace(b.get(talk_url + "state/").content.decode())


def test_not_about_me_hides_the_card_and_learns_nothing(couple):
    a = _client(couple.a)
    a.post("/practices/gratitude/", {"text": HEAVY, "coach": "send"})
    r = a.post("/safety/not-about-me/", {"next": "/practices/gratitude/"})
    assert r.status_code == 302 and r["Location"] == "/practices/gratitude/"
    page = a.get("/practices/gratitude/").content.decode()
    assert not _has_card(page) and "Thanks for letting us know" in page
    assert net.check([HEAVY])[0]  # the same words still bring help next time
    r = a.post("/safety/not-about-me/", {"next": "https://elsewhere.example/"})
    assert r["Location"] == "/"


def test_a_htmx_poll_does_not_swallow_the_card(couple):
    a = _client(couple.a)
    r = a.post("/practices/hard-conversation/talk/", {"own": HEAVY, "coach": "send"})
    talk_url = r["Location"]
    a.get(talk_url + "state/", HTTP_HX_REQUEST="true")  # a fragment: the card waits for a full page
    assert _has_card(a.get(talk_url).content.decode())


def test_api_tells_the_author_and_never_the_partner(couple, answers):
    a, b = _client(couple.a), _client(couple.b)
    body = dict(answers, note=URGENT, shared=["note", "feelings"])
    r = a.post("/api/checkins", body, content_type="application/json")
    assert r.status_code == 201 and r.json()["support"] == [{"kind": "crisis", "level": "urgent"}]
    checkins.create_checkin(user=couple.b, answers=answers)
    partner_view = b.get("/api/checkins/today").json()["partner"]["checkin"]
    assert partner_view["answers"]["note"] == URGENT  # shared by the author's choice
    assert "support" not in partner_view  # the finding never is, not even as an empty field
    assert "support" not in b.get(f"/api/checkins/{r.json()['id']}").json()


def test_whats_on_your_mind_shows_help_and_keeps_nothing(couple):
    a = _client(couple.a)
    page = a.get("/practices/mind/", {"concern": "I keep cutting myself when we fight."}).content.decode()
    assert _has_card(page)
    assert not _has_card(a.get("/practices/mind/", {"concern": "We argue about money."}).content.decode())
    from closeknit.clinic.models import SafetyAlert

    assert SafetyAlert.objects.count() == 0


def test_every_practice_write_over_the_api_tells_its_author_and_only_its_author(couple):
    """An app shows help at once too: each write route returns what the net found, to its author; the
    partner's reads of the same things carry no trace, not even an empty field."""
    a, b = _client(couple.a), _client(couple.b)
    urgent = [{"kind": "crisis", "level": "urgent"}]

    r = a.post("/api/appreciations", {"text": URGENT}, content_type="application/json")
    assert r.status_code == 201 and r.json()["support"] == urgent
    r = a.post("/api/moments", {"text": CALM}, content_type="application/json")
    assert r.status_code == 201 and r.json()["support"] == []
    run = a.post("/api/practice-runs", {"slug": "eye-contact"}, content_type="application/json").json()
    r = a.post(f"/api/practice-runs/{run['id']}/finish", {"reflection": URGENT, "shared": True}, "application/json")
    assert r.status_code == 200 and r.json()["support"] == urgent
    # The conversation first: once words of violence are written (below), conflict work is withheld.
    r = a.post("/api/conversations", {"slug": "hard-conversation", "own": HEAVY}, "application/json")
    assert r.status_code == 201 and r.json()["support"] == [{"kind": "crisis", "level": "gentle"}]
    talk_id = r.json()["id"]
    # The partner joining the open conversation with words of their own gets their own finding.
    r = b.post("/api/conversations", {"slug": "hard-conversation", "own": URGENT}, "application/json")
    assert r.status_code == 201 and r.json()["id"] == talk_id and r.json()["support"] == urgent
    r = a.put("/api/closeness-questions/curious-01", {"text": HURT}, "application/json")
    assert r.status_code == 200 and {"kind": "violence", "level": "urgent"} in r.json()["support"]
    r = a.post("/api/emotional-map", {"surface": ["calm"], "needs": ["affection"], "note": URGENT}, "application/json")
    assert r.status_code == 201 and r.json()["support"] == urgent

    paired.answer_question(user=couple.b, item="curious-01", text=CALM)
    for url in (
        "/api/appreciations",
        "/api/moments",
        "/api/practice-log",
        f"/api/practice-log/{run['id']}",
        "/api/closeness-questions/curious-01",
        "/api/emotional-map",
        f"/api/conversations/{talk_id}",
    ):
        seen = b.get(url)
        assert seen.status_code == 200, url
        body = seen.content.decode()
        assert '"support"' not in body and "urgent" not in body and "gentle" not in body, url
    from closeknit.clinic.models import SafetyAlert

    assert SafetyAlert.objects.count() == 0  # not in care: nobody is alerted
