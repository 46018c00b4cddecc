"""Every page of the couple's space, for every role: self, partner, ex-partner, another couple, anonymous.

Each role gets exactly what the rules allow. A's words carry canary strings; we search every response
body for the ones that role must never see (a private answer, a shared one before its reveal, anything
at all once the space has ended). Bad input on pages gets a 4xx in plain words and writes nothing.
No page may answer 5xx (the test client also re-raises any exception a view lets escape).
"""

from __future__ import annotations

import datetime as dt
import html
import re
from dataclasses import dataclass

import pytest
from auditlog.context import disable_auditlog
from django.db import transaction
from django.test import Client
from django.utils import timezone

from closeknit import access
from closeknit.accounts.models import User
from closeknit.checkins import services as checkins
from closeknit.checkins.models import CheckIn
from closeknit.couples import services as couples
from closeknit.couples.models import Couple, Invitation, Membership
from tests.checkins.util import checkin_on, freeze, utc

NOW = utc(2026, 3, 10, 12, 0)
TODAY = dt.date(2026, 3, 10)
YESTERDAY = TODAY - dt.timedelta(days=1)

# A's words. "SHARED" ones may reach the partner (after reveal); "PRIVATE" ones never leave A.
A_TODAY_SHARED = "CANARY-a-today-shared the kettle sings"
A_TODAY_PRIVATE_NEED = "CANARY-a-today-private-need a locked drawer"
A_TODAY_PRIVATE_NOTE = "CANARY-a-today-private-note the tall grass"
A_OLD_SHARED = "CANARY-a-old-shared a red bicycle"
A_OLD_PRIVATE = "CANARY-a-old-private an unsent letter"
# B's words from yesterday, to check the other direction.
B_OLD_SHARED = "CANARY-b-old-shared the morning bus"
B_OLD_PRIVATE = "CANARY-b-old-private a folded map"
# Another couple's words.
C_PRIVATE = "CANARY-c-private a borrowed umbrella"
C_SHARED = "CANARY-c-shared a pot of basil"

A_NAME = "Ariadne Quillfeather"  # who A is, also not for strangers or an ex-partner to read
ALL = [
    A_TODAY_SHARED,
    A_TODAY_PRIVATE_NEED,
    A_TODAY_PRIVATE_NOTE,
    A_OLD_SHARED,
    A_OLD_PRIVATE,
    B_OLD_SHARED,
    B_OLD_PRIVATE,
    C_PRIVATE,
    C_SHARED,
]
ROLES = ["self", "partner", "ex_partner", "other_couple", "anonymous"]
# What each role may ever read, anywhere. Everything else in ALL must be absent from every page.
MAY_SEE = {
    "self": {A_TODAY_SHARED, A_TODAY_PRIVATE_NEED, A_TODAY_PRIVATE_NOTE, A_OLD_SHARED, A_OLD_PRIVATE, B_OLD_SHARED},
    "partner": {A_OLD_SHARED, B_OLD_SHARED, B_OLD_PRIVATE},  # A's today only once B has answered
    "ex_partner": {B_OLD_SHARED, B_OLD_PRIVATE},
    "other_couple": {C_PRIVATE, C_SHARED},
    "anonymous": set(),
}
LOGIN = "/accounts/login/?next="


@dataclass
class World:
    a: User
    b: User
    c: User
    s: User
    couple_id: int
    other_couple_id: int
    s_couple_id: int
    used_inv: Invitation
    open_inv: Invitation
    viewer: User | None
    client: Client


@pytest.fixture
def world(make_couple, make_user, monkeypatch):
    freeze(monkeypatch, NOW)

    def build(role: str) -> World:
        with disable_auditlog():
            return _build(role)

    def _build(role: str) -> World:
        pair = make_couple()
        a, b = pair.a, pair.b
        a.display_name = A_NAME
        a.save(update_fields=["display_name"])
        used_inv = Invitation.objects.get(couple_id=pair.couple_id)
        checkins.create_checkin(
            user=a,
            answers={
                "feelings": ["tender"],
                "emotional_closeness": 8,
                "physical_closeness": 3,
                "stress": 6,
                "appreciation": A_TODAY_SHARED,
                "need": A_TODAY_PRIVATE_NEED,
                "note": A_TODAY_PRIVATE_NOTE,
                "shared": ["feelings", "emotional_closeness", "appreciation"],
            },
        )
        checkin_on(
            a,
            pair.couple_id,
            YESTERDAY,
            appreciation=A_OLD_SHARED,
            note=A_OLD_PRIVATE,
            shared=["appreciation", "stress"],
        )
        checkin_on(b, pair.couple_id, YESTERDAY, appreciation=B_OLD_SHARED, note=B_OLD_PRIVATE, shared=["appreciation"])
        other = make_couple()
        checkin_on(other.a, other.couple_id, YESTERDAY, appreciation=C_SHARED, note=C_PRIVATE, shared=["appreciation"])
        s = make_user()
        s_couple = couples.create_space(user=s)
        open_inv = couples.create_invitation(user=s, couple_id=s_couple.pk)
        if role == "ex_partner":
            couples.leave_space(user=a)
            access.forget(b)
        viewer = {"self": a, "partner": b, "ex_partner": b, "other_couple": other.a, "anonymous": None}[role]
        client = Client()
        if viewer is not None:
            client.force_login(viewer)
        return World(
            a=a,
            b=b,
            c=other.a,
            s=s,
            couple_id=pair.couple_id,
            other_couple_id=other.couple_id,
            s_couple_id=s_couple.pk,
            used_inv=used_inv,
            open_inv=open_inv,
            viewer=viewer,
            client=client,
        )

    return build


