"""Daily check-ins over the API: writing, editing, reading, reveal, history, streak, and refusals."""

from __future__ import annotations

import datetime as dt

import pytest

from closeknit.checkins import services
from closeknit.checkins.models import CheckIn
from closeknit.core.time import local_today
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def _past(user, couple_id: int, days_ago: int, **answers) -> CheckIn:
    """A check-in on an earlier day. Services only write today, so the past is set up directly."""
    fields = {
        "feelings": ["calm"],
        "emotional_closeness": 5,
        "physical_closeness": 5,
        "stress": 5,
        "appreciation": "",
        "need": "",
        "note": "",
        "shared": ["feelings", "emotional_closeness"],
        **answers,
    }
    return CheckIn.objects.create(
        author=user,
        couple_id=couple_id,
        local_date=local_today(user.timezone) - dt.timedelta(days=days_ago),
        timezone=user.timezone,
        **fields,
    )


def test_feelings_vocabulary_is_public(anon_api):
    families = anon_api.get("/api/feelings").json()
    assert {f["tone"] for f in families} <= {"pleasant", "mixed", "unpleasant"}
    slugs = [f["slug"] for fam in families for f in fam["feelings"]]
    assert "calm" in slugs and len(slugs) == len(set(slugs))


def test_check_in_then_read_it_back(make_user, app_api, answers):
    user = make_user()
    api = app_api(user)
    answers["note"] = "Just for me."
    made = api.post("/api/checkins", answers)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["is_mine"] and body["editable"] and not body["waiting"]
    assert body["answers"]["note"] == "Just for me."
    assert body["answers"]["emotional_closeness"] == 7
    assert body["shared"] == answers["shared"]
    assert body["local_date"] == local_today(user.timezone).isoformat()
    support = body.pop("support")  # the safety net's answer to the author's own write, never on a read
    assert isinstance(support, list)
    assert api.get(f"/api/checkins/{body['id']}").json() == body
    # Checking in before making a space makes a solo one: everything works alone.
    assert api.get("/api/space").json()["is_solo"] is True


def test_sharing_defaults_to_nothing(make_user, app_api, answers):
    del answers["shared"]
    body = app_api(make_user()).post("/api/checkins", answers).json()
    assert body["shared"] == []


def test_scores_are_optional_and_a_skipped_one_reads_as_null(make_user, app_api, answers):
    """An untouched scale is no answer: left out or sent as null, a score is stored and read back as null."""
    del answers["physical_closeness"]
    answers["stress"] = None
    api = app_api(make_user())
    made = api.post("/api/checkins", answers)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["answers"]["emotional_closeness"] == 7
    assert body["answers"]["physical_closeness"] is None and body["answers"]["stress"] is None
    row = CheckIn.objects.values("physical_closeness", "stress").get()
    assert row == {"physical_closeness": None, "stress": None}


def test_second_check_in_the_same_day_is_409_and_changes_nothing(make_user, app_api, answers):
    api = app_api(make_user())
    first = api.post("/api/checkins", answers).json()
    answers["stress"] = 9
    body = assert_error(api.post("/api/checkins", answers), 409, "already_checked_in")
    assert "change" in body["detail"]
    assert CheckIn.objects.count() == 1
    assert CheckIn.objects.get().stress == first["answers"]["stress"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("emotional_closeness", 11),
        ("emotional_closeness", -1),
        ("physical_closeness", 100),
        ("stress", -5),
        ("stress", "7"),
        ("stress", 7.5),
        ("stress", True),
        ("feelings", []),
        ("feelings", "calm"),
        ("feelings", ["calm", "not-a-feeling"]),
        ("feelings", ["calm", "tired", "busy", "sad", "hurt", "angry", "lonely"]),
        ("shared", ["secrets"]),
        ("shared", "feelings"),
        ("note", "x" * 1001),
        ("note", 3),
        ("appreciation", "thank you\x00"),
        ("mood", "fine"),
    ],
)
def test_bad_answers_are_422_and_nothing_is_written(make_user, app_api, answers, field, value):
    answers[field] = value
    body = assert_error(app_api(make_user()).post("/api/checkins", answers), 422, "invalid")
    assert body["field"] == field
    assert CheckIn.objects.count() == 0


