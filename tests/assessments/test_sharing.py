"""An author may share their single answers with their partner, and take that back (issue 3: "item-level
answers stay private unless the author shares them"). The partner sees them only where the scores are
open to them; never for fear of closeness or the clinic's own check; never ex-partners, other couples
or anyone logged out.

The markers searched for in response bodies are the first question's text and the words of the answer
Ana chose ("Not true at all"), which no page or route shows unless the answers themselves are shown.
"""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from closeknit.access import assessments as rules
from closeknit.assessments import definitions, selectors, services
from closeknit.assessments.models import Administration
from closeknit.core.errors import NotFound, ServiceError
from tests.api.conftest import Api, assert_error
from tests.assessments.test_api import api_for
from tests.assessments.test_pages import ROLES, client_for, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db

SLUG = "closeness-check"


def markers() -> tuple[str, str]:
    """(the first question's text, the words of answer 0 to it): unique to a page showing Ana's answers."""
    item = definitions.get(SLUG).items[0]
    return item.text, next(a.text for a in item.scale.anchors if a.value == 0)


def shows_answers(text: str) -> bool:
    question, words = markers()
    return question in text or words in text


def partner_sees(pair, adm) -> dict[str, bool]:
    """Where the partner meets Ana's answers: the result page, the report page, and both API routes."""
    page = client_for(pair.b)
    api = api_for(pair.b)
    result = api.get(f"/api/assessments/results/{adm.pk}").json()
    section = next(s for s in api.get("/api/assessments/report").json()["sections"] if s["instrument"] == SLUG)
    return {
        "page": shows_answers(page.get(f"/checkups/results/{adm.pk}/").content.decode()),
        "report": shows_answers(page.get("/checkups/report/").content.decode()),
        "api": result["answers"] is not None,
        "api_report": section["partner_answers"] is not None,
    }


def test_share_on_the_page_then_take_it_back_in_the_api(couple, take):
    adm = take(couple.a, SLUG, 0)
    take(couple.b, SLUG, 4)
    assert not any(partner_sees(couple, adm).values()), "not shared: the partner sees no single answer"

    ana = client_for(couple.a)
    page = ana.get(f"/checkups/results/{adm.pk}/").content.decode()
    assert 'id="share-toggle"' in page and f"Share my answers with {couple.b.name}" in page
    r = ana.post(f"/checkups/results/{adm.pk}/sharing/", {"shared": "yes"})
    assert r.status_code == 302 and r.url == f"/checkups/results/{adm.pk}/"
    page = ana.get(r.url).content.decode()
    assert "Your answers are shared" in page and "Keep my answers to myself" in page

    assert all(partner_sees(couple, adm).values()), partner_sees(couple, adm)
    body = api_for(couple.b).get(f"/api/assessments/results/{adm.pk}").json()
    assert body["answers"] == {k: float(v) for k, v in adm.answers.items()} and body["answers_shared"] is True
    assert body["is_mine"] is False
    page = client_for(couple.b).get(f"/checkups/results/{adm.pk}/").content.decode()
    assert f"{couple.a.name}'s answers" in page and 'id="share-toggle"' not in page

    r = api_for(couple.a).put(f"/api/assessments/results/{adm.pk}/sharing", {"shared": False})
    assert r.status_code == 200 and r.json()["answers_shared"] is False and r.json()["answers"]
    assert not any(partner_sees(couple, adm).values()), "taken back: hidden again at once"


def test_shared_answers_wait_for_the_same_reveal_as_the_scores(couple, take):
    adm = take(couple.a, SLUG, 0)
    services.share_answers(user=couple.a, administration_id=adm.pk, shared=True)
    view = selectors.result_for(couple.b, adm.pk)
    assert view.waiting and view.answers == {} and not view.shows_answers and not view.answers_shared
    body = api_for(couple.b).get(f"/api/assessments/results/{adm.pk}").json()
    assert body["waiting"] is True and body["answers"] is None and body["answers_shared"] is False
    assert not shows_answers(client_for(couple.b).get(f"/checkups/results/{adm.pk}/").content.decode())
    take(couple.b, SLUG, 4)
    assert selectors.result_for(couple.b, adm.pk).answers == adm.answers


def test_only_the_author_can_change_it(couple, make_couple, take):
    adm = take(couple.a, SLUG, 0)
    take(couple.b, SLUG, 4)
    stranger = make_couple().a
    for person in (couple.b, stranger):
        with pytest.raises(NotFound):
            services.share_answers(user=person, administration_id=adm.pk, shared=True)
        assert_error(api_for(person).put(f"/api/assessments/results/{adm.pk}/sharing", {"shared": True}), 404)
        assert client_for(person).post(f"/checkups/results/{adm.pk}/sharing/", {"shared": "yes"}).status_code == 404
    assert_error(Api().put(f"/api/assessments/results/{adm.pk}/sharing", {"shared": True}), 401)
    r = Client().post(f"/checkups/results/{adm.pk}/sharing/", {"shared": "yes"})
    assert r.status_code == 302 and "/login" in r.url
    assert not Administration.objects.get(pk=adm.pk).answers_shared


