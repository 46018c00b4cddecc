"""The answer to a check-in write is built without validating it again (api.checkins._own uses
`model_construct`; the edit's `_own_response` renders a plain dict); it must still be exactly what the
validated model gives, field for field and byte for byte as JSON, for every shape a check-in's answer
takes, and the edit's HTTP answer must carry the same body and content type as ninja would send."""

from __future__ import annotations

import json

import pytest
from ninja.renderers import JSONRenderer

from closeknit.api import checkins as api_checkins
from closeknit.checkins import services

pytestmark = pytest.mark.django_db

SHAPES = [
    {},
    {"emotional_closeness": None, "physical_closeness": None, "stress": None},  # every score skipped
    {"appreciation": "", "need": "", "note": ""},  # nothing written
    {"shared": []},
    {"shared": ["feelings", "emotional_closeness", "physical_closeness", "stress", "appreciation", "need", "note"]},
    {"feelings": ["calm", "grateful", "tired"], "stress": 0, "emotional_closeness": 10},
    {"note": "Some days I want to die, honestly."},  # the safety net answers: a crisis support entry
    {"note": "He checks my phone every night and I'm scared of him.", "need": "I can't go on living like this."},
    {"note": 'Ünïcödé and emoji 🌧️ and a "quote" and a \\ backslash'},
]


def _render(out) -> str:
    return JSONRenderer().render(None, out.model_dump(), response_status=200)  # type: ignore[arg-type]


@pytest.mark.parametrize("shape", range(len(SHAPES)))
def test_the_answer_is_what_the_validated_model_gives(make_user, make_couple, answers, shape):
    for user in (make_user(), make_couple().a):  # solo and in a couple
        body = {**answers, **SHAPES[shape]}
        made = services.create_checkin(user=user, answers=body)
        for checkin in (made, services.update_checkin(user=user, checkin_id=made.pk, answers=body)):
            fast = api_checkins._own(user, checkin)
            slow = api_checkins._own_validated(user, checkin)
            assert fast.model_dump() == slow.model_dump()
            assert _render(fast) == _render(slow)
            assert type(fast.model_dump()["local_date"]) is type(slow.model_dump()["local_date"])
            response = api_checkins._own_response(None, user, checkin)  # type: ignore[arg-type]
            assert response.content == _render(slow).encode()
            assert response.status_code == 200


def test_the_shapes_cover_the_safety_nets_answer(make_user, answers):
    user = make_user()
    made = services.create_checkin(user=user, answers={**answers, **SHAPES[6]})
    out = json.loads(_render(api_checkins._own(user, made)))
    assert out["support"] and set(out["support"][0]) == {"kind", "level"}


def test_the_edit_over_http_answers_as_ninja_would(make_user, app_api, answers):
    from closeknit.api.router import api as ninja_api

    user = make_user()
    client = app_api(user)
    made = client.post("/api/checkins", answers).json()
    answers["note"] = "Changed my mind about the weekend."
    response = client.put(f"/api/checkins/{made['id']}", answers)
    assert response.status_code == 200
    assert response["Content-Type"] == ninja_api.get_content_type()
    assert isinstance(ninja_api.renderer, JSONRenderer) and type(ninja_api.renderer) is JSONRenderer
    checkin = services.update_checkin(user=user, checkin_id=made["id"], answers=answers)
    assert response.content == _render(api_checkins._own_validated(user, checkin)).encode()
    assert response.json()["answers"]["note"] == "Changed my mind about the weekend."
