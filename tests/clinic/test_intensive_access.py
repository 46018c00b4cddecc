"""The role matrix over every intensive page and API route: the episode's clinician, a colleague at
the same practice, the owner, the front desk, a clinician elsewhere, a partner, and nobody. Refusals
look like a wrong address (404) or a login, and change nothing; bad input is a clear 4xx."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db.models import F
from django.urls import reverse

from closeknit.clinic.models import AccessLog, Intensive, IntensiveBlock, TemplateBlock
from tests.api.conftest import Api, headless_token
from tests.clinic.intensive_helpers import begin, joined_episode, schedule, template, to_last_day, today

ROLES = ["self", "colleague", "owner", "admin", "stranger", "partner", "anonymous"]


@pytest.fixture
def world(clinic, couple):
    episode = joined_episode(clinic, couple, consent_scores=True)
    intensive = schedule(clinic, episode)
    people = {
        "self": clinic.rivera.user,
        "colleague": clinic.okafor.user,
        "owner": clinic.owner,
        "admin": clinic.admin,
        "stranger": clinic.stranger.user,
        "partner": couple.a,
        "anonymous": None,
    }
    block = intensive.blocks.order_by("start").first()
    return {"episode": episode, "intensive": intensive, "block": block, "people": people, "clinic": clinic}


def _as(client, world, role):
    person = world["people"][role]
    if person is not None:
        client.force_login(person)
    return client


def _fingerprint():
    return (
        list(Intensive.objects.values_list("pk", "status", "finished_at")),
        list(IntensiveBlock.objects.values_list("pk", "started_at", "finished_at", "checklist")),
        # Our practice's templates: a stranger's first visit copies defaults for their own practice.
        list(
            TemplateBlock.objects.filter(
                template__source__in=["two-day", "three-day"], template__practice__slug="harbor-couples-care"
            ).values_list("pk", "title", "minutes")
        ),
    )


def _expect(role, allowed, status, allowed_status=(200,)):
    if role == "anonymous":
        assert status == 302  # to the login page
    elif role in allowed:
        assert status in allowed_status
    else:
        assert status == 404


@pytest.mark.parametrize("role", ROLES)
def test_intensive_pages(client, world, role):
    i, b = world["intensive"], world["block"]
    _as(client, world, role)
    before_logs = AccessLog.objects.count()
    for url in (
        reverse("clinic:intensive", args=[i.pk]),
        reverse("clinic:intensive_day", args=[i.pk, 1]),
        reverse("clinic:intensive_finish", args=[i.pk]),
        reverse("clinic:intensive_schedule", args=[world["episode"].pk]),
        reverse("clinic:intensive_calendar", args=[i.pk]),
    ):
        _expect(role, {"self"}, client.get(url).status_code)
    if role != "self":
        assert AccessLog.objects.count() == before_logs  # no scores read on a refused page
    before = _fingerprint()
    posts = [
        (reverse("clinic:intensive_block_start", args=[b.pk]), {}),
        (reverse("clinic:intensive_tick", args=[b.pk, 0]), {"done": "1"}),
        (reverse("clinic:intensive_cancel", args=[i.pk]), {}),
        (reverse("clinic:intensive_schedule", args=[world["episode"].pk]), {"starts_on": "2099-01-01"}),
        (reverse("clinic:intensive_finish", args=[i.pk]), {"practices": ["eye-contact"]}),
    ]
    if role == "self":
        return
    for url, data in posts:
        _expect(role, set(), client.post(url, data).status_code)
    assert _fingerprint() == before


@pytest.mark.parametrize("role", ROLES)
def test_template_pages(client, world, role):
    t = template(world["clinic"])
    _as(client, world, role)
    allowed = {"self", "colleague", "owner"}
    status = client.get(reverse("clinic:intensive_templates")).status_code
    _expect(role, allowed | {"stranger"}, status)  # the stranger sees their own practice's list
    _expect(role, allowed, client.get(reverse("clinic:intensive_template", args=[t.pk])).status_code)
    before = _fingerprint()
    block = t.blocks.first()
    data = {"action": "save_block", "block_id": block.pk, "day": 1, "kind": "skills", "title": "Changed", "minutes": 30}
    status = client.post(reverse("clinic:intensive_template", args=[t.pk]), data).status_code
    _expect(role, allowed, status, allowed_status=(302,))
    if role not in allowed:
        assert _fingerprint() == before
    else:
        assert TemplateBlock.objects.get(pk=block.pk).title == "Changed"


def test_the_day_view_for_its_clinician(client, world):
    i, b = world["intensive"], world["block"]
    client.force_login(world["people"]["self"])
    page = client.get(reverse("clinic:intensive_day", args=[i.pk, 1])).content.decode()
    assert f'id="start-{b.pk}"' in page and "Scores at a glance" in page and "No Closeness check yet." in page
    assert 'src="/static/js/dayof.js"' in page and "<script>" not in page
    assert AccessLog.objects.filter(category="scores").count() == 2  # both consented, both logged
    r = client.post(reverse("clinic:intensive_block_start", args=[b.pk]))
    assert r.status_code == 302 and r["Location"].endswith(f"/day/1/#block-{b.pk}")
    page = client.get(reverse("clinic:intensive_day", args=[i.pk, 1])).content.decode()
    assert f'id="timer-{b.pk}"' in page and "data-seconds=" in page and f'id="finish-{b.pk}"' in page
    r = client.post(reverse("clinic:intensive_tick", args=[b.pk, 0]), {"done": "1"}, HTTP_HX_REQUEST="true")
    assert r.status_code == 200 and "☑" in r.content.decode() and "<html" not in r.content.decode()
    assert client.post(reverse("clinic:intensive_tick", args=[b.pk, 0]), {"done": "maybe"}).status_code == 400
    assert client.post(reverse("clinic:intensive_tick", args=[b.pk, 99]), {"done": "1"}).status_code == 400
    assert client.post(reverse("clinic:intensive_block_finish", args=[b.pk])).status_code == 302
    r = client.post(reverse("clinic:intensive_block_start", args=[b.pk]))
    assert r.status_code == 409 and "already finished" in r.content.decode()
    assert client.get(reverse("clinic:intensive_block_start", args=[b.pk])).status_code == 405


def test_bad_schedule_input_is_a_clear_400(client, world):
    client.force_login(world["people"]["self"])
    url = reverse("clinic:intensive_schedule", args=[world["episode"].pk])
    t = template(world["clinic"])
    for data, words in (
        ({"template": t.pk, "starts_on": "soon"}, "year-month-day"),
        ({"template": t.pk, "starts_on": str(today() - dt.timedelta(days=1))}, "after today"),
        ({"template": "x", "starts_on": str(today() + dt.timedelta(days=9))}, "templates"),
    ):
        r = client.post(url, data)
        assert r.status_code == 400 and words in r.content.decode()
    assert Intensive.objects.count() == 1
    r = client.post(url, {"template": t.pk, "starts_on": str(today() + dt.timedelta(days=60))})
    assert r.status_code == 302 and Intensive.objects.count() == 2


def test_finish_page_puts_steps_on_the_plan(client, world):
    client.force_login(world["people"]["self"])
    i = world["intensive"]
    last = today() - i.ends_on  # its last day has come: the plan is handed over from then on
    Intensive.objects.filter(pk=i.pk).update(starts_on=F("starts_on") + last, ends_on=F("ends_on") + last)
    url = reverse("clinic:intensive_finish", args=[i.pk])
    page = client.get(url).content.decode()
    assert 'value="turning-toward" checked id="pick-turning-toward"' in page  # pre-ticked from the blocks
    assert client.post(url, {"note": "x"}).status_code == 400
    early = client.post(url, {"practices": ["eye-contact"], "how_often_eye-contact": "every day"})
    assert early.status_code == 409 and "has not started yet" in early.content.decode()
    begin(world["clinic"], i)
    r = client.post(url, {"practices": ["eye-contact"], "how_often_eye-contact": "every day", "note": "Gently."})
    assert r.status_code == 302
    i.refresh_from_db()
    assert i.status == "done"
    client.force_login(world["people"]["partner"])
    assert "From your intensive with Dr. Rivera" in client.get("/plan/").content.decode()


# --- the API ------------------------------------------------------------------------------------------
def _api(world, role):
    person = world["people"][role]
    return Api(token=headless_token(person) if person else None)


@pytest.mark.parametrize("role", ROLES)
def test_api_matrix(world, role):
    api = _api(world, role)
    i, b, e = world["intensive"], world["block"], world["episode"]
    before = _fingerprint()
    gets = [f"/api/clinic/intensives/{i.pk}", f"/api/clinic/episodes/{e.pk}/intensives"]
    posts = [
        (f"/api/clinic/intensive-blocks/{b.pk}/start", {}),
        (f"/api/clinic/intensive-blocks/{b.pk}/checklist", {"index": 0, "done": True}),
        (f"/api/clinic/intensives/{i.pk}/cancel", {}),
        (f"/api/clinic/episodes/{e.pk}/intensives", {"template_id": 1, "starts_on": "2099-01-01"}),
        (f"/api/clinic/intensives/{i.pk}/finish", {"steps": [{"practice": "eye-contact", "how_often": "every day"}]}),
    ]
    if role == "self":
        assert all(api.get(u).status_code == 200 for u in gets)
        return
    expected = 401 if role == "anonymous" else 404
    for u in gets:
        assert api.get(u).status_code == expected
    for u, body in posts:
        assert api.post(u, body).status_code == expected
    templates = api.get("/api/clinic/intensive-templates")
    if role in ("colleague", "owner", "stranger"):
        assert templates.status_code == 200
        ours = {t["id"] for t in templates.json()}
        assert (template(world["clinic"]).pk in ours) == (role != "stranger")
    else:
        assert templates.status_code == expected
    assert _fingerprint() == before


def test_api_run_and_bad_input(world):
    api = _api(world, "self")
    i, b, e = world["intensive"], world["block"], world["episode"]
    assert api.post(f"/api/clinic/intensive-blocks/{b.pk}/finish").status_code == 409
    assert api.post(f"/api/clinic/intensive-blocks/{b.pk}/start").json()["blocks"][0]["started_at"]
    r = api.post(f"/api/clinic/intensive-blocks/{b.pk}/checklist", {"index": 50, "done": True})
    assert r.status_code == 400 and r.json()["field"] == "index"
    assert api.post(f"/api/clinic/intensive-blocks/{b.pk}/checklist", {"index": 0, "done": "yes"}).status_code == 422
    r = api.post(f"/api/clinic/episodes/{e.pk}/intensives", {"template_id": 1, "starts_on": "not a date"})
    assert r.status_code == 422
    r = api.post(
        f"/api/clinic/episodes/{e.pk}/intensives",
        {"template_id": template(world["clinic"]).pk, "starts_on": str(i.starts_on)},
    )
    assert r.status_code == 409 and r.json()["code"] == "clash"
    bad = {"steps": [{"practice": "no-such", "how_often": "every day"}]}
    assert api.post(f"/api/clinic/intensives/{i.pk}/finish", bad).status_code == 400
    IntensiveBlock.objects.filter(pk=b.pk).update(started_at=None)  # as if never begun: it is days away
    keep = {"steps": [{"practice": "eye-contact", "how_often": "every day"}]}
    early = api.post(f"/api/clinic/intensives/{i.pk}/finish", keep)
    assert early.status_code == 409 and early.json()["code"] == "not_started"
    assert "has not started yet" in early.json()["detail"]
    t = template(world["clinic"])
    r = api.post(
        f"/api/clinic/intensive-templates/{t.pk}/blocks", {"day": 1, "kind": "break", "title": "x", "minutes": 300}
    )
    assert r.status_code == 400 and r.json()["field"] == "minutes"
    assert Intensive.objects.count() == 1 and Intensive.objects.get().status == "scheduled"
    assert api.post(f"/api/clinic/intensive-blocks/{b.pk}/start").status_code == 200  # under way now
    not_over = api.post(
        f"/api/clinic/intensives/{i.pk}/finish", {"steps": [{"practice": "eye-contact", "how_often": "every day"}]}
    )
    assert not_over.status_code == 409 and not_over.json()["code"] == "intensive_not_over"
    to_last_day(i)  # the plan for home is handed over from its last day
    done = api.post(
        f"/api/clinic/intensives/{i.pk}/finish", {"steps": [{"practice": "eye-contact", "how_often": "every day"}]}
    )
    assert done.status_code == 200 and done.json()["status"] == "done"


def test_calendar_file_for_the_clinician(client, world):
    from icalendar import Calendar

    client.force_login(world["people"]["self"])
    r = client.get(reverse("clinic:intensive_calendar", args=[world["intensive"].pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("text/calendar")
    events = [c for c in Calendar.from_ical(r.content).walk("VEVENT")]
    blocks = world["intensive"].blocks.exclude(kind="break").order_by("start")
    assert len(events) == blocks.count()
    first = events[0]
    assert first.decoded("dtstart") == blocks[0].start and str(first["summary"]) == f"Intensive: {blocks[0].title}"
    body = r.content.decode()
    assert world["people"]["partner"].name not in body  # no names leave for a third-party calendar


def test_template_page_edit_and_refusal_keeps_what_was_typed(client, world):
    t = template(world["clinic"])
    block = t.blocks.order_by("day", "order").first()
    client.force_login(world["people"]["self"])
    url = reverse("clinic:intensive_template", args=[t.pk])
    page = client.get(url, {"edit": block.pk}).content.decode()
    assert f'id="block-form-{block.pk}"' in page and f'value="{block.title}"' in page
    before = _fingerprint()
    data = {"action": "save_block", "day": 1, "kind": "skills", "title": "Slow dance", "minutes": "999"}
    r = client.post(url, data)
    page = r.content.decode()
    assert r.status_code == 400 and "Minutes should be a whole number from 5 to 480" in page
    assert 'value="Slow dance"' in page and 'value="999"' in page
    r = client.post(url, {"action": "details", "name": "", "day_starts": "09:00"})
    assert r.status_code == 400 and "Please give the template a name." in r.content.decode()
    assert client.post(url, {"action": "remove_block", "block_id": "abc"}).status_code == 404
    assert _fingerprint() == before


TITLE = "zq-individual-title-canary"


@pytest.mark.parametrize("role", ROLES)
def test_an_individual_blocks_own_title_reaches_only_its_clinician(client, world, role):
    """The clinician's wording of one partner's time alone stays on the clinician's pages: every
    couple-facing surface (page, Today, API, calendar file) words it for the couple instead."""
    i = world["intensive"]
    assert IntensiveBlock.objects.filter(intensive=i, kind="individual").update(title=f"Ask about {TITLE}") == 2
    _as(client, world, role)
    couple_side = [
        client.get(reverse("clinic:care")),
        client.get(reverse("home")),
        client.get(reverse("clinic:care_intensive_calendar", args=[i.pk])),
        _api(world, role).get("/api/care/intensives"),
    ]
    for response in couple_side:
        assert TITLE not in response.content.decode(), (role, response.request["PATH_INFO"])
    own = client.get(reverse("clinic:intensive", args=[i.pk])).content.decode()
    assert (TITLE in own) == (role == "self")