def test_out_of_range_scores_are_explained_plainly(make_user, app_api, answers):
    answers["stress"] = 11
    body = assert_error(app_api(make_user()).post("/api/checkins", answers), 422)
    assert body["detail"] == "Stress should be between 0 and 10."


def test_missing_feelings_are_422(make_user, app_api, answers):
    """Feelings are the one answer a check-in needs; the scores may be skipped (see above)."""
    del answers["feelings"]
    assert_error(app_api(make_user()).post("/api/checkins", answers), 422)
    assert CheckIn.objects.count() == 0


def test_edit_today(make_user, app_api, answers):
    api = app_api(make_user())
    made = api.post("/api/checkins", answers).json()
    answers.update(stress=1, shared=["feelings"])
    changed = api.put(f"/api/checkins/{made['id']}", answers)
    assert changed.status_code == 200
    assert changed.json()["answers"]["stress"] == 1 and changed.json()["shared"] == ["feelings"]
    assert CheckIn.objects.get().stress == 1


def test_bad_edit_changes_nothing(make_user, app_api, answers):
    api = app_api(make_user())
    made = api.post("/api/checkins", answers).json()
    answers["stress"] = 42
    assert_error(api.put(f"/api/checkins/{made['id']}", answers), 422)
    assert CheckIn.objects.get().stress == 3


def test_a_past_day_can_no_longer_change(couple, app_api, answers):
    old = _past(couple.a, couple.couple_id, 1, stress=4)
    body = assert_error(app_api(couple.a).put(f"/api/checkins/{old.pk}", answers), 409, "day_closed")
    assert "over" in body["detail"]
    old.refresh_from_db()
    assert old.stress == 4
    assert app_api(couple.a).get(f"/api/checkins/{old.pk}").json()["editable"] is False


def test_no_one_edits_a_partners_check_in(couple, app_api, answers):
    theirs = services.create_checkin(user=couple.b, answers=answers)
    answers["stress"] = 10
    assert_error(app_api(couple.a).put(f"/api/checkins/{theirs.pk}", answers), 404, "not_found")
    theirs.refresh_from_db()
    assert theirs.stress == 3


@pytest.mark.parametrize("bad_id", ["abc", "0", "1.5", str(2**63)])
def test_bad_check_in_ids_are_422(make_user, app_api, bad_id):
    assert_error(app_api(make_user()).get(f"/api/checkins/{bad_id}"), 422)


def test_unknown_check_in_is_404(make_user, app_api):
    assert_error(app_api(make_user()).get("/api/checkins/987654"), 404, "not_found")


# --- reveal --------------------------------------------------------------------------------------
PRIVATE_NOTE = "only-mine-7f3a: a private note"


def test_today_before_anyone_answers(couple, app_api):
    body = app_api(couple.a).get("/api/checkins/today").json()
    assert body["mine"] is None
    assert body["partner"]["state"] == "not_yet" and body["partner"]["checkin"] is None
    assert body["partner"]["person"]["id"] == couple.b.pk
    assert body["streak"] == 0 and body["both_today"] is False


