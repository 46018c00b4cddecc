"""A person who reached out, and the first conversation they booked, outlive a clinician's account:
deleting the account is refused (409, in words) while a lead is in their hands, the database PROTECTs
both rows even from a bare delete, and the lead is handed to a colleague, who keeps the booked time.
Afterwards the practice's admin finds the couple with the colleague."""

from __future__ import annotations

import pytest
from django.core import mail
from django.db.models import ProtectedError
from django.test import Client
from django.urls import reverse

from closeknit.accounts.models import User
from closeknit.clinic.models import Appointment, Lead
from closeknit.clinic.services import booking
from tests.clinic.helpers import next_weekday, reach
from tests.conftest import PASSWORD


def _client(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


@pytest.fixture
def booked(clinic):
    """A lead to Dr. Rivera, screened, with a first conversation booked a week or more ahead."""
    lead, mine, _theirs = reach(clinic.rivera, screened=True)
    appt = booking.book(token=mine.token, start=next_weekday(0, 10, "America/New_York"))
    return lead, appt


def test_deleting_a_clinician_with_a_lead_is_refused_through_the_page(clinic, booked):
    lead, appt = booked
    me = clinic.rivera.user
    r = _client(me).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert r.status_code == 409
    page = r.content.decode()
    assert "One person who reached out to you is still in your hands" in page and "hand them over" in page
    assert User.objects.filter(pk=me.pk).exists()
    assert Lead.objects.filter(pk=lead.pk, clinician=clinic.rivera).exists()
    assert Appointment.objects.filter(pk=appt.pk, status="booked").exists()


def test_the_database_protects_them_from_a_bare_delete(clinic, booked):
    """A shell or the admin skipping the service cannot make them vanish either."""
    with pytest.raises(ProtectedError):
        clinic.rivera.user.delete()
    assert Lead.objects.count() == 1 and Appointment.objects.count() == 1


@pytest.mark.django_db(transaction=True)  # real commits: the handover is one transaction, and its email follows it
def test_the_admin_hands_the_lead_over_then_the_account_goes(clinic, booked):
    lead, appt = booked
    me, admin = clinic.rivera.user, clinic.admin
    desk = _client(admin)
    page = desk.get(reverse("clinic:lead", args=[lead.pk])).content.decode()
    assert 'id="lead-handover-to"' in page and f'value="{clinic.okafor.pk}"' in page
    assert f'value="{clinic.stranger.pk}"' not in page  # another practice's clinician is never offered
    mail.outbox.clear()
    r = desk.post(reverse("clinic:lead_hand_over", args=[lead.pk]), {"to": clinic.okafor.pk})
    assert r.status_code == 302 and r.url == reverse("clinic:lead", args=[lead.pk])
    appt.refresh_from_db()
    assert Lead.objects.get(pk=lead.pk).clinician == clinic.okafor
    assert appt.clinician == clinic.okafor and appt.status == "booked" and appt.sequence == 1
    told = [m for m in mail.outbox if lead.email in m.to]
    assert told and "Jo Okafor" in told[0].subject  # the couple gets the booking again, with the new name

    r = _client(me).post(reverse("accounts:delete"), {"password": PASSWORD})
    assert r.status_code == 302 and not User.objects.filter(pk=me.pk).exists()

    # What the practice's admin sees afterwards: the couple, with the colleague, and the booked time.
    dashboard = desk.get(reverse("clinic:dashboard")).content.decode()
    assert lead.name in dashboard and "Jo Okafor" in dashboard
    page = desk.get(reverse("clinic:lead", args=[lead.pk])).content.decode()
    assert lead.name in page and 'id="lead-appointment"' in page and "Not booked" not in page
    assert '<dd id="lead-clinician">Jo Okafor</dd>' in page


def test_the_clinician_hands_over_their_own_and_loses_sight_of_it(clinic, booked):
    lead, _appt = booked
    me = _client(clinic.rivera.user)
    r = me.post(reverse("clinic:lead_hand_over", args=[lead.pk]), {"to": clinic.okafor.pk})
    assert r.status_code == 302 and r.url == reverse("clinic:dashboard")
    assert me.get(reverse("clinic:lead", args=[lead.pk])).status_code == 404
    okafor = _client(clinic.okafor.user).get(reverse("clinic:lead", args=[lead.pk])).content.decode()
    assert 'id="screen-a"' in okafor  # the screens go with the lead: the new clinician reads them


@pytest.mark.parametrize("to", ["stranger", "self", "nobody", "junk"])
def test_a_target_outside_the_practice_is_a_clear_400(clinic, booked, to):
    lead, appt = booked
    target = {"stranger": clinic.stranger.pk, "self": clinic.rivera.pk, "nobody": 99999, "junk": "x"}[to]
    r = _client(clinic.admin).post(reverse("clinic:lead_hand_over", args=[lead.pk]), {"to": target})
    assert r.status_code == 400 and "Please choose a colleague who sees couples in this practice." in r.content.decode()
    appt.refresh_from_db()
    assert Lead.objects.get(pk=lead.pk).clinician == clinic.rivera and appt.clinician == clinic.rivera


def test_a_colleague_busy_at_the_booked_time_is_a_409_and_nothing_moves(clinic, booked):
    lead, appt = booked
    _other, theirs, _ = reach(clinic.okafor, 1, screened=True)
    booking.book(token=theirs.token, start=appt.start)  # Okafor already sees someone then
    r = _client(clinic.admin).post(reverse("clinic:lead_hand_over", args=[lead.pk]), {"to": clinic.okafor.pk})
    page = r.content.decode()
    assert r.status_code == 409 and "Jo Okafor already has something at" in page and 'id="lead-handover-error"' in page
    appt.refresh_from_db()
    assert Lead.objects.get(pk=lead.pk).clinician == clinic.rivera and appt.clinician == clinic.rivera


@pytest.mark.parametrize("who", ["okafor", "stranger", "anonymous"])
def test_others_cannot_hand_a_lead_over(clinic, booked, who):
    lead, _appt = booked
    c = Client()
    if who != "anonymous":
        c.force_login(getattr(clinic, who).user)
    r = c.post(reverse("clinic:lead_hand_over", args=[lead.pk]), {"to": clinic.okafor.pk})
    assert r.status_code in ((302,) if who == "anonymous" else (404,))
    assert Lead.objects.get(pk=lead.pk).clinician == clinic.rivera
    assert c.get(reverse("clinic:lead_hand_over", args=[lead.pk])).status_code in (302, 404, 405)
