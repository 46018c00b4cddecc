"""The app team's whole journey through a client generated from the live /api/openapi.json
(openapi-python-client, warnings are failures): two new people sign up, verify by the emailed code, log
in, make a space, invite, join, check in (waiting, then the reveal), do a practice with its deck, take a
check-up, export, log out, and delete the account.

Sign-up, verification, login and logout are allauth's app routes (/_allauth/app/v1/*), described in
allauth's own document, not in ours: the generated client has no functions for them, so they are called
with the very httpx client the generated client uses (`get_httpx_client()`), as an app would.
Codes are read from the mail outbox, as the person would read their email.
"""

from __future__ import annotations

import importlib
import re
import types
from typing import Any

import httpx
import pytest
from django.core import mail

from tests.api.test_generated_client import PACKAGE, generated  # noqa: F401  (a fixture)
from tests.api.test_schemathesis import in_process_wsgi  # noqa: F401  (a fixture)

AUTH = "/_allauth/app/v1/auth"
PASSWORD = "a-long-and-quiet-password-7"
CODE = re.compile(r"^\s*([A-Z0-9]{3,}(?:-[A-Z0-9]+)*)\s*$", re.MULTILINE)
# Tags whose routes a partner's app calls; `clinic` is for clinicians and practice staff.
COUPLE_TAGS = ("me", "space", "check_ins", "reminders", "safety", "assessments", "practices", "decks", "care")


def op(name: str) -> types.ModuleType:
    """A generated operation module by its operationId, e.g. op("space_create_space")."""
    tag = {"checkins": "check_ins", "finding": "finding_care"}.get(name.split("_")[0], name.split("_")[0])
    return importlib.import_module(f"{PACKAGE}.api.{tag}.{name}")


def code_for(address: str) -> str:
    """The code in the newest email to `address`."""
    mails = [m for m in mail.outbox if address in m.to]
    assert mails, f"no email to {address}"
    (code,) = CODE.findall(mails[-1].body)
    return code


def flows(body: dict[str, Any]) -> dict[str, bool]:
    return {f["id"]: f.get("is_pending", False) for f in body["data"]["flows"]}


class Person:
    """One new person with a phone app: an anonymous generated client until logged in."""

    def __init__(self, gen: types.ModuleType, wsgi: Any, email: str):
        self.gen, self.email = gen, email
        self.httpx_args = {"transport": httpx.WSGITransport(app=wsgi)}
        self.anonymous = gen.Client(base_url="http://testserver", httpx_args=self.httpx_args)
        self.client: Any = None

    def allauth(self, method: str, path: str, token: str | None = None, **json: Any) -> httpx.Response:
        """An allauth app route, over the anonymous generated client's own httpx client (an app that has
        logged out has no token to send; one with a pending flow sends that flow's token)."""
        http = self.anonymous.get_httpx_client()
        headers = {"X-Session-Token": token} if token else {}
        return http.request(method, AUTH + path, json=json or None, headers=headers)

    def sign_up_and_verify(self) -> None:
        started = self.allauth("POST", "/signup", email=self.email, password=PASSWORD)
        assert started.status_code == 401, started.text
        assert flows(started.json())["verify_email"] is True
        pending = started.json()["meta"]["session_token"]
        wrong = self.allauth("POST", "/email/verify", token=pending, key="NOPE-NOPE")
        assert wrong.status_code == 400 and wrong.json()["errors"][0]["code"] == "incorrect_code"
        verified = self.allauth("POST", "/email/verify", token=pending, key=code_for(self.email))
        assert verified.status_code == 200, verified.text
        assert verified.json()["meta"]["is_authenticated"] is True

    def log_in(self) -> str:
        answer = self.allauth("POST", "/login", email=self.email, password=PASSWORD)
        assert answer.status_code == 200, answer.text
        token = answer.json()["meta"]["session_token"]
        self.client = self.gen.AuthenticatedClient(
            base_url="http://testserver",
            token=token,
            auth_header_name="X-Session-Token",
            prefix="",
            httpx_args=self.httpx_args,
            raise_on_unexpected_status=True,
        )
        return token

    def log_out(self) -> None:
        # Over the logged-in generated client's httpx client: its headers carry the token.
        answer = self.client.get_httpx_client().delete(AUTH + "/session")
        assert answer.status_code == 401 and answer.json()["meta"]["is_authenticated"] is False


