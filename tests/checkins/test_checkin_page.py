"""The check-in page over real HTTP: a scale left on "Skip" is no answer, nothing is shared unless
ticked, the save button says what will happen, and a person alone is never asked about a partner."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from closeknit.checkins import services
from closeknit.checkins.models import CheckIn
from closeknit.couples import services as couples

pytestmark = pytest.mark.django_db

FORM = {"feelings": ["calm", "tired"], "emotional_closeness": "6", "physical_closeness": "", "stress": "3"}


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def main_text(response) -> str:
    """The words inside <main>, tags stripped: what the page itself asks, without the site chrome."""
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", main))


def test_an_untouched_score_is_stored_as_null(couple):
    page = client_for(couple.a)
    form = dict(FORM)
    del form["stress"]  # a form without the field at all, as an older page might send
    response = page.post("/checkin/", form)
    assert response.status_code == 302
    row = CheckIn.objects.filter(author=couple.a).values("emotional_closeness", "physical_closeness", "stress").get()
    assert row == {"emotional_closeness": 6, "physical_closeness": None, "stress": None}


def test_each_scale_starts_on_skip_and_keeps_what_was_answered(couple):
    page = client_for(couple.a)
    html = page.get("/checkin/").content.decode()
    for name in ("emotional_closeness", "physical_closeness", "stress"):
        assert re.search(rf'<input type="radio" name="{name}" value="" id="{name}-skip" checked>', html)
        assert not re.search(rf'name="{name}" value="\d+" id="{name}-\d+" checked', html)
    page.post("/checkin/", FORM)
    html = page.get("/checkin/").content.decode()
    assert re.search(r'name="emotional_closeness" value="6" id="emotional_closeness-6" checked', html)
    assert re.search(r'id="physical_closeness-skip" checked', html)  # still unanswered, not a 5


def test_nothing_is_shared_by_default(couple):
    page = client_for(couple.a)
    response = page.get("/checkin/")
    html = response.content.decode()
    assert html.count('name="shared"') == 7
    assert not re.search(r'name="shared" value="\w+" checked', html)
    assert "Save, just for me" in main_text(response)
    assert page.post("/checkin/", FORM).status_code == 302
    assert CheckIn.objects.get(author=couple.a).shared == []
    # The partner, having answered, sees that nothing was shared.
    services.create_checkin(user=couple.b, answers={"feelings": ["calm"], "shared": []})
    assert "Kept private" in main_text(client_for(couple.b).get("/history/"))


def test_the_save_button_says_what_is_shared(couple):
    page = client_for(couple.a)
    page.post("/checkin/", {**FORM, "shared": ["feelings", "emotional_closeness"]})
    assert CheckIn.objects.get(author=couple.a).shared == ["feelings", "emotional_closeness"]
    text = main_text(page.get("/checkin/"))
    assert f"Save — share 2 answers with {couple.b.name}" in text
    assert f"Share with {couple.b.name}?" in text


def test_a_person_alone_is_never_asked_about_a_partner(make_user):
    solo = make_user()
    couples.create_space(user=solo)
    page = client_for(solo)
    response = page.get("/checkin/")
    text = main_text(response).lower()
    assert "partner" not in text and "share" not in text and "your partner" not in text
    assert "one thing you appreciate today" in text
    assert 'name="shared"' not in response.content.decode()
    assert "Save my check-in" in main_text(response)
    # Even a crafted "shared" is not kept: nothing is offered, so nothing is shared.
    assert page.post("/checkin/", {**FORM, "shared": ["feelings"]}).status_code == 302
    assert CheckIn.objects.get(author=solo).shared == []


def test_skipped_scores_read_as_gaps_everywhere(couple):
    """A null score shows as nothing (never "None", never 0) to the author and to the partner."""
    a, b = client_for(couple.a), client_for(couple.b)
    shared = ["feelings", "emotional_closeness", "physical_closeness", "stress"]
    assert a.post("/checkin/", {**FORM, "stress": "", "shared": shared}).status_code == 302
    assert b.post("/checkin/", {**FORM, "emotional_closeness": "", "shared": shared}).status_code == 302
    for page in (a, b):
        for path in ("/", "/history/", "/history/?days=90", "/checkin/"):
            response = page.get(path)
            assert response.status_code == 200, path
            assert "None" not in main_text(response), path
        export = page.get("/settings/export.html")
        assert export.status_code == 200 and "None" not in export.content.decode()
        assert "Stress None" not in page.get("/settings/export.json").content.decode()
    history = main_text(b.get("/history/"))
    # B's own day: only stress was answered; A's shared day: only emotional. Skipped ones are left out.
    assert re.search(r"You Calm Tired Stress 3 Person \d+ Calm Tired Emotional 6 ", history)