def get_pages(w: World) -> list[str]:
    return [
        "/",
        "/checkin/",
        "/history/",
        "/history/?days=365&all=1",
        "/space/",
        "/settings/",
        "/settings/profile/",
        "/settings/reminders/",
        "/settings/notifications/",
        "/help/",
        f"/join/{w.open_inv.token}/",
        f"/join/{w.used_inv.token}/",
        "/no-such-page/",
        "/exit/",  # last: it ends the session and sends this browser away from our pages for a while
    ]


POST_ONLY = ["/space/create/", "/space/invite/", "/space/invite/{inv}/revoke/", "/space/leave/", "/space/join/"]
PRIVATE_PAGES = {
    "/checkin/",
    "/history/",
    "/history/?days=365&all=1",
    "/space/",
    "/settings/",
    "/settings/profile/",
    "/settings/reminders/",
    "/settings/notifications/",
}


def expected_get(role: str, path: str, w: World) -> int:
    if path == "/exit/":
        return 302
    if path == "/no-such-page/":
        return 404
    if path == f"/join/{w.used_inv.token}/":
        return 410
    if role == "anonymous" and path in PRIVATE_PAGES:
        return 302
    return 200


def body(response) -> str:
    return html.unescape(response.content.decode())


def assert_no_forbidden(role: str, text: str, where: str, extra_allowed: frozenset = frozenset()) -> None:
    for canary in ALL:
        if canary not in MAY_SEE[role] and canary not in extra_allowed:
            assert canary not in text, f"{role} read {canary!r} on {where}"


@pytest.mark.parametrize("role", ROLES)
def test_every_page_gives_each_role_exactly_what_the_rules_allow(world, role):
    w = world(role)
    seen: dict[str, str] = {}
    for template in POST_ONLY:
        path = template.format(inv=w.open_inv.pk)
        response = w.client.get(path)
        if role == "anonymous":
            assert response.status_code == 302 and response["Location"].startswith(LOGIN), path
        else:
            assert response.status_code == 405, path
    for path in get_pages(w):
        response = w.client.get(path)
        assert response.status_code < 500, path
        assert response.status_code == expected_get(role, path, w), (path, response.status_code)
        if response.status_code == 302 and role == "anonymous" and path in PRIVATE_PAGES:
            assert response["Location"].startswith(LOGIN), (path, response["Location"])
            assert response["Location"] == LOGIN + path.replace("?", "%3F").replace("=", "%3D").replace("&", "%26")
        text = body(response)
        assert_no_forbidden(role, text, path)
        seen[path] = text
    assert seen["/exit/"] == ""
    if role == "self":
        assert A_TODAY_PRIVATE_NOTE in seen["/"] and A_TODAY_PRIVATE_NEED in seen["/"]
        assert A_OLD_PRIVATE in seen["/history/"] and B_OLD_SHARED in seen["/history/"]
    if role == "partner":
        assert "Answered, waiting for you" in seen["/"]
        assert A_OLD_SHARED in seen["/history/"]  # yesterday is over for both: open without answering
    if role == "ex_partner":
        assert B_OLD_PRIVATE in seen["/history/"]  # B keeps what B wrote
    if role in ("ex_partner", "other_couple", "anonymous"):
        for path, text in seen.items():
            assert A_NAME not in text and w.a.email not in text, path
    else:
        assert A_NAME in seen["/"]
    if role in ("ex_partner", "other_couple"):
        assert "Your space" in seen["/space/"] and w.a.email not in seen["/space/"]
    if role == "anonymous":
        assert "invited you" in seen[f"/join/{w.open_inv.token}/"]


