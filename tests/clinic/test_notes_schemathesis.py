"""schemathesis over the notes routes, aimed at real rows: every generated request names the real
episode, a real note and a real block, so the services (not only the 404 path) meet generated input.

Proves for each notes operation: no server error, every status declared, bodies match the schema,
invalid input refused. tests/clinic/test_schemathesis.py also covers them with unknown ids.
"""

from __future__ import annotations

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from closeknit.clinic.services import notes as services
from closeknit.wsgi import application
from tests.api.conftest import headless_token
from tests.api.test_schemathesis import CHECKS, in_process_wsgi  # noqa: F401  (fixture)
from tests.clinic.notes_setup import make_blocks, start

schema = schemathesis.openapi.from_wsgi(
    "/api/openapi.json", application, config=schemathesis.Config.from_dict({"generation": {"max-examples": 30}})
).include(path_regex=r"^/api/clinic/(notes|note-templates|episodes/\{episode_id\}/notes)")


@pytest.fixture
def caller(clinic, couple):
    e = start(clinic.rivera.user, couple, "individual")
    blocks = make_blocks(e, couple)
    draft = services.create_note(user=clinic.rivera.user, episode_id=e.pk, kind="session", title="A draft")
    return {"token": headless_token(clinic.rivera.user), "episode_id": e.pk, "note_id": draft.pk, "block": blocks}


@pytest.mark.slow
@schema.parametrize()
@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True, database=None)
def test_notes_api_conforms_on_real_rows(case, caller, in_process_wsgi):  # noqa: F811
    params = case.path_parameters or {}
    for name in ("episode_id", "note_id"):
        if name in params and isinstance(params[name], int) and params[name] % 2 == 0:
            params[name] = caller[name]  # half the cases hit the real row, half a generated id
    case.call_and_validate(headers={"X-Session-Token": caller["token"]}, checks=CHECKS)
