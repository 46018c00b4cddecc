"""Invariant 5 at rest: after a person deletes their account, the database (the SQLite file and its WAL
after a checkpoint, or a pg_dump) holds neither their email, nor their name, nor the name they gave
their shared space, nor anything they wrote. The audit trail keeps its lines (who joined, who
consented to what) under a pseudonym; the clinician's note about them stays, as the practice's record.

Transactional, so the rows are really committed to the file / server before we look.
"""

from __future__ import annotations

import json
import uuid

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from auditlog.context import set_actor
from auditlog.models import LogEntry
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client

from closeknit.accounts import services as accounts
from closeknit.accounts.models import User
from closeknit.checkins import services as checkins
from closeknit.clinic.models import AccessLog, Consent, Lead, Note
from closeknit.clinic.selectors import care as care_selectors
from closeknit.clinic.services import booking, care, intake
from closeknit.clinic.services import notes as notes_services
from closeknit.core.audit import pseudonym
from closeknit.core.fields import encrypted_fields
from closeknit.couples import services as couples
from closeknit.couples.models import Couple
from tests import test_canary
from tests.accounts.test_two_factor import log_in, turn_on_totp
from tests.api.conftest import headless_token
from tests.clinic import conftest as clinic_fixtures
from tests.clinic.helpers import NO, next_weekday
from tests.conftest import ANSWERS, PASSWORD

clinic = clinic_fixtures.clinic  # fixture: a practice with clinicians

TAG = uuid.uuid4().hex[:10]
EMAIL = f"quill.vantersby.{TAG}@example.test"
NAME = f"Quillon Vantersby {TAG}"
SPACE = f"SPACECANARY-{TAG} the heron house"
QUILL_IP = "203.0.113.77"
WORDS = f"WORDSCANARY-{TAG} the brass key under the fern"


def plaintexts() -> list[str]:
    """Every encrypted value in the database, decrypted."""
    found = []
    for model, names in encrypted_fields():
        for row in model.objects.values_list(*names):
            found.extend(v for v in row if v)
    return found


def set_up(clinic, make_user) -> tuple[User, User]:
    """A person who reached out, booked a first talk, shared a named space, went into care, consented,
    was read, was written about, turned on two-step sign-in and is logged in on a browser and a phone."""
    quill = make_user(email=EMAIL, display_name=NAME)
    robin = make_user(display_name="Robin Partner")
    lead, mine = intake.reach_out(
        clinician_slug=clinic.rivera.slug,
        name=NAME,
        email=EMAIL,
        partner_name="Robin",
        partner_email=robin.email,
        message=WORDS,
        client_key="10.9.8.7",
    )
    intake.answer_screen(token=mine.token, data={**NO, "goals": WORDS})
    booking.book(token=mine.token, start=next_weekday(1, 10, "America/New_York"))
    with set_actor(quill, remote_addr=QUILL_IP):
        space = couples.create_space(user=quill, name=SPACE)
        invitation = couples.create_invitation(user=quill, couple_id=space.pk)
        accounts.update_profile(user=quill, changes={"pronouns": "they/them", "timezone": "Europe/Paris"})
    with set_actor(robin):
        couples.accept_invitation(user=robin, token=invitation.token)
    episode = care.start_episode(user=clinic.rivera.user, policy="individual", lead_id=lead.pk)
    for person, address in ((quill, QUILL_IP), (robin, "198.51.100.4")):
        with set_actor(person, remote_addr=address):
            care.join_episode(user=person, token=episode.join_token)
            care.acknowledge(user=person, episode_id=episode.pk, policy="individual")
            care.set_consent(user=person, episode_id=episode.pk, category="checkins", granted=True)
    episode.refresh_from_db()
    checkins.create_checkin(user=quill, answers={**ANSWERS, "note": WORDS, "shared": ["note", "feelings"]})
    assert care_selectors.checkins_for_clinician(clinic.rivera.user, episode, quill)
    note = notes_services.create_note(
        user=clinic.rivera.user,
        episode_id=episode.pk,
        kind="individual",
        subject_id=quill.pk,
        title="Alone with Q",
        body="Spoke of the move.",
    )
    notes_services.sign_note(user=clinic.rivera.user, note_id=note.pk)
    return quill, robin