def test_the_partner_sees_shared_answers_only_after_answering(world):
    w = world("partner")
    before = body(w.client.get("/"))
    assert A_TODAY_SHARED not in before and "Answered, waiting for you" in before
    response = w.client.post(
        "/checkin/",
        {
            "feelings": ["calm"],
            "emotional_closeness": "5",
            "physical_closeness": "5",
            "stress": "5",
            "appreciation": "thanks",
        },
    )
    assert response.status_code == 302 and response["Location"] == "/"
    pages = {p: body(w.client.get(p)) for p in get_pages(w)}
    assert A_TODAY_SHARED in pages["/"] and A_TODAY_SHARED in pages["/history/"]
    assert "waiting for you" not in pages["/"]
    # Numbers follow the same rule: A shared emotional closeness (8) but kept physical (3) and stress (6).
    card = re.search(r'<div id="partner-answers">(.*?)</div>', pages["/"], re.S)
    assert card is not None
    assert "Emotional closeness</dt><dd>8/10" in card.group(1)
    assert "Physical closeness" not in card.group(1) and "Stress" not in card.group(1)
    assert "Tender" in card.group(1)
    assert "Emotional 8" in pages["/history/"]
    assert "Physical 3" not in pages["/history/"] and "Stress 6" not in pages["/history/"]
    for path, text in pages.items():
        assert_no_forbidden("partner", text, path, extra_allowed=frozenset({A_TODAY_SHARED}))


def test_the_ex_partner_sees_nothing_of_the_other_even_after_answering(world):
    w = world("ex_partner")
    w.client.post(
        "/checkin/", {"feelings": ["calm"], "emotional_closeness": "5", "physical_closeness": "5", "stress": "5"}
    )
    assert CheckIn.objects.filter(author=w.b, local_date=TODAY).exists()
    for path in get_pages(w):
        assert_no_forbidden("ex_partner", body(w.client.get(path)), path)


# --- writes, per role: (status, and where a redirect goes) ------------------------------------------
def post_cases(w: World) -> dict[str, tuple[str, dict]]:
    return {
        "create": ("/space/create/", {"name": "New"}),
        "invite": ("/space/invite/", {}),
        "revoke_someone_elses": (f"/space/invite/{w.open_inv.pk}/revoke/", {}),
        "revoke_used": (f"/space/invite/{w.used_inv.pk}/revoke/", {}),
        "leave": ("/space/leave/", {"confirm": "yes"}),
        "join_by_code": ("/space/join/", {"code": w.open_inv.code.lower()}),
        "join_by_link": (f"/join/{w.open_inv.token}/", {}),
        "checkin": (
            "/checkin/",
            {"feelings": ["calm"], "emotional_closeness": "5", "physical_closeness": "5", "stress": "5"},
        ),
    }


ANON = 302  # to the login page; the join link itself is public and only shows the invitation
POST_EXPECTED = {
    #                        self  partner ex    other anonymous
    "create":               (409, 409, 302, 409, ANON),
    "invite":               (409, 409, 302, 409, ANON),
    "revoke_someone_elses": (404, 404, 404, 404, ANON),
    "revoke_used":          (409, 409, 404, 404, ANON),
    "leave":                (302, 302, 409, 302, ANON),
    "join_by_code":         (409, 409, 302, 409, ANON),
    "join_by_link":         (409, 409, 302, 409, 200),
    "checkin":              (302, 302, 302, 302, ANON),
}  # fmt: skip


def snapshot() -> tuple:
    return (
        sorted(Couple.objects.values_list("pk", "name", "ended_at")),
        sorted(Membership.objects.values_list("pk", "couple_id", "user_id", "left_at")),
        sorted(Invitation.objects.values_list("pk", "used_at", "used_by", "revoked_at")),
        sorted(CheckIn.objects.values_list("pk", "author_id", "stress", "updated_at")),
    )


@pytest.mark.parametrize("role", ROLES)
def test_writes_per_role(world, role):
    """Each action runs on the same world inside a savepoint that is rolled back, so each starts fresh."""
    w = world(role)
    for action in POST_EXPECTED:
        with transaction.atomic():
            check_write(w, role, action)
            transaction.set_rollback(True)
        if w.viewer is not None:
            access.forget(w.viewer)


