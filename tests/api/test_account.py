"""Export and account deletion with an app's token, under the web's rules: the same export document,
the password again before deleting, and a clinician who holds clinical records refused with 409."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from closeknit.accounts.models import User
from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.practices import services as practices
from closeknit.practices.flows import paired
from closeknit.practices.models import Note
from tests.api.conftest import Api, assert_error, headless_token
from tests.clinic.conftest import clinic  # noqa: F401  (a fixture)
from tests.clinic.notes_setup import episode  # noqa: F401  (a fixture)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db
MINE = "APP-EXPORT-CANARY the green umbrella"
THEIRS = "PARTNER-ONLY the red bicycle"


def test_export_by_app_token_is_the_web_export(couple, answers, app_api):
    checkins.create_checkin(user=couple.a, answers={**answers, "note": MINE, "shared": []})
    checkins.create_checkin(user=couple.b, answers={**answers, "note": THEIRS})
    practices.add_note(user=couple.a, kind=Note.GRATITUDE, text=MINE + " note")
    practices.add_note(user=couple.b, kind=Note.GRATITUDE, text=THEIRS + " note", shared=True)
    paired.answer_question(user=couple.b, item="curious-01", text=THEIRS + " answer")
    paired.answer_question(user=couple.a, item="curious-01", text=MINE + " answer")

    got = app_api(couple.a).get("/api/me/export")
    assert got.status_code == 200, got.content[:300]
    assert got["Content-Type"].startswith("application/json") and "no-store" in got["Cache-Control"]
    data = got.json()
    assert data["format"] == "closeknit-export/1" and data["profile"]["email"] == couple.a.email
    assert [c["note"] for c in data["checkins"]] == [MINE]
    assert [n["text"] for n in data["practices"]["notes"]] == [MINE + " note"]
    assert [a["answer"] for a in data["practices"]["answers"]] == [MINE + " answer"]
    # Nothing the partner wrote, even what they shared and what is revealed to this person.
    assert "PARTNER-ONLY" not in got.content.decode()

    web = Client()
    web.force_login(couple.a)
    assert json.loads(web.get("/settings/export.json").content) == data


def test_export_needs_a_login(anon_api):
    assert_error(anon_api.get("/api/me/export"), 401, "not_authenticated")


def test_delete_by_app_token_asks_for_the_password(couple, answers, app_api):
    checkins.create_checkin(user=couple.a, answers={**answers, "note": MINE})
    checkins.create_checkin(user=couple.b, answers={**answers, "note": THEIRS})
    api = app_api(couple.a)

    assert_error(api.post("/api/me/delete", {"password": "not it"}), 403, "wrong_password")
    assert_error(api.post("/api/me/delete", {}), 422, "invalid")
    assert User.objects.filter(pk=couple.a.pk).exists()

    done = api.post("/api/me/delete", {"password": PASSWORD})
    assert done.status_code == 204, done.content
    assert not User.objects.filter(email=couple.a.email).exists()
    assert not CheckIn.objects.filter(note=MINE).exists()
    assert CheckIn.objects.get(author=couple.b).note == THEIRS
    # The token died with the account.
    assert_error(api.get("/api/me"), 401, "not_authenticated")


def test_guessing_the_password_is_slowed(couple, app_api):
    api = app_api(couple.a)
    for _ in range(10):
        assert_error(api.post("/api/me/delete", {"password": "guess"}), 403, "wrong_password")
    refused = api.post("/api/me/delete", {"password": PASSWORD})
    assert_error(refused, 429, "too_many_tries")
    assert refused["Retry-After"] == "60"
    assert User.objects.filter(pk=couple.a.pk).exists()


def test_a_clinician_holding_records_gets_the_webs_409(clinic, episode):  # noqa: F811
    me = clinic.rivera.user
    api = Api(token=headless_token(me))
    assert_error(api.post("/api/me/delete", {"password": PASSWORD}), 409, "keeps_clinical_records")
    assert User.objects.filter(pk=me.pk).exists()


def _undescribed(model: type, data: object, where: str = "export") -> list[str]:
    """Keys in `data` that `model` (a pydantic model) does not name, and named keys `data` lacks."""
    import typing

    from pydantic import BaseModel

    def models_in(annotation: object) -> list[type[BaseModel]]:
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            return [annotation]
        return [m for arg in typing.get_args(annotation) for m in models_in(arg)]

    if isinstance(data, list):
        return [p for i, item in enumerate(data) for p in _undescribed(model, item, f"{where}[{i}]")]
    if data is None:
        return []
    assert isinstance(data, dict), (where, data)
    fields = model.model_fields  # type: ignore[attr-defined]
    found = [f"{where}.{k} (not described)" for k in data if k not in fields]
    found += [f"{where}.{k} (missing)" for k in fields if k not in data]
    for name, info in fields.items():
        for inner in models_in(info.annotation):
            found += _undescribed(inner, data.get(name), f"{where}.{name}")
    return found


def test_the_documented_export_describes_every_part_of_a_full_one(couple, answers, app_api):
    """ExportOut names every key a well-used account's export holds, so a generated client has a type for
    each; the document validates against it too."""
    from closeknit.api.me_export import ExportOut
    from closeknit.desires import services as desires
    from closeknit.nudges import services as nudges
    from tests.desires.util import ITEMS, adults

    me = couple.a
    api = app_api(me)
    gesture = api.get("/api/decks/touch-gestures").json()["sets"][0]["items"][0]["id"]
    checkins.create_checkin(user=me, answers={**answers, "note": MINE})
    practices.add_note(user=me, kind=Note.GRATITUDE, text=MINE + " thanks")
    practices.add_note(user=me, kind=Note.MOMENT, text=MINE + " moment")
    paired.answer_question(user=me, item="curious-01", text=MINE + " answer")
    run = practices.start(user=me, slug="small-touches")
    practices.finish(user=me, log_id=run.pk, rating=4, detail=gesture)
    nudges.set_reminder(user=me, enabled=True, local_time="20:30", partner_nudges=False)
    adults(me, couple.b)
    desires.set_answers(user=me, answers={ITEMS[0]: "yes", ITEMS[1]: "no"})
    desires.add_boundary(user=me, text=MINE + " boundary")
    slug = api.get("/api/assessments/instruments").json()[0]["slug"]
    items = api.get(f"/api/assessments/instruments/{slug}").json()["items"]
    taken = {"answers": {i["id"]: i["scale"]["anchors"][0]["value"] for i in items}}
    assert api.post(f"/api/assessments/instruments/{slug}/results", taken).status_code == 201
    assert api.post(f"/api/assessments/instruments/{slug}/draft").status_code in (200, 201)  # and a draft

    data = api.get("/api/me/export").json()
    assert data["reminder"] and data["wishes_and_boundaries"]["boundaries"] and data["practices"]["log"]
    assert {a["status"] for a in data["assessments"]["administrations"]} == {"draft", "submitted"}
    assert _undescribed(ExportOut, data) == []
    assert ExportOut.model_validate(data).wishes_and_boundaries.answers[0].answer in ("yes", "no")