def undocumented(value: Any, where: str = "export") -> list[str]:
    """Keys the server sent that the document does not describe (they land in additional_properties)."""
    found: list[str] = []
    if isinstance(value, list):
        for i, item in enumerate(value):
            found += undocumented(item, f"{where}[{i}]")
    elif hasattr(value, "__attrs_attrs__"):
        own = [a.name for a in value.__attrs_attrs__ if a.name != "additional_properties"]
        if own:  # a model with fields (a map such as answers has only additional_properties)
            found += [f"{where}.{key}" for key in value.additional_properties]
        for name in own:
            found += undocumented(getattr(value, name), f"{where}.{name}")
    return found


@pytest.mark.slow
def test_two_new_people_through_the_generated_client(generated, in_process_wsgi, mailoutbox):  # noqa: F811
    models = importlib.import_module(f"{PACKAGE}.models")
    a = Person(generated, in_process_wsgi, "river@example.test")
    b = Person(generated, in_process_wsgi, "lake@example.test")

    # Sign up, verify by code, log in.
    for person in (a, b):
        person.sign_up_and_verify()
        person.log_in()
        assert op("me_get_me").sync(client=person.client).email == person.email

    # A space, an invitation, and the partner joins by its code.
    space = op("space_create_space").sync(client=a.client, body=models.SpaceCreate(name="Our kitchen table"))
    assert isinstance(space, models.SpaceOut) and space.is_solo
    invitation = op("space_create_invitation").sync(client=a.client)
    assert isinstance(invitation, models.InvitationOut)
    joined = op("space_join_space").sync(client=b.client, body=models.JoinIn(code=invitation.code))
    assert isinstance(joined, models.SpaceOut) and joined.id == space.id and not joined.is_solo
    assert joined.partner.name == "river"

    # Check in: A first. B sees that A answered, and nothing of what A wrote, until B answers too.
    feelings = op("checkins_list_feelings").sync(client=a.client)
    assert "calm" in [f.slug for family in feelings for f in family.feelings]
    mine = models.CheckInIn(
        feelings=[models.Feeling("calm"), models.Feeling("tired")],
        emotional_closeness=7,
        appreciation="SHARED-river: thank you for the tea",
        note="PRIVATE-river: I worry about money",
        shared=[models.CheckInAnswer("feelings"), models.CheckInAnswer("appreciation")],
    )
    assert isinstance(op("checkins_create_checkin").sync(client=a.client, body=mine), models.OwnCheckInOut)
    today = op("checkins_today").sync(client=b.client)
    assert today.partner.state == models.PartnerTodayState.WAITING
    assert "SHARED-river" not in str(today.to_dict()) and "PRIVATE-river" not in str(today.to_dict())
    theirs = models.CheckInIn(feelings=[models.Feeling("hopeful")], appreciation="SHARED-lake: the walk")
    op("checkins_create_checkin").sync(client=b.client, body=theirs)
    today = op("checkins_today").sync(client=b.client)
    assert today.partner.state == models.PartnerTodayState.VISIBLE
    revealed = today.partner.checkin.answers
    assert revealed.appreciation == "SHARED-river: thank you for the tea" and revealed.feelings == ["calm", "tired"]
    assert revealed.note is None  # kept private: null, not an empty string
    assert "PRIVATE-river" not in str(today.to_dict())

    # A practice with its deck: the practice names the deck, the deck gives the ids and the words.
    practice = op("practices_get_practice").sync("small-touches", client=a.client)
    assert isinstance(practice, models.PracticeDetailOut) and practice.deck
    deck = op("decks_get_deck").sync(practice.deck, client=a.client)
    assert isinstance(deck, models.DeckOut) and deck.language == "en"
    gesture = deck.sets[0].items[0]
    assert gesture.id and gesture.text
    run = op("practices_start_run").sync(client=a.client, body=models.PracticeStartIn(slug=practice.slug))
    assert isinstance(run, models.PracticeRunOut) and run.step == 0
    finished = op("practices_finish_run").sync(
        run.id, client=a.client, body=models.PracticeFinishIn(rating=5, detail=gesture.id)
    )
    assert isinstance(finished, models.FinishedOut) and finished.rating == 5

    # A closeness question from its deck: the answer comes back with the question's words.
    questions = op("practices_list_questions").sync(client=a.client)
    question = questions[0]
    answered = op("practices_answer_question").sync(
        question.item, client=b.client, body=models.ClosenessAnswerIn(text="A long walk by the water")
    )
    assert answered.question == question.question and answered.partner_state == models.PartnerState.NONE
    answered = op("practices_answer_question").sync(
        question.item, client=a.client, body=models.ClosenessAnswerIn(text="Cooking together on Sundays")
    )
    assert answered.partner_state == models.PartnerState.VISIBLE and answered.partner == "A long walk by the water"

    # A check-up: its questions and scales, every question answered at its lowest anchor.
    checkups = op("assessments_list_instruments").sync(client=a.client)
    slug = checkups[0].slug
    checkup = op("assessments_get_instrument").sync(slug, client=a.client)
    answers = models.TakeCheckupInAnswers.from_dict({i.id: i.scale.anchors[0].value for i in checkup.items})
    result = op("assessments_take").sync(slug, client=a.client, body=models.TakeCheckupIn(answers=answers))
    assert isinstance(result, models.ResultOut) and result.is_mine and result.scores

    # The export, typed part by part, holds what A wrote and nothing of B's.
    export = op("me_export_me").sync(client=a.client)
    assert isinstance(export, models.ExportOut) and export.profile.email == a.email
    assert [c.note for c in export.checkins] == ["PRIVATE-river: I worry about money"]
    assert [log.detail for log in export.practices.log] == [gesture.id]
    assert [x.answer for x in export.practices.answers] == ["Cooking together on Sundays"]
    assert [x.instrument for x in export.assessments.administrations] == [slug]
    assert export.spaces[0].name == "Our kitchen table" and export.spaces[0].left is None
    assert undocumented(export) == []
    everything = str(export.to_dict())
    assert "SHARED-lake" not in everything and "A long walk" not in everything  # not even what B shared

    # Log out: the token stops working. Log in again, and delete the account with the password.
    a.log_out()
    refused = op("me_get_me").sync_detailed(client=a.client)
    assert refused.status_code == 401 and isinstance(refused.parsed, models.Error)
    a.log_in()
    wrong = op("me_delete_me").sync_detailed(client=a.client, body=models.DeleteAccountIn(password="not-it-at-all"))
    assert wrong.status_code == 403 and wrong.parsed.code == "wrong_password"
    deleted = op("me_delete_me").sync_detailed(client=a.client, body=models.DeleteAccountIn(password=PASSWORD))
    assert deleted.status_code == 204
    assert op("me_get_me").sync_detailed(client=a.client).status_code == 401
    gone = a.allauth("POST", "/login", email=a.email, password=PASSWORD)
    assert gone.status_code == 400  # no such account any more

    # B stays, with their own entries; the shared space has ended.
    assert op("me_get_me").sync(client=b.client).email == b.email
    assert op("space_get_space").sync_detailed(client=b.client).status_code == 404
    history = op("checkins_history").sync(client=b.client)
    assert [(day.mine.answers.appreciation, day.partner) for day in history] == [("SHARED-lake: the walk", None)]
    b.log_out()


