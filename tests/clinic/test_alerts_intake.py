"""Reaching out to a therapist: crisis words in the message bring help to the writer on the very next
screen (anonymous, so no alert), and nothing of it to the partner's own screen link."""

from __future__ import annotations

from django.test import Client

from closeknit.clinic.models import Lead, SafetyAlert


def _reach(client: Client, clinic, message: str):
    return client.post(
        f"/therapists/{clinic.rivera.slug}/reach-out/",
        {
            "name": "Alex",
            "email": "alex@example.test",
            "partner_name": "Robin",
            "partner_email": "robin@example.test",
            "message": message,
            "meeting": "online",
        },
    )


def test_crisis_words_in_a_message_show_help_to_the_writer_only(client, clinic):
    r = _reach(client, clinic, "He hits me when he drinks and I am scared to go home.")
    assert r.status_code == 302
    page = client.get(r["Location"]).content.decode()
    assert 'id="support-card"' in page and "Only you see this" in page
    assert "1-800-799-7233" in page or "Domestic Violence" in page
    assert 'id="support-card"' not in client.get(r["Location"]).content.decode()  # once, not kept
    theirs = Lead.objects.get().screens.get(person="b")
    robin = Client().get(f"/reach-out/{theirs.token}/").content.decode()
    assert 'id="support-card"' not in robin and "carry this alone" not in robin
    assert SafetyAlert.objects.count() == 0


def test_a_calm_message_shows_no_card(client, clinic):
    r = _reach(client, clinic, "We feel far apart lately and want to find our way back.")
    assert 'id="support-card"' not in client.get(r["Location"]).content.decode()


def test_crisis_words_in_screen_goals_show_help_once(clinic):
    from tests.clinic.helpers import NO, reach

    lead, mine, theirs = reach(clinic.rivera)
    robin, alex = Client(), Client()
    r = robin.post(f"/reach-out/{theirs.token}/", {**NO, "goals": "Honestly I want to die most days."})
    assert r.status_code == 302
    page = robin.get(f"/reach-out/{theirs.token}/").content.decode()
    assert 'id="support-card"' in page and "988" in page
    assert 'id="support-card"' not in robin.get(f"/reach-out/{theirs.token}/").content.decode()
    other = alex.get(f"/reach-out/{mine.token}/").content.decode()
    assert 'id="support-card"' not in other and "carry this alone" not in other
    assert SafetyAlert.objects.count() == 0
