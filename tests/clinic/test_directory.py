"""The public directory and profile pages, through Django's test client."""

from __future__ import annotations


def test_directory_lists_and_explains(client, clinic):
    r = client.get("/therapists/", {"language": "es", "cultural": "intercultural", "times": "evenings"})
    assert r.status_code == 200
    text = r.content.decode()
    assert "Dr. Rivera" in text and text.index("Others who may fit") < text.index("Lee Stranger")
    # A language ranks, never hides (issue 18): Jo Okafor, English only, comes after, under a heading.
    others = text.index("Others who may fit, without sessions in Spanish")
    assert text.index("Dr. Rivera") < others < text.index("Jo Okafor")
    assert "Offers sessions in Spanish." in text and "Does not list sessions in Spanish." in text
    assert "couples from different cultures or countries" in text
    assert "weekday evenings" in text


def test_cultural_ask_never_hides_anyone(client, clinic):
    r = client.get("/therapists/", {"cultural": "lgbtq"})
    text = r.content.decode()
    for name in ("Dr. Rivera", "Jo Okafor", "Lee Stranger"):
        assert name in text
    assert text.index("Jo Okafor") < text.index("Dr. Rivera")


def test_budget_and_meeting_filter(client, clinic):
    text = client.get("/therapists/", {"budget": "150", "meeting": "in_person"}).content.decode()
    assert "Jo Okafor" not in text and "Dr. Rivera" not in text


def test_bad_input_is_a_clear_400(client, clinic):
    for query in ({"language": "xx"}, {"budget": "lots"}, {"budget": "-5"}, {"cultural": "nope"}, {"times": "x"}):
        r = client.get("/therapists/", query)
        assert r.status_code == 400, query
        assert "please" in r.content.decode().lower()


def test_profile_page(client, clinic):
    r = client.get(f"/therapists/{clinic.rivera.slug}/")
    assert r.status_code == 200
    assert "Spanish" in r.content.decode()
    assert client.get("/therapists/nobody-here/").status_code == 404


def test_unlisted_or_former_clinician_is_not_shown(client, clinic):
    from closeknit.clinic.models import StaffRole

    StaffRole.objects.filter(user=clinic.okafor.user, role="clinician").delete()
    assert "Jo Okafor" not in client.get("/therapists/").content.decode()
    assert client.get(f"/therapists/{clinic.okafor.slug}/").status_code == 404
