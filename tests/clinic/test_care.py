"""Care episodes and consent: each partner decides, per category; every read is logged and seen."""

from __future__ import annotations

import pytest

from closeknit import access
from closeknit.checkins import services as checkins
from closeknit.clinic.models import AccessLog, Episode
from closeknit.clinic.selectors import care as selectors
from closeknit.clinic.services import care
from closeknit.core.errors import NotFound, ServiceError


@pytest.fixture
def episode(clinic, couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    care.join_episode(user=couple.a, token=e.join_token)
    care.join_episode(user=couple.b, token=e.join_token)
    e.refresh_from_db()
    return e


def both_agree(e, couple):
    for p in (couple.a, couple.b):
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)


def write_checkin(person, answers, note="A private thought."):
    answers = dict(answers, note=note, shared=["feelings", "emotional_closeness", "appreciation"])
    checkins.save_today(user=person, answers=answers)


def read(clinic, e, person):
    return selectors.checkins_for_clinician(clinic.rivera.user, e, person)


def test_grant_read_logged_revoke(clinic, couple, episode, answers):
    both_agree(episode, couple)
    write_checkin(couple.a, answers)
    assert read(clinic, episode, couple.a) is None  # nothing granted yet
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    rows = read(clinic, episode, couple.a)
    assert len(rows) == 1
    assert rows[0].answers == {
        "feelings": answers["feelings"],
        "emotional_closeness": answers["emotional_closeness"],
        "appreciation": answers["appreciation"],
    }
    assert "note" not in rows[0].answers and "need" not in rows[0].answers  # private stays private
    log = AccessLog.objects.get()
    assert (log.clinician_id, log.subject_id, log.category, log.items) == (
        clinic.rivera.user.pk,
        couple.a.pk,
        "checkins",
        1,
    )
    assert [r.pk for r in selectors.my_access_log(couple.a)] == [log.pk]
    assert selectors.my_access_log(couple.b) == []
    assert [r.pk for r in selectors.practice_access_log(clinic.owner, clinic.practice.pk)] == [log.pk]
    # B's consent is B's own: A's grant opens nothing of B's.
    assert read(clinic, episode, couple.b) is None
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=False)
    assert read(clinic, episode, couple.a) is None
    assert AccessLog.objects.count() == 1  # refused reads are not logged as reads


def test_both_must_accept_the_agreement(clinic, couple, episode, answers):
    with pytest.raises(ServiceError) as exc:
        care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    assert exc.value.code == "policy_not_acknowledged"
    care.acknowledge(user=couple.a, episode_id=episode.pk, policy=episode.policy)
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    write_checkin(couple.a, answers)
    assert read(clinic, episode, couple.a) is None  # the partner has not accepted yet
    care.acknowledge(user=couple.b, episode_id=episode.pk, policy=episode.policy)
    assert read(clinic, episode, couple.a) is not None
    with pytest.raises(ServiceError) as exc:
        care.acknowledge(user=couple.a, episode_id=episode.pk, policy="individual")
    assert exc.value.code == "policy_changed"


def test_who_may_not_read(clinic, couple, episode, answers, make_user):
    both_agree(episode, couple)
    write_checkin(couple.a, answers)
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    for outsider in (clinic.okafor.user, clinic.stranger.user, clinic.owner, clinic.admin, couple.b, make_user()):
        assert selectors.checkins_for_clinician(outsider, episode, couple.a) is None
        with pytest.raises(NotFound):
            selectors.episode_for_clinician(outsider, episode.pk)
    with pytest.raises(NotFound):
        selectors.practice_access_log(clinic.admin, clinic.practice.pk)
    with pytest.raises(NotFound):
        selectors.practice_access_log(clinic.stranger.user, clinic.practice.pk)
    assert AccessLog.objects.count() == 0


