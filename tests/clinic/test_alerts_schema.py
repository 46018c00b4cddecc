"""schemathesis over the coach and safety-alert routes: generated requests, valid and invalid, never a
server error, every status declared, every body matching its schema."""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from closeknit.clinic.services import care
from closeknit.wsgi import application
from tests.api.conftest import headless_token
from tests.api.test_schemathesis import CHECKS, in_process_wsgi  # noqa: F401  (a fixture)

PATHS = r"^/api/(coach|clinic/episodes/\{episode_id\}/alerts|clinic/alerts/)"
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=schemathesis.Config.from_dict({"generation": {"max-examples": 25}})
).include(path_regex=PATHS)


@pytest.fixture
def caller(clinic, couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    care.join_episode(user=couple.a, token=e.join_token)
    return {"token": headless_token(clinic.rivera.user)}


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_coach_and_alert_routes_conform(case, caller, in_process_wsgi):  # noqa: F811
    case.call_and_validate(headers={"X-Session-Token": caller["token"]}, checks=CHECKS)
