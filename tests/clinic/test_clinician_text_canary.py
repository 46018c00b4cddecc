"""Invariant 2 for what a clinician writes for one couple outside notes: the note written when an
intensive finishes (kept on the intensive and copied onto each step of the couple's plan), and each
placed block's goals and note starting text. A canary sentence in each is absent from the database at
rest (the SQLite file and its WAL, or a pg_dump), reads back on the pages, and still reads back after
`manage.py rotate_field_keys`.

Transactional, so the rows are really committed to the file / server before we look.
"""

from __future__ import annotations

import io
import uuid

import pytest
from django.core.management import call_command
from django.test import Client

from closeknit.assessments.models import CareStep
from closeknit.clinic.models import Intensive, IntensiveBlock
from closeknit.core import crypto
from tests import test_canary
from tests.clinic.intensive_helpers import begin, joined_episode, schedule, to_last_day

keys_file = test_canary.keys_file  # fixture: a fresh key file for this test

TAG = uuid.uuid4().hex[:12]
CLOSING = f"CLINCANARY-{TAG} keep the tin of buttons by the back door"
GOALS = f"CLINCANARY-{TAG} goals: the unpaid loan to the cousin in Lyon"
STARTING = f"CLINCANARY-{TAG} starting text: what the heron drawing meant"
PRACTICES = ("daily-appreciation", "turning-toward")


def assert_absent(blob: bytes, control: bytes) -> None:
    assert control in blob, "the control value is missing: the search is not looking at the right data"
    for sentence in (CLOSING, GOALS, STARTING):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert sentence.encode(encoding) not in blob
    assert TAG.encode() not in blob
    for words in (b"tin of buttons", b"cousin in Lyon", b"heron drawing"):
        assert words not in blob


def reads_back(clinician: Client, partner: Client, intensive: Intensive, block: IntensiveBlock) -> None:
    assert {s.note for s in CareStep.objects.filter(couple_id=intensive.episode.couple_id)} == {CLOSING}
    assert Intensive.objects.get(pk=intensive.pk).maintenance_note == CLOSING
    fresh = IntensiveBlock.objects.get(pk=block.pk)
    assert (fresh.goals, fresh.note_template) == (GOALS, STARTING)
    assert CLOSING in partner.get("/plan/").content.decode()
    assert CLOSING in clinician.get(f"/clinic/intensives/{intensive.pk}/").content.decode()
    assert GOALS in clinician.get(f"/clinic/intensives/{intensive.pk}/day/{block.day}/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_clinician_text_for_a_couple_is_encrypted_at_rest_and_survives_rotation(keys_file, clinic, couple):
    episode = joined_episode(clinic, couple)
    intensive = schedule(clinic, episode)
    # No page edits one placed block (it is the template's copy); the ORM stands in for a clinician's
    # own words on this couple's block.
    block = IntensiveBlock.objects.filter(intensive=intensive).order_by("start").first()
    block.goals, block.note_template = GOALS, STARTING
    block.save(update_fields=["goals", "note_template"])

    begin(clinic, intensive)  # an intensive is finished only once it has begun ...
    to_last_day(intensive)  # ... and from its last day
    clinician = Client()
    clinician.force_login(clinic.rivera.user)
    form = {"practices": list(PRACTICES), "note": CLOSING, **{f"how_often_{p}": "twice a week" for p in PRACTICES}}
    r = clinician.post(f"/clinic/intensives/{intensive.pk}/finish/", form)
    assert r.status_code == 302, r.content[:500]
    assert CareStep.objects.filter(couple_id=couple.couple_id).count() == len(PRACTICES)
    partner = Client()
    partner.force_login(couple.a)

    control = b"Dr. Rivera"  # a display name is stored in plain: the search must find it
    assert_absent(test_canary.database_at_rest(), control)
    reads_back(clinician, partner, intensive, block)

    [old_key] = keys_file.read_text().split()
    call_command("rotate_field_keys", stdout=io.StringIO())
    [new_key] = keys_file.read_text().split()
    assert new_key != old_key
    crypto.reset_cache()
    assert_absent(test_canary.database_at_rest(), control)
    reads_back(clinician, partner, intensive, block)
