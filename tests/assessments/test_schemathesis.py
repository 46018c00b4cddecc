"""schemathesis over the check-ups routes (the pattern of tests/api/test_schemathesis.py): generated
requests, valid and invalid, prove no server error, only declared statuses, and bodies that match.
The caller is a person in a couple whose partner took the closeness check, logged in like an app."""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from closeknit.assessments import services
from closeknit.wsgi import application
from tests.api.conftest import headless_token
from tests.api.test_schemathesis import CHECKS
from tests.assessments.conftest import full_answers


@pytest.fixture
def caller(make_couple):
    pair = make_couple()
    services.take(user=pair.b, slug="closeness-check", answers=full_answers("closeness-check", 3))
    services.take(user=pair.a, slug="weekly-pulse", answers=full_answers("weekly-pulse", 6))
    return {"token": headless_token(pair.a)}


@pytest.fixture
def in_process_wsgi(db):
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=schemathesis.Config.from_dict({"generation": {"max-examples": 25}})
).include(path_regex="^/api/assessments")


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_assessments_api_conforms_to_its_schema(case, caller, in_process_wsgi):
    case.call_and_validate(headers={"X-Session-Token": caller["token"]}, checks=CHECKS)
