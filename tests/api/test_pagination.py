"""The API's long lists come a page at a time (limit + opaque cursor, with a `next` link) instead of
stopping silently at 200 items; a cursor we did not make is a clear 422; paging never shows a
partner's private entry; the OpenAPI document declares it all."""

from __future__ import annotations

import base64
import json

import pytest
from django.utils import timezone

from closeknit.practices.models import Note
from tests.api.conftest import Api, assert_error, headless_token

pytestmark = pytest.mark.django_db


def _notes(pair, n: int, *, author=None, shared: bool = True, kind: str = "gratitude", same_instant: bool = False):
    author = author or pair.a
    today = timezone.localdate()
    made = Note.objects.bulk_create(
        Note(author=author, couple_id=pair.couple_id, kind=kind, text=f"note {i}", local_date=today, shared=shared)
        for i in range(n)
    )
    if same_instant:  # ties on the sort key: the id must break them, or pages would repeat or skip
        Note.objects.filter(pk__in=[m.pk for m in made]).update(created_at=timezone.now())
    return made


def _all_pages(api: Api, first: str) -> list[list[dict]]:
    pages, url = [], first
    while url:
        r = api.client.get(url, headers={"X-Session-Token": api.token})
        assert r.status_code == 200, r.content
        pages.append(r.json()["items"])
        url = r.json()["next"]
        assert len(pages) < 50
    return pages


def test_two_pages_then_the_end(couple):
    _notes(couple, 5)
    api = Api(token=headless_token(couple.a))
    first = api.get("/api/appreciations", limit=2).json()
    assert len(first["items"]) == 2 and first["next"].startswith("/api/appreciations?")
    assert "limit=2" in first["next"] and "cursor=" in first["next"]
    second = api.client.get(first["next"], headers={"X-Session-Token": api.token}).json()
    assert len(second["items"]) == 2 and second["next"]
    texts = [n["text"] for n in first["items"] + second["items"]]
    assert texts == ["note 4", "note 3", "note 2", "note 1"]  # newest first, nothing twice
    pages = _all_pages(api, "/api/appreciations?limit=2")
    assert [len(p) for p in pages] == [2, 2, 1]


def test_past_200_nothing_is_dropped_even_on_a_tie(couple):
    _notes(couple, 230, same_instant=True)
    api = Api(token=headless_token(couple.a))
    assert len(api.get("/api/appreciations").json()["items"]) == 50  # the default page
    pages = _all_pages(api, "/api/appreciations?limit=200")
    ids = [n["id"] for p in pages for n in p]
    assert [len(p) for p in pages] == [200, 30] and len(set(ids)) == 230


def test_filters_ride_along_in_the_next_link(couple):
    _notes(couple, 3, kind="moment")
    api = Api(token=headless_token(couple.a))
    first = api.get("/api/moments", limit=1, days=7).json()
    assert "days=7" in first["next"]
    assert sum(len(p) for p in _all_pages(api, first["next"])) == 2


def test_a_partners_private_entries_never_fill_a_page(couple):
    _notes(couple, 4, shared=False)
    _notes(couple, 3, shared=True)
    partner = Api(token=headless_token(couple.b))
    seen = [n for p in _all_pages(partner, "/api/appreciations?limit=2") for n in p]
    assert len(seen) == 3 and all(not n["is_mine"] for n in seen)
    assert not {n["id"] for n in seen} & set(Note.objects.filter(shared=False).values_list("pk", flat=True))


def _b64(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "cursor",
    [
        "not-a-cursor",
        "%%%",
        _b64([1, 2]),
        _b64(["2026-01-01T00:00:00", 3]),  # no time zone
        _b64(["2026-06-01T12:00:00+00:00", -4]),  # fixed: xdist workers must collect the same ids
        _b64(["2026-06-01T12:00:00+00:00", True]),
        _b64({"at": 1}),
    ],
)
def test_a_cursor_we_did_not_make_is_a_clear_422(couple, cursor):
    api = Api(token=headless_token(couple.a))
    for path in ("/api/appreciations", "/api/practice-log", "/api/assessments/results", "/api/care/access-log"):
        body = assert_error(api.get(path, cursor=cursor), 422, "bad_cursor")
        assert body["field"] == "cursor" and "first page" in body["detail"], path
    too_long = api.get("/api/appreciations", cursor="a" * 201)
    assert too_long.status_code == 422


def test_the_schema_declares_limit_cursor_and_next(anon_api):
    doc = anon_api.get("/api/openapi.json").json()
    for path in ("/api/appreciations", "/api/moments", "/api/practice-log", "/api/assessments/results"):
        op = doc["paths"][path]["get"]
        names = {p["name"] for p in op["parameters"]}
        assert {"limit", "cursor"} <= names, path
        ref = op["responses"]["200"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
        props = doc["components"]["schemas"][ref]["properties"]
        assert set(props) == {"items", "next"} and "next page" in props["next"]["description"], path
    limit = next(p for p in doc["paths"]["/api/appreciations"]["get"]["parameters"] if p["name"] == "limit")
    assert limit["schema"]["maximum"] == 200
