"""Names refuse bidirectional control characters (U+202A-202E, U+2066-2069), which make a name show
in another order than it was typed: a clear 400 with a message on the API and on web forms, and
nothing stored. The plain right-to-left marks and multi-line writing are untouched."""

from __future__ import annotations

import html

import pytest
from django.urls import reverse

from closeknit.accounts.models import User
from closeknit.checkins.services import create_checkin
from closeknit.core.errors import ServiceError
from closeknit.core.text import BIDI_CONTROLS, storable
from closeknit.couples.models import Couple
from tests.api.conftest import Api, headless_token
from tests.conftest import ANSWERS

pytestmark = pytest.mark.django_db

RLO = "\u202e"  # right-to-left override: "Sam\u202eknom" shows as "Sammonk"
EVERY = [chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))]


@pytest.mark.parametrize("ch", EVERY)
def test_each_direction_control_is_refused_in_a_name(ch):
    assert ch in BIDI_CONTROLS
    with pytest.raises(ServiceError) as exc:
        storable(f"Sam{ch}Ortiz", field="display_name", label="display name", max_length=60, single_line=True)
    assert exc.value.status == 400 and exc.value.field == "display_name"
    assert "turns text around" in exc.value.message


def test_right_to_left_writing_and_its_marks_stay_allowed():
    for name in ("\u05e9\u05e8\u05d4", "\u0633\u0627\u0631\u0627\u200f", "Ana \u200eLópez"):
        assert storable(name, field="n", label="name", max_length=60, single_line=True) == name


def test_the_api_refuses_a_display_name_and_a_space_name(couple):
    a = couple.a
    api = Api(token=headless_token(a))
    before = a.display_name
    r = api.patch("/api/me", {"display_name": f"Sam{RLO}Ortiz"})
    assert r.status_code == 400 and r.json()["field"] == "display_name" and "turns text around" in r.json()["detail"]
    a.refresh_from_db()
    assert a.display_name == before
    r = api.patch("/api/space", {"name": f"Us{RLO}two"})
    assert r.status_code == 400 and r.json()["field"] == "name"
    assert RLO not in Couple.objects.get(pk=couple.couple_id).name


def test_the_web_forms_refuse_it_with_the_message(client, couple):
    client.force_login(couple.a)
    r = client.post(reverse("accounts:profile"), {"display_name": "Sam\u2066Ortiz"})
    assert r.status_code == 400 and "turns text around" in html.unescape(r.content.decode())
    couple.a.refresh_from_db()
    assert "\u2066" not in couple.a.display_name


def test_a_new_space_name_on_the_web_is_refused(client, make_user):
    person = make_user()
    client.force_login(person)
    r = client.post(reverse("couples:create"), {"name": f"Our{RLO}place"})
    assert r.status_code == 400 and "turns text around" in html.unescape(r.content.decode())
    assert not Couple.objects.exists()


def test_sign_up_refuses_it_and_makes_no_account(client):
    r = client.post(
        "/accounts/signup/",
        {
            "email": "new@example.test",
            "password1": "a-long-Password-1234",
            "password2": "a-long-Password-1234",
            "display_name": f"Sam{RLO}Ortiz",
        },
    )
    assert r.status_code == 200 and "turns text around" in html.unescape(r.content.decode())
    assert not User.objects.filter(email="new@example.test").exists()


def test_long_writing_is_not_affected(couple):
    """Only names are single-line: a check-in note may quote right-to-left text with its isolates."""
    note = "She said \u2067\u05e9\u05dc\u05d5\u05dd\u2069 to me."
    checkin = create_checkin(user=couple.a, answers={**ANSWERS, "note": note})
    assert checkin.note == note


def test_the_control_character_regexes_are_unicodes_control_characters():
    import sys
    import unicodedata

    from closeknit.core import text

    for code in range(sys.maxunicode + 1):
        ch = chr(code)
        control = unicodedata.category(ch) == "Cc"
        assert bool(text._CONTROL_SINGLE.match(ch)) == control, hex(code)
        assert bool(text._CONTROL.match(ch)) == (control and ch not in "\n\r\t"), hex(code)
