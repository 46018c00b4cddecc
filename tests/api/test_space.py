"""The shared space over the API: make, rename, invite, join, revoke, leave — and every refusal
leaves the database as it was."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from closeknit.couples import services
from closeknit.couples.models import Couple, Invitation, Membership
from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db


def _counts() -> tuple[int, int, int, int, int]:
    """Everything joining or leaving could change."""
    return (
        Couple.objects.count(),
        Couple.objects.filter(ended_at__isnull=True).count(),
        Membership.objects.filter(left_at__isnull=True).count(),
        Invitation.objects.filter(used_at__isnull=False).count(),
        Invitation.objects.filter(revoked_at__isnull=False).count(),
    )


def test_no_space_yet_is_404_with_a_plain_reason(make_user, app_api):
    body = assert_error(app_api(make_user()).get("/api/space"), 404, "no_space")
    assert "join" in body["detail"]


def test_make_rename_and_read_a_space(make_user, app_api):
    api = app_api(make_user())
    made = api.post("/api/space", {"name": " Us two "})
    assert made.status_code == 201
    assert made.json()["name"] == "Us two"
    assert made.json()["is_solo"] is True and made.json()["partner"] is None
    renamed = api.patch("/api/space", {"name": "Home"})
    assert renamed.status_code == 200 and renamed.json()["name"] == "Home"
    assert api.get("/api/space").json()["name"] == "Home"


def test_a_second_space_is_409_and_nothing_is_made(make_user, app_api):
    api = app_api(make_user())
    api.post("/api/space", {})
    before = _counts()
    assert_error(api.post("/api/space", {"name": "Another"}), 409, "already_in_space")
    assert _counts() == before


@pytest.mark.parametrize("body", [{"name": "n" * 81}, {"name": 5}, {"title": "x"}, {"name": "a\x00b"}])
def test_bad_space_names_are_422(make_user, app_api, body):
    api = app_api(make_user())
    assert_error(api.post("/api/space", body), 422)
    assert Couple.objects.count() == 0
    api.post("/api/space", {"name": "Kept"})
    assert_error(api.patch("/api/space", body), 422)
    assert Couple.objects.get().name == "Kept"


def test_rename_without_a_space_is_404(make_user, app_api):
    assert_error(app_api(make_user()).patch("/api/space", {"name": "x"}), 404, "no_space")


def test_invite_then_partner_joins_by_code(make_user, app_api, settings):
    settings.SITE_URL = "https://closeknit.example/"
    a, b = make_user(display_name="Ana"), make_user(display_name="Bo", pronouns="he/him")
    api_a, api_b = app_api(a), app_api(b)
    api_a.post("/api/space", {})
    invite = api_a.post("/api/space/invitations")
    assert invite.status_code == 201
    inv = invite.json()
    assert len(inv["code"]) == 8
    token = Invitation.objects.get(pk=inv["id"]).token
    assert inv["link"] == f"https://closeknit.example/join/{token}/"
    assert dt.datetime.fromisoformat(inv["expires_at"]) > timezone.now() + dt.timedelta(days=6)
    assert api_a.get("/api/space").json()["open_invitation"]["id"] == inv["id"]

    # Typed the way people type: lower case, with a space in the middle.
    code = inv["code"].lower()
    joined = api_b.post("/api/space/join", {"code": f"{code[:4]} {code[4:]}"})
    assert joined.status_code == 200, joined.content
    assert joined.json()["partner"] == {"id": a.pk, "name": "Ana", "pronouns": ""}
    space_a = api_a.get("/api/space").json()
    assert space_a["is_solo"] is False
    assert space_a["partner"] == {"id": b.pk, "name": "Bo", "pronouns": "he/him"}
    assert space_a["open_invitation"] is None


def test_partner_joins_by_pasting_the_whole_link(make_user, app_api):
    a, b = make_user(), make_user()
    app_api(a).post("/api/space", {})
    link = app_api(a).post("/api/space/invitations").json()["link"]
    assert app_api(b).post("/api/space/join", {"token": link}).status_code == 200
    assert Membership.objects.filter(left_at__isnull=True).count() == 2


def test_joining_closes_a_space_one_had_alone(make_user, app_api):
    a, b = make_user(), make_user()
    app_api(a).post("/api/space", {})
    token = Invitation.objects.get(pk=app_api(a).post("/api/space/invitations").json()["id"]).token
    api_b = app_api(b)
    own = api_b.post("/api/space", {"name": "Mine"}).json()["id"]
    assert api_b.post("/api/space/join", {"token": token}).status_code == 200
    assert Couple.objects.get(pk=own).ended_at is not None


def test_join_needs_a_code_or_link(make_user, app_api):
    body = assert_error(app_api(make_user()).post("/api/space/join", {}), 400, "invite_missing")
    assert "code" in body["detail"]


def test_unknown_code_is_404(make_user, app_api):
    before = _counts()
    assert_error(app_api(make_user()).post("/api/space/join", {"code": "ABCD2345"}), 404, "invite_unknown")
    assert _counts() == before


@pytest.fixture
def invited(make_user, app_api):
    """A solo person with an open invitation, and the person it is for."""
    a, b = make_user(), make_user()
    app_api(a).post("/api/space", {})
    inv = Invitation.objects.get(pk=app_api(a).post("/api/space/invitations").json()["id"])
    return a, b, inv


def test_expired_invitation_is_410_and_changes_nothing(invited, app_api):
    a, b, inv = invited
    Invitation.objects.filter(pk=inv.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    before = _counts()
    body = assert_error(app_api(b).post("/api/space/join", {"code": inv.code}), 410, "invite_expired")
    assert "new one" in body["detail"]
    assert _counts() == before


def test_revoked_invitation_is_410(invited, app_api):
    a, b, inv = invited
    assert app_api(a).delete(f"/api/space/invitations/{inv.pk}").status_code == 204
    before = _counts()
    assert_error(app_api(b).post("/api/space/join", {"token": inv.token}), 410, "invite_revoked")
    assert _counts() == before


def test_a_new_invitation_cancels_the_old_one(invited, app_api):
    a, b, inv = invited
    app_api(a).post("/api/space/invitations")
    assert_error(app_api(b).post("/api/space/join", {"code": inv.code}), 410, "invite_revoked")


def test_used_invitation_is_410_for_a_third_person(invited, app_api, make_user):
    a, b, inv = invited
    assert app_api(b).post("/api/space/join", {"code": inv.code}).status_code == 200
    third = make_user()
    before = _counts()
    assert_error(app_api(third).post("/api/space/join", {"code": inv.code}), 410, "invite_used")
    assert_error(app_api(third).post("/api/space/join", {"token": inv.token}), 410, "invite_used")
    assert _counts() == before
    assert not Membership.objects.filter(user=third).exists()


def test_a_full_space_cannot_invite_a_third(couple, app_api):
    before = _counts()
    assert_error(app_api(couple.a).post("/api/space/invitations"), 409, "space_full")
    assert _counts() == before


def test_a_third_person_cannot_join_a_full_space(make_user, app_api):
    """Two invitations outstanding at once cannot happen through the service, so make the second one
    directly: the space still refuses a third member."""
    a, b, c = make_user(), make_user(), make_user()
    couple = services.create_space(user=a)
    first = services.create_invitation(user=a, couple_id=couple.pk)
    second = Invitation.objects.create(
        couple=couple, created_by=a, token="t" * 30, code="ZZZZ2222", expires_at=timezone.now() + dt.timedelta(days=1)
    )
    services.accept_invitation(user=b, token=first.token)
    before = _counts()
    assert_error(app_api(c).post("/api/space/join", {"code": second.code}), 409, "space_full")
    assert _counts() == before


def test_someone_with_a_partner_cannot_join_another_space(couple, invited, app_api):
    _, _, inv = invited
    before = _counts()
    assert_error(app_api(couple.a).post("/api/space/join", {"code": inv.code}), 409, "already_in_space")
    assert _counts() == before


def test_joining_ones_own_space_is_409(invited, app_api):
    a, _, inv = invited
    assert_error(app_api(a).post("/api/space/join", {"code": inv.code}), 409, "already_member")


def test_revoking_a_used_invitation_is_409(invited, app_api):
    a, b, inv = invited
    app_api(b).post("/api/space/join", {"code": inv.code})
    assert_error(app_api(a).delete(f"/api/space/invitations/{inv.pk}"), 409, "invite_used")


@pytest.mark.parametrize("bad_id", ["abc", "0", "-1", str(2**64)])
def test_bad_invitation_ids_are_422(make_user, app_api, bad_id):
    assert_error(app_api(make_user()).delete(f"/api/space/invitations/{bad_id}"), 422)


def test_unknown_invitation_is_404(make_user, app_api):
    assert_error(app_api(make_user()).delete("/api/space/invitations/999999"), 404, "not_found")


def test_leaving_ends_the_space_for_both(couple, app_api):
    assert app_api(couple.a).post("/api/space/leave").status_code == 204
    assert_error(app_api(couple.a).get("/api/space"), 404, "no_space")
    assert_error(app_api(couple.b).get("/api/space"), 404, "no_space")
    assert Couple.objects.get(pk=couple.couple_id).ended_at is not None
    before = _counts()
    assert_error(app_api(couple.a).post("/api/space/leave"), 409, "no_space")
    assert _counts() == before


@pytest.mark.parametrize(
    "body", [{"code": 12345678}, {"token": ["x"]}, {"code": "c" * 33}, {"code": "AB\x00CD"}, {"invite": "x"}]
)
def test_malformed_join_bodies_are_422(make_user, app_api, body):
    before = _counts()
    assert_error(app_api(make_user()).post("/api/space/join", body), 422)
    assert _counts() == before
