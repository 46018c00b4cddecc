"""`make run`'s demo data loads, shows on the pages it is for, and a second run changes nothing."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.management import call_command

from closeknit.accounts.management.commands.runbox import SEEDS
from closeknit.accounts.models import User
from closeknit.assessments.models import Administration
from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.clinic.models import Measure
from closeknit.core.time import local_today

pytestmark = pytest.mark.django_db
DAY = {"physical_closeness": 6, "stress": 4, "shared": ["feelings", "emotional_closeness"]}


def _load() -> None:
    for command in SEEDS:
        call_command(command, stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_demo_loads_once_and_shows(client):
    _load()
    counts = (User.objects.count(), CheckIn.objects.count(), Administration.objects.count())
    assert counts[1] > 100 and counts[2] == 36
    _load()
    assert (User.objects.count(), CheckIn.objects.count(), Administration.objects.count()) == counts

    sam = User.objects.get(email="sam@demo.closeknit.test")
    client.force_login(sam)
    for path in ("/", "/history/?days=90", "/progress/", "/checkups/report/", "/practices/", "/space/"):
        response = client.get(path)
        assert response.status_code == 200, path
    assert "Alex" in client.get("/progress/").content.decode()
    # The demo intensive's pre-intensive check-ups wait for the couple: old results don't count.
    assert not Measure.objects.filter(phase="pre", completed_at__isnull=False).exists()
    assert "asked you both for a Closeness check before your intensive" in client.get("/").content.decode()


def test_a_later_run_brings_the_demo_up_to_today_and_keeps_what_people_wrote():
    """`make run` on a later day: Sam has checked in today again, and what someone wrote stays as written."""
    start = dt.datetime(2026, 12, 5, 2, 30, tzinfo=dt.UTC)  # the hour a fresh clone first failed on
    with time_machine.travel(start, tick=False):
        _load()
    sam = User.objects.get(email="sam@demo.closeknit.test")
    alex = User.objects.get(email="alex@demo.closeknit.test")
    later = start + dt.timedelta(days=4, hours=20)
    with time_machine.travel(later, tick=False):
        written = checkins.create_checkin(user=alex, answers={**DAY, "feelings": ["hopeful"], "emotional_closeness": 8})
        before = CheckIn.objects.count()
        _load()
        assert CheckIn.objects.filter(author=sam, local_date=local_today(sam.timezone)).exists()
        assert CheckIn.objects.count() > before  # the missed days came back ...
        kept = CheckIn.objects.get(pk=written.pk)
        assert (kept.feelings, kept.emotional_closeness) == (["hopeful"], 8)  # ... and Alex's own words stayed
        assert CheckIn.objects.filter(author=alex, local_date=kept.local_date).count() == 1
        _load()
        assert CheckIn.objects.count() > before
        again = CheckIn.objects.count()
        _load()
        assert CheckIn.objects.count() == again  # a second run the same day adds nothing
