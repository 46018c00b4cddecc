"""A safety finding outranks a suggestion, in Spanish, on every path where a person writes words.

Each text below carries a crisis or a violence/coercion cue AND words the gentle start-up coach flags
("nunca me escuchas", "siempre llegas tarde", "you never listen"). Through real HTTP, for a person whose
setting is Spanish, one whose setting is English writing Spanish, and one whose setting is Spanish
writing English (language per text), each path must: show the author-only support card with the lines
for their country, never hold the words for the coach nor offer its rewrite first, suggest no conflict
practice, and show the partner nothing of the finding (nor the words that were not shared).
The English writer in an English setting is the baseline every other row must match.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.test import Client

from closeknit.practices import services as practices
from closeknit.practices.models import Conversation
from tests.clinic.conftest import clinic  # noqa: F401 - the clinic fixture, with a public therapist
from tests.conftest import ANSWERS
from tests.desires.util import adults

pytestmark = pytest.mark.django_db

CRISIS_ES = "Ya no quiero vivir, nunca me escuchas"
COERCION_ES = "Me revisa el celular y si no le contesto me amenaza; siempre llegas tarde"
CRISIS_EN = "I don't want to live anymore, you never listen to me."

CONFLICT = ("after-a-fight", "gentle-start-up", "hard-conversation", "money-talk", "rebuilding-trust")
# Anything of the net's card or the coach, in either language: the partner's pages carry none of it.
TRACES = (
    'id="support-card"',
    "carry this alone",
    "sounded heavy",
    "cargar con esto",
    "sonó muy pesado",
    "Only you see this",
    "Solo tú ves esto",
    '"support"',
    '"urgent"',
    '"gentle"',
)
COACH = ('class="card soft coach-card"', 'id="coach-held"', "coach-rewrite")


@dataclass(frozen=True)
class Writer:
    """Who writes what: their setting, their country, the words, and what the card must show."""

    id: str
    language: str
    country: str
    text: str
    kind: str  # crisis | violence
    line: str  # a line of their country the card must name
    heading: str  # the card's heading in the person's own language


WRITERS = [
    Writer("en-en", "en", "US", CRISIS_EN, "crisis", "988 Suicide &amp; Crisis Lifeline", "carry this alone"),
    Writer("es-es-crisis", "es", "ES", CRISIS_ES, "crisis", "Línea 024", "cargar con esto a solas"),
    Writer("es-es-coercion", "es", "ES", COERCION_ES, "violence", "Línea 016", "cargar con esto a solas"),
    Writer("es-mx-crisis", "es", "MX", CRISIS_ES, "crisis", "Línea de la Vida", "cargar con esto a solas"),
    Writer("en-setting-writes-es", "en", "US", CRISIS_ES, "crisis", "988 Suicide &amp; Crisis Lifeline", "carry this"),
    Writer("en-setting-writes-es-coercion", "en", "US", COERCION_ES, "violence", "Domestic Violence Hotline", "carry"),
    Writer("es-setting-writes-en", "es", "ES", CRISIS_EN, "crisis", "Línea 024", "cargar con esto a solas"),
]


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _page(c: Client, r) -> str:
    """The page the author sees next: the response itself, or where it sends them."""
    assert r.status_code in (200, 302), (r.status_code, r.content[:300])
    if r.status_code == 302:
        r = c.get(r["Location"])
        assert r.status_code == 200, (r.status_code, r.content[:300])
    return r.content.decode()


# --- the paths: each writes `text` as the author and returns the page they see next ------------------
def _checkin_shared(c: Client, text: str, couple) -> str:
    data = {**ANSWERS, "need": text, "note": ""}
    return _page(c, c.post("/checkin/", data))


def _checkin_appreciation(c: Client, text: str, couple) -> str:
    data = {**ANSWERS, "appreciation": text, "note": ""}
    return _page(c, c.post("/checkin/", data))


def _checkin_private(c: Client, text: str, couple) -> str:
    data = {**ANSWERS, "note": text, "shared": ["feelings", "stress"]}
    return _page(c, c.post("/checkin/", data))


def _talk(c: Client, text: str, couple) -> str:
    return _page(c, c.post("/practices/hard-conversation/talk/", {"own": text}))


def _gratitude(c: Client, text: str, couple) -> str:
    return _page(c, c.post("/practices/gratitude/", {"text": text}))


def _moment(c: Client, text: str, couple) -> str:
    return _page(c, c.post("/practices/moments/", {"text": text}))


def _question(c: Client, text: str, couple) -> str:
    return _page(c, c.post("/practices/questions/curious-01/", {"text": text}))


def _map(c: Client, text: str, couple) -> str:
    return _page(c, c.post("/practices/map/", {"surface": ["calm"], "needs": ["affection"], "note": text}))


def _reflection(c: Client, text: str, couple) -> str:
    log = practices.start(user=couple.a, slug="eye-contact")
    return _page(c, c.post(f"/practices/run/{log.pk}/", {"action": "finish", "reflection": text, "shared": "1"}))


def _boundary(c: Client, text: str, couple) -> str:
    adults(couple.a, couple.b)
    return _page(c, c.post("/practices/desires/boundaries/", {"text": text, "shared": "yes"}))


PAGES: dict[str, Callable[..., str]] = {
    "checkin-shared": _checkin_shared,
    "checkin-appreciation": _checkin_appreciation,
    "checkin-private-note": _checkin_private,
    "talk-opening": _talk,
    "gratitude": _gratitude,
    "moment": _moment,
    "question": _question,
    "map": _map,
    "reflection": _reflection,
    "boundary": _boundary,
}
# The words were shared with the partner by the author's choice on these paths; elsewhere they must not show.
SHARED = {
    "checkin-shared",
    "checkin-appreciation",
    "talk-opening",
    "gratitude",
    "moment",
    "question",
    "map",
    "reflection",
    "boundary",
}


def _partner_pages(b: Client) -> str:
    urls = (
        "/",
        "/history/",
        "/practices/",
        "/practices/gratitude/",
        "/practices/moments/",
        "/practices/questions/curious-01/",
        "/practices/map/",
        "/practices/log/",
        "/practices/desires/",
        "/api/checkins/today",
        "/api/appreciations",
        "/api/moments",
        "/api/practice-log",
        "/api/closeness-questions/curious-01",
        "/api/emotional-map",
    )
    seen = []
    for url in urls:
        r = b.get(url)
        assert r.status_code in (200, 403, 404, 409), (url, r.status_code)
        seen.append(r.content.decode())
    return "\n".join(seen)


def _as(couple, w: Writer):
    couple.a.language, couple.a.country = w.language, w.country
    couple.a.save()
    couple.b.language, couple.b.country = w.language, w.country
    couple.b.save()
    return _client(couple.a), _client(couple.b)


def _assert_card_first(page: str, w: Writer) -> None:
    assert 'id="support-card"' in page, "no support card for the author"
    assert w.line in page, f"the card does not name {w.line}"
    assert w.heading in page or "Something you wrote" in page or "Algo de lo que escribiste" in page
    for mark in COACH:
        assert mark not in page, f"the coach ({mark}) shows beside the card"
    assert "Siento frustración" not in page and "I feel frustrated" not in page  # no rewrite of it
    if w.kind == "violence":
        assert 'id="safety-plan-link"' in page


def _assert_nothing_to_partner(seen: str, w: Writer, path: str) -> None:
    for trace in TRACES:
        assert trace not in seen, f"the partner sees {trace!r}"
    if path not in SHARED | {"shared"}:
        assert w.text not in seen and w.text.replace("'", "&#x27;") not in seen


@pytest.mark.parametrize("w", WRITERS, ids=[w.id for w in WRITERS])
@pytest.mark.parametrize("path", list(PAGES))
def test_each_page_shows_the_card_first_and_the_partner_nothing(couple, w, path):
    a, b = _as(couple, w)
    page = PAGES[path](a, w.text, couple)
    _assert_card_first(page, w)
    # The page the author lands on suggests no conflict practice. After a reflection that page is the
    # whole library, which still lists conflict work when the words were about a crisis, not a partner's
    # violence (docs/decisions.md: only a disclosure about the writer withholds it).
    if w.kind == "violence" or path != "reflection":
        for slug in CONFLICT:
            assert f"/practices/{slug}/" not in page, slug
    if w.kind == "violence":
        # Words of violence or control about the writer: joint conflict work is withheld, and a hard
        # conversation never opens on them (nothing for the partner to be told of, or to read).
        assert not Conversation.objects.exists()
        assert ("Nothing was sent to your partner" in page or "No se le envió nada" in page) == (path == "talk-opening")
    _assert_nothing_to_partner(_partner_pages(b), w, path if w.kind != "violence" or path != "talk-opening" else "")


# --- the API: each write's answer carries the finding; nothing is held or rewritten -------------------
def _api(c: Client, method: str, url: str, body: dict):
    return getattr(c, method)(url, body, content_type="application/json")


API = {
    "checkin": ("post", "/api/checkins", lambda t: {**ANSWERS, "need": t}),
    "checkin-private-note": ("post", "/api/checkins", lambda t: {**ANSWERS, "note": t, "shared": ["feelings"]}),
    "conversation": ("post", "/api/conversations", lambda t: {"slug": "hard-conversation", "own": t}),
    "appreciation": ("post", "/api/appreciations", lambda t: {"text": t}),
    "moment": ("post", "/api/moments", lambda t: {"text": t}),
    "question": ("put", "/api/closeness-questions/curious-01", lambda t: {"text": t}),
    "map": ("post", "/api/emotional-map", lambda t: {"surface": ["calm"], "needs": ["affection"], "note": t}),
    "boundary": ("post", "/api/practices/desires/boundaries", lambda t: {"text": t, "shared": False}),
}


@pytest.mark.parametrize("w", WRITERS, ids=[w.id for w in WRITERS])
@pytest.mark.parametrize("path", list(API))
def test_each_api_write_tells_its_author_alone(couple, w, path):
    a, b = _as(couple, w)
    adults(couple.a, couple.b)
    method, url, body = API[path]
    r = _api(a, method, url, body(w.text))
    withheld = path == "conversation" and w.kind == "violence"  # nothing opens on such words (see above)
    assert r.status_code == (404 if withheld else 200 if method == "put" else 201), r.content
    assert r.json()["support"] and r.json()["support"][0]["kind"] == w.kind
    if withheld:
        assert r.json()["code"] == "not_found" and not Conversation.objects.exists()
    private = withheld or path in {"checkin-private-note", "boundary"}
    _assert_nothing_to_partner(_partner_pages(b), w, "private" if private else "shared")


@pytest.mark.parametrize("w", WRITERS, ids=[w.id for w in WRITERS])
def test_the_api_reflection_tells_its_author_alone(couple, w):
    a, b = _as(couple, w)
    run = a.post("/api/practice-runs", {"slug": "eye-contact"}, content_type="application/json").json()
    r = _api(a, "post", f"/api/practice-runs/{run['id']}/finish", {"reflection": w.text, "shared": False})
    assert r.status_code == 200 and r.json()["support"][0]["kind"] == w.kind
    _assert_nothing_to_partner(_partner_pages(b) + b.get(f"/api/practice-log/{run['id']}").content.decode(), w, "")


# --- the coach itself, asked directly: it stands aside for the net ----------------------------------
@pytest.mark.parametrize("w", WRITERS, ids=[w.id for w in WRITERS])
def test_the_coach_stands_aside_and_says_why_privately(couple, w):
    a, _b = _as(couple, w)
    r = _api(a, "post", "/api/coach", {"text": w.text})
    assert r.status_code == 200
    out = r.json()
    assert out["harsh"] is False and out["cues"] == [] and out["rewrite"] is None
    assert out["support"][0]["kind"] == w.kind
    # "Check my words" (htmx) and "Use this rewrite" neither praise the words as gentle nor rewrite them.
    for post in (
        {"field": "own", "own": w.text},
        {"field": "appreciation", "appreciation": w.text},
    ):
        html = a.post("/practices/coach/", post).content.decode()
        assert "coach-card" not in html and "coach-ok" not in html and 'id="coach-help-' in html
        assert ("Solo tú ves esto" if w.language == "es" else "Only you see this") in html  # the reader's language
    html = a.post("/practices/hard-conversation/talk/", {"own": w.text, "coach": "check"}).content.decode()
    assert "coach-card" not in html and "coach-ok" not in html and 'id="coach-help-own"' in html


@pytest.mark.parametrize("text", ["Nunca me escuchas.", "You never listen to me."])
def test_without_a_finding_the_coach_still_holds(couple, text):
    """The other half of the rule: harsh words with no safety cue are coached as before."""
    a, _b = _as(couple, WRITERS[1])
    out = _api(a, "post", "/api/coach", {"text": text}).json()
    assert out["harsh"] is True and out["rewrite"] and out["support"] == []
    html = a.post("/practices/gratitude/", {"text": text}).content.decode()
    assert 'id="coach-held"' in html and 'id="support-card"' not in html


# --- what's on your mind, and reaching out to a therapist -------------------------------------------
@pytest.mark.parametrize("w", WRITERS, ids=[w.id for w in WRITERS])
def test_whats_on_your_mind_puts_help_first_and_no_conflict_work(couple, w):
    a, b = _as(couple, w)
    page = a.get("/practices/mind/", {"concern": w.text}).content.decode()
    _assert_card_first(page, w)
    for slug in CONFLICT:
        assert f"/practices/{slug}/" not in page, slug
    out = _api(a, "post", "/api/practice-suggestions", {"text": w.text}).json()
    assert out["safety_concern"] is True and out["support"][0]["kind"] == w.kind
    assert not {i["practice"]["slug"] for i in out["items"]} & set(CONFLICT)
    _assert_nothing_to_partner(_partner_pages(b), w, "mind")


@pytest.mark.parametrize("w", WRITERS, ids=[w.id for w in WRITERS])
def test_a_reach_out_message_shows_help_to_its_writer(w, make_user, client, clinic):  # noqa: F811
    writer = make_user(language=w.language, country=w.country)
    client.force_login(writer)
    r = client.post(
        f"/therapists/{clinic.rivera.slug}/reach-out/",
        {"name": "Alex", "email": "alex@example.test", "message": w.text, "meeting": "online"},
    )
    _assert_card_first(_page(client, r), w)


@pytest.mark.parametrize("w", [w for w in WRITERS if w.kind == "violence"], ids=lambda w: w.id)
def test_joining_an_open_conversation_with_words_of_control_ends_it_quietly(couple, w):
    """The partner opened a conversation; the writer's own opening (which joining drops) says the partner
    controls them. They are not joined: the conversation ends as one left for hours does, and the partner's
    view of it, on the page and the API, is that of any ended conversation."""
    a, b = _as(couple, w)
    r = b.post("/practices/hard-conversation/talk/", {"own": "Quiero que hablemos de las vacaciones."})
    talk_url = r["Location"]
    page = _page(a, a.post("/practices/hard-conversation/talk/", {"own": w.text}))
    _assert_card_first(page, w)
    talk = Conversation.objects.get()
    assert talk.ended_at is not None and talk.joined_at is None and w.text != talk.opener
    seen = b.get(talk_url).content.decode() + b.get(f"/api/conversations/{talk.pk}").content.decode()
    _assert_nothing_to_partner(seen + _partner_pages(b), w, "talk-join")


@pytest.mark.parametrize("text", [CRISIS_ES, COERCION_ES])
def test_a_partners_reach_out_screen_in_spanish_shows_help_to_them_alone(clinic, text):  # noqa: F811
    """Reaching out has two people and no accounts: the partner's own screen, written in Spanish by a
    browser that asks for Spanish, brings the card to that browser only; the writer's link shows none."""
    from tests.clinic.helpers import NO, reach

    _lead, mine, theirs = reach(clinic.rivera)
    robin, alex = Client(HTTP_ACCEPT_LANGUAGE="es"), Client(HTTP_ACCEPT_LANGUAGE="es")
    assert robin.post(f"/reach-out/{theirs.token}/", {**NO, "goals": text}).status_code == 302
    page = robin.get(f"/reach-out/{theirs.token}/").content.decode()
    assert 'id="support-card"' in page and "cargar con esto a solas" in page
    other = alex.get(f"/reach-out/{mine.token}/").content.decode()
    for trace in TRACES:
        assert trace not in other
    assert text not in other