def test_a_draft_is_not_a_result_to_share(couple):
    draft = services.start(user=couple.a, slug=SLUG)
    with pytest.raises(NotFound):
        services.share_answers(user=couple.a, administration_id=draft.pk, shared=True)
    assert_error(api_for(couple.a).put(f"/api/assessments/results/{draft.pk}/sharing", {"shared": True}), 404)


def test_fear_of_closeness_cannot_be_shared(couple, take):
    adm = take(couple.a, "fear-of-closeness", 3)
    take(couple.b, "fear-of-closeness", 3)
    with pytest.raises(ServiceError) as exc:
        services.share_answers(user=couple.a, administration_id=adm.pk, shared=True)
    assert exc.value.status == 403 and exc.value.code == "not_shareable"
    body = assert_error(
        api_for(couple.a).put(f"/api/assessments/results/{adm.pk}/sharing", {"shared": True}), 403, "not_shareable"
    )
    assert "just for you" in body["detail"]
    ana = client_for(couple.a)
    assert 'id="share-toggle"' not in ana.get(f"/checkups/results/{adm.pk}/").content.decode()
    r = ana.post(f"/checkups/results/{adm.pk}/sharing/", {"shared": "yes"})
    assert r.status_code == 403 and "just for you" in r.content.decode()
    assert not Administration.objects.get(pk=adm.pk).answers_shared
    # even a flag set behind the rules' back opens nothing: the rule is read on every view
    Administration.objects.filter(pk=adm.pk).update(answers_shared=True)
    assert selectors.result_for(couple.b, adm.pk) is None
    # taking back is always allowed, and changes it to what the rules want anyway
    assert not services.share_answers(user=couple.a, administration_id=adm.pk, shared=False).answers_shared


def test_in_care_only_check_cannot_be_shared(couple):
    inst = definitions.get("session-check")
    assert inst.in_care_only and not rules.can_share_answers(inst)
    adm = Administration.objects.create(
        author=couple.a, couple_id=couple.couple_id, instrument=inst.slug, version=inst.version,
        status="submitted", answers={i.id: i.scale.minimum for i in inst.items}, scores={}, submitted_at=timezone.now(),
    )  # fmt: skip
    with pytest.raises(ServiceError) as exc:
        services.share_answers(user=couple.a, administration_id=adm.pk, shared=True)
    assert exc.value.status == 403
    assert not Administration.objects.get(pk=adm.pk).answers_shared


def test_which_instruments_may_be_shared():
    allowed = {slug for slug, inst in definitions.load_all().items() if rules.can_share_answers(inst)}
    assert {"closeness-check", "distance-drivers", "weekly-pulse"} <= allowed
    assert not allowed & {"fear-of-closeness", "session-check"}


def test_a_bad_form_value_is_refused_and_changes_nothing(couple, take):
    adm = take(couple.a, SLUG, 0)
    r = client_for(couple.a).post(f"/checkups/results/{adm.pk}/sharing/", {"shared": "maybe"})
    assert r.status_code == 400 and "Please choose" in r.content.decode()
    assert_error(api_for(couple.a).put(f"/api/assessments/results/{adm.pk}/sharing", {"shared": "yes"}), 422)
    assert not Administration.objects.get(pk=adm.pk).answers_shared
    assert client_for(couple.a).get(f"/checkups/results/{adm.pk}/sharing/").status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_shared_answers_reach_the_partner_and_nobody_else(world, role):  # noqa: F811
    """Ana shares both her current result (with Ben) and the one from her time with Xan: Ben sees the
    current one's answers only; Xan, Cy and anyone logged out see no answer of hers anywhere."""
    ana = world["users"]["self"]
    for adm in (world["shared"], world["old"]):
        services.share_answers(user=ana, administration_id=adm.pk, shared=True)
    page = Client() if role == "anon" else client_for(world["users"][role])
    api = Api() if role == "anon" else api_for(world["users"][role])
    for what in ("shared", "old"):
        pk = world[what].pk
        body = page.get(f"/checkups/results/{pk}/")
        result = api.get(f"/api/assessments/results/{pk}")
        sees = role == "self" or (role == "partner" and what == "shared")
        if body.status_code == 200:
            assert shows_answers(body.content.decode()) is sees, (role, what)
        else:
            assert not sees
        if result.status_code == 200:
            assert (result.json()["answers"] is not None) is sees, (role, what)
        else:
            assert not sees
    for url in ("/checkups/report/", "/checkups/", "/progress/", "/plan/"):
        text = page.get(url).content.decode()
        assert shows_answers(text) is (role == "partner" and url == "/checkups/report/"), (role, url)
    r = api.get("/api/assessments/report")
    if r.status_code == 200:
        for section in r.json()["sections"]:
            expected = role == "partner" and section["instrument"] == SLUG
            assert (section["partner_answers"] is not None) is expected, (role, section["instrument"])
    r = api.get("/api/assessments/results")
    if r.status_code == 200:
        assert all(d["author"]["id"] != ana.pk for d in r.json()["items"]) or role == "self"
