"""Clinical notes through the pages and the API: the flow, clear refusals, and who may do what."""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit.clinic import note_templates
from closeknit.clinic.models import Amendment, Note
from closeknit.clinic.services import notes as services
from tests.api.conftest import Api
from tests.clinic import notes_setup
from tests.clinic.notes_setup import BLOCK_TEMPLATE

episode, open_episode, blocks = notes_setup.episode, notes_setup.open_episode, notes_setup.blocks  # fixtures


def logged_in(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def text(response) -> str:
    return response.content.decode()


def test_write_sign_and_amend_through_the_pages(clinic, couple, episode):
    c = logged_in(clinic.rivera.user)
    page = text(c.get(f"/clinic/care/{episode.pk}/"))
    assert 'id="notes"' in page and "Write a note" in page and "No notes yet." in page

    r = c.post(f"/clinic/care/{episode.pk}/notes/new/", {"template": "individual-session", "subject_id": couple.a.pk})
    note = Note.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/clinic/notes/{note.pk}/"
    assert note.kind == "individual" and note.subject == couple.a
    page = text(c.get(r["Location"]))
    assert "What they wanted to talk about" in page and f"Confidential to {couple.a.name}" in page
    assert "Signing locks the note" in page and "Sign and lock" in page

    form = {"title": "Alone with A", "session_on": note.session_on.isoformat(), "body": "Talked about work."}
    assert c.post(f"/clinic/notes/{note.pk}/save/", form).status_code == 302
    assert Note.objects.get().body == "Talked about work."

    r = c.post(f"/clinic/notes/{note.pk}/sign/", {**form, "body": "Final words."})
    assert r.status_code == 400 and "tick the box" in text(r)
    assert Note.objects.get().signed_at is None and Note.objects.get().body == "Talked about work."

    r = c.post(f"/clinic/notes/{note.pk}/sign/", {**form, "body": "Final words.", "confirm": "yes"})
    assert r.status_code == 302
    page = text(c.get(f"/clinic/notes/{note.pk}/"))
    assert "Signed and locked" in page and "Add an amendment" in page and 'name="body"' not in page

    r = c.post(f"/clinic/notes/{note.pk}/save/", {**form, "body": "Sneaky edit."})
    assert r.status_code == 409 and "locked" in text(r) and "amendment" in text(r)
    assert Note.objects.get().body == "Final words."
    r = c.post(f"/clinic/notes/{note.pk}/delete/")
    assert r.status_code == 409 and Note.objects.filter(pk=note.pk).exists()

    r = c.post(f"/clinic/notes/{note.pk}/amend/", {"reason": "", "amendment": "Also money worries."})
    assert r.status_code == 400 and "why you are amending" in text(r) and Amendment.objects.count() == 0
    assert c.post(f"/clinic/notes/{note.pk}/amend/", {"reason": "Missed", "amendment": "Money."}).status_code == 302
    assert c.post(f"/clinic/notes/{note.pk}/amend/", {"reason": "Later", "amendment": "Sleep."}).status_code == 302
    page = text(c.get(f"/clinic/notes/{note.pk}/"))
    assert page.index("Final words.") < page.index("Money.") < page.index("Sleep.")
    assert "Amendment 1, signed by" in page and "Reason: Missed" in page and clinic.rivera.user.name in page

    page = text(c.get(f"/clinic/care/{episode.pk}/"))
    assert f"Individual sessions with {couple.a.name}" in page and "Alone with A" in page


def test_a_draft_can_be_deleted_from_its_page(clinic, episode):
    c = logged_in(clinic.rivera.user)
    c.post(f"/clinic/care/{episode.pk}/notes/new/", {"template": "joint-session"})
    note = Note.objects.get()
    r = c.post(f"/clinic/notes/{note.pk}/delete/")
    assert r.status_code == 302 and r["Location"].endswith("#notes") and not Note.objects.exists()


@pytest.mark.parametrize(
    "form, words, status",
    [
        ({"template": "individual-session"}, "which partner", 400),
        ({"template": "joint-session", "subject_id": "abc"}, "choose from the list", 400),
        ({"template": "joint-session", "session_on": "soon"}, "like 2026-03-14", 400),
        ({"template": "joint-session", "title": "t" * 161}, "under 160", 400),
        ({"template": "nope"}, "what kind of note", 400),
        ({"kind": "session", "template": "individual-session"}, "template that fits", 400),
    ],
)
def test_new_note_refusals_are_clear(clinic, episode, form, words, status):
    r = logged_in(clinic.rivera.user).post(f"/clinic/care/{episode.pk}/notes/new/", form)
    assert r.status_code == status and words in text(r) and Note.objects.count() == 0


def test_new_note_for_an_unknown_couple_is_404(clinic, episode):
    c = logged_in(clinic.rivera.user)
    assert c.post(f"/clinic/care/{episode.pk + 999}/notes/new/", {"template": "joint-session"}).status_code == 404
    assert c.get(f"/clinic/notes/{10**12}/").status_code == 404


def test_too_long_body_is_refused_on_the_page(clinic, episode):
    c = logged_in(clinic.rivera.user)
    note = services.create_note(user=clinic.rivera.user, episode_id=episode.pk, kind="session", title="T", body="x")
    r = c.post(f"/clinic/notes/{note.pk}/save/", {"title": "T", "body": "b" * 20_001})
    assert r.status_code == 400 and "under 20,000 characters" in text(r)
    assert Note.objects.get().body == "x"


def test_block_note_form_prefilled_saved_signed_then_read_only(clinic, episode, blocks):
    c = logged_in(clinic.rivera.user)
    url = f"/clinic/blocks/{blocks.joint.pk}/note/"
    page = text(c.get(url))
    assert "What they tried instead" in page and "Save draft" in page and "Sign and lock" in page

    # Sign without the box ticked: refused, and no draft is left behind.
    r = c.post(url, {"body": "First try", "action": "sign"})
    assert r.status_code == 400 and "tick the box" in text(r) and "First try" in text(r)
    assert not Note.objects.exists()

    r = c.post(url, {"body": "Both told the story of how they met.", "action": "save", "next": "https://evil.test/"})
    assert r.status_code == 302 and r["Location"] == url  # never sent off the desk
    note = Note.objects.get()
    assert (note.kind, note.block_id, note.title) == ("block", blocks.joint.pk, "Joint history interview")
    r = c.post(url, {"body": "Edited.", "action": "save", "next": "/clinic/somewhere/"})
    assert r["Location"] == "/clinic/somewhere/" and Note.objects.get().body == "Edited."

    r = c.post(url, {"body": "Final block note.", "action": "sign", "confirm": "yes"})
    assert r.status_code == 302
    note.refresh_from_db()
    assert note.locked and note.body == "Final block note."
    page = text(c.get(url))
    assert "Final block note." in page and "Add an amendment" in page and "<textarea" not in page
    r = c.post(url, {"body": "Changed after.", "action": "save"})
    assert r.status_code == 409 and Note.objects.get().body == "Final block note."


def test_block_note_uses_our_default_when_the_block_has_none(clinic, blocks):
    page = text(logged_in(clinic.rivera.user).get(f"/clinic/blocks/{blocks.alone_a.pk}/note/"))
    assert "How each partner took part" in page and "Confidential to" in page
    assert BLOCK_TEMPLATE.splitlines()[0] not in page
    assert note_templates.get("intensive-block") is not None


def test_episode_end_closes_new_notes_on_the_page(clinic, episode):
    from closeknit.clinic.services import care

    c = logged_in(clinic.rivera.user)
    care.end_episode(user=clinic.rivera.user, episode_id=episode.pk)
    page = text(c.get(f"/clinic/care/{episode.pk}/"))
    assert "Care with this couple has ended" in page and "Write a note" not in page
    r = c.post(f"/clinic/care/{episode.pk}/notes/new/", {"template": "joint-session"})
    assert r.status_code == 409 and "has ended" in text(r) and not Note.objects.exists()


# --- who may do what -----------------------------------------------------------------------------------
ROLES = ["clinician", "colleague", "owner", "admin", "stranger", "partner_a", "partner_b", "anonymous"]


def person(role, clinic, couple):
    return {
        "clinician": clinic.rivera.user,
        "colleague": clinic.okafor.user,
        "owner": clinic.owner,
        "admin": clinic.admin,
        "stranger": clinic.stranger.user,
        "partner_a": couple.a,
        "partner_b": couple.b,
        "anonymous": None,
    }[role]


@pytest.fixture
def written(clinic, couple, episode, blocks):
    me = clinic.rivera.user
    signed = services.create_note(
        user=me, episode_id=episode.pk, kind="individual", subject_id=couple.a.pk, title="T", body="ROLE-CANARY"
    )
    services.sign_note(user=me, note_id=signed.pk)
    draft = services.create_note(user=me, episode_id=episode.pk, kind="session", title="D", body="DRAFT-CANARY")
    return signed, draft


@pytest.mark.parametrize("role", ROLES)
def test_page_role_matrix(role, clinic, couple, episode, blocks, written):
    signed, draft = written
    user = person(role, clinic, couple)
    c = logged_in(user) if user else Client()
    gets = [
        f"/clinic/notes/{signed.pk}/",
        f"/clinic/notes/{draft.pk}/",
        f"/clinic/care/{episode.pk}/notes/new/",
        f"/clinic/blocks/{blocks.joint.pk}/note/",
    ]
    posts = [
        (f"/clinic/notes/{draft.pk}/save/", {"title": "X", "body": "HACKED"}),
        (f"/clinic/notes/{draft.pk}/sign/", {"confirm": "yes"}),
        (f"/clinic/notes/{signed.pk}/amend/", {"reason": "x", "amendment": "HACKED"}),
        (f"/clinic/care/{episode.pk}/notes/new/", {"template": "joint-session"}),
        (f"/clinic/blocks/{blocks.joint.pk}/note/", {"body": "HACKED", "action": "save"}),
        (f"/clinic/notes/{draft.pk}/delete/", {}),
    ]
    if role == "clinician":
        for url in gets:
            assert c.get(url).status_code == 200, url
        assert "ROLE-CANARY" in text(c.get(gets[0]))
        return
    for url in gets:
        r = c.get(url)
        assert r.status_code == (302 if role == "anonymous" else 404), url
        assert "CANARY" not in text(r)
        if role == "anonymous":
            assert "/accounts/login/" in r["Location"]
    if user is not None:
        page = text(c.get(f"/clinic/care/{episode.pk}/"))
        assert "ROLE-CANARY" not in page and 'id="notes"' not in page
    for url, data in posts:
        assert c.post(url, data).status_code in (302 if role == "anonymous" else 404,), url
    assert Note.objects.count() == 2 and Amendment.objects.count() == 0
    draft.refresh_from_db()
    assert draft.body == "DRAFT-CANARY" and draft.signed_at is None


@pytest.mark.parametrize("role", ROLES)
def test_api_role_matrix(role, clinic, couple, episode, blocks, written):
    signed, draft = written
    user = person(role, clinic, couple)
    api = Api(logged_in(user)) if user else Api()
    calls = [
        ("GET", "/api/clinic/note-templates", None),
        ("GET", f"/api/clinic/episodes/{episode.pk}/notes", None),
        ("GET", f"/api/clinic/notes/{signed.pk}", None),
        ("PUT", f"/api/clinic/notes/{draft.pk}", {"title": "X", "body": "HACKED"}),
        ("POST", f"/api/clinic/notes/{signed.pk}/amendments", {"reason": "x", "body": "HACKED"}),
        ("POST", f"/api/clinic/episodes/{episode.pk}/notes", {"kind": "session", "title": "New"}),
        ("POST", f"/api/clinic/notes/{draft.pk}/sign", {}),
        ("DELETE", f"/api/clinic/notes/{draft.pk}", None),
    ]
    expected = {"clinician": [200, 200, 200, 200, 201, 201, 200, 409], "anonymous": [401] * 8}
    for clinician_elsewhere in ("colleague", "stranger"):  # our templates are for any clinician; notes are not
        expected[clinician_elsewhere] = [200] + [404] * 7
    got = []
    for method, path, body in calls:
        r = api.call(method, path, body)
        got.append(r.status_code)
        assert r["Content-Type"].startswith("application/json")
        if role != "clinician":
            assert b"CANARY" not in r.content and (r.status_code == 200 or "detail" in r.json())
    assert got == expected.get(role, [404] * 8)
    if role != "clinician":
        assert Note.objects.count() == 2 and Amendment.objects.count() == 0


def test_api_flow_and_refusals(clinic, couple, episode, blocks):
    api = Api(logged_in(clinic.rivera.user))
    r = api.post(f"/api/clinic/episodes/{episode.pk}/notes", {"kind": "individual", "subject_id": couple.b.pk})
    assert r.status_code == 201
    note = r.json()
    assert note["status"] == "draft" and note["confidential"] and note["label"] == f"Confidential to {couple.b.name}"
    assert note["body"] == note_templates.get("individual-session").body
    nid = note["id"]

    r = api.put(f"/api/clinic/notes/{nid}", {"title": "Alone with B", "body": "b" * 20_001})
    assert r.status_code == 422 and r.json()["field"] == "body"
    r = api.put(f"/api/clinic/notes/{nid}", {"title": "", "body": "x"})
    assert r.status_code == 400 and r.json()["field"] == "title"
    r = api.put(f"/api/clinic/notes/{nid}", {"title": "Alone with B", "body": "Draft text", "extra": 1})
    assert r.status_code == 422
    assert api.put(f"/api/clinic/notes/{nid}", {"title": "Alone with B", "body": "Draft text"}).status_code == 200

    r = api.post(f"/api/clinic/notes/{nid}/sign", {"body": "Signed text"})
    assert r.status_code == 200 and r.json()["status"] == "signed" and r.json()["body"] == "Signed text"
    r = api.post(f"/api/clinic/notes/{nid}/sign", {"body": "Other text"})
    assert r.status_code == 409 and r.json()["code"] == "already_signed"
    r = api.put(f"/api/clinic/notes/{nid}", {"title": "Alone with B", "body": "Edited"})
    assert r.status_code == 409 and r.json()["code"] == "note_locked" and "amendment" in r.json()["detail"]
    assert api.delete(f"/api/clinic/notes/{nid}").status_code == 409
    r = api.post(f"/api/clinic/notes/{nid}/amendments", {"reason": " ", "body": "x"})
    assert r.status_code == 400 and r.json()["field"] == "reason"
    r = api.post(f"/api/clinic/notes/{nid}/amendments", {"reason": "Missed a detail", "body": "Amended text"})
    assert r.status_code == 201 and r.json()["author"] == clinic.rivera.user.name
    got = api.get(f"/api/clinic/notes/{nid}").json()
    assert got["body"] == "Signed text" and [a["body"] for a in got["amendments"]] == ["Amended text"]

    for body, field in [
        ({"kind": "individual", "subject_id": clinic.okafor.user.pk}, "subject_id"),
        ({"kind": "individual"}, "subject_id"),
        ({"kind": "block"}, "block_id"),
        ({"kind": "session", "title": "x" * 161}, "title"),
    ]:
        r = api.post(f"/api/clinic/episodes/{episode.pk}/notes", body)
        assert r.status_code in (400, 422) and r.json()["field"] == field and r.json()["detail"], body
    r = api.post(f"/api/clinic/episodes/{episode.pk + 999}/notes", {"kind": "session"})
    assert r.status_code == 404
    r = api.post(f"/api/clinic/episodes/{episode.pk}/notes", {"kind": "block", "block_id": blocks.alone_a.pk})
    assert r.status_code == 201 and r.json()["subject_id"] == couple.a.pk and r.json()["confidential"]
    assert Note.objects.count() == 2


def test_one_way_to_start_a_note_with_defaults_that_agree(clinic, couple, episode):
    """The episode page links to one form; it asks who the session was with, and the kind, the partner
    and the starting template all follow from that one answer."""
    import re

    c = logged_in(clinic.rivera.user)
    page = text(c.get(f"/clinic/care/{episode.pk}/"))
    assert 'id="new-note"' in page and 'id="new-note-form"' not in page and page.count("notes/new/") == 1
    form = text(c.get(f"/clinic/care/{episode.pk}/notes/new/"))
    assert 'name="kind"' not in form and 'name="template"' not in form and 'name="subject_id"' not in form
    checked = re.findall(r'value="([^"]+)" id="note-for-[^"]+" checked', form)
    assert checked == ["session"]  # one default, and it is the joint session
    assert f"{couple.a.name} alone: an individual session" in form and f"{couple.b.name} alone" in form

    def start(value: str) -> Note:
        r = c.post(f"/clinic/care/{episode.pk}/notes/new/", {"session_for": value})
        assert r.status_code == 302, text(r)
        return Note.objects.order_by("-pk").first()

    joint = start("session")
    assert (joint.kind, joint.subject_id) == ("session", None)
    assert joint.body == note_templates.get("joint-session").body
    alone = start(f"individual-{couple.b.pk}")
    assert (alone.kind, alone.subject_id) == ("individual", couple.b.pk)
    assert alone.body == note_templates.get("individual-session").body
    other = start("other")
    assert (other.kind, other.subject_id) == ("other", None)


@pytest.mark.parametrize(
    "value, words", [("individual-abc", "choose from the list"), ("individual-999999", "not a partner in this couple")]
)
def test_a_bad_choice_of_partner_is_refused_clearly(clinic, episode, value, words):
    r = logged_in(clinic.rivera.user).post(f"/clinic/care/{episode.pk}/notes/new/", {"session_for": value})
    assert r.status_code == 400 and words in text(r) and Note.objects.count() == 0
    assert 'value="session" id="note-for-session" checked' in text(r)  # the form comes back whole
