"""schemathesis over /api/openapi.json: generated requests, valid and invalid, against the real app.

It proves, for every operation, that no request causes a server error, that every status returned
is declared, and that every body matches its declared schema. The caller is a real person in a
couple, logged in through allauth headless like a phone app.
"""

from __future__ import annotations

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
    unsupported_method,
)

from closeknit import access
from closeknit.checkins import services as checkins
from closeknit.couples import services as couples
from closeknit.wsgi import application
from tests.api.conftest import headless_token

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    negative_data_rejection,
    ignored_auth,
    unsupported_method,
]


@pytest.fixture
def caller(make_couple, make_user, answers):
    """A person in a couple whose partner checked in today; keeps them in a couple between cases,
    so "leave" does not turn every later case into the no-space path."""
    pair = make_couple()
    checkins.create_checkin(user=pair.b, answers=answers)

    def ensure_couple() -> None:
        access.forget(pair.a)
        if access.active_couple_id(pair.a) is None:
            partner = make_user()
            couple = couples.create_space(user=pair.a)
            inv = couples.create_invitation(user=pair.a, couple_id=couple.pk)
            couples.accept_invitation(user=partner, token=inv.token)

    return {"token": headless_token(pair.a), "ensure_couple": ensure_couple}


@pytest.fixture
def in_process_wsgi(db):
    """Serve the WSGI app inside the test's transaction, as Django's test client does: a finished
    request must not close the connection the test is still using."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield application
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


# Loaded at import from the app itself (no database needed to describe the API). The lazy
# `from_fixture` loader would be the usual choice, but it does not run on pytest 9.
schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=schemathesis.Config.from_dict({"generation": {"max-examples": 25}})
)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_api_conforms_to_its_schema(case, caller, in_process_wsgi):
    caller["ensure_couple"]()
    case.call_and_validate(headers={"X-Session-Token": caller["token"]}, checks=CHECKS)