def check_write(w: World, role: str, action: str) -> None:
    path, data = post_cases(w)[action]
    before = snapshot()
    response = w.client.post(path, data)
    want = POST_EXPECTED[action][ROLES.index(role)]
    assert response.status_code == want, (action, role, response.status_code)
    text = body(response)
    assert_no_forbidden(role, text, f"POST {path}")
    if role == "anonymous":
        if want == 302:
            assert response["Location"].startswith(LOGIN), action
        assert snapshot() == before, action
        return
    if want >= 400:
        assert snapshot() == before, f"a refused {action} changed something"
        assert 'role="alert"' in response.content.decode() or "notice error" in text, action
    if action == "revoke_someone_elses":
        assert "We could not find that." in text
        assert Invitation.objects.get(pk=w.open_inv.pk).revoked_at is None
    if action == "revoke_used" and want == 409:
        assert "already used" in text
    if action == "create" and want == 409:
        assert "You already have a shared space" in text
    if action == "invite" and want == 409:
        assert "already has two partners" in text
    if action in ("join_by_code", "join_by_link") and want == 409:
        assert "already in a shared space" in text, action
        assert Invitation.objects.get(pk=w.open_inv.pk).used_at is None
    if action in ("join_by_code", "join_by_link") and want == 302:
        access.forget(w.viewer)
        assert access.active_couple_id(w.viewer) == w.s_couple_id, action
    if action == "leave" and want == 302:
        assert Couple.objects.filter(memberships__user=w.viewer).exclude(ended_at=None).exists()
        assert access.active_couple_id(User.objects.get(pk=w.viewer.pk)) is None
    if action in ("create", "invite") and want == 302:
        assert access.active_couple_id(User.objects.get(pk=w.viewer.pk)) is not None, action
    if action == "checkin" and want == 302:
        assert CheckIn.objects.filter(author=w.viewer, local_date=TODAY).exists()


def test_the_owner_can_revoke_their_own_invitation_page(world):
    w = world("other_couple")
    owner = Client()
    owner.force_login(w.s)
    response = owner.post(f"/space/invite/{w.open_inv.pk}/revoke/")
    assert response.status_code == 302 and response["Location"] == "/space/"
    assert Invitation.objects.get(pk=w.open_inv.pk).revoked_at is not None
    assert "no longer works" in body(owner.get("/space/"))
    assert body(w.client.get(f"/join/{w.open_inv.token}/")).count("cancelled") == 1


# --- bad input on pages -----------------------------------------------------------------------------
GOOD = {"feelings": ["calm"], "emotional_closeness": "5", "physical_closeness": "5", "stress": "5"}
BAD_CHECKINS = [
    ({"emotional_closeness": "11"}, "Emotional closeness should be between 0 and 10."),
    ({"physical_closeness": "-1"}, "Physical closeness should be a whole number from 0 to 10."),
    ({"stress": "5.5"}, "Stress should be a whole number from 0 to 10."),
    ({"stress": "7a"}, "Stress should be a whole number from 0 to 10."),
    ({"stress": "-"}, "Stress should be a whole number from 0 to 10."),
    ({"feelings": ["glowing"]}, "We don't know the feeling 'glowing'; please pick from the list."),
    ({"feelings": []}, "Pick at least one word for how you feel."),
    ({"feelings": ["calm", "tired", "sad", "happy", "proud", "busy", "numb"]}, "Pick up to 6 feelings."),
    ({"note": "n" * 1001}, "Please keep the note answer under 1000 characters."),
    ({"need": "a\x00b"}, "The need answer has a character we can't store."),
    ({"shared": ["everything"]}, "'everything' is not an answer you can share."),
]


@pytest.mark.parametrize(("change", "message"), BAD_CHECKINS, ids=[m[:30] for _, m in BAD_CHECKINS])
def test_bad_check_in_on_the_page(world, change, message):
    w = world("partner")  # B has not checked in today
    before = snapshot()
    response = w.client.post("/checkin/", {**GOOD, **change})
    assert response.status_code == 400
    text = body(response)
    assert message in text and 'id="form-error"' in response.content.decode()
    assert snapshot() == before
    assert_no_forbidden("partner", text, "POST /checkin/")


def test_a_superscript_score_on_the_page_is_a_400(world):
    w = world("partner")
    before = snapshot()
    response = w.client.post("/checkin/", {**GOOD, "stress": "²"})
    assert response.status_code == 400 and "Stress should be" in body(response)
    assert snapshot() == before


def test_a_bad_edit_on_the_page_keeps_the_saved_answers(world):
    w = world("self")
    before = snapshot()
    response = w.client.post("/checkin/", {**GOOD, "stress": "99", "appreciation": "replaced"})
    assert response.status_code == 400
    assert snapshot() == before
    assert CheckIn.objects.get(author=w.a, local_date=TODAY).appreciation == A_TODAY_SHARED


