"""`make run`'s demo data loads, shows on the pages it is for, and a second run changes nothing."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from closeknit.accounts.models import User
from closeknit.assessments.models import Administration
from closeknit.checkins.models import CheckIn
from closeknit.clinic.models import Measure
from closeknit.core.management.commands.runbox import SEEDS

pytestmark = pytest.mark.django_db


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
