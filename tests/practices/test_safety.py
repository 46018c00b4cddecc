"""After a positive violence/coercion screen, conflict work is never offered: not listed, not
suggested, not startable, not on two phones. One function decides: conflict_work_allowed."""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit.access import practices as rules
from closeknit.core.errors import NotFound
from closeknit.practices import selectors, services
from closeknit.practices.flows import talk as talks
from closeknit.practices.library import library
from closeknit.safety import services as safety

pytestmark = pytest.mark.django_db
CONFLICT = sorted(p.slug for p in library().practices.values() if p.conflict)


def test_conflict_work_is_allowed_until_a_screen_exists(couple):
    assert rules.conflict_work_allowed(couple.couple_id) is True
    assert rules.screen_positive(couple.couple_id) is False


@pytest.fixture
def positive(couple):
    """A space where conflict work is withheld for real: one partner's own words disclosed control."""
    safety.hold_conflict_work(user=couple.b)
    assert rules.conflict_work_allowed(couple.couple_id) is False
    return couple


def test_positive_screen_hides_conflict_work_everywhere(positive, make_couple):
    a = positive.a
    offered = {p.slug for p in selectors.catalogue(a)}
    assert CONFLICT and not offered & set(CONFLICT)
    c = Client()
    c.force_login(a)
    index = c.get("/practices/").content.decode()
    for slug in CONFLICT:
        assert f"/practices/{slug}/" not in index
        assert c.get(f"/practices/{slug}/").status_code == 404
        assert c.post(f"/practices/{slug}/start/").status_code == 404
        assert c.get(f"/practices/{slug}/talk/").status_code == 404
        with pytest.raises(NotFound):
            services.start(user=a, slug=slug)
        with pytest.raises(NotFound):
            talks.start(user=a, slug=slug)
    mind = c.get("/practices/mind/", {"concern": "we fight about money all the time"}).content.decode()
    for slug in CONFLICT:
        assert f"/practices/{slug}/" not in mind
    # Another couple is unaffected.
    other = make_couple().a
    assert set(CONFLICT) <= {p.slug for p in selectors.catalogue(other)}