def test_consent_ends_with_the_episode_or_membership(clinic, couple, episode, answers):
    both_agree(episode, couple)
    write_checkin(couple.a, answers)
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    assert read(clinic, episode, couple.a) is not None
    from closeknit.couples import services as couples

    couples.leave_space(user=couple.a)
    access.forget(couple.a)
    assert read(clinic, episode, couple.a) is None


def test_ended_episode_reads_nothing(clinic, couple, episode, answers):
    both_agree(episode, couple)
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    care.end_episode(user=clinic.rivera.user, episode_id=episode.pk)
    episode.refresh_from_db()
    assert read(clinic, episode, couple.a) is None


def test_join_rules(clinic, couple, make_couple, make_user, episode):
    other = make_couple()
    with pytest.raises(NotFound):
        care.join_episode(user=other.a, token=episode.join_token)
    with pytest.raises(ServiceError) as exc:
        care.join_episode(user=make_user(), token=episode.join_token)
    assert exc.value.code == "no_space"
    with pytest.raises(NotFound):
        care.join_episode(user=couple.a, token="nope")
    assert Episode.objects.get(pk=episode.pk).couple_id == couple.couple_id


def test_unknown_category_and_non_member(clinic, couple, episode, make_couple):
    both_agree(episode, couple)
    with pytest.raises(ServiceError):
        care.set_consent(user=couple.a, episode_id=episode.pk, category="diary", granted=True)
    with pytest.raises(NotFound):
        care.set_consent(user=make_couple().a, episode_id=episode.pk, category="checkins", granted=True)


def test_pages(client, clinic, couple, episode, answers):
    client.force_login(couple.a)
    page = client.get("/care/").content.decode()
    assert "I've read this and I agree" in page
    assert (
        client.post("/care/", {"episode": episode.pk, "action": "acknowledge", "policy": episode.policy}).status_code
        == 302
    )
    care.acknowledge(user=couple.b, episode_id=episode.pk, policy=episode.policy)
    assert client.post("/care/", {"episode": episode.pk, "action": "grant", "category": "checkins"}).status_code == 302
    write_checkin(couple.a, answers)
    r = client.post("/care/", {"episode": episode.pk, "action": "grant", "category": "diary"})
    assert r.status_code == 400
    assert client.post("/care/", {"episode": "x", "action": "grant", "category": "checkins"}).status_code == 404
    client.force_login(clinic.rivera.user)
    page = client.get(f"/clinic/care/{episode.pk}/?show=checkins-{couple.a.pk}").content.decode()
    assert answers["appreciation"] in page and "A private thought." not in page
    client.force_login(couple.a)
    assert "read your daily check-ins" in client.get("/care/").content.decode()
    client.force_login(clinic.owner)
    assert couple.a.name in client.get("/clinic/access-log/").content.decode()
    assert client.get(f"/clinic/care/{episode.pk}/").status_code == 404
    client.force_login(clinic.admin)
    assert client.get("/clinic/access-log/").status_code == 404
    client.force_login(couple.b)
    assert client.get("/clinic/").status_code == 404


def test_consent_changes_are_audited(clinic, couple, episode):
    from auditlog.models import LogEntry

    both_agree(episode, couple)
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=True)
    care.set_consent(user=couple.a, episode_id=episode.pk, category="checkins", granted=False)
    entries = LogEntry.objects.filter(content_type__model="consent")
    assert entries.count() == 2
    assert not LogEntry.objects.filter(content_type__model__in=["lead", "screen"]).exists()


def test_starting_care_from_a_lead_invites_both(clinic, smtp_server, django_capture_on_commit_callbacks):
    from tests.clinic.helpers import reach

    lead, _, _ = reach(clinic.rivera, screened=True)
    with django_capture_on_commit_callbacks(execute=True):
        e = care.start_episode(user=clinic.rivera.user, policy="individual", lead_id=lead.pk)
    for address in (lead.email, lead.partner_email):
        msg = smtp_server.wait_for(address)
        assert e.join_token in smtp_server.body(msg) and "shares nothing" in smtp_server.body(msg)
