"""A shared space: starting one, one active space per person (service and database), leaving it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from closeknit import access
from closeknit.checkins import selectors as checkins
from closeknit.checkins.models import CheckIn
from closeknit.core.errors import NotFound, ServiceError
from closeknit.couples import selectors, services
from closeknit.couples.models import Couple, Invitation, Membership
from tests.checkins.util import checkin_on


def test_create_space_starts_a_solo_space(make_user):
    a = make_user()
    couple = services.create_space(user=a, name="  Sam & Alex  ")
    assert couple.name == "Sam & Alex" and couple.is_active
    space = selectors.space_for(a)
    assert space is not None and space.couple.pk == couple.pk
    assert space.is_solo and space.partner is None and space.open_invitation is None
    assert selectors.partner_ids(a) == []
    assert access.active_couple_id(a) == couple.pk


def test_a_second_space_is_refused(make_user):
    a = make_user()
    services.create_space(user=a)
    with pytest.raises(ServiceError) as err:
        services.create_space(user=a)
    assert (err.value.status, err.value.code) == (409, "already_in_space")
    assert Couple.objects.count() == 1


def test_a_long_name_is_refused_and_nothing_is_written(make_user):
    a = make_user()
    with pytest.raises(ServiceError) as err:
        services.create_space(user=a, name="x" * 81)
    assert (err.value.status, err.value.field) == (400, "name")
    assert not Couple.objects.exists() and not Membership.objects.exists()


def test_the_database_allows_one_active_membership_per_person(make_user):
    a = make_user()
    services.create_space(user=a)
    other = Couple.objects.create(name="elsewhere")
    with pytest.raises(IntegrityError), transaction.atomic():
        Membership.objects.create(couple=other, user=a)
    # A past membership does not count: the constraint is on active ones only.
    Membership.objects.create(couple=other, user=a, left_at=other.created_at)


def test_a_racing_second_create_hits_the_constraint_and_gets_a_clear_409(make_user):
    """The request that lost the race saw "no space" (stale memo) and then meets the database rule."""
    a = make_user()
    first = services.create_space(user=a)
    a._ck_active_couple_id = None  # what a concurrent request read before the first one committed
    with pytest.raises(ServiceError) as err:
        services.create_space(user=a)
    assert (err.value.status, err.value.code) == (409, "already_in_space")
    assert list(Couple.objects.values_list("pk", flat=True)) == [first.pk]  # the loser left no empty space
    assert Membership.objects.filter(user=a).count() == 1


def test_rename_is_for_members_only(couple, make_user):
    services.rename_space(user=couple.b, couple_id=couple.couple_id, name="Ours")
    assert Couple.objects.get(pk=couple.couple_id).name == "Ours"
    stranger = make_user()
    with pytest.raises(NotFound):
        services.rename_space(user=stranger, couple_id=couple.couple_id, name="Mine now")
    assert Couple.objects.get(pk=couple.couple_id).name == "Ours"


def test_leaving_ends_the_space_for_both(couple):
    a, b = couple.a, couple.b
    services.leave_space(user=b)
    ended = Couple.objects.get(pk=couple.couple_id)
    assert ended.ended_at is not None
    assert not Membership.objects.filter(couple=ended, left_at__isnull=True).exists()
    for person in (a, b):
        access.forget(person)
        assert selectors.space_for(person) is None
        assert selectors.partner_of(person) is None
    # Both are free to start again.
    assert services.create_space(user=a).pk != ended.pk
    assert services.create_space(user=b).pk != ended.pk


def test_leaving_without_a_space_is_refused(make_user):
    with pytest.raises(ServiceError) as err:
        services.leave_space(user=make_user())
    assert (err.value.status, err.value.code) == (409, "no_space")


def test_after_leaving_each_keeps_their_own_and_the_others_vanish(couple):
    a, b = couple.a, couple.b
    today = dt.date.today()
    past = today - dt.timedelta(days=3)
    a_old = checkin_on(a, couple.couple_id, past, appreciation="A-thanks", need="A-needs", note="A-note")
    b_old = checkin_on(b, couple.couple_id, past, appreciation="B-thanks", need="B-needs", note="B-note")
    # Before leaving, the (revealed) shared answers cross over.
    assert [d.partner.get("appreciation") for d in checkins.history_for(a)] == ["B-thanks"]

    services.leave_space(user=a)
    for me, mine, theirs in ((a, a_old, b_old), (b, b_old, a_old)):
        access.forget(me)
        history = checkins.history_for(me)
        assert [d.date for d in history] == [past]
        assert history[0].mine is not None and history[0].mine.id == mine.pk
        assert history[0].mine.get("note") == mine.note  # own private note still readable
        assert history[0].partner is None
        assert checkins.checkin_for(me, theirs.pk) is None
        assert checkins.checkin_for(me, mine.pk) is not None
        series = checkins.closeness_series(me)
        assert series["partner"] is None
        assert all(v is None for v in series["partner_emotional_closeness"] + series["partner_physical_closeness"])
        today_view = checkins.today_for(me)
        assert today_view.partner is None and today_view.partner_view is None and not today_view.partner_answered
        assert checkins.streak_for(me) == 0
    # Nothing was deleted: each person's words are still theirs.
    assert CheckIn.objects.filter(pk__in=[a_old.pk, b_old.pk]).count() == 2


def test_leaving_revokes_open_invitations(make_user):
    a = make_user()
    couple = services.create_space(user=a)
    inv = services.create_invitation(user=a, couple_id=couple.pk)
    services.leave_space(user=a)
    inv.refresh_from_db()
    assert inv.revoked_at is not None
    assert not Invitation.objects.filter(couple=couple, revoked_at__isnull=True, used_at__isnull=True).exists()


@pytest.mark.parametrize("action", ["create", "rename"])
def test_a_name_with_a_nul_character_is_refused(make_user, action):
    a = make_user()
    if action == "create":
        with pytest.raises(ServiceError) as err:
            services.create_space(user=a, name="Sam\x00Alex")
        assert not Couple.objects.exists()
    else:
        couple = services.create_space(user=a, name="Ours")
        with pytest.raises(ServiceError) as err:
            services.rename_space(user=a, couple_id=couple.pk, name="Sam\x00Alex")
        assert Couple.objects.get(pk=couple.pk).name == "Ours"
    assert (err.value.status, err.value.field) == (400, "name")
