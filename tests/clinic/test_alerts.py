"""Safety alerts: the clinician is told that a partner may not be safe only with that partner's consent,
once per flow per day, with the kind, the flow and the time and never the words; the other partner never
learns anything of it through any page, API route, export or email."""

from __future__ import annotations

import datetime as dt
import json

import pytest
import time_machine
from django.core import mail
from django.test import Client

from closeknit.accounts.selectors import export_for
from closeknit.checkins import services as checkins
from closeknit.clinic.models import AccessLog, SafetyAlert
from closeknit.clinic.selectors import alerts as selectors
from closeknit.clinic.services import alerts, care
from closeknit.core.errors import NotFound
from closeknit.practices import services as practices

pytestmark = pytest.mark.django_db

WORDS = "I want to kill myself."
HURT = "My partner hits me when he is angry and I am scared of him."


@pytest.fixture
def episode(clinic, couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    care.join_episode(user=couple.a, token=e.join_token)
    care.join_episode(user=couple.b, token=e.join_token)
    for p in (couple.a, couple.b):
        care.acknowledge(user=p, episode_id=e.pk, policy=e.policy)
    e.refresh_from_db()
    return e


def consent(e, person, granted=True):
    care.set_consent(user=person, episode_id=e.pk, category="safety_alerts", granted=granted)


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def test_no_consent_no_alert(clinic, couple, episode, answers):
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=WORDS))
    assert SafetyAlert.objects.count() == 0
    assert selectors.for_episode(clinic.rivera.user, episode) is None
    page = _client(clinic.rivera.user).get(f"/clinic/care/{episode.pk}/").content.decode()
    assert 'id="safety-alerts"' not in page


def test_consent_brings_one_alert_per_flow_per_day_without_words(clinic, couple, episode, answers):
    consent(episode, couple.a)
    c = checkins.create_checkin(user=couple.a, answers=dict(answers, note=WORDS))
    checkins.update_checkin(user=couple.a, checkin_id=c.pk, answers=dict(answers, note=HURT))
    alert = SafetyAlert.objects.get()
    assert (alert.subject_id, alert.where, alert.seen_at) == (couple.a.pk, "checkin", None)
    assert set(alert.kinds) == {"suicide", "abuse"}  # the second write joined the open alert
    row = json.dumps([alert.kinds, alert.where])
    assert "kill" not in row and "hits" not in row
    # Another flow the same day is its own alert.
    log = practices.start(user=couple.a, slug="eye-contact")
    practices.finish(user=couple.a, log_id=log.pk, reflection=WORDS)
    assert SafetyAlert.objects.filter(where="reflection").count() == 1
    # A calm text raises nothing.
    practices.add_note(user=couple.a, kind="gratitude", text="Thank you for the soup.")
    assert SafetyAlert.objects.count() == 2


def test_clinician_sees_who_where_when_never_the_words_and_marks_seen(clinic, couple, episode, answers):
    consent(episode, couple.a)
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=WORDS))
    rivera = _client(clinic.rivera.user)
    page = rivera.get(f"/clinic/care/{episode.pk}/").content.decode()
    assert f"Safety alert:</strong> {couple.a.name} wrote words that may mean they are not safe" in page
    assert "in a check-in on" in page
    assert WORDS not in page and "kill" not in page
    alert = SafetyAlert.objects.get()
    assert AccessLog.objects.filter(subject=couple.a, category="safety_alerts").count() == 1
    api = rivera.get(f"/api/clinic/episodes/{episode.pk}/alerts").json()
    assert [(a["id"], a["where"], a["kinds"]) for a in api] == [(alert.pk, "checkin", ["suicide"])]
    assert "kill" not in json.dumps(api)
    r = rivera.post(f"/clinic/alerts/{alert.pk}/seen/")
    assert r.status_code == 302
    alert.refresh_from_db()
    assert alert.seen_at is not None
    assert 'id="seen-' not in rivera.get(f"/clinic/care/{episode.pk}/").content.decode()
    # Seen: a new worrying text in the same flow makes a fresh alert.
    checkins.update_checkin(
        user=couple.a, checkin_id=couple.a.checkins.get().pk, answers=dict(answers, note="I cut myself again.")
    )
    assert SafetyAlert.objects.filter(seen_at__isnull=True).count() == 1
    r = rivera.post(f"/api/clinic/alerts/{alert.pk}/seen", content_type="application/json")
    assert r.status_code == 200 and r.json()["seen_at"]


def test_revoked_consent_means_no_alert_and_no_sight(clinic, couple, episode, answers):
    consent(episode, couple.a)
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=WORDS))
    consent(episode, couple.a, granted=False)
    log = practices.start(user=couple.a, slug="eye-contact")
    practices.finish(user=couple.a, log_id=log.pk, reflection=WORDS)
    assert SafetyAlert.objects.count() == 1  # only the one from before the revoke
    assert selectors.for_episode(clinic.rivera.user, episode) is None
    with pytest.raises(NotFound):
        alerts.mark_seen(user=clinic.rivera.user, alert_id=SafetyAlert.objects.get().pk)