def test_partner_answer_waits_until_you_answer(couple, app_api, answers):
    theirs = services.create_checkin(user=couple.b, answers={**answers, "note": PRIVATE_NOTE})  # note: not shared
    api_a = app_api(couple.a)

    waiting = api_a.get("/api/checkins/today")
    body = waiting.json()
    assert body["partner"]["state"] == "waiting"
    assert body["partner"]["checkin"]["waiting"] is True
    assert set(body["partner"]["checkin"]["answers"].values()) == {None}
    assert body["partner"]["checkin"]["shared"] == []
    assert answers["appreciation"] not in waiting.content.decode()
    assert PRIVATE_NOTE not in waiting.content.decode()
    single = api_a.get(f"/api/checkins/{theirs.pk}")
    assert single.json()["waiting"] is True
    assert answers["appreciation"] not in single.content.decode()

    api_a.post("/api/checkins", answers)
    revealed = api_a.get("/api/checkins/today")
    partner = revealed.json()["partner"]
    assert partner["state"] == "visible"
    assert partner["checkin"]["answers"]["appreciation"] == answers["appreciation"]
    assert partner["checkin"]["answers"]["note"] is None
    assert PRIVATE_NOTE not in revealed.content.decode()
    assert revealed.json()["both_today"] is True and revealed.json()["streak"] == 1


def test_a_partner_who_shares_nothing_shows_as_private(couple, app_api, answers):
    services.create_checkin(user=couple.b, answers={**answers, "shared": [], "need": PRIVATE_NOTE})
    api_a = app_api(couple.a)
    api_a.post("/api/checkins", answers)
    response = api_a.get("/api/checkins/today")
    assert response.json()["partner"]["state"] == "private"
    assert set(response.json()["partner"]["checkin"]["answers"].values()) == {None}
    assert PRIVATE_NOTE not in response.content.decode()


def test_a_past_day_opens_once_it_has_ended(couple, app_api):
    old = _past(couple.b, couple.couple_id, 2, note=PRIVATE_NOTE, appreciation="Shared thanks", shared=["appreciation"])
    body = app_api(couple.a).get(f"/api/checkins/{old.pk}").json()
    assert body["waiting"] is False
    assert body["answers"]["appreciation"] == "Shared thanks"
    assert body["answers"]["note"] is None and body["answers"]["stress"] is None


# --- history and streak --------------------------------------------------------------------------
def test_history_newest_first_with_both_partners(couple, app_api, answers):
    for days_ago in (3, 2, 1):
        _past(couple.a, couple.couple_id, days_ago)
        _past(couple.b, couple.couple_id, days_ago, note=PRIVATE_NOTE)
    _past(couple.a, couple.couple_id, 40)
    api_a = app_api(couple.a)
    api_a.post("/api/checkins", answers)

    response = api_a.get("/api/checkins", days=30)
    days = response.json()
    dates = [d["date"] for d in days]
    assert dates == sorted(dates, reverse=True)
    assert len(days) == 4
    assert days[0]["mine"] is not None and days[0]["partner"] is None
    assert all(d["partner"]["answers"]["emotional_closeness"] == 5 for d in days[1:])
    assert PRIVATE_NOTE not in response.content.decode()
    assert len(api_a.get("/api/checkins", days=365).json()) == 5
    assert len(api_a.get("/api/checkins", days=1).json()) == 1

    streak = api_a.get("/api/checkins/streak").json()
    assert streak == {"days": 3}  # today is still open for the partner: counted up to yesterday


@pytest.mark.parametrize("days", ["0", "366", "-3", "abc", "1.5"])
def test_history_window_must_be_1_to_365(make_user, app_api, days):
    body = assert_error(app_api(make_user()).get("/api/checkins", days=days), 422)
    assert body["field"] == "days"


def test_history_default_is_30_days(make_user, app_api):
    user = make_user()
    from closeknit.couples import services as couples

    space = couples.create_space(user=user)
    for days_ago in (0, 29, 30):
        _past(user, space.pk, days_ago)
    assert len(app_api(user).get("/api/checkins").json()) == 2


def test_check_in_late_at_night_in_your_own_zone(make_user, app_api, answers):
    """The day is the person's day: someone in Auckland gets Auckland's date."""
    user = make_user(timezone="Pacific/Auckland")
    body = app_api(user).post("/api/checkins", answers).json()
    assert body["local_date"] == local_today("Pacific/Auckland").isoformat()
