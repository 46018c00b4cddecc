"""The check-ups API: taking one, refusals in the one error shape, and the role matrix for every route.

The world is the pages' one (test_pages.world): Ana (self) took the closeness check with Xan (ex, who
left), then with Ben (partner, who took it too), and the fear-of-closeness check (private). Cy is in
another couple. Ana's fear-of-closeness result and her item answers must reach no one but Ana.
"""

from __future__ import annotations

import pytest

from closeknit.assessments.models import Administration
from tests.api.conftest import Api, assert_error, headless_token
from tests.assessments.conftest import full_answers
from tests.assessments.test_pages import ROLES, world  # noqa: F401  (the fixture)

pytestmark = pytest.mark.django_db


def api_for(user) -> Api:
    return Api(token=headless_token(user))


def test_take_then_read_back(couple):
    a = api_for(couple.a)
    pulse = {"wp1": 8, "wp2": 6, "wp3": 7, "wp4": 7}
    r = a.post("/api/assessments/instruments/weekly-pulse/results", {"answers": pulse})
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["scores"][0]["value"] == 7 and body["answers"] == pulse
    assert a.get(f"/api/assessments/results/{body['id']}").json()["id"] == body["id"]
    b = api_for(couple.b)
    seen = b.get(f"/api/assessments/results/{body['id']}").json()
    assert seen["waiting"] is True and seen["scores"] == [] and seen["answers"] is None
    b.post("/api/assessments/instruments/weekly-pulse/results", {"answers": full_answers("weekly-pulse", 5)})
    seen = b.get(f"/api/assessments/results/{body['id']}").json()
    assert seen["waiting"] is False and seen["scores"] and seen["answers"] is None


@pytest.mark.parametrize(
    "slug, answers, status, code",
    [
        ("weekly-pulse", {"wp1": 11, "wp2": 5, "wp3": 5, "wp4": 5}, 400, "bad_answer"),
        ("weekly-pulse", {"wp1": 5}, 400, "bad_answer"),
        ("weekly-pulse", {"cc01": 2, "wp1": 5, "wp2": 5, "wp3": 5, "wp4": 5}, 400, "bad_answer"),
        ("weekly-pulse", {"wp1": "five"}, 422, "invalid"),
        ("no-such", {"wp1": 5}, 404, "unknown_instrument"),
        ("session-check", {"sc1": 5}, 404, "unknown_instrument"),
    ],
)
def test_bad_answers_get_one_error_shape_and_change_nothing(couple, slug, answers, status, code):
    r = api_for(couple.a).post(f"/api/assessments/instruments/{slug}/results", {"answers": answers})
    assert_error(r, status, code)
    assert not Administration.objects.exists()


def test_plan_goals(couple):
    a = api_for(couple.a)
    assert a.get("/api/assessments/plan").json()["this_week"] is None
    r = a.put("/api/assessments/plan", {"goals": ["poor_listening"]})
    assert r.status_code == 200 and r.json()["this_week"]["steps"]
    assert all(s["serves"] for s in r.json()["this_week"]["steps"])
    assert_error(a.put("/api/assessments/plan", {"goals": ["nope"]}), 422, "invalid")
    assert_error(a.put("/api/assessments/plan", {"goals": []}), 422, "invalid")


# --- the role matrix -----------------------------------------------------------------------------
def _results(data):
    """Every result object anywhere in a response."""
    if isinstance(data, dict):
        if "author" in data and "answers" in data:
            yield data
        for v in data.values():
            yield from _results(v)
    elif isinstance(data, list):
        for v in data:
            yield from _results(v)


PRIVATE_MARKS = ("fear-of-closeness", "Fear of closeness", "fear_of_hurt", "fear_of_losing_self")


