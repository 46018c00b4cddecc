"""A private reaction to a partner's revealed check-in ("Thank you", a heart), over real HTTP: only once
the answers are revealed to the one reacting, never to one's own, seen by the author alone (and the
sender), taken back by choosing it again, and gone from the author's page once the sender has left."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from closeknit import access
from closeknit.checkins import selectors, services
from closeknit.checkins.models import CheckIn, Reaction
from closeknit.couples import services as couples
from tests.checkins.util import checkin_on

pytestmark = pytest.mark.django_db

ANSWERS = {
    "feelings": ["calm"],
    "appreciation": "You made soup when I was ill.",
    "shared": ["feelings", "appreciation"],
}


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _checkin(user, **answers) -> CheckIn:
    checkin, _ = services.save_today(user=user, answers={**ANSWERS, **answers})
    return checkin


def _react(page: Client, checkin: CheckIn, kind: str, next_url: str = "/"):
    return page.post(f"/checkin/{checkin.pk}/react/", {"kind": kind, "next": next_url})


def test_a_partner_reacts_only_once_the_answers_are_revealed_to_them(couple):
    theirs = _checkin(couple.a)
    b = client_for(couple.b)
    assert _react(b, theirs, "thanks").status_code == 404  # B has not answered: it is still "waiting"
    assert not Reaction.objects.exists()
    assert 'class="react"' not in b.get("/").content.decode()

    _checkin(couple.b)
    today = b.get("/").content.decode()
    assert f'id="react-{theirs.pk}"' in today and 'aria-pressed="false"' in today
    response = _react(b, theirs, "heart", next_url="/history/")
    assert response.status_code == 302 and response["Location"] == f"/history/#react-{theirs.pk}"
    assert Reaction.objects.get().kind == "heart"
    assert 'value="heart" class="react-btn" aria-pressed="true"' in b.get("/").content.decode()


def test_the_author_sees_what_was_sent_and_the_same_choice_again_takes_it_back(couple):
    theirs = _checkin(couple.a)
    _checkin(couple.b)
    a, b = client_for(couple.a), client_for(couple.b)
    name = couple.b.name
    assert "said thank you" not in a.get("/").content.decode()

    _react(b, theirs, "thanks")
    assert f"{name} said thank you for this." in a.get("/").content.decode()
    _react(b, theirs, "heart")  # changed, not added
    assert list(Reaction.objects.values_list("kind", flat=True)) == ["heart"]
    page = a.get("/").content.decode()
    assert f"{name} sent you a heart for this." in page and "said thank you" not in page
    _react(b, theirs, "heart")  # the same again: taken back
    assert not Reaction.objects.exists()
    assert "sent you a heart" not in a.get("/").content.decode()


def test_no_one_reacts_to_their_own_or_to_what_they_may_not_see(couple, make_couple):
    mine = _checkin(couple.a)
    _checkin(couple.b)
    assert _react(client_for(couple.a), mine, "thanks").status_code == 404
    other = make_couple()
    _checkin(other.a)
    response = _react(client_for(other.a), mine, "thanks")
    assert response.status_code == 404 and b"could not find" in response.content
    assert _react(client_for(couple.b), CheckIn(pk=mine.pk + 999), "thanks").status_code == 404
    assert not Reaction.objects.exists()


def test_nothing_shared_means_nothing_to_react_to(couple):
    private = _checkin(couple.a, shared=[])
    _checkin(couple.b)
    assert _react(client_for(couple.b), private, "heart").status_code == 404
    assert not Reaction.objects.exists()


def test_bad_input_is_a_clear_400_and_a_get_is_refused(couple):
    theirs = _checkin(couple.a)
    _checkin(couple.b)
    b = client_for(couple.b)
    response = _react(b, theirs, "applause")
    assert response.status_code == 400 and "Thank you" in response.content.decode()
    assert b.get(f"/checkin/{theirs.pk}/react/").status_code == 405
    assert _react(b, theirs, "thanks", next_url="https://elsewhere.example/").status_code == 302
    assert Reaction.objects.count() == 1
    assert not _react(b, theirs, "heart", next_url="//elsewhere.example/")["Location"].startswith("//")


def test_only_the_two_of_them_see_it_and_it_leaves_with_the_sender(couple, make_user):
    theirs = _checkin(couple.a)
    _checkin(couple.b)
    _react(client_for(couple.b), theirs, "heart")
    reaction = Reaction.objects.select_related("reactor").get()
    stranger = make_user()
    assert access.can_see_reaction(couple.a, reactor=couple.b, entry=theirs)
    assert access.can_see_reaction(couple.b, reactor=couple.b, entry=theirs)
    assert not access.can_see_reaction(stranger, reactor=reaction.reactor, entry=theirs)

    couples.leave_space(user=couple.b)
    for person in (couple.a, couple.b):
        access.forget(person)
    assert not access.can_see_reaction(couple.a, reactor=couple.b, entry=theirs)
    assert "sent you a heart" not in client_for(couple.a).get("/").content.decode()


def test_from_the_refreshed_partner_card_it_goes_back_to_today(couple):
    theirs = _checkin(couple.a)
    _checkin(couple.b)
    card = client_for(couple.b).get("/today/partner/").content.decode()
    assert f'id="react-{theirs.pk}"' in card and 'name="next" value="/"' in card


def test_the_history_shows_it_to_the_author_and_offers_it_to_the_partner(couple):
    theirs = _checkin(couple.a)
    _checkin(couple.b)
    assert f'id="react-{theirs.pk}"' in client_for(couple.b).get("/history/").content.decode()
    _react(client_for(couple.b), theirs, "thanks", next_url="/history/")
    assert f"{couple.b.name} said thank you for this." in client_for(couple.a).get("/history/").content.decode()


def test_the_history_asks_for_reactions_once_not_once_a_day(couple, django_assert_max_num_queries):
    today = _checkin(couple.a).local_date
    _checkin(couple.b)
    for back in range(1, 15):
        for person in (couple.a, couple.b):
            checkin_on(person, couple.couple_id, today - dt.timedelta(days=back))
    with django_assert_max_num_queries(12):
        days = selectors.history_for(couple.b)
    assert len(days) == 15 and all(d.partner and d.partner.can_react for d in days)


def test_the_sender_exports_what_they_sent_without_the_partners_words_and_deleting_removes_it(couple):
    from closeknit.accounts import selectors as accounts

    theirs = _checkin(couple.a)
    _checkin(couple.b)
    _react(client_for(couple.b), theirs, "heart")
    sent = accounts.export_for(couple.b)["reactions_sent"]
    assert sent == [{"to_checkin_of": theirs.local_date.isoformat(), "kind": "heart", "sent": sent[0]["sent"]}]
    assert accounts.export_for(couple.a)["reactions_sent"] == []
    couple.b.delete()
    assert not Reaction.objects.exists()
