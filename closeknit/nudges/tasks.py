"""Reminders and nudges, sent in the background (huey). Tasks take ids, never anyone's words; state lives
in the database, so a task that is lost, retried or run by two consumers at once never sends twice.

Tasks return None: huey keeps a non-None result until someone reads it, and nobody reads these.
"""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from closeknit.nudges import services


@db_periodic_task(crontab(minute="*"))
def sweep_reminders() -> None:
    services.send_due_reminders()


@db_task(retries=2, retry_delay=30)
def nudge_partner(checkin_id: int) -> None:
    """A failed send raises after giving the claim back, so huey's retry can send it."""
    outcome = services.nudge_partner(checkin_id=checkin_id)
    if outcome.retry_at is not None:  # too early in the partner's morning: try again at 08:00 their time
        nudge_partner.schedule(args=(checkin_id,), eta=outcome.retry_at)


@db_task(retries=2, retry_delay=30)
def announce_talk(talk_id: int) -> None:
    """The partner opened a conversation: tell the other phone (name and link only)."""
    outcome = services.announce_talk(talk_id=talk_id)
    if outcome.retry_at is not None:  # before 08:00 their time: say it in the morning, if still waiting
        announce_talk.schedule(args=(talk_id,), eta=outcome.retry_at)
