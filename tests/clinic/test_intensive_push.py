"""The intensive reminder goes to a partner's phone when they chose so, and by email to the other."""

from __future__ import annotations

import datetime as dt

from closeknit.clinic.models import IntensiveBlock
from closeknit.clinic.services import reminders
from closeknit.nudges import push
from tests.clinic.intensive_helpers import joined_episode, schedule, today


def test_the_intensive_reminder_is_pushed_to_a_partner_who_chose_it(clinic, couple, smtp_server, push_service):
    phone = push_service.new_device()
    push.set_choices(user=couple.b, kinds={"intensive"})
    push.subscribe(user=couple.b, endpoint=phone.endpoint, **phone.to_json()["keys"])
    intensive = schedule(clinic, joined_episode(clinic, couple), starts_on=today() + dt.timedelta(days=10))
    first = IntensiveBlock.objects.filter(intensive=intensive).order_by("start").first()

    assert reminders.send_due_intensives(now=first.start - dt.timedelta(hours=40)) == 1
    [got] = push_service.wait_for(1)
    assert got.payload == {
        "kind": "intensive",
        "title": "Your intensive is close",
        "body": "The days and times are on your care page.",
        "url": "/care/",
    }
    text = got.plaintext.decode()
    for fragment in ("Rivera", first.title, couple.a.name, couple.b.name):
        assert fragment not in text
    to = [m["To"] for m in smtp_server.messages if "Your intensive" in m["Subject"]]
    assert to == [couple.a.email]  # B's phone took B's; A chose nothing, so A's is an email
    assert reminders.send_due_intensives(now=first.start - dt.timedelta(hours=39)) == 0
    assert len(push_service.received) == 1