@pytest.mark.django_db(transaction=True)
def test_deleting_an_account_leaves_no_trace_of_the_person_at_rest(clinic, make_user):
    quill, robin = set_up(clinic, make_user)
    token = headless_token(quill)
    browser = Client()
    assert log_in(browser, EMAIL).status_code == 302
    turn_on_totp(browser)
    # A phone that stopped halfway through signing in (the code not typed yet) holds a session too.
    halfway = Client().post(
        "/_allauth/app/v1/auth/login", {"email": EMAIL, "password": PASSWORD}, content_type="application/json"
    )
    assert halfway.status_code == 401 and halfway.json()["meta"]["session_token"]
    everything = test_canary.database_at_rest()
    assert EMAIL.encode() in everything and SPACE.encode() in everything and NAME.encode() in everything
    assert Session.objects.count() >= 2 and Authenticator.objects.filter(user=quill).exists()
    consent_lines = LogEntry.objects.get_for_objects(Consent.objects.filter(user=quill)).count()
    # While the account lives, lines are labelled without names (their actor's email is theirs to keep).
    for text in (EMAIL, NAME, SPACE):
        assert not LogEntry.objects.filter(object_repr__icontains=text).exists()
    assert consent_lines >= 1 and AccessLog.objects.filter(subject=quill).exists()
    assert LogEntry.objects.filter(actor=quill, remote_addr=QUILL_IP).exists()
    quill_pk = quill.pk
    episode_id = Consent.objects.filter(user=quill).first().episode_id

    response = browser.post("/settings/delete/", {"password": PASSWORD})
    assert response.status_code == 302

    if connection.vendor == "sqlite":  # deleted rows are zeroed, not left in the file's free pages
        with connection.cursor() as cur:
            cur.execute("PRAGMA secure_delete")
            assert cur.fetchone()[0] == 1
    blob = test_canary.database_at_rest()
    assert robin.email.encode() in blob, "the control value is missing: the search is not looking at the data"
    for text in (EMAIL, NAME, SPACE, WORDS):
        for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
            assert text.encode(encoding) not in blob, text
    assert TAG.encode() not in blob and QUILL_IP.encode() not in blob and b"198.51.100.4" in blob
    assert not any(TAG in text for text in plaintexts())
    # Gone: the account, its addresses, two-step sign-in, every session and app token, the access log.
    assert not User.objects.filter(pk=quill_pk).exists()
    assert not EmailAddress.objects.filter(email__iexact=EMAIL).exists()
    assert not Authenticator.objects.filter(user_id=quill_pk).exists()
    assert Client().get("/api/me", headers={"X-Session-Token": token}).status_code == 401
    for session in Session.objects.all():
        decoded = session.get_decoded()
        assert decoded.get("_auth_user_id") != str(quill_pk) and EMAIL not in json.dumps(decoded, default=str)
    assert not AccessLog.objects.filter(subject_id=quill_pk).exists()
    # Kept: the audit trail, under a pseudonym that never names the person; the note about them.
    alias = pseudonym(quill_pk)
    assert alias.startswith("person-") and alias.encode() in blob
    assert LogEntry.objects.filter(actor_email=alias).count() >= consent_lines
    assert not LogEntry.objects.filter(actor_email=alias, remote_addr__isnull=False).exists()  # nor their IP
    assert LogEntry.objects.filter(object_repr=f"{alias} consents to checkins in episode {episode_id}").exists()
    assert LogEntry.objects.filter(object_repr__contains="consents to checkins").count() >= 2
    assert LogEntry.objects.filter(object_repr=alias, action=LogEntry.Action.DELETE).exists()
    assert not LogEntry.objects.filter(actor_id=quill_pk).exists()
    note = Note.objects.get()
    assert note.subject_id is None and note.subject_removed and note.body == "Spoke of the move."
    # The partner stays, alone; the space they shared has no name now, and their own lead details stay.
    assert User.objects.filter(pk=robin.pk).exists()
    assert [c.name for c in Couple.objects.all()] == [""]
    lead = Lead.objects.get()
    assert lead.partner_email == robin.email and lead.email != EMAIL and not lead.message


@pytest.mark.django_db(transaction=True)
def test_a_partner_who_stays_keeps_their_own_lead_details_when_the_named_partner_goes(clinic, make_user):
    quill = make_user(email=EMAIL, display_name=NAME)
    lead, mine = intake.reach_out(
        clinician_slug=clinic.rivera.slug,
        name="Robin",
        email="robin.stays@example.test",
        partner_name=NAME,
        partner_email=EMAIL,
        message="We drift.",
        client_key="10.9.8.6",
    )
    theirs = lead.screens.get(person="b")
    intake.answer_screen(token=theirs.token, data={**NO, "goals": WORDS})
    accounts.delete_account(user=quill, password=PASSWORD)

    lead.refresh_from_db()
    assert (lead.name, lead.email, lead.message) == ("Robin", "robin.stays@example.test", "We drift.")
    assert lead.partner_email != EMAIL and NAME not in lead.partner_name
    assert not any(TAG in text for text in plaintexts())
    blob = test_canary.database_at_rest()
    assert b"robin.stays@example.test" in blob
    assert EMAIL.encode() not in blob and TAG.encode() not in blob


def test_pseudonyms_are_stable_per_person_and_keyed(settings):
    first = pseudonym(42)
    assert first == pseudonym(42) != pseudonym(43)
    assert len(first) == len("person-") + 16 and int(first.removeprefix("person-"), 16) >= 0
    settings.SECRET_KEY = "another-secret-key-for-this-test-0123456789"
    assert pseudonym(42) != first  # without the site's secret, an id cannot be turned into its pseudonym


@pytest.mark.django_db
def test_audit_labels_name_nobody_and_old_labels_are_relabelled(make_user):
    import importlib

    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType

    quill = make_user(email=EMAIL, display_name=NAME)
    with set_actor(quill, remote_addr=QUILL_IP):
        space = couples.create_space(user=quill, name=SPACE)
        accounts.update_profile(user=quill, changes={"display_name": NAME + " B"})
    labels = set(LogEntry.objects.values_list("object_repr", flat=True))
    assert {f"person {quill.pk}", f"space {space.pk}"} <= labels
    assert not any(NAME in label or SPACE in label or "quill" in label for label in labels)

    old = LogEntry(
        content_type=ContentType.objects.get_for_model(User),
        object_pk=str(quill.pk),
        object_repr=NAME,
        action=LogEntry.Action.UPDATE,
    )
    LogEntry.objects.bulk_create([old])  # as written before labels changed: no pre_save
    assert LogEntry.objects.filter(object_repr=NAME).exists()
    migration = importlib.import_module("closeknit.accounts.migrations.0002_plain_audit_labels")
    migration.relabel(apps, None)
    assert not LogEntry.objects.filter(object_repr=NAME).exists()
    assert LogEntry.objects.filter(object_repr=f"person {quill.pk}").count() >= 2
