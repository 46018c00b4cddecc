"""Pages for the API's long lists: `?limit=` (1-200, 50 by default) and an opaque `?cursor=`; the answer
is `{"items": [...], "next": "<address of the next page>" | null}`.

The cursor is base64url of JSON `[time, id]`, the last (sort value, id) read (core.pages.After). It
is opaque to apps on purpose: they follow `next` as it is. It carries no one's data but a row id and
a time the caller was already shown. A cursor we did not make is a 422 `bad_cursor`, never a 500.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import json
from typing import Any

from django.http import HttpRequest
from ninja import Query, Schema
from pydantic import Field, create_model

from closeknit.core.errors import ServiceError
from closeknit.core.pages import MAX_LIMIT, After

DEFAULT_LIMIT = 50
LIMIT = Query(DEFAULT_LIMIT, ge=1, le=MAX_LIMIT, description=f"Items per page, 1 to {MAX_LIMIT}.")
CURSOR = Query(None, max_length=200, description="From the previous page's `next`; leave out for the first page.")
NEXT_DOC = "The address of the next page, to call as it is; null on the last page. A page may hold fewer items than `limit` and still have a next one."  # noqa: E501


def encode(after: After) -> str:
    raw = json.dumps([after.at.isoformat(), after.id], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None) -> After | None:
    if cursor is None:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        at, pk = json.loads(raw)
        when = dt.datetime.fromisoformat(at)
        if when.tzinfo is None or not isinstance(pk, int) or isinstance(pk, bool) or pk < 1:
            raise ValueError
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError):
        raise ServiceError(
            "That page link is not one of ours. Please start again from the first page (leave out `cursor`).",
            status=422,
            code="bad_cursor",
            field="cursor",
        ) from None
    return After(when, pk)


def next_link(request: HttpRequest, after: After | None) -> str | None:
    """The same address and filters, with the cursor of the next page."""
    if after is None:
        return None
    query = request.GET.copy()
    query["cursor"] = encode(after)
    return f"{request.path}?{query.urlencode()}"


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """The page schema for one item schema, named for the OpenAPI document (e.g. `PracticeLogPage`)."""
    fields: dict[str, Any] = {
        "items": (list[item], Field(description="Newest first.")),  # type: ignore[valid-type]  # a schema built at run time for each item type
        "next": (str | None, Field(description=NEXT_DOC)),
    }
    return create_model(name, __base__=Schema, __module__=item.__module__, **fields)


def page_out(request: HttpRequest, items: list[Any], after: After | None) -> dict[str, Any]:
    return {"items": items, "next": next_link(request, after)}
