"""Who can reach wishes and boundaries: partner, ex-partner, another couple, a clinician with and
without the person's "desires" consent, and anyone not logged in. Plus the safety gate: a positive
private screen hides the practice from both partners alike."""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit import access
from closeknit.clinic.models import AccessLog
from closeknit.clinic.selectors import desires as desire_selectors
from closeknit.clinic.services import care, intake
from closeknit.couples import services as couple_services
from closeknit.desires import selectors, services
from tests.clinic.conftest import clinic  # noqa: F401  (the fixture)
from tests.clinic.helpers import reach
from tests.desires.util import CSRF, ITEMS, adults, every

pytestmark = pytest.mark.django_db
PAGES = ("/practices/desires/", "/practices/desires/state/", "/practices/desires/list/", "/practices/desires/talk/")
SECRET = "Role-canary-3317 ask me first"


def login(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def lists(couple):
    adults(couple.a, couple.b)
    services.set_answers(user=couple.a, answers=every("no") | {ITEMS[0]: "yes"})
    services.set_answers(user=couple.b, answers=every("maybe") | {ITEMS[0]: "yes"})
    services.add_boundary(user=couple.a, text=SECRET, shared=False)
    return couple


def test_partner_sees_matches_and_nothing_else(lists):
    view = selectors.view_for(lists.b)
    assert [m.item.id for m in view.matches] == [ITEMS[0]] and view.partner_boundaries == []
    body = login(lists.b).get("/api/practices/desires").content.decode()
    assert SECRET not in body and '"no"' not in body


def test_another_couple_and_anonymous_get_nothing(lists, make_couple):
    other = make_couple()
    for page in PAGES:
        assert Client().get(page).status_code == 302  # to the login page
    assert Client().get("/api/practices/desires").status_code == 401
    view = selectors.view_for(other.a)
    assert view is not None and view.matches == [] and view.mine == {}
    body = login(other.a).get("/api/practices/desires").content.decode()
    assert SECRET not in body and not login(other.a).get("/api/practices/desires").json()["partner_finished"]
    bid = selectors.view_for(lists.a).my_boundaries[0].pk
    assert login(other.a).post(f"/practices/desires/boundaries/{bid}/", {"action": "delete"}).status_code == 404


def test_an_ex_partner_sees_nothing_and_each_keeps_their_own(lists):
    couple_services.leave_space(user=lists.b)
    for person in (lists.a, lists.b):
        access.forget(person)
    assert selectors.view_for(lists.b) is None  # no space: no practice
    assert login(lists.b).get("/practices/desires/").status_code == 404
    assert login(lists.b).get("/api/practices/desires").status_code == 404
    # A's own words stay A's (in their export), B's matches are gone with the space.
    assert SECRET in login(lists.a).get("/settings/export.json").content.decode()
    assert SECRET not in login(lists.b).get("/settings/export.json").content.decode()


@pytest.fixture
def episode(clinic, lists):  # noqa: F811
    e = care.start_episode(user=clinic.rivera.user, policy="individual")
    for p in (lists.a, lists.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="individual")
    e.refresh_from_db()
    return e


def test_clinician_reads_only_with_the_persons_own_consent(clinic, lists, episode):  # noqa: F811
    doc = login(clinic.rivera.user)
    url = f"/api/clinic/episodes/{episode.pk}/members/{{}}/desires"
    # Every other category granted, "desires" not: still nothing.
    for category in ("scores", "checkins", "reflections", "practice_log", "safety_alerts"):
        care.set_consent(user=lists.a, episode_id=episode.pk, category=category, granted=True)
    assert doc.get(url.format(lists.a.pk)).status_code == 404
    assert desire_selectors.for_clinician(clinic.rivera.user, episode, lists.a) is None
    care.set_consent(user=lists.a, episode_id=episode.pk, category="desires", granted=True)
    before = AccessLog.objects.filter(category="desires").count()
    r = doc.get(url.format(lists.a.pk))
    assert r.status_code == 200 and r.json()["answers"][ITEMS[0]] == "yes" and SECRET in r.json()["boundaries"]
    assert AccessLog.objects.filter(category="desires").count() == before + 1
    assert doc.get(url.format(lists.b.pk)).status_code == 404  # B did not consent
    assert login(clinic.okafor.user).get(url.format(lists.a.pk)).status_code == 404  # not their episode
    assert login(lists.b).get(url.format(lists.a.pk)).status_code == 404  # a partner is no clinician
    care.set_consent(user=lists.a, episode_id=episode.pk, category="desires", granted=False)
    assert doc.get(url.format(lists.a.pk)).status_code == 404


def test_a_positive_private_screen_hides_the_practice_from_both_alike(clinic, lists, make_couple):  # noqa: F811
    other = make_couple()
    before = {p: login(p).get("/practices/").content.decode() for p in (lists.a, lists.b)}
    assert all('id="desires-card"' in page for page in before.values())
    _lead, _mine, theirs = reach(clinic.rivera, email="someone@example.test", partner_email=lists.b.email)
    intake.answer_screen(token=theirs.token, data={**_no(), "afraid": "yes"})
    pages = {}
    for person in (lists.a, lists.b):
        c = login(person)
        for page in PAGES:
            assert c.get(page).status_code == 404
        assert c.get("/api/practices/desires").status_code == 404
        assert (
            c.put("/api/practices/desires/answers", {"answers": {ITEMS[0]: "yes"}}, "application/json").status_code
            == 404
        )
        assert 'id="desires-card"' not in c.get("/practices/").content.decode()
        assert 'id="desires-changed"' not in c.get("/history/").content.decode()
        assert selectors.last_change(person) is None
        pages[person.pk] = CSRF.sub(r"\1-", c.get("/practices/desires/").content.decode())
    assert pages[lists.a.pk] == pages[lists.b.pk]  # the same plain "not found" for both
    assert 'id="desires-card"' in login(other.a).get("/practices/").content.decode()


def _no() -> dict:
    from tests.clinic.helpers import NO

    return dict(NO)