def test_needs_both_to_accept_the_agreement_and_an_active_episode(clinic, couple, answers):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    care.join_episode(user=couple.a, token=e.join_token)
    care.join_episode(user=couple.b, token=e.join_token)
    care.acknowledge(user=couple.a, episode_id=e.pk, policy=e.policy)
    care.acknowledge(user=couple.b, episode_id=e.pk, policy=e.policy)
    consent(e, couple.a)
    care.end_episode(user=clinic.rivera.user, episode_id=e.pk)
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=WORDS))
    assert SafetyAlert.objects.count() == 0


def test_only_the_episode_clinician_sees_or_marks_it(clinic, couple, episode, answers):
    consent(episode, couple.a)
    checkins.create_checkin(user=couple.a, answers=dict(answers, note=WORDS))
    alert = SafetyAlert.objects.get()
    for who in (clinic.okafor.user, clinic.owner, clinic.admin, clinic.stranger.user, couple.a, couple.b):
        with pytest.raises(NotFound):
            alerts.mark_seen(user=who, alert_id=alert.pk)
        assert selectors.for_episode(who, episode) is None
        c = _client(who)
        assert c.post(f"/clinic/alerts/{alert.pk}/seen/").status_code == 404
        assert c.post(f"/api/clinic/alerts/{alert.pk}/seen", content_type="application/json").status_code == 404
        assert c.get(f"/api/clinic/episodes/{episode.pk}/alerts").status_code == 404
    alert.refresh_from_db()
    assert alert.seen_at is None


@pytest.fixture
def daytime(episode):
    """The next 14:00 UTC after the couple and the episode exist: B's nudge goes out by day, not at night."""
    now = dt.datetime.now(dt.UTC)
    afternoon = now.replace(hour=14, minute=0, second=0, microsecond=0)
    with time_machine.travel(afternoon if afternoon > now else afternoon + dt.timedelta(days=1), tick=False):
        yield


def test_partner_b_never_learns_of_a_alert(clinic, couple, episode, answers, mailoutbox, daytime):
    consent(episode, couple.a)
    consent(episode, couple.b)
    a_checkin = checkins.create_checkin(user=couple.a, answers=dict(answers, note=HURT, shared=["note", "feelings"]))
    practices.add_note(user=couple.a, kind="gratitude", text=WORDS)
    from closeknit.nudges import services as nudges

    sent = nudges.nudge_partner(checkin_id=a_checkin.pk)  # B's notification that A checked in
    if sent.retry_at:  # quiet hours where B lives: send it when they end
        sent = nudges.nudge_partner(checkin_id=a_checkin.pk, now=sent.retry_at)
    assert sent.sent, sent
    checkins.create_checkin(user=couple.b, answers=answers)  # so B's pages open A's shared answers
    assert SafetyAlert.objects.filter(subject=couple.a).count() == 2
    _client(clinic.rivera.user).get(f"/clinic/care/{episode.pk}/")  # the clinician reads them: logged for A
    b = _client(couple.b)
    responses = [
        b.get(url)
        for url in ("/", "/care/", "/checkin/", "/history/", "/practices/gratitude/", "/practices/")
        + ("/api/checkins/today", "/api/care", "/api/care/access-log", "/api/appreciations", "/api/checkins")
    ]
    assert [r.status_code for r in responses] == [200] * len(responses)
    pages, apis = [r.content.decode() for r in responses], []
    for text in pages + apis:
        # B's own Care page names the category B may grant; nothing names an alert that happened.
        for word in ("Safety alert:", "wrote words", "support-card", "not safe", "carry this alone", "sounded heavy"):
            assert word not in text
        assert '"violence"' not in text and '"suicide"' not in text and '"abuse"' not in text
    exported = json.dumps(export_for(couple.b), default=str)
    assert "support" not in exported and "alert" not in exported.lower() and HURT not in exported
    assert not AccessLog.objects.filter(subject=couple.b, category="safety_alerts").exists()
    to_b = [m for m in mail.outbox if couple.b.email in m.to]
    assert to_b, "the nudge to B should have been sent"
    for m in mail.outbox:  # no email names an alert or the net's finding, to anyone
        text = (m.subject + m.body + "".join(str(c) for c, _ in getattr(m, "alternatives", []))).lower()
        assert "alert" not in text and "kill" not in text and "not safe" not in text and "988" not in text
    # A's own export holds A's words (their right), still no alert records.
    mine = json.dumps(export_for(couple.a), default=str)
    assert HURT in mine and "safety_alerts" not in mine
