"""Every refusal has one JSON shape, and the OpenAPI document declares every status an operation
can answer with (schemathesis then proves the app keeps to it)."""

from __future__ import annotations

import pytest

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db

UNSAFE = {"post", "put", "patch", "delete"}


@pytest.fixture
def doc(anon_api) -> dict:
    return anon_api.get("/api/openapi.json").json()


@pytest.fixture
def operations(doc) -> list[tuple[str, str, dict]]:
    return [(method, path, op) for path, ops in doc["paths"].items() for method, op in ops.items()]


# A refusal may add to Error's shape, never change it: POST /api/conversations' 404 also carries the
# help the safety net found in the writer's own opening (NotStartedOut).
ERROR_EXTENDED = {"NotStartedOut"}


def test_every_operation_declares_its_refusals(operations, doc):
    for method, path, op in operations:
        declared = set(op["responses"])
        name = f"{method.upper()} {path}"
        assert any(code.startswith("2") for code in declared), name
        if op.get("security"):
            assert "401" in declared, name
            if method in UNSAFE:
                assert "403" in declared, f"{name}: a browser session without its CSRF token gets 403"
        if op.get("requestBody"):
            assert {"400", "422"} <= declared, f"{name}: unreadable JSON is 400, a wrong shape 422"
        if op.get("parameters"):
            assert "422" in declared, name
        for code, response in op["responses"].items():
            if code.startswith("4"):
                ref = response["content"]["application/json"]["schema"]["$ref"]
                schema = ref.rsplit("/", 1)[1]
                if schema in ERROR_EXTENDED:
                    error, extended = (doc["components"]["schemas"][n] for n in ("Error", schema))
                    assert error["properties"].items() <= extended["properties"].items(), schema
                    assert set(error["required"]) == set(extended["required"]), schema
                    continue
                assert schema == ("ValidationErrorOut" if code == "422" else "Error"), (name, code)


def test_only_the_public_things_need_no_login(operations):
    public = {f"{m.upper()} {p}" for m, p, op in operations if not op.get("security")}
    # The clinic's public routes serve people looking for help, who have no account: the directory, and
    # reaching out, the private screen and booking by the person's own link token.
    clinic = {
        "GET /api/therapists",
        "GET /api/therapists/{slug}",
        "POST /api/therapists/{slug}/reach-out",
        "GET /api/screens/{token}",
        "POST /api/screens/{token}",
        "GET /api/bookings/{token}",
        "PUT /api/bookings/{token}",
        "DELETE /api/bookings/{token}",
    }
    assert public == {"GET /api/feelings", "GET /api/crisis-resources"} | clinic


def test_a_wrong_address_answers_in_json(anon_api):
    for path in ("/api/nothing-here", "/api/me/", "/api/checkins/1/extra"):
        assert_error(anon_api.get(path), 404, "no_route")


def test_validation_errors_list_every_problem(make_user, app_api):
    body = assert_error(
        app_api(make_user()).post("/api/checkins", {"feelings": [], "emotional_closeness": 12, "stress": "high"}),
        422,
        "invalid",
    )
    fields = [problem["field"] for problem in body["errors"]]
    assert {"feelings", "emotional_closeness", "stress"} <= set(fields)
    assert "physical_closeness" not in fields  # a score left out is simply not answered
    assert body["field"] == fields[0]
    for problem in body["errors"]:
        assert problem["detail"] and "pydantic" not in problem["detail"].lower()


def test_a_body_over_the_limit_is_a_json_413_and_writes_nothing(couple, settings):
    from closeknit.checkins.models import CheckIn
    from tests.api.conftest import Api, headless_token

    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    api = Api(token=headless_token(couple.a))
    body = {"emotional_closeness": 5, "physical_closeness": 5, "stress": 5, "feelings": ["calm"], "note": "x" * 20_000}
    r = api.post("/api/checkins", body)
    assert r.status_code == 413 and r["Content-Type"].startswith("application/json")
    assert r.json()["code"] == "too_large" and "send less" in r.json()["detail"]
    assert not CheckIn.objects.exists()
    assert api.post("/api/checkins", {**body, "note": "fine"}).status_code == 201  # under it: as before


def test_body_routes_declare_413(operations):
    for method, path, op in operations:
        if op.get("requestBody"):
            assert "413" in op["responses"], f"{method.upper()} {path}"
