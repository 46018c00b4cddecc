"""Reaching out and the private screens: clear refusals, answered once, positives stay private."""

from __future__ import annotations

import pytest

from closeknit.clinic.models import Lead, Screen
from tests.clinic.helpers import NO, reach


def test_reach_out_page_creates_lead_and_two_screens(client, clinic, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(
            f"/therapists/{clinic.rivera.slug}/reach-out/",
            {
                "name": "Alex",
                "email": "Alex@Example.test",
                "partner_name": "Robin",
                "partner_email": "robin@example.test",
                "message": "We feel far apart.",
                "meeting": "online",
            },
        )
    assert r.status_code == 302
    lead = Lead.objects.get()
    assert lead.email == "alex@example.test" and lead.screens.count() == 2
    mine = lead.screens.get(person="a")
    assert r["Location"] == f"/reach-out/{mine.token}/"
    to_alex = smtp_server.wait_for("alex@example.test")
    assert mine.token in smtp_server.body(to_alex) and lead.token in smtp_server.body(to_alex)
    to_clinician = smtp_server.body(smtp_server.wait_for(clinic.rivera.user.email))
    assert "far apart" not in to_clinician and "Alex" not in to_clinician
    # The partner hears nothing yet: not before the writer's own screen is answered.
    assert [m["To"] for m in smtp_server.messages if "robin" in m["To"]] == []
    assert lead.partner_invited_at is None


@pytest.mark.parametrize(
    "data, field",
    [
        ({"name": "", "email": "a@example.test"}, "name"),
        ({"name": "A", "email": "not-an-email"}, "email"),
        ({"name": "A", "email": "a@example.test", "partner_email": "a@example.test"}, "partner_email"),
        ({"name": "A\x00", "email": "a@example.test"}, "name"),
        ({"name": "A", "email": "a@example.test", "message": "x" * 2001}, "message"),
    ],
)
def test_bad_reach_out_is_400_and_writes_nothing(client, clinic, data, field):
    r = client.post(f"/therapists/{clinic.rivera.slug}/reach-out/", data)
    assert r.status_code == 400
    assert Lead.objects.count() == 0


def test_reach_out_is_rate_limited(client, clinic):
    url = f"/therapists/{clinic.rivera.slug}/reach-out/"
    for i in range(5):
        assert client.post(url, {"name": "A", "email": f"a{i}@example.test"}).status_code == 302
    r = client.post(url, {"name": "A", "email": "a9@example.test"})
    assert r.status_code == 429 and "wait" in r.content.decode()
    assert Lead.objects.count() == 5


def test_screen_answered_once(client, clinic):
    _, mine, _ = reach(clinic.rivera)
    url = f"/reach-out/{mine.token}/"
    assert client.get(url).status_code == 200
    assert client.post(url, NO).status_code == 302
    r = client.post(url, {**NO, "hurt": "yes"})
    assert r.status_code == 409 and "already answered" in r.content.decode()
    assert Screen.objects.get(pk=mine.pk).flagged is False


def test_blank_answer_is_not_a_no(client, clinic):
    _, mine, _ = reach(clinic.rivera)
    r = client.post(f"/reach-out/{mine.token}/", {**NO, "afraid": ""})
    assert r.status_code == 400
    assert Screen.objects.get(pk=mine.pk).answered_at is None


def test_positive_screen_routes_privately_and_flags_clinician(
    client, clinic, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        lead, mine, theirs = reach(clinic.rivera)
        client.post(f"/reach-out/{theirs.token}/", {**NO, "afraid": "yes", "goals": "Feel safe at home."})
    page = client.get(f"/reach-out/{theirs.token}/").content.decode()
    assert "/help/" in page and "Thank you for telling us" in page
    flag = smtp_server.body(next(m for m in smtp_server.messages if "read a screen" in m["Subject"]))
    assert "safety" in flag and "Feel safe" not in flag
    # The other partner's pages say nothing about it, before and after answering.
    other = client.get(f"/reach-out/{mine.token}/").content.decode()
    client.post(f"/reach-out/{mine.token}/", NO)
    other += client.get(f"/reach-out/{mine.token}/").content.decode()
    other += client.get(f"/reach-out/{mine.token}/book/").content.decode()
    for word in ("Read first", "positive", "Feel safe", "telling us", "your safety"):
        assert word not in other
    assert not any(m["To"] == lead.email and "safety" in smtp_server.body(m) for m in smtp_server.messages)


def test_clinician_reads_screens_admin_does_not(client, clinic):
    lead, mine, theirs = reach(clinic.rivera)
    client.post(f"/reach-out/{theirs.token}/", {**NO, "afraid": "yes", "goals": "Feel safe at home."})
    client.force_login(clinic.rivera.user)
    page = client.get(f"/clinic/leads/{lead.pk}/").content.decode()
    assert "Feel safe at home." in page and "This screen is positive" in page
    client.force_login(clinic.admin)
    page = client.get(f"/clinic/leads/{lead.pk}/")
    assert page.status_code == 200 and "Feel safe" not in page.content.decode()
    client.force_login(clinic.stranger.user)
    assert client.get(f"/clinic/leads/{lead.pk}/").status_code == 404
    client.force_login(clinic.okafor.user)
    assert client.get(f"/clinic/leads/{lead.pk}/").status_code == 404


def test_unknown_screen_link_is_404(client, db):
    assert client.get("/reach-out/nope/").status_code == 404
