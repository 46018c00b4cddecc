"""Invitations: link and code, single use, expiry, revocation, one open at a time, full spaces."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from closeknit import access
from closeknit.checkins import selectors as checkins
from closeknit.checkins.models import CheckIn
from closeknit.core.errors import NotFound, ServiceError
from closeknit.couples import selectors, services
from closeknit.couples.models import Couple, Invitation, Membership
from tests.checkins.util import checkin_on


@pytest.fixture
def solo(make_user):
    """A person alone in a new space with an open invitation."""
    a = make_user()
    couple = services.create_space(user=a)
    inv = services.create_invitation(user=a, couple_id=couple.pk)
    return a, couple, inv


def members(couple_id: int) -> set[int]:
    return set(Membership.objects.filter(couple_id=couple_id, left_at__isnull=True).values_list("user_id", flat=True))


def refused(expected_code: str, expected_status: int, fn, **kwargs) -> ServiceError:
    with pytest.raises(ServiceError) as err:
        fn(**kwargs)
    assert (err.value.code, err.value.status) == (expected_code, expected_status), err.value.message
    assert err.value.message
    return err.value


def test_an_invitation_is_a_long_token_and_a_readable_code(solo):
    a, couple, inv = solo
    assert len(inv.token) >= 32
    assert len(inv.code) == services.CODE_LENGTH
    assert set(inv.code) <= set(services.CODE_ALPHABET)
    assert not set(inv.code) & set("01OIL")
    assert inv.expires_at - inv.created_at == pytest.approx(services.INVITE_LIFETIME, abs=dt.timedelta(seconds=5))
    assert selectors.space_for(a).open_invitation.pk == inv.pk


def test_join_by_link(solo, make_user):
    a, couple, inv = solo
    b = make_user()
    joined = services.accept_invitation(user=b, token=inv.token)
    assert joined.pk == couple.pk
    assert members(couple.pk) == {a.pk, b.pk}
    inv.refresh_from_db()
    assert inv.used_at is not None and inv.used_by_id == b.pk
    access.forget(a)
    assert selectors.partner_of(a).pk == b.pk and selectors.partner_of(b).pk == a.pk
    assert selectors.space_for(a).open_invitation is None


@pytest.mark.parametrize("typed", ["{code}", "{lower}", "{spaced}", "{dashed}", "  {lower_dashed}  "])
def test_join_by_code_forgives_case_spaces_and_dashes(solo, make_user, typed):
    a, couple, inv = solo
    c = inv.code
    entered = typed.format(
        code=c,
        lower=c.lower(),
        spaced=f"{c[:4]} {c[4:]}",
        dashed=f"{c[:4]}-{c[4:]}",
        lower_dashed="-".join(c.lower()[i : i + 2] for i in range(0, len(c), 2)),
    )
    b = make_user()
    assert services.accept_invitation(user=b, code=entered).pk == couple.pk
    assert members(couple.pk) == {a.pk, b.pk}


def test_normalise_code():
    assert services.normalise_code(" ab-cd 23\t45 ") == "ABCD2345"
    assert services.normalise_code("abcd—2345") == "ABCD2345"  # an em dash from a phone's autocorrect


@pytest.mark.parametrize("how", ["token", "code"])
def test_unknown_invitation(make_user, how):
    refused("invite_unknown", 404, services.accept_invitation, user=make_user(), **{how: "NOPE2345"})


def test_an_invitation_works_once(solo, make_user):
    a, couple, inv = solo
    services.accept_invitation(user=make_user(), token=inv.token)
    third = make_user()
    refused("invite_used", 410, services.accept_invitation, user=third, token=inv.token)
    refused("invite_used", 410, services.accept_invitation, user=third, code=inv.code)
    assert third.pk not in members(couple.pk) and len(members(couple.pk)) == 2


def test_an_expired_invitation_is_refused_and_changes_nothing(solo, make_user):
    a, couple, inv = solo
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    b = make_user()
    err = refused("invite_expired", 410, services.accept_invitation, user=b, token=inv.token)
    assert "expired" in err.message
    refused("invite_expired", 410, services.accept_invitation, user=b, code=inv.code)
    assert members(couple.pk) == {a.pk}
    assert Invitation.objects.get(pk=inv.pk).used_at is None
    assert not Membership.objects.filter(user=b).exists()
    assert selectors.space_for(a).open_invitation is None  # an expired one is not offered either


def test_a_revoked_invitation_is_refused(solo, make_user):
    a, couple, inv = solo
    services.revoke_invitation(user=a, invitation_id=inv.pk)
    services.revoke_invitation(user=a, invitation_id=inv.pk)  # twice is harmless
    b = make_user()
    refused("invite_revoked", 410, services.accept_invitation, user=b, token=inv.token)
    assert members(couple.pk) == {a.pk}
    assert selectors.space_for(a).open_invitation is None


def test_a_new_invitation_revokes_the_previous_one(solo, make_user):
    a, couple, first = solo
    second = services.create_invitation(user=a, couple_id=couple.pk)
    first.refresh_from_db()
    assert first.revoked_at is not None and second.revoked_at is None
    assert (first.token, first.code) != (second.token, second.code)
    b = make_user()
    refused("invite_revoked", 410, services.accept_invitation, user=b, token=first.token)
    assert services.accept_invitation(user=b, code=second.code).pk == couple.pk


def test_only_members_revoke_and_a_used_invitation_cannot_be_revoked(solo, make_user):
    a, couple, inv = solo
    stranger = make_user()
    services.create_space(user=stranger)
    with pytest.raises(NotFound):
        services.revoke_invitation(user=stranger, invitation_id=inv.pk)
    with pytest.raises(NotFound):
        services.revoke_invitation(user=stranger, invitation_id=10**9)
    assert Invitation.objects.get(pk=inv.pk).revoked_at is None
    services.accept_invitation(user=make_user(), token=inv.token)
    refused("invite_used", 409, services.revoke_invitation, user=a, invitation_id=inv.pk)


def test_only_members_create_invitations(solo, make_user):
    a, couple, inv = solo
    with pytest.raises(NotFound):
        services.create_invitation(user=make_user(), couple_id=couple.pk)
    assert Invitation.objects.filter(couple=couple).count() == 1


def test_a_full_space_makes_no_invitation(couple):
    refused("space_full", 409, services.create_invitation, user=couple.a, couple_id=couple.couple_id)
    assert not Invitation.objects.filter(couple_id=couple.couple_id, used_at__isnull=True).exists()


def test_a_third_person_cannot_join_even_with_an_open_invitation(couple, make_user):
    """An invitation made in a race before the second partner joined must not admit a third."""
    stray = Invitation.objects.create(
        couple_id=couple.couple_id,
        created_by=couple.a,
        token="stray-token-" + "x" * 30,
        code="STRAY234",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    c = make_user()
    own = services.create_space(user=c)  # c is alone in a space of their own, with an entry
    entry = checkin_on(c, own.pk, dt.date.today(), note="mine")
    refused("space_full", 409, services.accept_invitation, user=c, token=stray.token)
    # Nothing changed: c's own space is still open (the closing was rolled back), the invitation unused.
    access.forget(c)
    assert access.active_couple_id(c) == own.pk
    assert Couple.objects.get(pk=own.pk).ended_at is None
    assert members(couple.couple_id) == {couple.a.pk, couple.b.pk}
    assert Invitation.objects.get(pk=stray.pk).used_at is None
    assert CheckIn.objects.get(pk=entry.pk).couple_id == own.pk


def test_a_member_cannot_accept_their_own_invitation(solo):
    a, couple, inv = solo
    refused("already_member", 409, services.accept_invitation, user=a, token=inv.token)
    assert Invitation.objects.get(pk=inv.pk).used_at is None


def test_someone_with_a_partner_cannot_join_another_space(solo, couple):
    a, other, inv = solo
    refused("already_in_space", 409, services.accept_invitation, user=couple.b, token=inv.token)
    assert members(couple.couple_id) == {couple.a.pk, couple.b.pk}
    assert members(other.pk) == {a.pk}


def test_accepting_while_alone_closes_the_solo_space_and_keeps_its_entries(solo, make_user):
    a, couple, inv = solo
    b = make_user()
    own = services.create_space(user=b)
    yesterday = dt.date.today() - dt.timedelta(days=1)
    entry = checkin_on(b, own.pk, yesterday, appreciation="written alone", shared=["appreciation"])
    services.accept_invitation(user=b, token=inv.token)
    assert Couple.objects.get(pk=own.pk).ended_at is not None
    assert not Membership.objects.filter(couple=own, left_at__isnull=True).exists()
    assert access.active_couple_id(b) == couple.pk
    # b still has what b wrote; it does not move into the new space, so a does not see it.
    assert [d.mine.get("appreciation") for d in checkins.history_for(b)] == ["written alone"]
    access.forget(a)
    assert checkins.history_for(a) == []
    assert checkins.checkin_for(a, entry.pk) is None


def test_an_ex_member_cannot_come_back_with_an_old_invitation(couple, make_user):
    used = Invitation.objects.get(couple_id=couple.couple_id)
    services.leave_space(user=couple.a)
    for person in (couple.a, couple.b):
        access.forget(person)
        # The space ended, so the invitation reads as cancelled whatever else happened to it.
        refused("invite_revoked", 410, services.accept_invitation, user=person, token=used.token)
    # An invitation that somehow stayed open in an ended space is dead too.
    leftover = Invitation.objects.create(
        couple_id=couple.couple_id,
        created_by=couple.a,
        token="leftover-" + "y" * 30,
        code="LEFT2345",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    for person in (couple.b, make_user()):
        refused("invite_revoked", 410, services.accept_invitation, user=person, code="left-2345")
    assert not Membership.objects.filter(couple_id=couple.couple_id, left_at__isnull=True).exists()
    assert Invitation.objects.get(pk=leftover.pk).used_at is None


def test_a_link_token_with_a_nul_character_is_just_unknown(make_user):
    refused("invite_unknown", 404, services.accept_invitation, user=make_user(), token="abc\x00def")
    refused("invite_unknown", 404, services.check_invitation, token="abc\x00def")


def test_a_code_with_a_nul_character_is_just_unknown(make_user):
    refused("invite_unknown", 404, services.accept_invitation, user=make_user(), code="ABCD\x002345")
