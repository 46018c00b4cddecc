"""Every response and request schema has a name of its own in /api/openapi.json. Two ninja schemas
with one class name share one component there, so one route would be documented with the other's
shape (and schemathesis, or an app generated from the document, would reject real answers)."""

from __future__ import annotations

from collections import defaultdict

from ninja import Schema

from closeknit.api.router import api


def _subclasses(cls: type) -> list[type]:
    out = []
    for sub in cls.__subclasses__():
        out += [sub, *_subclasses(sub)]
    return out


def test_no_two_schemas_share_a_name():
    api.get_openapi_schema()  # every route module is imported by now
    modules: dict[str, set[str]] = defaultdict(set)
    for cls in _subclasses(Schema):
        if cls.__module__.startswith("closeknit."):
            modules[cls.__name__].add(cls.__module__)
    assert {name: where for name, where in modules.items() if len(where) > 1} == {}


def test_each_named_component_is_the_one_its_routes_use():
    spec = api.get_openapi_schema()
    schemas = spec["components"]["schemas"]
    assert "user_id" not in schemas["PartnerOut"]["properties"]  # the space's partner, not the caseload's
    assert "user_id" in schemas["CaseloadPartnerOut"]["properties"]
