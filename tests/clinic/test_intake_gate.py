"""Reaching out never alerts the partner first: the partner hears nothing until the writer's own screen
is answered and negative, never after a positive one, and nothing either of them gets tells the
partner which it was. A request can be taken back, and old ones are deleted. The form can't flood an
address, and no subject carries words the sender typed."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.management import call_command
from django.test import Client
from django.utils import timezone

from closeknit.clinic import tasks
from closeknit.clinic.models import Appointment, Lead, Screen
from closeknit.clinic.services import booking, care, intake
from tests.clinic.helpers import NO, next_weekday, reach

# Words that would tell the partner what the writer was asked, or how they answered.
TELLING = ("safety", "safe", "screen", "violence", "abuse", "afraid", "fear", "hurt", "crisis", "risk", "therap")


def _post_reach(client: Client, clinic, *, name: str = "Alex", email: str = "alex@example.test", **extra):
    data = {
        "name": name,
        "email": email,
        "partner_name": "Robin",
        "partner_email": "robin@example.test",
        "message": "We feel far apart.",
        "meeting": "online",
    } | extra
    r = client.post(f"/therapists/{clinic.rivera.slug}/reach-out/", data)
    assert r.status_code == 302
    return r["Location"]


def _to(box, address: str) -> list:
    return [m for m in box.messages if address in (m["To"] or "")]


def _same_for_anyone(html: str, *secrets: str) -> str:
    """A page with the per-request secrets and CSRF tokens taken out, to compare two pages."""
    for s in secrets:
        html = html.replace(s, "SECRET")
    html = re.sub(r'"X-CSRFToken": "[^"]+"', "", html)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)


def test_partner_hears_only_after_a_negative_screen(client, clinic, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screen_url = _post_reach(client, clinic)
    assert _to(smtp_server, "robin@example.test") == []
    page = client.get(screen_url).content.decode()
    assert 'id="screen-form"' in page and "Not a good moment?" in page
    lead = Lead.objects.get()
    theirs = lead.screens.get(person="b")
    mine = lead.screens.get(person="a")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(screen_url, NO).status_code == 302
    invite = smtp_server.wait_for("robin@example.test")
    body = smtp_server.body(invite)
    assert theirs.token in body and mine.token not in body and lead.token not in body
    assert "Alex" in body and "Alex" not in invite["Subject"]
    assert invite["Subject"] == "closeknit: An invitation to a first conversation"
    for word in TELLING:
        assert word not in body.lower() and word not in invite["Subject"].lower(), word
    assert "We feel far apart" not in body
    done = client.get(screen_url).content.decode()
    assert "their own invitation" in done and 'id="screen-thanks"' in done
    # Once only, however often the screen is re-posted.
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(screen_url, NO).status_code == 409
    assert len(_to(smtp_server, "robin@example.test")) == 1


def test_positive_screen_never_reaches_the_partner(client, clinic, smtp_server, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        screen_url = _post_reach(client, clinic)
        client.post(screen_url, {**NO, "control": "yes", "goals": "Canary-goals-4471"})
    lead = Lead.objects.get()
    assert lead.partner_invited_at is None and lead.screens.get(person="a").flagged
    flag = next(m for m in _to(smtp_server, clinic.rivera.user.email) if "read a screen" in m["Subject"])
    assert "not written to their partner" in smtp_server.body(flag) and "Canary" not in smtp_server.body(flag)
    # Shown once, to this browser: help, and a way to talk alone.
    page = client.get(screen_url).content.decode()
    assert 'id="screen-support"' in page and "/help/" in page and 'id="to-booking-alone"' in page
    assert "We have not written to Robin" in page
    # Booking alone, moving it, and care started from the lead: still nothing to the partner.
    mine = lead.screens.get(person="a")
    start = next_weekday(0, 10, "America/New_York")
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/reach-out/{mine.token}/book/", {"start": start.isoformat()})
    assert r.status_code == 302
    assert "emailed you a confirmation" in client.get(r["Location"]).content.decode()
    assert any("First conversation" in m["Subject"] for m in _to(smtp_server, "alex@example.test"))
    with django_capture_on_commit_callbacks(execute=True):
        care.start_episode(user=clinic.rivera.user, policy="individual", lead_id=lead.pk)
    assert any("invites you" in m["Subject"] for m in _to(smtp_server, "alex@example.test"))
    assert _to(smtp_server, "robin@example.test") == []
    assert Appointment.objects.filter(lead=lead, status="booked").count() == 1


def test_later_visits_look_the_same_whatever_the_answers(clinic, smtp_server, django_capture_on_commit_callbacks):
    """Someone who finds the link (in the writer's email, say) can't tell a positive screen from a
    negative one: the page, and the email sent before the screen, are word for word the same."""
    pages, mails = [], []
    for n, answers in enumerate(({**NO}, {**NO, "afraid": "yes"})):
        writer = Client()
        address = f"writer{n}@example.test"
        with django_capture_on_commit_callbacks(execute=True):
            url = _post_reach(writer, clinic, email=address, partner_email=f"partner{n}@example.test")
            writer.post(url, answers)
        lead = Lead.objects.get(email=address)
        mine = lead.screens.get(person="a")
        page = Client().get(url).content.decode()
        pages.append(_same_for_anyone(page, mine.token, lead.token))
        mails.append(_same_for_anyone(smtp_server.body(smtp_server.wait_for(address)), mine.token, lead.token))
        assert 'id="screen-support"' not in page and "telling us" not in page
    assert pages[0] == pages[1]
    assert mails[0] == mails[1]


def test_partner_answers_are_theirs_and_the_writer_sees_nothing_of_them(client, clinic):
    lead, mine, theirs = reach(clinic.rivera, screened=True)
    robin = Client()
    robin.post(f"/reach-out/{theirs.token}/", {**NO, "hurt": "yes"})
    assert 'id="screen-support"' in robin.get(f"/reach-out/{theirs.token}/").content.decode()
    alex = client.get(f"/reach-out/{mine.token}/").content.decode()
    assert "telling us" not in alex and "safety" not in alex
    assert 'id="to-withdraw"' not in robin.get(f"/reach-out/{theirs.token}/").content.decode()


# --- taking it back ------------------------------------------------------------------------------------
def test_withdraw_from_the_email_link_deletes_lead_and_answers(
    client, clinic, smtp_server, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        url = _post_reach(client, clinic)
        client.post(url, {**NO, "goals": "Canary-goals-5520"})
    body = smtp_server.body(smtp_server.wait_for("alex@example.test"))
    link = re.search(r"https?://\S+/reach-out/withdraw/\S+/", body).group(0)
    path = re.sub(r"^https?://[^/]+", "", link)
    assert 'id="to-withdraw"' in client.get(url).content.decode()
    # Opening the link (a mail scanner does) asks first and deletes nothing.
    page = client.get(path)
    assert page.status_code == 200 and 'id="withdraw"' in page.content.decode()
    assert Lead.objects.count() == 1
    r = client.post(path)
    assert r.status_code == 200 and 'id="withdrawn"' in r.content.decode()
    assert Lead.objects.count() == 0 and Screen.objects.count() == 0
    assert client.get(url).status_code == 404
    again = client.post(path)
    assert again.status_code == 404 and "Nothing to take back" in again.content.decode()


def test_withdraw_keeps_what_the_partner_answered(client, clinic):
    lead, mine, theirs = reach(clinic.rivera, screened=True, message="Canary-message-8812")
    intake.answer_screen(token=theirs.token, data={**NO, "afraid": "yes", "goals": "Robin's own words"})
    assert client.post(f"/reach-out/withdraw/{lead.token}/").status_code == 200
    lead.refresh_from_db()
    assert (lead.name, lead.email, lead.message, lead.status) == ("", "", "", "closed")
    a = lead.screens.get(person="a")
    assert a.answers == "" and a.answered_at is None and a.token != mine.token
    b = lead.screens.get(person="b")
    assert b.flagged and "Robin's own words" in b.answers
    assert client.get(f"/reach-out/{mine.token}/").status_code == 404


def test_withdraw_with_a_booking_asks_to_cancel_first(client, clinic):
    lead, mine, _ = reach(clinic.rivera, screened=True)
    booking.book(token=mine.token, start=next_weekday(0, 10, "America/New_York"))
    r = client.post(f"/reach-out/withdraw/{lead.token}/")
    assert r.status_code == 409 and "cancel it first" in r.content.decode()
    assert f"/reach-out/{mine.token}/book/" in r.content.decode()
    assert Lead.objects.count() == 1


def test_unknown_withdraw_link_is_404(client, db):
    r = client.get("/reach-out/withdraw/nope/")
    assert r.status_code == 404 and "Nothing to take back" in r.content.decode()


# --- retention -----------------------------------------------------------------------------------------
def test_old_requests_without_a_booking_are_deleted_once(clinic, capsys):
    now = timezone.now()
    old, _, _ = reach(clinic.rivera, 1)
    booked, mine, _ = reach(clinic.rivera, 2, screened=True)
    booking.book(token=mine.token, start=next_weekday(0, 10, "America/New_York"))
    in_care, _, _ = reach(clinic.rivera, 3, screened=True)
    care.start_episode(user=clinic.rivera.user, policy="individual", lead_id=in_care.pk)
    fresh, _, _ = reach(clinic.rivera, 4)
    long_ago = now - dt.timedelta(days=intake.RETENTION_DAYS, minutes=1)
    Lead.objects.exclude(pk=fresh.pk).update(created_at=long_ago)
    Lead.objects.filter(pk=fresh.pk).update(created_at=now - dt.timedelta(days=intake.RETENTION_DAYS - 1))
    assert intake.purge_stale(now=now) == 1
    assert set(Lead.objects.values_list("pk", flat=True)) == {booked.pk, in_care.pk, fresh.pk}
    assert not Screen.objects.filter(lead_id=old.pk).exists()
    assert intake.purge_stale(now=now) == 0  # idempotent
    # The nightly task and the command run the same sweep on the real clock.
    Lead.objects.filter(pk=fresh.pk).update(created_at=now - dt.timedelta(days=intake.RETENTION_DAYS + 1))
    tasks.purge_stale_leads.call_local()
    assert not Lead.objects.filter(pk=fresh.pk).exists()
    call_command("purge_stale_leads")
    assert "Deleted 0 request(s)" in capsys.readouterr().out
    assert Lead.objects.count() == 2


# --- not a spam cannon ---------------------------------------------------------------------------------
def test_one_address_gets_at_most_a_few_mails_a_day_across_ips(clinic, smtp_server, django_capture_on_commit_callbacks):
    pages = []
    for n in range(intake.MAILS_PER_ADDRESS + 2):
        sender = Client(REMOTE_ADDR=f"10.1.0.{n}")
        with django_capture_on_commit_callbacks(execute=True):
            url = _post_reach(sender, clinic, name=f"Prize {n} at spam.example", email="target@example.test")
            assert sender.post(url, NO).status_code == 302
        pages.append(sender.get(url).content.decode())
    assert len(_to(smtp_server, "target@example.test")) == intake.MAILS_PER_ADDRESS
    assert len(_to(smtp_server, "robin@example.test")) == intake.MAILS_PER_ADDRESS
    # The sender sees the same thing whether or not the mail went out.
    assert all('id="screen-thanks"' in p and "their own invitation" in p for p in pages)
    # An uninvited partner gets nothing else either.
    assert Lead.objects.filter(partner_invited_at__isnull=True).count() == 2
    for m in smtp_server.messages:
        assert "Prize" not in m["Subject"] and "spam.example" not in m["Subject"]


@pytest.mark.parametrize("where", ["page", "api"])
def test_api_reach_out_is_gated_too(clinic, smtp_server, django_capture_on_commit_callbacks, where):
    anon = Client()
    with django_capture_on_commit_callbacks(execute=True):
        if where == "api":
            r = anon.post(
                f"/api/therapists/{clinic.rivera.slug}/reach-out",
                {"name": "Alex", "email": "alex@example.test", "partner_email": "robin@example.test"},
                content_type="application/json",
            )
            assert r.status_code == 201, r.content
        else:
            _post_reach(anon, clinic)
    assert _to(smtp_server, "alex@example.test") and not _to(smtp_server, "robin@example.test")


def test_api_says_support_only_in_the_answer_to_the_post(clinic):
    _, mine, _ = reach(clinic.rivera)
    anon = Client()
    answers = {"hurt": False, "afraid": True, "control": False, "pressure": False, "crisis": False, "coming": "unsure"}
    r = anon.post(f"/api/screens/{mine.token}", answers, content_type="application/json")
    assert r.status_code == 200 and r.json()["support"] is True
    later = Client().get(f"/api/screens/{mine.token}").json()
    assert (later["support"], later["answered"]) == (False, True)
    assert Lead.objects.get().partner_invited_at is None


def test_the_clinician_sees_the_partner_was_not_contacted_admin_does_not(client, clinic):
    lead, mine, _ = reach(clinic.rivera)
    intake.answer_screen(token=mine.token, data={**NO, "pressure": "yes"})
    client.force_login(clinic.rivera.user)
    assert 'id="partner-not-contacted"' in client.get(f"/clinic/leads/{lead.pk}/").content.decode()
    client.force_login(clinic.admin)
    assert 'id="partner-not-contacted"' not in client.get(f"/clinic/leads/{lead.pk}/").content.decode()
    invited, _, _ = reach(clinic.rivera, 1, screened=True)
    client.force_login(clinic.rivera.user)
    assert 'id="partner-not-contacted"' not in client.get(f"/clinic/leads/{invited.pk}/").content.decode()
