"""Handing care over: to a colleague in the same practice only; partners told; consent not carried
over until each partner re-confirms; a decline ends care; the access log records it; the departing
clinician can delete their account only once nothing is left in their hands."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import Client

from closeknit.access import clinic as rules
from closeknit.accounts import services as accounts
from closeknit.accounts.models import User
from closeknit.clinic.models import AccessLog, Consent, Episode, HandoverReply, Note
from closeknit.clinic.services import care, handover
from closeknit.clinic.services import notes as note_services
from closeknit.core.audit import pseudonym
from closeknit.core.errors import NotFound, ServiceError
from tests.conftest import PASSWORD


@pytest.fixture
def episode(clinic, couple) -> Episode:
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
    care.set_consent(user=couple.a, episode_id=e.pk, category="checkins", granted=True)
    care.set_consent(user=couple.b, episode_id=e.pk, category="scores", granted=True)
    e.refresh_from_db()
    return e


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_a_colleague_in_another_practice_is_refused(clinic, episode):
    with pytest.raises(ServiceError):
        handover.hand_over(user=clinic.rivera.user, episode_id=episode.pk, to_clinician_id=clinic.stranger.pk)
    episode.refresh_from_db()
    assert episode.clinician_id == clinic.rivera.pk and Consent.objects.filter(revoked_at__isnull=True).count() == 2


def test_consents_wait_for_each_partner_and_partners_are_told(
    clinic, couple, episode, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        handover.hand_over(user=clinic.rivera.user, episode_id=episode.pk, to_clinician_id=clinic.okafor.pk)
    episode.refresh_from_db()
    okafor = clinic.okafor.user
    assert episode.clinician_id == clinic.okafor.pk
    assert not rules.can_read(okafor, couple.a, episode, "checkins")
    assert not rules.can_read(clinic.rivera.user, couple.a, episode, "checkins")
    assert {m.to[0] for m in mail.outbox} == {couple.a.email, couple.b.email, okafor.email}
    lines = AccessLog.objects.filter(episode=episode, category="care")
    assert {line.subject_id for line in lines} == {couple.a.pk, couple.b.pk}
    assert all(line.clinician_id == okafor.pk for line in lines)

    page = _client(couple.a).get("/care/")
    assert "has handed your care over to Jo Okafor" in page.content.decode()

    handover.answer(user=couple.a, episode_id=episode.pk, accept=True, share=["checkins"])
    assert rules.can_read(okafor, couple.a, episode, "checkins")
    assert not rules.can_read(okafor, couple.b, episode, "scores")  # B has not re-confirmed
    assert "has handed your care over" not in _client(couple.a).get("/care/").content.decode()


def test_a_partner_declining_ends_care_for_the_couple(clinic, couple, episode):
    handover.hand_over(user=clinic.owner, episode_id=episode.pk, to_clinician_id=clinic.okafor.pk)
    page = _client(couple.b).post("/care/", {"episode": episode.pk, "action": "handover_decline"})
    assert page.status_code == 302
    episode.refresh_from_db()
    assert episode.ended_at is not None
    assert HandoverReply.objects.get(user=couple.b).answer == "declined"
    assert not rules.can_read(clinic.okafor.user, couple.a, episode, "checkins")
    with pytest.raises(NotFound):
        handover.answer(user=couple.a, episode_id=episode.pk, accept=True)


def test_deletion_refused_before_and_allowed_after_handover(clinic, couple, episode):
    me = clinic.rivera.user
    note = note_services.create_note(
        user=me, episode_id=episode.pk, kind="session", title="First joint session", body="Calm."
    )
    with pytest.raises(ServiceError) as refused:
        accounts.delete_account(user=me, password=PASSWORD)
    assert refused.value.status == 409
    ended = care.start_episode(user=me, policy="no_secrets")
    care.end_episode(user=me, episode_id=ended.pk)
    for e in (episode, ended):
        handover.hand_over(user=me, episode_id=e.pk, to_clinician_id=clinic.okafor.pk)
    AccessLog.objects.create(clinician=me, subject=couple.a, episode=episode, category="checkins", what="x")
    me_pk = me.pk
    accounts.delete_account(user=me, password=PASSWORD)
    assert not User.objects.filter(pk=me_pk).exists()
    assert Episode.objects.filter(pk__in=[episode.pk, ended.pk]).count() == 2
    kept = AccessLog.objects.get(category="checkins", subject=couple.a)
    assert kept.clinician is None and kept.reader == pseudonym(me_pk)
    kept_note = Note.objects.get(pk=note.pk)
    assert kept_note.author is None and kept_note.author_name == pseudonym(me_pk)


@pytest.mark.parametrize("who", ["stranger", "okafor", "partner", "anonymous"])
def test_handover_pages_are_404_to_others(clinic, couple, episode, who):
    c = Client()
    if who == "stranger":
        c.force_login(clinic.stranger.user)
    elif who == "okafor":  # a colleague who is not the episode's clinician, nor owner or admin
        c.force_login(clinic.okafor.user)
    elif who == "partner":
        c.force_login(couple.a)
    page = c.get(f"/clinic/care/{episode.pk}/handover/")
    if who == "anonymous":
        assert page.status_code == 302
    else:
        assert page.status_code == 404
    posted = c.post(f"/clinic/care/{episode.pk}/handover/", {"to": clinic.okafor.pk})
    assert posted.status_code in (302, 404) if who == "anonymous" else posted.status_code == 404
    episode.refresh_from_db()
    assert episode.clinician_id == clinic.rivera.pk


def test_owner_and_admin_hand_over_for_a_clinician_who_left(clinic, couple, episode):
    for user in (clinic.admin, clinic.owner):
        assert _client(user).get(f"/clinic/care/{episode.pk}/handover/").status_code == 200
    bad = _client(clinic.owner).post(f"/clinic/care/{episode.pk}/handover/", {"to": clinic.stranger.pk})
    assert bad.status_code == 400 and "colleague" in bad.content.decode()
    ok = _client(clinic.admin).post(f"/clinic/care/{episode.pk}/handover/", {"to": clinic.okafor.pk})
    assert ok.status_code == 302
    episode.refresh_from_db()
    assert episode.clinician_id == clinic.okafor.pk


def test_notes_follow_the_episode_to_the_new_clinician(clinic, couple, episode):
    note = note_services.create_note(
        user=clinic.rivera.user, episode_id=episode.pk, kind="session", title="Joint session", body="Calm."
    )
    handover.hand_over(user=clinic.rivera.user, episode_id=episode.pk, to_clinician_id=clinic.okafor.pk)
    episode.refresh_from_db()
    assert rules.can_read_notes(clinic.okafor.user, episode)
    assert not rules.can_read_notes(clinic.rivera.user, episode)
    page = _client(clinic.okafor.user).get(f"/clinic/notes/{note.pk}/")
    assert page.status_code == 200 and "Joint session" in page.content.decode()


def test_another_couple_cannot_answer_and_the_other_partner_is_not_told_who_declined(
    clinic, couple, episode, make_couple
):
    handover.hand_over(user=clinic.rivera.user, episode_id=episode.pk, to_clinician_id=clinic.okafor.pk)
    others = make_couple()
    refused = _client(others.a).post("/care/", {"episode": episode.pk, "action": "handover_accept"})
    assert refused.status_code == 404
    assert HandoverReply.objects.filter(answer="").count() == 2
    _client(couple.a).post("/care/", {"episode": episode.pk, "action": "handover_decline"})
    seen = _client(couple.b).get("/care/").content.decode()
    assert "declin" not in seen.lower() and f'id="episode-{episode.pk}"' not in seen


def test_an_unknown_category_is_a_clear_400_and_changes_nothing(clinic, couple, episode):
    handover.hand_over(user=clinic.rivera.user, episode_id=episode.pk, to_clinician_id=clinic.okafor.pk)
    page = _client(couple.a).post("/care/", {"episode": episode.pk, "action": "handover_accept", "share": "diary"})
    assert page.status_code == 400 and "not something you can share" in page.content.decode()
    assert HandoverReply.objects.get(user=couple.a).answer == ""
