"""The clinician's desk in Spanish (issue 18): a therapist whose language is "es" reads the dashboard with
its caseload rows, the calendar and the profile editor in Spanish, errors included; an English colleague
on the same practice still reads English."""

from __future__ import annotations

import pytest

from tests.clinic.conftest import clinic  # noqa: F401  # the clinic fixture: Rivera (en, es), Okafor (en)
from tests.clinic.test_caseload import in_care

pytestmark = pytest.mark.django_db


def _spanish(profile):
    profile.user.language = "es"
    profile.user.save(update_fields=["language"])
    return profile


def test_dashboard_in_spanish_with_caseload_rows(client, clinic, make_couple):  # noqa: F811
    rivera = _spanish(clinic.rivera)
    in_care(rivera, make_couple())
    client.force_login(rivera.user)
    page = client.get("/clinic/").content.decode()
    for words in (
        "Tus casos",
        "Calendario",
        "Disponibilidad",
        "Para revisar",
        "Chequeo de cercanía",
        "En atención desde el",
        "Nada reservado aún",
        "Personas que escribieron",
    ):
        assert words in page, words
    for english in ("Your caseload", "Needs a look", "In care since", "Nothing booked yet", "Coming up"):
        assert english not in page, english
    assert 'lang="es"' in page


def test_calendar_and_profile_in_spanish(client, clinic):  # noqa: F811
    rivera = _spanish(clinic.rivera)
    client.force_login(rivera.user)
    page = client.get("/clinic/calendar/").content.decode()
    assert "Tu calendario" in page and "Semana anterior" in page and "Los horarios están en tu zona horaria" in page
    assert "Your calendar" not in page and "Previous week" not in page
    page = client.get("/clinic/profile/").content.decode()
    assert "Tu perfil en el directorio" in page and "La misma presentación en español" in page
    assert "Idiomas en los que ofreces sesiones" in page and "Guardar" in page
    assert "The same introduction in Spanish" not in page
    r = client.post("/clinic/availability/", {"action": "add_hours", "weekday": "x", "start": "10:00", "end": "12:00"})
    assert r.status_code == 400 and "Elige un día de la semana." in r.content.decode()
    assert "Miércoles" in r.content.decode()


def test_an_english_clinician_still_reads_english(client, clinic, make_couple):  # noqa: F811
    _spanish(clinic.rivera)
    okafor = clinic.okafor
    in_care(okafor, make_couple())
    client.force_login(okafor.user)
    page = client.get("/clinic/").content.decode()
    assert "Your caseload" in page and "In care since" in page and "Tus casos" not in page
    page = client.get("/clinic/calendar/").content.decode()
    assert "Your calendar" in page and "Tu calendario" not in page
    page = client.get("/clinic/profile/").content.decode()
    assert "The same introduction in Spanish" in page and "Tu perfil" not in page


def test_desk_dates_write_spanish_month_abbreviations(client, clinic):  # noqa: F811
    """The calendar's day headings use the desk's own date formats, which Spanish writes lowercase ("lun 7 dic")."""
    rivera = _spanish(clinic.rivera)
    client.force_login(rivera.user)
    page = client.get("/clinic/calendar/?date=2026-12-07").content.decode()
    assert "lun 7 dic" in page and "Mon 7 Dec" not in page
    client.force_login(clinic.okafor.user)
    assert "Mon 7 Dec" in client.get("/clinic/calendar/?date=2026-12-07").content.decode()
