"""Clinical notes are the practice's record and outlive accounts: a partner who deletes their account
takes everything they wrote, but not the clinician's notes about them, which stay confidential (now to
nobody); a clinician who holds records (episodes, notes) cannot delete their account, and nothing is
removed trying."""

from __future__ import annotations

import pytest
from django.test import Client

from closeknit.access import clinic as rules
from closeknit.accounts import services as accounts
from closeknit.accounts.models import User
from closeknit.clinic.models import Note
from closeknit.clinic.models.notes import Amendment
from closeknit.clinic.selectors import notes as selectors
from closeknit.clinic.services import notes as services
from closeknit.core.errors import ServiceError
from tests.clinic import notes_setup
from tests.clinic.test_notes_policy import SECRET, SECRET_AMENDED, individual_note, joint_note
from tests.conftest import PASSWORD

episode, open_episode = notes_setup.episode, notes_setup.open_episode  # fixtures


def test_a_partner_deleting_their_account_leaves_the_clinicians_note(clinic, couple, episode):
    note = individual_note(clinic, episode, couple.a)
    joint = joint_note(clinic, episode)
    accounts.delete_account(user=couple.a, password=PASSWORD)
    assert not User.objects.filter(pk=couple.a.pk).exists()

    kept = Note.objects.get(pk=note.pk)
    assert kept.subject_id is None and kept.subject_removed and kept.body == SECRET
    assert [a.body for a in Amendment.objects.filter(note=kept)] == [SECRET_AMENDED]
    assert Note.objects.filter(pk=joint.pk).exists()

    # Still confidential, now to nobody: it never reaches the partner who stayed.
    assert rules.note_is_confidential(kept, episode) and not rules.note_reaches(couple.b, kept)
    assert all(n.title != "Alone with A" for n in selectors.notes_for_partner_record(couple.b, episode))

    # The clinician still reads it, filed apart from the joint record.
    panel = selectors.episode_panel(clinic.rivera.user, episode)["notes_panel"]
    assert [v.note.pk for v in panel.joint] == [joint.pk]
    assert [(s.name, [v.note.pk for v in s.notes]) for s in panel.individual] == [(selectors.REMOVED, [note.pk])]
    c = Client()
    c.force_login(clinic.rivera.user)
    page = c.get(f"/clinic/notes/{note.pk}/").content.decode()
    assert "Confidential to a partner who deleted their account" in page and SECRET in page
    api = c.get(f"/api/clinic/notes/{note.pk}").json()
    assert api["subject_id"] is None and api["subject_name"] == selectors.REMOVED and api["confidential"]


def test_under_no_secrets_the_kept_note_stays_in_the_joint_record(clinic, couple, open_episode):
    note = individual_note(clinic, open_episode, couple.a)
    accounts.delete_account(user=couple.a, password=PASSWORD)
    kept = Note.objects.get(pk=note.pk)
    assert not rules.note_is_confidential(kept, open_episode)
    assert selectors._label(kept, False) == f"Individual session with {selectors.REMOVED}"


@pytest.mark.parametrize("amended_only", [False, True])
def test_a_clinician_who_keeps_notes_cannot_delete_their_account(clinic, couple, episode, amended_only):
    me = clinic.rivera.user
    note = individual_note(clinic, episode, couple.a)
    if amended_only:  # a colleague's amendment alone is enough to hold the account
        Note.objects.filter(pk=note.pk).update(author=clinic.okafor.user)
    before = (Note.objects.count(), Amendment.objects.count(), User.objects.count())
    with pytest.raises(ServiceError) as refused:
        accounts.delete_account(user=me, password=PASSWORD)
    assert refused.value.status == 409 and refused.value.code == "keeps_clinical_records"
    assert (Note.objects.count(), Amendment.objects.count(), User.objects.count()) == before

    c = Client()
    c.force_login(me)
    page = c.post("/settings/delete/", {"password": PASSWORD})
    assert page.status_code == 409 and "part of your practice" in page.content.decode()
    assert User.objects.filter(pk=me.pk).exists() and Note.objects.filter(pk=note.pk).exists()


def test_a_clinician_with_couples_in_care_but_no_notes_cannot_delete_either(clinic, couple, episode):
    """The episode carries intensives, measures and the access log the partners read."""
    me = clinic.rivera.user
    assert not Note.objects.exists() and services.holds_clinical_records(me)
    with pytest.raises(ServiceError) as refused:
        accounts.delete_account(user=me, password=PASSWORD)
    assert refused.value.code == "keeps_clinical_records"
    assert User.objects.filter(pk=me.pk).exists() and type(episode).objects.filter(pk=episode.pk).exists()


def test_a_clinician_without_records_can_still_delete_their_account(clinic):
    me = clinic.okafor.user
    assert not services.holds_clinical_records(me)
    accounts.delete_account(user=me, password=PASSWORD)
    assert not User.objects.filter(pk=me.pk).exists()
