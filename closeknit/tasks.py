"""Background work (huey). Tasks take ids, never anyone's words; state lives in the database."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(minute="*"))
def sweep_reminders() -> int:
    from closeknit.nudges import services

    return services.send_due_reminders()


@db_task(retries=2, retry_delay=30)
def nudge_partner(checkin_id: int) -> bool:
    from closeknit.nudges import services

    return services.nudge_partner(checkin_id=checkin_id)