@pytest.mark.parametrize("role", ROLES)
def test_routes_role_matrix(world, role):  # noqa: F811
    api = Api() if role == "anon" else api_for(world["users"][role])
    shared, private, old = world["shared"], world["private"], world["old"]
    expected = {
        f"/api/assessments/results/{shared.pk}": {"self": 200, "partner": 200, "ex": 404, "other": 404, "anon": 401},
        f"/api/assessments/results/{private.pk}": {"self": 200, "partner": 404, "ex": 404, "other": 404, "anon": 401},
        f"/api/assessments/results/{old.pk}": {"self": 200, "partner": 404, "ex": 404, "other": 404, "anon": 401},
        "/api/assessments/results": dict.fromkeys(ROLES, 200) | {"anon": 401},
        "/api/assessments/instruments": dict.fromkeys(ROLES, 200) | {"anon": 401},
        "/api/assessments/instruments/closeness-check": dict.fromkeys(ROLES, 200) | {"anon": 401},
        "/api/assessments/due": dict.fromkeys(ROLES, 200) | {"anon": 401},
        "/api/assessments/report": dict.fromkeys(ROLES, 200) | {"anon": 401},
        "/api/assessments/plan": dict.fromkeys(ROLES, 200) | {"anon": 401},
        "/api/assessments/progress": dict.fromkeys(ROLES, 200) | {"anon": 401},
    }
    ana = world["users"]["self"]
    for url, statuses in expected.items():
        r = api.get(url)
        assert r.status_code == statuses[role], (url, r.status_code, r.content)
        if r.status_code != 200:
            assert_error(r, r.status_code)
            continue
        text = r.content.decode()
        if role != "self":
            assert not any(d["author"]["id"] == ana.pk and d["answers"] is not None for d in _results(r.json())), url
            if "/instruments/" not in url and url != "/api/assessments/instruments" and url != "/api/assessments/due":
                assert not any(m in text for m in PRIVATE_MARKS), (url, "a private result leaked")
        if role in ("ex", "other", "anon"):
            assert ana.name not in text, url
    only_ana = {"self": 200, "partner": 404, "ex": 404, "other": 404, "anon": 401}
    for method, url, body, statuses in (
        ("post", "/api/assessments/instruments/weekly-pulse/results", {"answers": full_answers("weekly-pulse", 5)},
         dict.fromkeys(ROLES, 201) | {"anon": 401}),
        ("put", "/api/assessments/plan", {"goals": ["stress_busy"]}, dict.fromkeys(ROLES, 200) | {"anon": 401}),
        ("put", f"/api/assessments/results/{shared.pk}/sharing", {"shared": True}, only_ana),
        ("put", f"/api/assessments/results/{old.pk}/sharing", {"shared": True}, only_ana),
        ("put", f"/api/assessments/results/{private.pk}/sharing", {"shared": True}, only_ana | {"self": 403}),
        ("put", f"/api/assessments/results/{shared.pk}/sharing", {"shared": False}, only_ana),
    ):  # fmt: skip
        r = getattr(api, method)(url, body)
        assert r.status_code == statuses[role], (url, r.status_code, r.content)
        if r.status_code >= 400:
            assert_error(r, r.status_code)
    assert not Administration.objects.filter(pk=private.pk, answers_shared=True).exists()
    assert Administration.objects.get(pk=old.pk).answers_shared is (role == "self")


def test_drafts_page_by_page(couple):
    a = api_for(couple.a)
    draft = a.post("/api/assessments/instruments/weekly-pulse/draft").json()
    assert draft["answered"] == 0 and draft["questions"] == 4
    assert a.post("/api/assessments/instruments/weekly-pulse/draft").json()["id"] == draft["id"]
    assert a.patch(f"/api/assessments/drafts/{draft['id']}", {"answers": {"wp1": 6, "wp2": 7}}).json()["answered"] == 2
    bad = a.patch(f"/api/assessments/drafts/{draft['id']}", {"answers": {"wp3": 12}})
    assert_error(bad, 400, "bad_answer")
    assert_error(a.post(f"/api/assessments/drafts/{draft['id']}/submit"), 400, "bad_answer")  # too many skipped
    a.patch(f"/api/assessments/drafts/{draft['id']}", {"answers": {"wp3": 8, "wp4": 9}})
    done = a.post(f"/api/assessments/drafts/{draft['id']}/submit")
    assert done.status_code == 201 and done.json()["scores"][0]["value"] == 7.5
    assert_error(a.post(f"/api/assessments/drafts/{draft['id']}/submit"), 409, "submitted")
    other = a.post("/api/assessments/instruments/closeness-check/draft").json()
    b = api_for(couple.b)
    for method, url, body in (
        ("patch", f"/api/assessments/drafts/{other['id']}", {"answers": {"cc01": 1}}),
        ("post", f"/api/assessments/drafts/{other['id']}/submit", None),
        ("delete", f"/api/assessments/drafts/{other['id']}", None),
    ):
        r = b.call(method.upper(), url, body if body is not None else ({} if method == "post" else None))
        assert_error(r, 404)
    assert b.get(f"/api/assessments/results/{other['id']}").status_code == 404
    assert a.delete(f"/api/assessments/drafts/{other['id']}").status_code == 204
    assert not Administration.objects.filter(pk=other["id"]).exists()
