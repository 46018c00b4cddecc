"""The public path to a therapist in Spanish (issue 18, item 6): the directory ranks by language and never
hides anyone, a visitor reading Spanish gets Spanish-speaking clinicians first, a profile shows the
introduction in the reader's language (or the other, marked with its own `lang`), and the emails of the
path reach each person in their own language."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import translation

from closeknit.clinic.models import Lead
from closeknit.clinic.services import practice as practice_services
from tests.clinic.conftest import clinic  # noqa: F401  # the clinic fixture: Rivera (en, es), Okafor (en)

pytestmark = pytest.mark.django_db

SPANISH = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}


def _order(page: str) -> list[str]:
    return re.findall(r'data-slug="([^"]+)"', page)


@pytest.fixture
def english_first(make_user):
    """An English-only clinician listed before a Spanish-speaking one, so the plain order is English first."""
    owner = make_user(display_name="Pat Owner", timezone="America/Chicago")
    practice = practice_services.create_practice(owner=owner, name="Lakeside Couples", timezone="America/Chicago")
    common = dict(online=True, fee_min=100, fee_max=100, hours=[(d, dt.time(9), dt.time(17)) for d in range(5)])
    english = practice_services.create_clinician(
        practice=practice,
        user=make_user(display_name="Kim English", timezone="America/Chicago"),
        languages=["en"],
        specialties=["trust"],
        bio="I help couples rebuild trust.",
        **common,
    )
    spanish = practice_services.create_clinician(
        practice=practice,
        user=make_user(display_name="Luz Bilingüe", timezone="America/Chicago"),
        languages=["en", "es"],
        bio="I work in English and Spanish.",
        bio_es="Trabajo en inglés y en español.",
        **common,
    )
    return english, spanish


def test_a_visitor_reading_spanish_gets_spanish_speakers_first_and_nobody_is_hidden(client, english_first):
    english, spanish = english_first
    plain = client.get("/therapists/").content.decode()
    assert _order(plain) == [english.slug, spanish.slug]  # in English, the plain order
    page = client.get("/therapists/", **SPANISH).content.decode()
    assert '<html lang="es">' in page and "Encuentra terapeuta de pareja a tu medida" in page
    assert _order(page) == [spanish.slug, english.slug]  # ranked, not filtered
    assert "Primero aparecen quienes atienden en español." in page
    assert "Atiende en inglés y español." in page  # what each offers, in Spanish


def test_asking_for_spanish_ranks_first_shows_the_others_after_and_says_why(client, english_first):
    english, spanish = english_first
    # Kim fits more of the rest (the topic), yet who speaks Spanish comes first.
    page = client.get("/therapists/", {"language": "es", "specialty": "trust"}, **SPANISH).content.decode()
    assert _order(page) == [spanish.slug, english.slug]
    assert page.index("Luz Bilingüe") < page.index("Otras personas que podrían encajar, sin sesiones en español")
    assert page.index("Otras personas que podrían encajar") < page.index("Kim English")
    assert "Atiende en español." in page and "No indica sesiones en español." in page
    assert "2 terapeutas encajan con lo que pediste" in page


def test_bad_input_is_a_clear_400_in_spanish(client, english_first):
    r = client.get("/therapists/", {"language": "xx"}, **SPANISH)
    assert r.status_code == 400 and "No conocemos ese idioma" in r.content.decode()


def test_a_profile_shows_the_introduction_in_the_readers_language_or_the_other_with_its_lang(client, english_first):
    english, spanish = english_first
    es = client.get(f"/therapists/{spanish.slug}/", **SPANISH).content.decode()
    assert '<div class="card" id="introduction" lang="es"><p>Trabajo en inglés y en español.</p></div>' in es
    assert "Idiomas" in es and "inglés, español" in es and "100 USD por sesión" in es
    en = client.get(f"/therapists/{spanish.slug}/").content.decode()
    assert '<div class="card" id="introduction" lang="en"><p>I work in English and Spanish.</p></div>' in en
    # Written in English only: a Spanish reader sees it, marked as English, inside a Spanish page.
    fallback = client.get(f"/therapists/{english.slug}/", **SPANISH).content.decode()
    assert '<html lang="es">' in fallback
    assert '<div class="card" id="introduction" lang="en"><p>I help couples rebuild trust.</p></div>' in fallback


def test_a_clinician_writes_their_introduction_in_spanish_on_their_profile_form(client, clinic):  # noqa: F811
    p = clinic.rivera
    client.force_login(p.user)
    assert 'name="bio_es"' in client.get("/clinic/profile/").content.decode()
    form = {
        "credentials": p.credentials,
        "bio": p.bio,
        "bio_es": "Ayudo a las parejas a reencontrarse.",
        "fee_min": p.fee_min,
        "fee_max": p.fee_max,
        "online": "on",
        "meeting_link": p.meeting_link,
        "accepting": "on",
        "listed": "on",
        "languages": ["en", "es"],
    }
    assert client.post("/clinic/profile/", form).status_code == 302
    p.refresh_from_db()
    assert p.bio_es == "Ayudo a las parejas a reencontrarse." and p.introduction("es")[1] == "es"


def test_a_signed_in_person_reading_spanish_gets_the_reach_out_page_and_their_care_page_in_spanish(
    client,
    clinic,  # noqa: F811
    make_user,
):
    client.force_login(make_user(language="es"))
    page = client.get(f"/therapists/{clinic.rivera.slug}/reach-out/").content.decode()
    assert '<html lang="es">' in page and "Escribir a Dr. Rivera" in page and "¿Cómo quieres que te llamemos?" in page
    care = client.get("/care/").content.decode()
    assert "Tu atención" in care and "Quién miró lo que compartiste" in care


def test_reaching_out_in_spanish_writes_to_the_writer_in_spanish_and_to_the_clinician_in_theirs(
    client,
    clinic,  # noqa: F811
    settings,
    django_capture_on_commit_callbacks,
):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    form = {"name": "Ale", "email": "ale@example.test", "meeting": "online", "message": ""}
    with django_capture_on_commit_callbacks(execute=True):
        r = client.post(f"/therapists/{clinic.rivera.slug}/reach-out/", form, **SPANISH)
    assert r.status_code == 302
    lead = Lead.objects.get()
    assert lead.language == "es"
    to_ale = next(m for m in mail.outbox if m.to == ["ale@example.test"])
    assert to_ale.subject == "closeknit: Gracias por escribir" and "Hola, Ale:" in to_ale.body
    assert "Tus propias preguntas:" in to_ale.body
    to_clinician = next(m for m in mail.outbox if m.to == [clinic.rivera.user.email])
    assert to_clinician.subject == "closeknit: Someone reached out to you"  # Rivera reads English


def test_the_booking_words_follow_the_language_they_are_written_in(clinic):  # noqa: F811
    from closeknit.clinic import ics
    from closeknit.clinic.models import Appointment

    appt = Appointment(
        clinician=clinic.rivera,
        start=dt.datetime(2026, 12, 7, 19, 0, tzinfo=dt.UTC),
        end=dt.datetime(2026, 12, 7, 19, 30, tzinfo=dt.UTC),
        online=True,
    )
    with translation.override("es"):
        subject, body = ics.message(appt, change="booked", name="Ale", manage_url="https://x.test/b/")
    assert subject == "Primera conversación con Dr. Rivera: lunes 7 de diciembre de 2026, 14:00 (America/New_York)"
    assert body.startswith("Hola, Ale:\n\nTu primera conversación con Dr. Rivera quedó reservada para el lunes")
    with translation.override("en"):
        subject, _ = ics.message(appt, change="booked", name="Ale", manage_url="https://x.test/b/")
    assert subject == "First conversation with Dr. Rivera: Monday 7 December 2026 at 14:00 (America/New_York)"
