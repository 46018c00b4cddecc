"""`Idempotency-Key` on the API's create routes: an app that sends a write, loses the answer (a train
tunnel) and sends it again must not make a second check-in or appreciation.

`@idempotent` under a route's decorator wraps the operation's view. With the header, the write and
the record of its answer (IdempotentWrite: user, SHA-256 of the key, fingerprint, status, body) commit
in one transaction. A retry with the same key and the same request gets the stored answer, and
nothing is written again; the same key with a different request is a 422 (`idempotency_key_reused`).
Refusals (4xx) are not kept: the transaction rolls back, so a retry is tried afresh. Answers are kept
24 hours (KEEP); the hourly task forgets older ones. Without the header nothing changes.

Two copies of one request racing: the record is inserted before the write, so on PostgreSQL the
second waits on the unique (user, key) index until the first commits, then replays its answer; on
SQLite the IMMEDIATE transactions run one after the other.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import re
from collections.abc import Callable
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from ninja.responses import NinjaJSONEncoder, Status
from ninja.utils import contribute_operation_callback

from closeknit.accounts.http import AuthedRequest
from closeknit.api.models import IdempotentWrite
from closeknit.core.errors import ServiceError

HEADER = "Idempotency-Key"
KEEP = dt.timedelta(hours=24)
_KEY = re.compile(r"^[\x21-\x7e]{1,255}$")  # visible ASCII, as a UUID or any random token is

PARAMETER = {
    "in": "header",
    "name": HEADER,
    "required": False,
    "schema": {"type": "string", "minLength": 1, "maxLength": 255, "pattern": "^[!-~]+$"},
    "description": "Optional. A fresh random value (a UUID) per new entry. Sending the same request again "
    "with the same key within 24 hours returns the first answer and writes nothing; the same key with a "
    "different request is refused (422 `idempotency_key_reused`).",
}


def idempotent(func: Callable[..., Any]) -> Callable[..., Any]:
    """Put it directly under `@router.post(...)`: ninja then hands us the operation it builds."""

    def install(operation: Any) -> None:
        view = operation.view_func

        @functools.wraps(view)
        def once(request: AuthedRequest, **values: Any) -> Any:
            return _once(request, lambda: view(request, **values))

        operation.view_func = once
        extra = operation.openapi_extra or {}
        operation.openapi_extra = {**extra, "parameters": [*extra.get("parameters", []), PARAMETER]}

    contribute_operation_callback(func, install)
    return func


def _digest(*parts: bytes) -> str:
    h = hashlib.sha256()
    for part in parts:
        h.update(len(part).to_bytes(8, "big"))
        h.update(part)
    return h.hexdigest()


def _once(request: AuthedRequest, call: Callable[[], Any]) -> Any:
    raw = request.headers.get(HEADER)
    if raw is None:
        return call()
    if not _KEY.match(raw):
        raise ServiceError(f"The {HEADER} header should be 1 to 255 plain characters, such as a UUID.", field=HEADER)
    user = request.user
    assert request.method is not None  # set on every request Django serves
    key = _digest(raw.encode())
    fingerprint = _digest(request.method.encode(), request.get_full_path().encode(), request.body)
    now = timezone.now()
    with transaction.atomic():
        IdempotentWrite.objects.filter(user=user, key=key, created_at__lt=now - KEEP).delete()
        row = IdempotentWrite.objects.select_for_update().filter(user=user, key=key).first()
        if row is None:
            try:
                with transaction.atomic():  # a savepoint: its twin may hold the key already
                    row = IdempotentWrite.objects.create(
                        user=user, key=key, fingerprint=fingerprint, status=0, created_at=now
                    )
            except IntegrityError:
                row = IdempotentWrite.objects.get(user=user, key=key)  # the twin committed first
            else:
                result = call()  # a refusal raises: the record rolls back with the write
                row.status, row.body = _answer(result)
                if 200 <= row.status < 300:
                    row.save(update_fields=["status", "body"])
                else:  # a refusal returned rather than raised: not kept either
                    row.delete()
                return result
    return _replay(row, fingerprint)


def _answer(result: Any) -> tuple[int, str]:
    status, value = (result.status_code, result.value) if isinstance(result, Status) else (200, result)
    return status, json.dumps(value, cls=NinjaJSONEncoder)


def _replay(row: IdempotentWrite, fingerprint: str) -> Status:
    if row.fingerprint != fingerprint:
        raise ServiceError(
            f"This {HEADER} was already used for a different request. Please send a new key for a new entry.",
            status=422,
            code="idempotency_key_reused",
            field=HEADER,
        )
    return Status(row.status, json.loads(row.body) if row.body else None)


def forget_expired(*, now: dt.datetime | None = None) -> int:
    """Drop answers older than KEEP; run hourly by closeknit.api.tasks."""
    cutoff = (now or timezone.now()) - KEEP
    deleted, _ = IdempotentWrite.objects.filter(created_at__lt=cutoff).delete()
    return deleted
