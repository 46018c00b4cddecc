"""Sign-up, sign-in, settings and check-ups in Spanish: the pages a person whose language is "es" reads,
the emails that go out in the recipient's own language, allauth's own Spanish, and the language switch
on /profile/ taking effect on the very next page."""

from __future__ import annotations

from email.header import decode_header, make_header

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation

from closeknit.assessments import plan_rules
from tests.conftest import PASSWORD, Mailbox

pytestmark = pytest.mark.django_db


def page(client, path: str, **headers) -> str:
    response = client.get(path, **headers)
    assert response.status_code == 200, (path, response.status_code)
    return response.content.decode()


def subject(msg) -> str:
    return str(make_header(decode_header(msg["Subject"])))


def test_settings_and_profile_speak_spanish_to_a_person_who_chose_it(client, make_user):
    client.force_login(make_user(language="es"))
    html = page(client, "/settings/")
    assert '<html lang="es">' in html
    assert "Recordatorio diario" in html and "Inicio de sesión y seguridad" in html and "Cerrar sesión" in html
    assert "Daily reminder" not in html
    profile = page(client, reverse("accounts:profile"))
    assert "¿Cómo quieres que te llamemos?" in profile and "Zona horaria" in profile


def test_each_language_is_offered_in_its_own_name_whatever_the_page_speaks(client, make_user):
    for language in ("en", "es"):
        client.force_login(make_user(language=language))
        html = page(client, reverse("accounts:profile"))
        assert '<option value="en" lang="en"' in html and ">English</option>" in html
        assert '<option value="es" lang="es"' in html and ">Español</option>" in html
        assert "Spanish" not in html and "Inglés" not in html


def test_saving_spanish_on_the_profile_makes_the_very_next_page_spanish(client, make_user):
    person = make_user(language="en", timezone="America/Mexico_City", country="US")
    client.force_login(person)
    assert "Daily reminder" in page(client, "/settings/")
    answer = client.post(
        reverse("accounts:profile"),
        {
            "display_name": person.display_name,
            "pronouns": "",
            "timezone": "America/Mexico_City",
            "language": "es",
            "country": "US",
        },
    )
    assert answer.status_code == 302
    person.refresh_from_db()
    assert person.language == "es"
    html = page(client, answer["Location"])
    assert '<html lang="es">' in html and "Recordatorio diario" in html
    assert "Guardado." in html  # the word that confirms the change is already in the new language


def test_sign_in_pages_follow_a_visitors_spanish(client):
    spanish = {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"}
    assert "¿Olvidaste tu contraseña?" in page(client, reverse("account_login"), **spanish)
    signup = page(client, reverse("account_signup"), **spanish)
    assert "Crea tu cuenta" in signup and "Al menos 10 caracteres" in signup
    assert "Escribe tu correo" in page(client, reverse("account_request_login_code"), **spanish)


def test_allauths_own_messages_come_in_its_spanish(client, make_user):
    make_user(email="ana@example.test", language="es")
    answer = client.post(
        reverse("account_login"),
        {"login": "ana@example.test", "password": "not-the-password"},
        HTTP_ACCEPT_LANGUAGE="es",
    )
    html = answer.content.decode()
    # allauth's msgid, in our catalog's "tú" (closeknit/accounts/allauth_words.py), not allauth's "usted"
    assert "El correo o la contraseña que escribiste no son correctos." in html
    assert "you specified are not correct" not in html and "que ha indicado" not in html


def test_signing_in_from_an_english_browser_greets_a_spanish_speaker_in_spanish(client, make_user):
    """The "signed in" message is worded during the sign-in request itself, before the person is known to
    the middleware: it must still be in their own language, not the browser's."""
    ana = make_user(email="ana@example.test", language="es")
    answer = client.post(
        reverse("account_login"),
        {"login": "ana@example.test", "password": PASSWORD},
        HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9",
        follow=True,
    )
    html = answer.content.decode()
    assert f"Iniciaste sesión como {ana.name}." in html and "Successfully signed in" not in html
    assert '<html lang="es"' in html


def test_a_password_reset_email_speaks_the_recipients_language_not_the_askers(client, make_user, smtp_server):
    person = make_user(email="lucia@example.test", language="es")
    client.post(reverse("account_reset_password"), {"email": person.email}, HTTP_ACCEPT_LANGUAGE="en")
    msg = smtp_server.wait_for(person.email)
    assert "Tu código para elegir una contraseña nueva" in subject(msg)
    body = Mailbox.body(msg)
    assert "Alguien (esperamos que tú) pidió elegir una contraseña nueva" in body
    assert "Someone (we hope you)" not in body
    # and the page the English-speaking visitor lands on stays English
    assert "Check your email" in page(client, reverse("account_confirm_password_reset_code"))


def test_an_english_recipient_gets_english_even_from_a_spanish_page(client, make_user, smtp_server):
    person = make_user(email="sam@example.test", language="en")
    client.post(reverse("account_reset_password"), {"email": person.email}, HTTP_ACCEPT_LANGUAGE="es")
    msg = smtp_server.wait_for(person.email)
    assert subject(msg).endswith("Your code to choose a new password")
    assert "Someone (we hope you)" in Mailbox.body(msg)


def test_signing_up_in_spanish_keeps_spanish_as_the_persons_language(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    client.post("/i18n/setlang/", {"language": "es", "next": "/accounts/signup/"})
    client.post(
        reverse("account_signup"),
        {
            "email": "nueva@example.test",
            "display_name": "Nueva",
            "password1": PASSWORD,
            "password2": PASSWORD,
            "timezone": "America/Bogota",
        },
    )
    from closeknit.accounts.models import User

    assert User.objects.get(email="nueva@example.test").language == "es"
    assert mail.outbox and "Confirma tu dirección de correo" in mail.outbox[-1].subject
    assert "Este es tu código para confirmar" in mail.outbox[-1].body


def test_checkups_pages_speak_spanish(client, make_user):
    client.force_login(make_user(language="es"))
    html = page(client, reverse("assessments:checkups"))
    assert "Cuestionarios cortos" in html and "Tu informe" in html
    assert "Short questionnaires" not in html
    assert "Tu plan de 4 semanas" in page(client, reverse("assessments:plan"))
    assert "Tu progreso empieza" in page(client, reverse("assessments:progress"))


def test_the_weekly_plan_words_follow_the_active_language():
    inputs = plan_rules.Inputs(goals=(), ranked=(), week=1, solo=True, checkin_days_last_week=0)
    with translation.override("es"):
        plan = plan_rules.week_plan(inputs)
    assert plan.theme == "Empezar con poco"
    assert plan.steps[0].title == "Check-in diario" and plan.steps[0].how_often == "todos los días"
    with translation.override("en"):
        assert plan_rules.week_plan(inputs).theme == "Start small"
