"""The two-phone conversation as a state machine: whose turn it is, paraphrase before reply, no
ideas until both feel heard, and a 20-minute break tested by moving the clock."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.core.errors import NotFound, ServiceError
from closeknit.practices.flows import talk as talks
from closeknit.practices.models import Conversation

pytestmark = pytest.mark.django_db
T0 = dt.datetime(2030, 3, 14, 19, 0, tzinfo=dt.UTC)


def _at(seconds: int) -> dt.datetime:
    return T0 + dt.timedelta(seconds=seconds)


def test_a_full_round_passes_the_floor_and_opens_ideas_only_when_both_feel_heard(couple):
    a, b = couple.a, couple.b
    t = talks.start(user=a, slug="hard-conversation", opener="I feel worried.", now=T0)
    assert (t.speaker_id, t.listener_id, t.phase) == (a.pk, b.pk, "speak")
    t = talks.join(user=b, talk_id=t.pk, now=T0)
    assert talks.seconds_left(t, now=_at(30)) == 60
    with pytest.raises(ServiceError) as exc:
        talks.act(user=b, talk_id=t.pk, action="done_speaking", now=_at(10))
    assert exc.value.code == "not_your_turn"
    t = talks.act(user=a, talk_id=t.pk, action="done_speaking", now=_at(80))
    assert t.phase == "paraphrase" and talks.seconds_left(t, now=_at(90)) == 50
    with pytest.raises(ServiceError):  # the speaker cannot skip the listener's paraphrase
        talks.act(user=a, talk_id=t.pk, action="said_back", now=_at(90))
    t = talks.act(user=b, talk_id=t.pk, action="said_back", now=_at(120))
    t = talks.act(user=a, talk_id=t.pk, action="again", now=_at(130))  # not quite: say it again
    assert t.phase == "speak" and t.speaker_id == a.pk
    t = talks.act(user=a, talk_id=t.pk, action="done_speaking", now=_at(140))
    t = talks.act(user=b, talk_id=t.pk, action="said_back", now=_at(150))
    with pytest.raises(ServiceError):  # ideas wait
        talks.act(user=a, talk_id=t.pk, action="solve_done", now=_at(155))
    t = talks.act(user=a, talk_id=t.pk, action="heard", now=_at(160))
    assert (t.speaker_id, t.listener_id, t.phase, t.heard) == (b.pk, a.pk, "speak", [a.pk])
    t = talks.act(user=b, talk_id=t.pk, action="done_speaking", now=_at(200))
    t = talks.act(user=a, talk_id=t.pk, action="said_back", now=_at(230))
    t = talks.act(user=b, talk_id=t.pk, action="heard", now=_at(240))
    assert t.phase == "solve" and sorted(t.heard) == sorted([a.pk, b.pk])
    t = talks.act(user=a, talk_id=t.pk, action="solve_done", now=_at(300))
    assert t.ended_at is not None and talks.open_for(a) is None
    assert talks.act(user=b, talk_id=t.pk, action="end", now=_at(310)).ended_at == t.ended_at


def test_pause_is_a_twenty_minute_break(couple):
    t = talks.start(user=couple.a, slug="hard-conversation", now=T0)
    t = talks.act(user=couple.b, talk_id=t.pk, action="pause", now=_at(30))
    assert t.paused_until == _at(30 + 1200)
    assert talks.seconds_left(t, now=_at(30 + 600)) == 600
    with pytest.raises(ServiceError) as exc:
        talks.act(user=couple.a, talk_id=t.pk, action="done_speaking", now=_at(60))
    assert exc.value.code == "paused"
    with pytest.raises(ServiceError) as exc:
        talks.act(user=couple.a, talk_id=t.pk, action="resume", now=_at(30 + 1199))
    assert exc.value.code == "break_not_over" and "1 minute" in exc.value.message
    t = talks.act(user=couple.a, talk_id=t.pk, action="resume", now=_at(30 + 1200))
    assert t.paused_until is None and t.phase == "speak" and talks.seconds_left(t, now=_at(1230)) == 90


def test_solo_cannot_start_and_strangers_cannot_see(make_user, make_couple, couple):
    with pytest.raises(ServiceError) as exc:
        talks.start(user=make_user(), slug="hard-conversation")
    assert exc.value.code == "no_partner"
    t = talks.start(user=couple.a, slug="hard-conversation")
    other = make_couple()
    for outsider in (other.a, make_user()):
        with pytest.raises(NotFound):
            talks.get(outsider, t.pk)
        with pytest.raises(NotFound):
            talks.act(user=outsider, talk_id=t.pk, action="pause")


def test_one_open_conversation_per_couple(couple):
    first = talks.start(user=couple.a, slug="hard-conversation")
    assert talks.start(user=couple.b, slug="money-talk").pk == first.pk
    assert Conversation.objects.count() == 1


def test_only_conversation_practices_run_on_two_phones(couple):
    with pytest.raises(NotFound):
        talks.start(user=couple.a, slug="eye-contact")


@pytest.mark.parametrize(
    "parts, field",
    [({"feel": "about-bills"}, "feel"), ({"need": "nope"}, "need"), ({"own": "x" * 601}, "own")],
)
def test_opener_refuses_parts_from_the_wrong_blank(parts, field):
    with pytest.raises(ServiceError) as exc:
        talks.compose_opener(**parts)
    assert exc.value.field == field


def test_opener_prefers_own_words():
    assert talks.compose_opener(feel="feel-sad", own="  I miss our Sundays.  ") == "I miss our Sundays."
    assert talks.compose_opener(feel="feel-sad") == ""


def test_a_conversation_left_for_hours_does_not_block_the_next(couple):
    first = talks.start(user=couple.a, slug="hard-conversation", now=T0)
    assert talks.open_for(couple.b, now=_at(3600)).pk == first.pk
    second = talks.start(user=couple.b, slug="money-talk", now=_at(7 * 3600))
    assert second.pk != first.pk and second.speaker_id == couple.b.pk
    first.refresh_from_db()
    assert first.ended_at == _at(7 * 3600)


def test_the_pages_work_without_script(couple):
    """Every button is a plain form post that redirects back, so a phone without script still takes turns."""
    from django.test import Client

    a, b = Client(), Client()
    a.force_login(couple.a)
    b.force_login(couple.b)
    t = talks.start(user=couple.a, slug="hard-conversation")
    url = f"/practices/talk/{t.pk}/act/"
    assert a.post(url, {"action": "done_speaking"})["Location"] == f"/practices/talk/{t.pk}/"
    response = a.post(url, {"action": "said_back"}, follow=True)  # not the speaker's step
    assert "Only the listener" in response.content.decode()
    b.post(url, {"action": "said_back"})
    a.post(url, {"action": "heard"})
    assert "You have the floor" in b.get(f"/practices/talk/{t.pk}/").content.decode()
    assert b.get(f"/practices/talk/{t.pk}/state/", {"v": Conversation.objects.get(pk=t.pk).version}).status_code == 204
    done = b.post(url, {"action": "end"})
    assert done["Location"].startswith("/practices/run/")
    assert 'id="finish"' in b.get(done["Location"]).content.decode()


def test_step_timer_is_computed_from_the_server_clock(couple):
    from closeknit.practices import services
    from closeknit.practices.views import _remaining

    log = services.start(user=couple.a, slug="eye-contact", now=T0)
    log = services.go_to_step(user=couple.a, log_id=log.pk, step=2, now=T0)  # the 4-minute step
    assert _remaining(log, 240, _at(0)) == 240
    assert _remaining(log, 240, _at(100)) == 140
    assert _remaining(log, 240, _at(1000)) == 0
    assert _remaining(log, None, _at(0)) is None
