"""schemathesis over the practices routes only: generated requests, valid and invalid, against the
real app, as a person in a couple with a run, a conversation, an answer and a map in place. Proves no
server error, every status declared, every body matching its schema (tests/api has the pattern)."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from closeknit import access
from closeknit.couples import services as couples
from closeknit.practices import services
from closeknit.practices.flows import paired
from closeknit.practices.flows import talk as talks
from closeknit.wsgi import application
from tests.api.conftest import headless_token
from tests.api.test_schemathesis import CHECKS, in_process_wsgi  # noqa: F401  (a fixture)

PATHS = r"^/api/(practices|practice-|conversations|closeness-questions|emotional-map|appreciations|moments|decks)"
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=schemathesis.Config.from_dict({"generation": {"max-examples": 25}})
).include(path_regex=PATHS)


@pytest.fixture
def caller(make_couple, make_user):
    pair = make_couple()
    services.start(user=pair.a, slug="eye-contact")
    talks.start(user=pair.b, slug="hard-conversation")
    paired.answer_question(user=pair.b, item="curious-01", text="Hello")

    def ensure_couple() -> None:
        access.forget(pair.a)
        if access.active_couple_id(pair.a) is None:
            partner = make_user()
            couple = couples.create_space(user=pair.a)
            inv = couples.create_invitation(user=pair.a, couple_id=couple.pk)
            couples.accept_invitation(user=partner, token=inv.token)

    return {"token": headless_token(pair.a), "ensure_couple": ensure_couple}


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_practices_api_conforms(case, caller, in_process_wsgi):  # noqa: F811
    caller["ensure_couple"]()
    case.call_and_validate(headers={"X-Session-Token": caller["token"]}, checks=CHECKS)
