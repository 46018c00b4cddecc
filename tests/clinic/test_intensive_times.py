"""Times that mean something: an in-person intensive reads on the venue's clock, with the partner's own
clock beside it when they are elsewhere; and the plan for home is handed over from its last day only."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db.models import F
from django.urls import reverse

from closeknit.assessments.models import CareStep
from closeknit.clinic.models import Intensive, IntensiveBlock
from closeknit.clinic.selectors import intensive as selectors
from tests.clinic.intensive_helpers import joined_episode, schedule, today


@pytest.fixture
def world(clinic, couple):
    episode = joined_episode(clinic, couple)
    return {"episode": episode, "couple": couple, "clinic": clinic}


def test_a_partner_in_london_sees_new_york_time_and_their_own(client, world, clinic):
    a = world["couple"].a
    a.timezone = "Europe/London"
    a.save(update_fields=["timezone"])
    intensive = schedule(clinic, world["episode"], starts_on=today() + dt.timedelta(days=10))
    client.force_login(a)
    page = client.get(reverse("clinic:care")).content.decode()
    lunch = IntensiveBlock.objects.filter(intensive=intensive, kind="break").order_by("start").first()
    here, there = (
        lunch.start.astimezone(ZoneInfo("America/New_York")),
        lunch.start.astimezone(ZoneInfo("Europe/London")),
    )
    assert here.hour != there.hour
    assert f'<span class="agenda-time">{here:%H:%M}<span class="agenda-own small muted">{there:%H:%M} your time' in page
    assert "Times are New York time (America/New_York), where the intensive takes place" in page
    assert "your own time (Europe/London) is beside each one" in page
    # The calendar file carries the venue's zone; a calendar app shows it on the device's clock.
    ics = client.get(reverse("clinic:care_intensive_calendar", args=[intensive.pk])).content.decode()
    assert "TZID=America/New_York" in ics


def test_a_partner_where_it_happens_sees_one_clock(client, world, clinic):
    a = world["couple"].a
    a.timezone = "America/New_York"
    a.save(update_fields=["timezone"])
    schedule(clinic, world["episode"], starts_on=today() + dt.timedelta(days=10))
    client.force_login(a)
    page = client.get(reverse("clinic:care")).content.decode()
    assert "your time" not in page and "Times are New York time (America/New_York)" in page


def test_finish_is_offered_from_the_last_day_only(client, world, clinic):
    intensive = schedule(clinic, world["episode"], starts_on=today() + dt.timedelta(days=1))
    Intensive.objects.filter(pk=intensive.pk).update(starts_on=today(), ends_on=today() + dt.timedelta(days=1))
    intensive.refresh_from_db()  # day 1 of two is today (on the venue's clock)
    client.force_login(clinic.rivera.user)
    page = client.get(reverse("clinic:intensive", args=[intensive.pk])).content.decode()
    assert 'id="to-finish"' not in page and 'id="finish-wait"' in page and "from its last day" in page
    url = reverse("clinic:intensive_finish", args=[intensive.pk])
    assert 'id="finish-form"' not in client.get(url).content.decode()
    refused = client.post(url, {"practices": ["turning-toward"], "how_often_turning-toward": "every day"})
    assert refused.status_code == 409 and "from its last day" in refused.content.decode()
    intensive.refresh_from_db()
    assert intensive.status == Intensive.Status.SCHEDULED and not CareStep.objects.exists()
    # The last day comes (on the venue's clock): the button is there and finishing works.
    Intensive.objects.filter(pk=intensive.pk).update(starts_on=today() - dt.timedelta(days=1), ends_on=today())
    back = dt.timedelta(days=2)  # its blocks too: day 1 was yesterday, so it has begun
    IntensiveBlock.objects.filter(intensive=intensive).update(start=F("start") - back, end=F("end") - back)
    assert selectors.finish_wait(Intensive.objects.get(pk=intensive.pk)) == ""
    page = client.get(reverse("clinic:intensive", args=[intensive.pk])).content.decode()
    assert 'id="to-finish"' in page and 'id="finish-wait"' not in page
    done = client.post(url, {"practices": ["turning-toward"], "how_often_turning-toward": "every day"})
    assert done.status_code == 302
    assert Intensive.objects.get(pk=intensive.pk).status == Intensive.Status.DONE


def test_the_last_day_is_the_venues_day():
    """Pinned instants: 23:30 in New York on the last day is already the next day in London."""
    from types import SimpleNamespace

    clinician = SimpleNamespace(
        user=SimpleNamespace(timezone="America/New_York"), practice=SimpleNamespace(timezone="UTC")
    )
    intensive = SimpleNamespace(episode=SimpleNamespace(clinician=clinician), ends_on=dt.date(2026, 12, 31))
    late = dt.datetime(2026, 12, 31, 4, 30, tzinfo=dt.UTC)  # 23:30 on the 30th in New York
    assert "Thursday 31 December" in selectors.finish_wait(intensive, now=late)  # type: ignore[arg-type]
    assert selectors.finish_wait(intensive, now=late + dt.timedelta(hours=1)) == ""  # type: ignore[arg-type]


def test_the_service_refuses_to_finish_before_the_last_day(world, clinic, couple):
    """The rule lives in the service, so a shell or any other caller meets it too: begun (its first
    block started early) but with a day still to come, finishing is a 409 that names the last day, and
    nothing reaches the couple's plan. From the last day on, the same call finishes it."""
    from closeknit.clinic.services import intensive as services
    from closeknit.core.errors import ServiceError
    from tests.clinic.intensive_helpers import begin, to_last_day

    intensive = schedule(clinic, world["episode"], starts_on=today() + dt.timedelta(days=1))
    begin(clinic, intensive)
    steps = [("turning-toward", "every day")]
    with pytest.raises(ServiceError) as refused:
        services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=steps, note="")
    assert refused.value.status == 409 and refused.value.code == "intensive_not_over"
    assert "from its last day" in refused.value.message
    assert f"{intensive.ends_on:%B}" in refused.value.message
    intensive.refresh_from_db()
    assert intensive.status == Intensive.Status.SCHEDULED and intensive.finished_at is None
    assert not CareStep.objects.filter(couple_id=couple.couple_id).exists()
    to_last_day(intensive)
    done = services.finish(user=clinic.rivera.user, intensive_id=intensive.pk, steps=steps, note="")
    assert done.status == Intensive.Status.DONE
    assert CareStep.objects.filter(couple_id=couple.couple_id).exists()


def test_the_api_refuses_to_finish_before_the_last_day(world, clinic, couple):
    """The API used to skip the page's check and closed an intensive on its first day."""
    from tests.api.conftest import Api, headless_token
    from tests.clinic.intensive_helpers import begin

    intensive = schedule(clinic, world["episode"], starts_on=today() + dt.timedelta(days=1))
    begin(clinic, intensive)
    api = Api(token=headless_token(clinic.rivera.user))
    body = {"steps": [{"practice": "turning-toward", "how_often": "every day"}]}
    refused = api.post(f"/api/clinic/intensives/{intensive.pk}/finish", body)
    assert refused.status_code == 409 and refused.json()["code"] == "intensive_not_over"
    assert "from its last day" in refused.json()["detail"]
    intensive.refresh_from_db()
    assert intensive.status == Intensive.Status.SCHEDULED
    assert not CareStep.objects.filter(couple_id=couple.couple_id).exists()
