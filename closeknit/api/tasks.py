"""The API's housekeeping, run in the background (huey). Tasks return None: huey keeps a non-None result
until someone reads it, and nobody reads these."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from closeknit.api import idempotency


@db_periodic_task(crontab(minute="17"))
def forget_idempotent_answers() -> None:
    """Answers kept for Idempotency-Key retries live 24 hours."""
    idempotency.forget_expired()
