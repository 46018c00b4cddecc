"""A positive private screen changes what the couple is offered, silently: joint conflict work is withheld
from both partners, while only the person who answered is shown a gentler plan and resources."""

from __future__ import annotations

import pytest

from closeknit.access import practices as rules
from closeknit.clinic.services import intake
from closeknit.practices.library import library
from closeknit.safety import selectors as safety
from tests.clinic.helpers import NO, reach

pytestmark = pytest.mark.django_db


def test_a_positive_screen_withholds_conflict_work_from_the_couple(clinic, couple, client):
    lead, _mine, theirs = reach(clinic.rivera, email="someone@example.test", partner_email=couple.b.email)
    assert rules.conflict_work_allowed(couple.couple_id) is True
    conflict = next(p for p in library().practices.values() if p.conflict)

    intake.answer_screen(token=theirs.token, data={**NO, "afraid": "yes"})

    assert safety.screen_positive(couple.b) is True
    assert safety.screen_positive(couple.a) is False  # nothing is said about the partner's answers
    assert rules.conflict_work_allowed(couple.couple_id) is False
    for person in (couple.a, couple.b):
        assert not rules.may_offer(person, conflict)
        client.force_login(person)
        assert client.get(f"/practices/{conflict.slug}/").status_code in (403, 404)


def test_a_clear_screen_changes_nothing(clinic, couple):
    _lead, mine, _theirs = reach(clinic.rivera, email=couple.a.email)
    intake.answer_screen(token=mine.token, data=NO)
    assert rules.conflict_work_allowed(couple.couple_id) is True
