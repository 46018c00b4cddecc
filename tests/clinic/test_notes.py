"""Clinical notes: drafts, signing locks, amendments, bad input, the episode's end, templates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from closeknit.clinic import note_templates
from closeknit.clinic.models import Amendment, Note
from closeknit.clinic.selectors import notes as selectors
from closeknit.clinic.services import care
from closeknit.clinic.services import notes as services
from closeknit.core.content import ContentError
from closeknit.core.errors import NotFound, ServiceError
from tests.clinic import notes_setup
from tests.clinic.notes_setup import BLOCK_TEMPLATE, make_blocks, start

episode, open_episode, blocks = notes_setup.episode, notes_setup.open_episode, notes_setup.blocks  # fixtures


def draft(clinic, episode, **kw) -> Note:
    args = dict(kind="session", title="Week 3", body="They talked about the move.")
    args.update(kw)
    return services.create_note(user=clinic.rivera.user, episode_id=episode.pk, **args)


def refused(fn, **kw) -> ServiceError:
    with pytest.raises(ServiceError) as exc:
        fn(**kw)
    return exc.value


def test_draft_save_sign_then_locked(clinic, episode):
    me = clinic.rivera.user
    note = draft(clinic, episode)
    assert note.author == me and not note.locked
    assert abs((note.session_on - timezone.now().date()).days) <= 1  # today, in the clinician's zone
    services.save_draft(user=me, note_id=note.pk, title="Week 3, joint", body="They talked about the move. Both cried.")
    fresh = Note.objects.get(pk=note.pk)
    assert (fresh.title, fresh.body) == ("Week 3, joint", "They talked about the move. Both cried.")

    signed = services.sign_note(user=me, note_id=note.pk, body="Final text.")
    assert signed.locked
    fresh = Note.objects.get(pk=note.pk)
    assert fresh.body == "Final text." and fresh.signed_at == signed.signed_at
    stamp = fresh.signed_at

    err = refused(services.save_draft, user=me, note_id=note.pk, title="changed", body="changed")
    assert (err.status, err.code) == (409, "note_locked") and "amendment" in err.message
    err = refused(services.sign_note, user=me, note_id=note.pk, body="another text")
    assert (err.status, err.code) == (409, "already_signed")
    err = refused(services.delete_draft, user=me, note_id=note.pk)
    assert (err.status, err.code) == (409, "note_locked")
    fresh = Note.objects.get(pk=note.pk)
    assert (fresh.title, fresh.body, fresh.signed_at) == ("Week 3, joint", "Final text.", stamp)  # nothing written


def test_signing_needs_confirmation_and_some_text(clinic, episode):
    me = clinic.rivera.user
    note = draft(clinic, episode)
    err = refused(services.sign_note, user=me, note_id=note.pk, confirm=False)
    assert err.field == "confirm" and "locks" in err.message
    err = refused(services.sign_note, user=me, note_id=note.pk, body="   ")
    assert err.field == "body"
    assert Note.objects.get(pk=note.pk).signed_at is None


def test_second_signature_with_another_text_changes_nothing(clinic, episode):
    """The guard is the conditional UPDATE: a note object read before the first signature still
    cannot be signed again (this is what a concurrent request would hold)."""
    me = clinic.rivera.user
    note = draft(clinic, episode)
    services.sign_note(user=me, note_id=note.pk, body="First text.")
    assert Note.objects.filter(pk=note.pk, signed_at__isnull=True).update(body="x") == 0
    err = refused(services.sign_note, user=me, note_id=note.pk, body="Second text.")
    assert err.code == "already_signed"
    assert Note.objects.get(pk=note.pk).body == "First text."


def test_amendments_need_reason_and_body_and_keep_order(clinic, episode):
    me = clinic.rivera.user
    note = draft(clinic, episode)
    err = refused(services.amend_note, user=me, note_id=note.pk, reason="typo", body="fix")
    assert (err.status, err.code) == (409, "note_not_signed")
    services.sign_note(user=me, note_id=note.pk)
    assert refused(services.amend_note, user=me, note_id=note.pk, reason="", body="fix").field == "reason"
    assert refused(services.amend_note, user=me, note_id=note.pk, reason="typo", body="  ").field == "body"
    assert refused(services.amend_note, user=me, note_id=note.pk, reason="r" * 201, body="x").field == "reason"
    assert Amendment.objects.count() == 0
    first = services.amend_note(user=me, note_id=note.pk, reason="Wrong date of the move", body="It was May.")
    second = services.amend_note(user=me, note_id=note.pk, reason="Added context", body="They asked for this.")
    view = selectors.note_for_clinician(me, note.pk)
    assert [a.pk for a in view.amendments] == [first.pk, second.pk]
    assert view.amendments[0].author == me and view.amendments[0].signed_at <= view.amendments[1].signed_at
    assert Note.objects.get(pk=note.pk).body == "They talked about the move."  # the original stays


def test_only_a_draft_can_be_deleted(clinic, episode):
    me = clinic.rivera.user
    note = draft(clinic, episode)
    services.delete_draft(user=me, note_id=note.pk)
    assert not Note.objects.filter(pk=note.pk).exists()


@pytest.mark.parametrize(
    "kw, field",
    [
        ({"title": "   ", "body": "x"}, "title"),
        ({"title": "t" * 161}, "title"),
        ({"body": "b" * 20_001}, "body"),
        ({"body": "nul \x00 byte"}, "body"),
        ({"kind": "individual"}, "subject_id"),
        ({"kind": "session", "subject_id": 1}, "subject_id"),
        ({"kind": "diary"}, "kind"),
        ({"kind": "block"}, "block_id"),
        ({"kind": "session", "block_id": 1}, "block_id"),
        ({"template": "individual-session"}, "template"),
        ({"template": "no-such-template"}, "template"),
        ({"session_on": dt.date(1999, 12, 31)}, "session_on"),
        ({"session_on": timezone.localdate() + dt.timedelta(days=5)}, "session_on"),
    ],
)
def test_bad_input_is_refused_and_nothing_written(clinic, episode, kw, field):
    err = refused(draft, clinic=clinic, episode=episode, **kw)
    assert err.status == 400 and err.field == field and err.message
    assert Note.objects.count() == 0


def test_subject_must_be_a_partner_of_this_couple(clinic, episode, make_couple):
    others = make_couple()
    for person in (others.a, clinic.rivera.user):
        err = refused(draft, clinic=clinic, episode=episode, kind="individual", subject_id=person.pk)
        assert err.field == "subject_id" and "not a partner" in err.message
    assert Note.objects.count() == 0


def test_block_from_another_episode_is_refused(clinic, episode, make_couple):
    other_couple = make_couple()
    other = start(clinic.rivera.user, other_couple, "no_secrets")
    theirs = make_blocks(other, other_couple)
    err = refused(draft, clinic=clinic, episode=episode, kind="block", block_id=theirs.joint.pk)
    assert err.field == "block_id" and Note.objects.count() == 0


def test_unknown_or_someone_elses_episode_is_not_found(clinic, episode):
    with pytest.raises(NotFound):
        services.create_note(user=clinic.rivera.user, episode_id=episode.pk + 1000, kind="session", title="x")
    for who in (clinic.okafor.user, clinic.owner, clinic.admin, clinic.stranger.user):
        with pytest.raises(NotFound):
            services.create_note(user=who, episode_id=episode.pk, kind="session", title="x")
    note = draft(clinic, episode)
    for who in (clinic.okafor.user, clinic.owner, clinic.admin, clinic.stranger.user):
        for fn, kw in [
            (services.save_draft, {"title": "x", "body": "x"}),
            (services.sign_note, {}),
            (services.amend_note, {"reason": "x", "body": "x"}),
            (services.delete_draft, {}),
        ]:
            with pytest.raises(NotFound):
                fn(user=who, note_id=note.pk, **kw)
        with pytest.raises(NotFound):
            selectors.note_for_clinician(who, note.pk)
        assert selectors.episode_panel(who, episode) == {}
    fresh = Note.objects.get(pk=note.pk)
    assert fresh.signed_at is None and fresh.body == "They talked about the move."


def test_after_the_episode_ends_notes_stay_readable_sign_and_amend_only(clinic, episode):
    me = clinic.rivera.user
    signed = draft(clinic, episode, title="Signed before the end")
    services.sign_note(user=me, note_id=signed.pk)
    open_draft = draft(clinic, episode, title="Still a draft")
    care.end_episode(user=me, episode_id=episode.pk)

    err = refused(draft, clinic=clinic, episode=episode)
    assert (err.status, err.code) == (409, "episode_ended")
    err = refused(services.save_draft, user=me, note_id=open_draft.pk, title="x", body="x")
    assert err.code == "episode_ended"
    err = refused(services.sign_note, user=me, note_id=open_draft.pk, body="a different text")
    assert err.code == "episode_ended"
    assert refused(services.delete_draft, user=me, note_id=open_draft.pk).code == "episode_ended"
    services.sign_note(user=me, note_id=open_draft.pk)  # as it is: finishing the record is allowed
    services.amend_note(user=me, note_id=signed.pk, reason="Late correction", body="After the last session.")

    episode.refresh_from_db()
    panel = selectors.episode_panel(me, episode)["notes_panel"]
    assert not panel.can_write and {v.note.pk for v in panel.joint} == {signed.pk, open_draft.pk}
    assert len(selectors.note_for_clinician(me, signed.pk).amendments) == 1


def test_templates_prefill_and_the_blocks_own_template_wins(clinic, episode, blocks, couple):
    me = clinic.rivera.user
    joint = draft(clinic, episode, body=None, title="")
    assert joint.title == "Joint session" and joint.body == note_templates.get("joint-session").body
    alone = draft(clinic, episode, kind="individual", subject_id=couple.b.pk, body=None)
    assert alone.body == note_templates.get("individual-session").body

    own = services.create_note(user=me, episode_id=episode.pk, kind="block", block_id=blocks.joint.pk)
    assert own.body.strip() == BLOCK_TEMPLATE and own.title == "Joint history interview" and own.subject is None
    default = services.create_note(user=me, episode_id=episode.pk, kind="block", block_id=blocks.alone_a.pk)
    assert default.body == note_templates.get("intensive-block").body
    assert default.subject == couple.a  # an interview with one partner is about them
    err = refused(services.create_note, user=me, episode_id=episode.pk, kind="block", block_id=blocks.joint.pk)
    assert (err.status, err.code) == (409, "block_has_note")

    panel = selectors.block_panel(me, blocks.joint)["block_note"]
    assert panel.note.pk == own.pk and panel.can_write
    assert selectors.block_panel(clinic.okafor.user, blocks.joint) == {}


def test_block_panel_before_a_note_offers_the_template(clinic, blocks):
    panel = selectors.block_panel(clinic.rivera.user, blocks.joint)["block_note"]
    assert panel.note is None and panel.text.strip() == BLOCK_TEMPLATE and panel.label == "Joint"
    panel = selectors.block_panel(clinic.rivera.user, blocks.alone_a)["block_note"]
    assert panel.confidential and panel.label.startswith("Confidential to")


def test_loader_is_strict(tmp_path):
    good = {"slug": "x", "name": "X", "kinds": ["session"], "title": "T", "body": "B"}
    assert note_templates.parse(good, "x.yaml").body == "B\n"
    for bad, words in [
        ({**good, "extra": 1}, "unknown field"),
        ({**good, "kinds": ["diary"]}, "kinds"),
        ({**good, "kinds": []}, "kinds"),
        ({**good, "body": ""}, "'body'"),
        ({**good, "title": "t" * 161}, "longer"),
        ({**good, "slug": "y"}, "file name"),
        (["not", "a", "mapping"], "mapping"),
    ]:
        with pytest.raises(ContentError) as exc:
            note_templates.parse(bad, "x.yaml")
        assert words in str(exc.value) and "x.yaml" in str(exc.value)


def test_shipped_templates_load_and_cover_every_kind():
    loaded = note_templates.load()
    assert {"joint-session", "individual-session", "intensive-block"} <= set(loaded)
    for kind in ("session", "individual", "block"):
        assert note_templates.default_for(kind) is not None