@pytest.mark.parametrize("w", [w for w in WRITERS if w.kind == "crisis"], ids=lambda w: w.id)
def test_joining_with_crisis_words_joins_with_help_and_drops_the_words(couple, w):
    """Joining drops the joiner's own opening (the partner's stands), so the coach has nothing to hold;
    the net still reads it, and the card comes first on the conversation's page."""
    a, b = _as(couple, w)
    talk_url = b.post("/practices/hard-conversation/talk/", {"own": "Quiero que hablemos de las vacaciones."})[
        "Location"
    ]
    r = a.post("/practices/hard-conversation/talk/", {"own": w.text})
    assert r.status_code == 302 and r["Location"] == talk_url
    _assert_card_first(_page(a, r), w)
    talk = Conversation.objects.get()
    assert talk.ended_at is None and talk.joined_at is not None and talk.opener != w.text
    seen = b.get(talk_url).content.decode() + b.get(f"/api/conversations/{talk.pk}").content.decode()
    _assert_nothing_to_partner(seen + _partner_pages(b), w, "talk-join")


@pytest.mark.parametrize("w", [w for w in WRITERS if w.kind == "violence"], ids=lambda w: w.id)
def test_a_disclosure_anywhere_ends_the_conversation_already_under_way(couple, w):
    """Both phones are in a conversation; then the writer's check-in says the partner controls them. The
    hold that sets outranks the conversation wherever the words were written: it ends as one left for hours
    does, so the partner's view is that of any ended conversation, and nothing of the check-in reaches them."""
    a, b = _as(couple, w)
    talk_url = b.post("/practices/hard-conversation/talk/", {"own": "Quiero que hablemos de las vacaciones."})[
        "Location"
    ]
    assert a.get(talk_url).status_code == 200  # the writer joins
    talk = Conversation.objects.get()
    assert talk.ended_at is None and talk.joined_at is not None
    _assert_card_first(_checkin_private(a, w.text, couple), w)
    talk.refresh_from_db()
    assert talk.ended_at is not None and talk.phase == Conversation.DONE
    seen = b.get(talk_url).content.decode() + b.get(f"/api/conversations/{talk.pk}").content.decode()
    _assert_nothing_to_partner(seen + _partner_pages(b), w, "checkin-during-talk")
    b.post("/practices/hard-conversation/talk/", {"own": "Quiero que hablemos de las vacaciones."})
    assert not Conversation.objects.filter(ended_at__isnull=True).exists()  # and none opens again
