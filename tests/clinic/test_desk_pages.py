"""The clinician's pages: dashboard and availability editor; staff only."""

from __future__ import annotations

from tests.clinic.helpers import reach


def test_dashboard_by_role(client, clinic, couple):
    reach(clinic.rivera)
    client.force_login(clinic.rivera.user)
    page = client.get("/clinic/").content.decode()
    assert "Alex 0" in page and "Availability" in page and "Access log" not in page
    client.force_login(clinic.owner)
    page = client.get("/clinic/").content.decode()
    assert "Alex 0" in page and "Access log" in page and "For the clinician" in page
    client.force_login(clinic.stranger.user)
    assert "Alex 0" not in client.get("/clinic/").content.decode()
    client.force_login(couple.a)
    assert client.get("/clinic/").status_code == 404
    client.logout()
    assert client.get("/clinic/").status_code == 302


def test_availability_editor(client, clinic):
    client.force_login(clinic.rivera.user)
    assert client.get("/clinic/availability/").status_code == 200
    r = client.post("/clinic/availability/", {"action": "add_hours", "weekday": "5", "start": "10:00", "end": "12:00"})
    assert r.status_code == 302
    assert clinic.rivera.hours.filter(weekday=5).exists()
    r = client.post("/clinic/availability/", {"action": "add_hours", "weekday": "5", "start": "11:00", "end": "13:00"})
    assert r.status_code == 409
    r = client.post("/clinic/availability/", {"action": "add_hours", "weekday": "5", "start": "soon", "end": "13:00"})
    assert r.status_code == 400
    r = client.post("/clinic/availability/", {"action": "add_exception", "date": "2030-01-02"})
    assert r.status_code == 302 and clinic.rivera.exceptions.count() == 1
    assert client.post("/clinic/availability/", {"action": "add_exception", "date": "x"}).status_code == 400
    client.force_login(clinic.admin)
    assert client.get("/clinic/availability/").status_code == 404


def _form(p, **changes):
    data = {
        "credentials": p.credentials,
        "bio": p.bio,
        "fee_min": p.fee_min,
        "fee_max": p.fee_max,
        "online": "on",
        "meeting_link": p.meeting_link,
        "address": p.address,
        "accepting": "on",
        "listed": "on",
        "languages": p.languages,
        "specialties": p.specialties,
        "cultural_competencies": p.cultural_competencies,
        "modalities": p.modalities,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_profile_editor(client, clinic):
    p = clinic.rivera
    client.force_login(p.user)
    assert client.get("/clinic/profile/").status_code == 200
    r = client.post("/clinic/profile/", _form(p, languages=["en", "fr"], bio="New words."))
    assert r.status_code == 302
    p.refresh_from_db()
    assert p.languages == ["en", "fr"] and p.bio == "New words."
    for bad in (
        {"languages": ["xx"]},
        {"languages": None},
        {"fee_min": "500"},
        {"fee_min": "cheap"},
        {"online": None},
        {"meeting_link": "javascript:alert(1)"},
        {"in_person": "on", "address": ""},
    ):
        r = client.post("/clinic/profile/", _form(p, **bad))
        assert r.status_code == 400, bad
    p.refresh_from_db()
    assert p.languages == ["en", "fr"]
    client.force_login(clinic.admin)
    assert client.get("/clinic/profile/").status_code == 404


def test_clinic_accounts_land_on_the_desk_with_the_clinic_nav(client, clinic, couple):
    """Owners, admin staff and clinicians work at the desk: home sends them there, and their pages
    carry the clinic's navigation. Partners keep their Today."""
    for person in (clinic.rivera.user, clinic.owner, clinic.admin):
        client.force_login(person)
        home = client.get("/")
        assert home.status_code == 302 and home["Location"] == "/clinic/"
        page = client.get("/clinic/").content.decode()
        assert 'aria-label="Clinic"' in page and "Check in now" not in page
    client.force_login(couple.a)
    today = client.get("/")
    assert today.status_code == 200 and 'aria-label="Clinic"' not in today.content.decode()