@pytest.mark.parametrize(
    ("setup", "status", "message"),
    [
        ("unknown", 404, "We don't recognise that invitation."),
        ("expired", 410, "This invitation has expired."),
        ("used", 410, "This invitation has already been used."),
        ("revoked", 410, "This invitation was cancelled."),
        ("blank", 400, "Type the code your partner gave you."),
    ],
)
def test_bad_codes_on_the_join_form(world, setup, status, message):
    w = world("ex_partner")  # B has no space, so a good code would work
    code = w.open_inv.code
    if setup == "unknown":
        code = "ZZZZ-9999"
    elif setup == "expired":
        Invitation.objects.filter(pk=w.open_inv.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    elif setup == "used":
        couples.accept_invitation(user=User.objects.create_user(email="taker@example.test"), token=w.open_inv.token)
    elif setup == "revoked":
        couples.revoke_invitation(user=w.s, invitation_id=w.open_inv.pk)
    elif setup == "blank":
        code = "   "
    before = snapshot()
    response = w.client.post("/space/join/", {"code": code})
    assert response.status_code == status
    assert message in body(response)
    assert snapshot() == before
    assert not Membership.objects.filter(user=w.b, left_at__isnull=True).exists()


@pytest.mark.parametrize("token", ["no-such-token", "x" * 300])
def test_a_bad_link_says_so(world, token):
    w = world("anonymous")
    response = w.client.get(f"/join/{token}/")
    assert response.status_code == 404 and "We don't recognise that invitation" in body(response)


def test_leaving_needs_the_confirm_box(world):
    w = world("partner")
    before = snapshot()
    for data in ({}, {"confirm": "no"}, {"confirm": ""}):
        response = w.client.post("/space/leave/", data)
        assert response.status_code == 400
        assert "Please tick the box to confirm that you want to end this space." in body(response)
    assert snapshot() == before
    assert Couple.objects.get(pk=w.couple_id).ended_at is None


@pytest.mark.parametrize(
    ("path", "data", "message"),
    [
        ("/settings/profile/", {"timezone": "Mars/Olympus_Mons"}, "Please choose a time zone from the list"),
        ("/settings/profile/", {"display_name": "n" * 61}, "under 60 characters"),
        ("/settings/reminders/", {"local_time": "25:99", "enabled": "on"}, "Please give a time of day"),
        ("/space/create/", {"name": "n" * 81}, "under 80 characters"),
    ],
)
def test_bad_settings_and_names_are_4xx_in_plain_words(world, path, data, message):
    w = world("ex_partner")
    before = snapshot()
    tz_before = User.objects.get(pk=w.b.pk).timezone
    response = w.client.post(path, data)
    assert response.status_code == 400 and message in body(response)
    assert snapshot() == before and User.objects.get(pk=w.b.pk).timezone == tz_before


@pytest.mark.parametrize("days", ["abc", "-5", "0", "99999999999999999999999", "1e9", ""])
def test_odd_history_periods_never_fail(world, days):
    w = world("self")
    response = w.client.get("/history/", {"days": days})
    assert response.status_code == 200


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_link_with_a_nul_character_is_a_404(world, method):
    w = world("ex_partner")
    before = snapshot()
    response = getattr(w.client, method)("/join/abc%00def/")
    assert response.status_code == 404 and "We don't recognise that invitation" in body(response)
    assert snapshot() == before


def test_a_space_name_with_a_nul_character_is_a_400(world):
    w = world("ex_partner")
    before = snapshot()
    response = w.client.post("/space/create/", {"name": "Sam\x00Alex"})
    assert response.status_code == 400
    assert snapshot() == before


def test_across_zones_the_today_page_does_not_reveal_early(make_couple, monkeypatch):
    freeze(monkeypatch, NOW)
    p = make_couple()
    User.objects.filter(pk=p.a.pk).update(timezone="Pacific/Kiritimati")  # the 11th here
    User.objects.filter(pk=p.b.pk).update(timezone="Pacific/Pago_Pago")  # the 10th here
    a, b = Client(), Client()
    a.force_login(p.a)
    b.force_login(p.b)
    assert b.post("/checkin/", GOOD).status_code == 302  # B answers B's day, the 10th
    assert a.post("/checkin/", {**GOOD, "appreciation": A_TODAY_SHARED, "shared": ["appreciation"]}).status_code == 302
    assert CheckIn.objects.get(author=p.a).local_date == TODAY + dt.timedelta(days=1)
    history = body(b.get("/history/"))
    assert A_TODAY_SHARED not in history and "Answered, waiting for you" in history
    assert A_TODAY_SHARED not in body(b.get("/"))