def _model_modules(root: Any) -> dict[str, str]:
    return {p.stem: p.read_text() for p in (root / "models").glob("*.py")}


@pytest.mark.slow
def test_couple_facing_models_have_no_any(generated):  # noqa: F811
    """Every model a partner's app reads or sends, followed through the models it uses, has real types:
    no field typed Any, and no free-form object (a model with no fields of its own)."""
    from pathlib import Path

    root = Path(generated.__file__).parent
    texts = _model_modules(root)
    todo = [
        name
        for tag in COUPLE_TAGS
        for path in (root / "api" / tag).glob("*.py")
        for name in re.findall(r"from \.\.\.models\.(\w+) import", path.read_text())
    ]
    assert len(todo) > 100
    seen: set[str] = set()
    bad: list[str] = []
    while todo:
        name = todo.pop()
        if name in seen or name not in texts:
            continue
        seen.add(name)
        text = texts[name]
        todo += re.findall(r"from \.\.models\.(\w+) import", text)
        body = text[text.index("\nclass ") :].split("\n    def ", 1)[0]
        fields = re.findall(r"^    (\w+): (.+?)(?: = .*)?$", body, re.MULTILINE)
        own = [(field, kind) for field, kind in fields if field != "additional_properties"]
        extra = dict(fields).get("additional_properties", "")
        bad += [f"{name}.{field}: {kind}" for field, kind in own if re.search(r"\bAny\b", kind)]
        if not own and re.search(r"\bAny\b", extra):
            bad.append(f"{name}: a free-form object")
    assert len(seen) > 150
    assert bad == []
