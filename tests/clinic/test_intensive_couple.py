"""The couple's own view of their intensive: both partners see its days on /care/, a card on Today as
it nears, a calendar file and an API route. Titles and times only: the clinician's goals, checklists
and note templates never reach a partner. Ex-partners, other couples, clinicians and nobody see
nothing; a cancelled, past or ended-care intensive disappears."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from django.urls import reverse

from closeknit.clinic.models import IntensiveBlock
from closeknit.clinic.selectors import intensive as selectors
from closeknit.clinic.services import care
from closeknit.clinic.services import intensive as services
from closeknit.core.time import local_today
from closeknit.couples import services as couples
from tests.api.conftest import Api, headless_token
from tests.clinic.intensive_helpers import joined_episode, schedule, today

WORKING = "zq-clinician-working-canary"  # put in every block's goals, checklist and note template
TITLE = "zq-title-canary"  # in each individual block's own title, as a clinician would word it for themselves


@pytest.fixture
def world(clinic, couple, make_couple):
    episode = joined_episode(clinic, couple)
    intensive = schedule(clinic, episode, starts_on=today() + dt.timedelta(days=10))
    IntensiveBlock.objects.filter(intensive=intensive).update(
        goals=WORKING, checklist=[{"text": WORKING, "done": False}], note_template=WORKING
    )
    for block in IntensiveBlock.objects.filter(intensive=intensive, kind="individual").select_related("with_user"):
        block.title = f"Ask {block.with_user.name if block.with_user else 'them'} about the affair {TITLE}"
        block.save(update_fields=["title"])
    return {"episode": episode, "intensive": intensive, "couple": couple, "other": make_couple(), "clinic": clinic}


def test_both_partners_see_the_days_on_the_venues_clock_and_their_own(world):
    a, b = world["couple"].a, world["couple"].b
    a.timezone = "America/New_York"  # where Dr. Rivera holds the intensive
    a.save(update_fields=["timezone"])
    b.timezone = "Europe/Berlin"
    b.save(update_fields=["timezone"])
    mine, theirs = selectors.intensives_for_couple(a), selectors.intensives_for_couple(b)
    assert [i.id for i in mine] == [i.id for i in theirs] == [world["intensive"].pk]
    first_a, first_b = mine[0].days[0].blocks[0], theirs[0].days[0].blocks[0]
    assert first_a.start == first_b.start == first_b.own_start  # the same instant ...
    assert str(first_a.start.tzinfo) == str(first_b.start.tzinfo) == "America/New_York"  # ... on the venue's clock
    assert first_a.own_start is None and mine[0].own_zone == ""  # A is there: one clock is enough
    assert str(first_b.own_start.tzinfo) == "Europe/Berlin" and theirs[0].own_zone == "Europe/Berlin"
    assert theirs[0].zone_label == "New York time"
    placed = IntensiveBlock.objects.filter(intensive=world["intensive"]).count()
    assert sum(len(d.blocks) for d in mine[0].days) == placed
    # Counted from each partner's own day, which may already be tomorrow where the practice is still on today.
    assert mine[0].days_to_go == (world["intensive"].starts_on - local_today(a.timezone)).days
    assert theirs[0].days_to_go == (world["intensive"].starts_on - local_today("Europe/Berlin")).days
    assert mine[0].soon and not mine[0].underway


def test_an_individual_interview_says_whose_it_is(world):
    a, b = world["couple"].a, world["couple"].b
    alone_a = {blk.alone for d in selectors.intensives_for_couple(a)[0].days for blk in d.blocks if blk.alone}
    alone_b = {blk.alone for d in selectors.intensives_for_couple(b)[0].days for blk in d.blocks if blk.alone}
    assert alone_a == {"you", b.name} and alone_b == {"you", a.name}


def test_open_pre_checkups_count_only_ones_own(world):
    a = world["couple"].a
    view = selectors.intensives_for_couple(a)[0]
    mine = world["intensive"].measures.filter(user=a, phase="pre").count()
    assert mine > 0 and view.my_open_pre == mine
    world["intensive"].measures.filter(user=world["couple"].b).update(completed_at=dt.datetime.now(dt.UTC))
    assert selectors.intensives_for_couple(a)[0].my_open_pre == mine  # the partner finishing changes nothing


def test_the_care_page_shows_titles_never_the_working_material(client, world):
    a = world["couple"].a
    client.force_login(a)
    page = html.unescape(client.get(reverse("clinic:care")).content.decode())
    assert f'id="intensive-{world["intensive"].pk}"' in page
    for block in IntensiveBlock.objects.filter(intensive=world["intensive"]).exclude(kind="individual"):
        assert block.title in page
    partner = world["couple"].b.name
    assert "Your time alone with Dr. Rivera" in page and f"{partner}'s time alone with Dr. Rivera" in page
    assert WORKING not in page
    ics = client.get(reverse("clinic:care_intensive_calendar", args=[world["intensive"].pk]))
    assert ics.status_code == 200 and ics["Content-Type"].startswith("text/calendar")
    body = ics.content.decode()
    assert (
        body.count("BEGIN:VEVENT")
        == IntensiveBlock.objects.filter(intensive=world["intensive"]).exclude(kind="break").count()
    )
    assert WORKING not in body and "Rivera" not in body and a.name not in body


def test_today_shows_a_card_three_weeks_out_not_earlier(client, world, clinic):
    a = world["couple"].a
    client.force_login(a)
    page = client.get(reverse("home")).content.decode()
    to_go = (world["intensive"].starts_on - local_today(a.timezone)).days
    assert 'id="our-intensive"' in page and f"It starts in {to_go} days" in page
    services.cancel(user=clinic.rivera.user, intensive_id=world["intensive"].pk)
    schedule(clinic, world["episode"], starts_on=today() + dt.timedelta(days=30))
    page = client.get(reverse("home")).content.decode()
    assert 'id="our-intensive"' not in page  # a month away: only on /care/
    assert len(selectors.intensives_for_couple(a)) == 1


def test_a_day_of_the_intensive_says_so(world):
    a = world["couple"].a
    view = selectors.intensives_for_couple(a, today=world["intensive"].starts_on)[0]
    assert view.underway and view.today_number == 1


@pytest.mark.parametrize("role", ["partner_a", "partner_b", "ex_partner", "other_couple", "clinician", "anonymous"])
def test_who_sees_the_intensive(client, world, role):
    pair, clinic = world["couple"], world["clinic"]
    if role == "ex_partner":
        couples.leave_space(user=pair.b)
    person = {
        "partner_a": pair.a,
        "partner_b": pair.b,
        "ex_partner": pair.b,
        "other_couple": world["other"].a,
        "clinician": clinic.rivera.user,
        "anonymous": None,
    }[role]
    sees = role in ("partner_a", "partner_b")
    api = Api(token=headless_token(person) if person else None)
    listed = api.get("/api/care/intensives")
    ics_url = reverse("clinic:care_intensive_calendar", args=[world["intensive"].pk])
    if person is None:
        assert listed.status_code == 401
        assert client.get(ics_url).status_code == 302
        return
    assert listed.status_code == 200
    assert [i["id"] for i in listed.json()] == ([world["intensive"].pk] if sees else [])
    assert WORKING not in listed.content.decode() and TITLE not in listed.content.decode()
    client.force_login(person)
    ics = client.get(ics_url)
    assert ics.status_code == (200 if sees else 404)
    page = client.get(reverse("clinic:care")).content.decode()
    assert (f'id="intensive-{world["intensive"].pk}"' in page) == sees
    for body in (ics.content.decode(), page, client.get(reverse("home")).content.decode()):
        assert TITLE not in body and WORKING not in body


def test_cancelled_past_or_ended_care_disappears(world, clinic):
    a, i = world["couple"].a, world["intensive"]
    assert selectors.intensives_for_couple(a, today=i.ends_on)
    assert not selectors.intensives_for_couple(a, today=i.ends_on + dt.timedelta(days=1))
    care.end_episode(user=clinic.rivera.user, episode_id=world["episode"].pk)
    assert not selectors.intensives_for_couple(a)


def test_a_cancelled_intensive_disappears(world, clinic):
    services.cancel(user=clinic.rivera.user, intensive_id=world["intensive"].pk)
    assert not selectors.intensives_for_couple(world["couple"].a)


def test_no_surface_carries_an_individual_blocks_own_title(client, world, smtp_server):
    """A clinician's title for one partner's time alone ("Ask B about ...") reaches neither partner:
    page, Today, API, calendar file, reminder email and export all word it for the couple."""
    from closeknit.clinic.services import reminders

    a, b, i = world["couple"].a, world["couple"].b, world["intensive"]
    assert IntensiveBlock.objects.filter(intensive=i, kind="individual", title__contains=TITLE).count() == 2
    for me, other in ((a, b), (b, a)):
        words = {"you": "Your time alone with Dr. Rivera", "other": f"{other.name}'s time alone with Dr. Rivera"}
        api = Api(token=headless_token(me))
        listed = api.get("/api/care/intensives")
        titles = [blk["title"] for d in listed.json()[0]["days"] for blk in d["blocks"] if blk["kind"] == "individual"]
        assert sorted(titles) == sorted(words.values())
        client.force_login(me)
        page = html.unescape(client.get(reverse("clinic:care")).content.decode())
        assert words["you"] in page and words["other"] in page
        ics = client.get(reverse("clinic:care_intensive_calendar", args=[i.pk])).content.decode()
        assert "Your time alone with your therapist" in ics and "Your partner" in ics and other.name not in ics
        surfaces = {
            "api": listed.content.decode(),
            "page": page,
            "today": client.get(reverse("home")).content.decode(),
            "ics": ics,
            "export.json": client.get(reverse("accounts:export", args=["json"])).content.decode(),
            "export.html": client.get(reverse("accounts:export", args=["html"])).content.decode(),
        }
        for where, body in surfaces.items():
            assert TITLE not in body and "the affair" not in body, (me.email, where)
    first = IntensiveBlock.objects.filter(intensive=i).order_by("start").first().start
    assert reminders.send_due_intensives(now=first - dt.timedelta(hours=40)) == 1
    mails = [m for m in smtp_server.messages if "Your intensive with Dr. Rivera" in m["Subject"]]
    assert len(mails) == 2
    for m in mails:
        assert TITLE not in m.get_payload(decode=True).decode() and TITLE not in m["Subject"]
