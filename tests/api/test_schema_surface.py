"""What an app team generating a client from /api/openapi.json relies on: short, unique, stable
operationIds; one tag and a description on every operation; shared enums; the token scheme; and a
405 that is JSON like every other refusal."""

from __future__ import annotations

import re
from collections import Counter

import pytest

from tests.api.conftest import assert_error

pytestmark = pytest.mark.django_db
METHODS = {"get", "post", "put", "patch", "delete"}


@pytest.fixture
def doc(anon_api) -> dict:
    response = anon_api.get("/api/openapi.json")
    assert response.status_code == 200
    return response.json()


def _operations(doc: dict) -> list[tuple[str, str, dict]]:
    return [(m, p, op) for p, ops in doc["paths"].items() for m, op in ops.items() if m in METHODS]


def test_operation_ids_are_short_unique_and_named_by_area(doc):
    ids = [op["operationId"] for _, _, op in _operations(doc)]
    assert len(ids) > 100
    assert [i for i, n in Counter(ids).items() if n > 1] == []
    bad = [i for i in ids if not re.fullmatch(r"[a-z][a-z0-9_]{2,40}", i) or i.startswith("closeknit")]
    assert bad == []
    by_path = {(m, p): op["operationId"] for m, p, op in _operations(doc)}
    assert by_path[("get", "/api/care/intensives")] == "care_my_intensives"
    assert by_path[("get", "/api/clinic/note-templates")] == "clinic_list_note_templates"
    assert by_path[("get", "/api/checkins/today")] == "checkins_today"


def test_every_operation_has_one_declared_tag_and_a_description(doc):
    declared = {t["name"] for t in doc["tags"]}
    for method, path, op in _operations(doc):
        assert len(op.get("tags", [])) == 1 and op["tags"][0] in declared, (method, path, op.get("tags"))
        assert op.get("summary") and len(op.get("description", "")) > 20, (method, path)
    tags = {p: op["tags"][0] for _, p, op in _operations(doc)}
    assert tags["/api/care"] == "care" and tags["/api/care/intensives"] == "care"
    assert tags["/api/clinic/desk"] == "clinic" and tags["/api/decks"] == "decks"


def test_the_token_scheme_and_servers_are_documented(doc):
    scheme = doc["components"]["securitySchemes"]["AppToken"]
    assert (scheme["type"], scheme["in"], scheme["name"]) == ("apiKey", "header", "X-Session-Token")
    assert "/_allauth/app/v1/auth/login" in scheme["description"]
    me = doc["paths"]["/api/me"]["get"]
    assert {"AppToken": []} in me["security"]
    assert doc["servers"] and doc["servers"][0]["url"] == "/"


def test_the_feelings_list_is_one_component(doc):
    feeling = doc["components"]["schemas"]["Feeling"]
    assert "calm" in feeling["enum"]
    schemas = doc["components"]["schemas"]
    ref = {"$ref": "#/components/schemas/Feeling"}
    assert schemas["CheckInIn"]["properties"]["feelings"]["items"] == ref
    assert schemas["EmotionalMapIn"]["properties"]["surface"]["items"] == ref
    others = {k: v for k, v in schemas.items() if k != "Feeling"}
    assert "'enum': " + repr(feeling["enum"]) not in str(others)


def test_a_wrong_method_is_a_json_405(couple, app_api, anon_api):
    refused = app_api(couple.a).delete("/api/me")
    assert_error(refused, 405, "method_not_allowed")
    assert set(refused["Allow"].replace(" ", "").split(",")) == {"GET", "PATCH"}
    assert_error(anon_api.call("PUT", "/api/decks", {}), 405, "method_not_allowed")


def test_login_routes_are_described_by_allauths_own_document(doc, anon_api):
    assert "/_allauth/openapi.json" in doc["info"]["description"]
    allauth = anon_api.get("/_allauth/openapi.json")
    assert allauth.status_code == 200
    paths = allauth.json()["paths"]
    assert "/_allauth/{client}/v1/auth/login" in paths and "/_allauth/app/v1/tokens/refresh" in paths
    # Its HTML viewer would load scripts from a CDN: not served.
    assert anon_api.get("/_allauth/openapi.html").status_code == 404


def test_no_choice_list_is_written_out_twice(doc):
    """A list used in two places is one component, so a generated client has one type for it."""
    seen: Counter = Counter()

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("enum"), list) and len(node["enum"]) > 1:
                seen[tuple(node["enum"])] += 1
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(doc["paths"])
    walk(doc["components"])
    assert [values for values, n in seen.items() if n > 1] == []
    assert doc["components"]["schemas"]["ConversationPhase"]["enum"][0] == "speak"


def test_no_route_tags_itself_by_hand(doc):
    """The path decides the tag (router.area_of), so a route moved between modules keeps its place."""
    from closeknit.api.router import api

    by_hand = [
        (path, op.tags)
        for _, router in api._routers
        for path, operations in router.path_operations.items()
        for op in operations.operations
        if op.tags
    ]
    assert by_hand == []
    desires = doc["paths"]["/api/clinic/episodes/{episode_id}/members/{user_id}/desires"]["get"]
    assert desires["tags"] == ["clinic"] and desires["operationId"] == "clinic_member_desires"
    assert doc["paths"]["/api/practices/desires"]["get"]["tags"] == ["practices"]
