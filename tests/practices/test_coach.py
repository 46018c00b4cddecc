"""The gentle start-up coach: it shows the phrase that triggered it, offers an editable rewrite that no
longer triggers it, works without script as a two-step submit, never blocks the person's own words,
and stores nothing it sees."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from closeknit.checkins.models import CheckIn
from closeknit.practices.flows import coach
from closeknit.practices.models import Conversation, Note

pytestmark = pytest.mark.django_db

HARSH = "You never listen to me and you always make everything about yourself."
KIND = "Thank you for making coffee before my early start."


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _rewrite(html: str, field: str) -> str:
    m = re.search(rf'<textarea id="rewrite-{field}"[^>]*>([^<]*)</textarea>', html)
    assert m, "no rewrite offered"
    return m.group(1).replace("&#x27;", "'").replace("&amp;", "&")


def test_panel_marks_the_phrase_and_the_rewrite_is_calm():
    p = coach.panel(HARSH, "own")
    assert p.harsh and p.cues and p.rewrite
    assert "<mark>You never listen to me" in p.marked
    assert not coach.panel(p.rewrite, "own").harsh
    assert not coach.panel(KIND, "own").harsh
    escaped = coach.panel("<b>You never listen</b> to me", "own").marked
    assert "<b>" not in escaped and "&lt;b&gt;" in escaped  # the person's words are escaped, never markup


def test_check_endpoint_returns_the_panel_and_stores_nothing(couple):
    a = _client(couple.a)
    before = (Note.objects.count(), Conversation.objects.count(), CheckIn.objects.count())
    r = a.post("/practices/coach/", {"field": "own", "own": HARSH}, HTTP_HX_REQUEST="true")
    html = r.content.decode()
    assert r.status_code == 200 and 'id="coach-own"' in html
    assert "<mark>You never listen to me" in html and "Criticism" in html
    assert 'id="coach-use-own"' in html and 'id="coach-send-own"' in html
    rewrite = _rewrite(html, "own")
    again = a.post("/practices/coach/", {"field": "own", "own": rewrite}).content.decode()
    assert 'id="coach-ok-own"' in again and "<mark>" not in again
    assert (Note.objects.count(), Conversation.objects.count(), CheckIn.objects.count()) == before
    assert a.post("/practices/coach/", {"field": "password", "password": HARSH}).status_code == 400
    assert Client().post("/practices/coach/", {"field": "own", "own": HARSH}).status_code == 302  # log in first


def test_talk_start_without_script_is_a_two_step_submit(couple):
    a = _client(couple.a)
    r = a.post("/practices/hard-conversation/talk/", {"own": HARSH})
    html = r.content.decode()
    assert r.status_code == 200 and Conversation.objects.count() == 0  # held once, to show the coach
    assert "<mark>" in html and "Send my own words" in html and "Use this rewrite" in html
    rewrite = _rewrite(html, "own")
    # "Use this rewrite" puts it in the box and checks again: now it reads gently.
    r = a.post("/practices/hard-conversation/talk/", {"own": HARSH, "rewrite_own": rewrite, "coach": "use"})
    html = r.content.decode()
    assert Conversation.objects.count() == 0 and 'id="coach-ok-own"' in html
    assert f">{rewrite}</textarea>".replace("'", "&#x27;") in html
    r = a.post("/practices/hard-conversation/talk/", {"own": rewrite})
    assert r.status_code == 302
    assert Conversation.objects.get().opener == rewrite


def test_own_words_always_go(couple):
    a = _client(couple.a)
    r = a.post("/practices/hard-conversation/talk/", {"own": HARSH, "coach": "send"})
    assert r.status_code == 302 and Conversation.objects.get().opener == HARSH


def test_seen_coach_lets_the_same_words_through(couple):
    a = _client(couple.a)
    html = a.post("/practices/coach/", {"field": "own", "own": HARSH}).content.decode()
    mark = re.search(r'name="coached_own" value="([0-9a-f]+)"', html).group(1)
    r = a.post("/practices/hard-conversation/talk/", {"own": HARSH, "coached_own": mark})
    assert r.status_code == 302 and Conversation.objects.get().opener == HARSH


def test_gratitude_is_coached_unless_kept_private(couple):
    a = _client(couple.a)
    r = a.post("/practices/gratitude/", {"text": "Thank you, but you never help with anything."})
    assert r.status_code == 200 and Note.objects.count() == 0 and "<mark>" in r.content.decode()
    assert a.post("/practices/gratitude/", {"text": KIND}).status_code == 302
    r = a.post("/practices/gratitude/", {"text": "You never help with anything.", "private": "1"})
    assert r.status_code == 302 and Note.objects.count() == 2  # words for yourself are not coached


def test_checkin_coaches_only_what_is_shared(couple, answers):
    a = _client(couple.a)
    form = {
        "feelings": answers["feelings"],
        "emotional_closeness": 5,
        "physical_closeness": 5,
        "stress": 5,
        "appreciation": "Nothing.",
        "need": HARSH,
        "note": "",
        "shared": ["feelings", "need"],
    }
    r = a.post("/checkin/", form)
    assert r.status_code == 200 and CheckIn.objects.count() == 0
    html = r.content.decode()
    assert 'id="coach-card-need"' in html and HARSH in html  # what they wrote is kept in the form
    r = a.post("/checkin/", {**form, "coach": "send"})
    assert r.status_code == 302 and CheckIn.objects.get().need == HARSH
    a2 = _client(couple.b)
    r = a2.post("/checkin/", {**form, "shared": ["feelings"]})  # the need kept private: not coached
    assert r.status_code == 302


def test_api_route(couple):
    a = _client(couple.a)
    r = a.post("/api/coach", {"text": HARSH}, content_type="application/json")
    body = r.json()
    assert r.status_code == 200 and body["harsh"] is True
    assert body["cues"][0]["phrase"] == HARSH[body["cues"][0]["start"] : body["cues"][0]["end"]]
    calm = a.post("/api/coach", {"text": body["rewrite"]}, content_type="application/json").json()
    assert calm == {"harsh": False, "cues": [], "rewrite": None, "support": []}
    assert a.post("/api/coach", {"text": "x" * 2001}, content_type="application/json").status_code == 422
    assert Client().post("/api/coach", {"text": HARSH}, content_type="application/json").status_code == 401


def test_a_thank_you_is_held_only_for_criticism_or_contempt(couple):
    a = _client(couple.a)
    # The language core reads "you made me" as defensiveness; in a thank-you that must not stop it.
    shown = a.post("/practices/coach/", {"field": "text", "text": "You made me laugh today."}).content.decode()
    assert "<mark>" in shown  # asked, the coach still says what it noticed
    assert a.post("/practices/gratitude/", {"text": "You made me laugh today."}).status_code == 302
    r = a.post("/practices/gratitude/", {"text": "Thanks for finally doing the dishes. You never do anything."})
    assert r.status_code == 200 and Note.objects.count() == 1


@pytest.mark.parametrize(
    ("url", "field", "extra"),
    [
        ("/practices/hard-conversation/talk/", "own", {}),
        ("/practices/gratitude/", "text", {}),
        ("/checkin/", "need", {"shared": ["need"], "feelings": ["calm"]}),
    ],
)
def test_a_held_save_comes_back_to_the_field_with_the_note_and_both_choices(couple, url, field, extra):
    """Every form the coach can hold: 200, the note at the field (focus, alert, anchor), a word near the
    top, the rewrite and both ways on; nothing saved. "Send my own words" then saves them as written."""
    a = _client(couple.a)
    before = (Note.objects.count(), Conversation.objects.count(), CheckIn.objects.count())
    words = "Thanks, but you never help with anything." if field == "text" else HARSH
    r = a.post(url, {field: words, **extra})
    html = r.content.decode()
    assert r.status_code == 200
    assert (Note.objects.count(), Conversation.objects.count(), CheckIn.objects.count()) == before
    assert '<span id="coach-held"' in html and f'formaction="#coach-{field}"' in html
    assert f'href="#coach-card-{field}"' in html and "A note from the coach on your words, below" in html
    card = re.search(rf'<div class="card soft coach-card" id="coach-card-{field}"[^>]*>', html).group(0)
    assert 'role="alert"' in card and "autofocus" in card and 'tabindex="-1"' in card
    assert html.index('id="coach-note"') < html.index(f'id="coach-card-{field}"')  # the word at the top first
    assert _rewrite(html, field) and f'id="coach-use-{field}"' in html and f'id="coach-send-{field}"' in html
    assert "Send my own words" in html
    r = a.post(url, {field: words, **extra, "coach": "send"})
    assert r.status_code == 302
    saved = {
        "own": lambda: Conversation.objects.get().opener,
        "text": lambda: Note.objects.get().text,
        "need": lambda: CheckIn.objects.get().need,
    }[field]()
    assert saved == words


def test_a_gentle_save_shows_no_note(couple):
    html = _client(couple.a).get("/practices/gratitude/").content.decode()
    assert 'id="coach-note"' not in html and 'id="coach-held"' not in html and "autofocus" not in html
