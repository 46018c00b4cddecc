"""When one partner opens a hard conversation, the other hears about it once, by day: the opener's name
and a link, never a word of the opening, and never in a space where joint conflict work is withheld."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.nudges import services
from closeknit.nudges.models import Delivery
from closeknit.practices.flows import talk as talks
from closeknit.safety.models import ConflictHold
from tests.conftest import Mailbox
from tests.nudges.conftest import zone_at_hour

OPENER = "CANARY I feel lonely about our evenings and I need a walk on Sunday."


@pytest.mark.django_db(transaction=True)
def test_opening_a_conversation_tells_the_other_phone_once_with_no_words(make_couple, smtp_server):
    """The whole path: start commits -> on_commit -> closeknit.nudges.tasks -> nudges.services -> SMTP."""
    pair = make_couple(timezone=zone_at_hour(12))
    pair.a.display_name = "Sam"
    pair.a.save()
    talk = talks.start(user=pair.a, slug="hard-conversation", opener=OPENER)
    msg = smtp_server.wait_for(pair.b.email)
    assert msg["Subject"] == "Sam opened a conversation"
    body = Mailbox.body(msg)
    assert f"/practices/talk/{talk.pk}/" in body and "Sam opened a conversation" in body
    raw = msg.as_string()
    for fragment in ("CANARY", "lonely", "evenings", "walk"):
        assert fragment not in raw
    assert services.announce_talk(talk_id=talk.pk).reason == "already"  # a retried task sends nothing more
    assert [m["To"] for m in smtp_server.messages] == [pair.b.email]  # the opener gets nothing
    assert Delivery.objects.filter(kind="talk").count() == 1


@pytest.mark.django_db
def test_no_note_where_joint_conflict_work_is_withheld_or_once_joined(make_couple, django_capture_on_commit_callbacks):
    pair = make_couple(timezone=zone_at_hour(12))
    with django_capture_on_commit_callbacks(execute=False):
        talk = talks.start(user=pair.a, slug="hard-conversation", opener=OPENER)
    ConflictHold.objects.create(user=pair.b)
    assert services.announce_talk(talk_id=talk.pk).reason == "moot"
    ConflictHold.objects.all().delete()
    talks.join(user=pair.b, talk_id=talk.pk)
    assert services.announce_talk(talk_id=talk.pk).reason == "moot"  # already there: nothing to say
    assert not Delivery.objects.exists()


@pytest.mark.django_db
def test_quiet_hours_wait_for_the_morning_or_let_the_card_do_it(make_couple, django_capture_on_commit_callbacks):
    pair = make_couple(timezone="Europe/Berlin")
    with django_capture_on_commit_callbacks(execute=False):
        talk = talks.start(user=pair.a, slug="hard-conversation", opener=OPENER)
    early = dt.datetime(2030, 3, 31, 4, 0, tzinfo=dt.UTC)  # 06:00 in Berlin, the day clocks go forward
    outcome = services.announce_talk(talk_id=talk.pk, now=early)
    assert outcome.reason == "early" and outcome.retry_at == dt.datetime(2030, 3, 31, 6, 0, tzinfo=dt.UTC)
    night = dt.datetime(2030, 3, 31, 21, 30, tzinfo=dt.UTC)  # 23:30 in Berlin
    assert services.announce_talk(talk_id=talk.pk, now=night).reason == "night"
    assert not Delivery.objects.exists()
