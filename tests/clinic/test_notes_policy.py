"""The confidentiality policy: under "individual", a note about one partner never reaches the other,
through any path the notes area creates; under "no_secrets" it is part of the joint record."""

from __future__ import annotations

import json

from django.test import Client

from closeknit.access import clinic as rules
from closeknit.clinic.selectors import notes as selectors
from closeknit.clinic.services import notes as services
from tests.clinic import notes_setup

episode, open_episode, blocks = notes_setup.episode, notes_setup.open_episode, notes_setup.blocks  # fixtures

SECRET = "SECRET-7Q2 the second phone in the glovebox"
SECRET_AMENDED = "SECRET-7Q2 amended: a debt nobody else knows about"


def individual_note(clinic, episode, subject, *, signed=True):
    me = clinic.rivera.user
    note = services.create_note(
        user=me, episode_id=episode.pk, kind="individual", subject_id=subject.pk, title="Alone with A", body=SECRET
    )
    if signed:
        services.sign_note(user=me, note_id=note.pk)
        services.amend_note(user=me, note_id=note.pk, reason="More detail", body=SECRET_AMENDED)
    return note


def joint_note(clinic, episode):
    me = clinic.rivera.user
    note = services.create_note(user=me, episode_id=episode.pk, kind="session", title="Joint 1", body="Both came.")
    services.sign_note(user=me, note_id=note.pk)
    note.refresh_from_db()
    return note


def everything_b_can_read(person) -> str:
    """Every page and API answer of the partner's own that could carry a note."""
    c = Client()
    c.force_login(person)
    out = []
    for url in ("/", "/care/", "/settings/export.json", "/settings/export.html", "/api/care", "/api/care/access-log"):
        r = c.get(url, follow=True)
        assert r.status_code == 200, url  # a real answer, not an error page that trivially lacks the note
        out.append(r.content.decode("utf-8", "replace"))
    return "\n".join(out)


def test_individual_policy_keeps_the_note_from_the_other_partner(clinic, couple, episode):
    note = individual_note(clinic, episode, couple.a)
    joint = joint_note(clinic, episode)
    note.refresh_from_db()

    assert rules.note_reaches(couple.a, note) and not rules.note_reaches(couple.b, note)
    assert rules.note_reaches(couple.a, joint) and rules.note_reaches(couple.b, joint)

    for_b = selectors.notes_for_partner_record(couple.b, episode)
    assert [n.title for n in for_b] == ["Joint 1"]
    assert SECRET not in repr(for_b) and SECRET_AMENDED not in repr(for_b)
    for_a = selectors.notes_for_partner_record(couple.a, episode)
    assert [n.title for n in for_a] == ["Joint 1", "Alone with A"] or [n.title for n in for_a] == [
        "Alone with A",
        "Joint 1",
    ]
    mine = next(n for n in for_a if n.title == "Alone with A")
    assert mine.body == SECRET and [a[2] for a in mine.amendments] == [SECRET_AMENDED]
    assert mine.label == f"Confidential to {couple.a.name}"

    # The clinician's episode page keeps it out of the joint timeline, in a section for A.
    panel = selectors.episode_panel(clinic.rivera.user, episode)["notes_panel"]
    assert [v.note.pk for v in panel.joint] == [joint.pk]
    assert [(s.user_id, [v.note.pk for v in s.notes]) for s in panel.individual] == [(couple.a.pk, [note.pk])]

    page = everything_b_can_read(couple.b)
    assert "SECRET-7Q2" not in page and "glovebox" not in page and "Alone with A" not in page
    c = Client()
    c.force_login(couple.b)
    assert c.get(f"/clinic/notes/{note.pk}/").status_code == 404
    assert c.get(f"/api/clinic/notes/{note.pk}").status_code == 404
    assert c.get(f"/api/clinic/episodes/{episode.pk}/notes").status_code == 404


def test_drafts_reach_nobody(clinic, couple, episode):
    note = individual_note(clinic, episode, couple.a, signed=False)
    assert not rules.note_reaches(couple.a, note) and not rules.note_reaches(couple.b, note)
    assert selectors.notes_for_partner_record(couple.a, episode) == []


def test_strangers_are_never_reached(clinic, couple, episode, make_couple):
    note = joint_note(clinic, episode)
    others = make_couple()
    for person in (others.a, clinic.rivera.user, clinic.owner):
        assert not rules.note_reaches(person, note)


def test_no_secrets_policy_puts_individual_sessions_in_the_joint_record(clinic, couple, open_episode):
    note = individual_note(clinic, open_episode, couple.a)
    note.refresh_from_db()
    assert rules.note_reaches(couple.a, note) and rules.note_reaches(couple.b, note)
    panel = selectors.episode_panel(clinic.rivera.user, open_episode)["notes_panel"]
    assert [v.note.pk for v in panel.joint] == [note.pk] and panel.individual == []
    assert panel.joint[0].label == f"Individual session with {couple.a.name}"
    [for_b] = selectors.notes_for_partner_record(couple.b, open_episode)
    assert for_b.body == SECRET and for_b.label == f"Individual session with {couple.a.name}"


def test_a_one_partner_block_is_confidential_under_the_individual_policy(clinic, couple, episode, blocks):
    me = clinic.rivera.user
    note = services.create_note(user=me, episode_id=episode.pk, kind="block", block_id=blocks.alone_a.pk, body=SECRET)
    services.sign_note(user=me, note_id=note.pk)
    note.refresh_from_db()
    assert note.subject == couple.a
    assert rules.note_reaches(couple.a, note) and not rules.note_reaches(couple.b, note)
    assert selectors.notes_for_partner_record(couple.b, episode) == []
    panel = selectors.block_panel(me, blocks.alone_a)["block_note"]
    assert panel.confidential and panel.label == f"Confidential to {couple.a.name}"
    assert "SECRET-7Q2" not in everything_b_can_read(couple.b)


def test_the_partners_export_is_unchanged_by_notes(clinic, couple, episode):
    """Decision (docs/decisions.md): notes are not copied into a partner's self-service export."""
    individual_note(clinic, episode, couple.a)
    joint_note(clinic, episode)
    for person in (couple.a, couple.b):
        c = Client()
        c.force_login(person)
        data = json.loads(c.get("/settings/export.json").content)
        assert "SECRET-7Q2" not in json.dumps(data) and "Both came." not in json.dumps(data)
