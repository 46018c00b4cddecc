"""schemathesis over the clinic's routes, called by a clinician in care with a couple, and by nobody.

Proves for each clinic operation: no server error, every status declared, bodies match the schema,
invalid input refused. (tests/api/test_schemathesis.py covers every route as a partner.)
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from closeknit.clinic.services import care
from closeknit.wsgi import application
from tests.api.conftest import headless_token
from tests.api.test_schemathesis import CHECKS, in_process_wsgi  # noqa: F401  (fixture)

CLINIC = r"^/api/(therapists|screens|bookings|care|clinic)"

schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=schemathesis.Config.from_dict({"generation": {"max-examples": 25}})
).include(path_regex=CLINIC)


@pytest.fixture
def clinician_caller(clinic, couple):
    e = care.start_episode(user=clinic.rivera.user, policy="no_secrets")
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy="no_secrets")
    care.set_consent(user=couple.a, episode_id=e.pk, category="checkins", granted=True)
    return headless_token(clinic.rivera.user)


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_clinic_api_conforms(case, clinician_caller, in_process_wsgi):  # noqa: F811
    case.call_and_validate(headers={"X-Session-Token": clinician_caller}, checks=CHECKS)
