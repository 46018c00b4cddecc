"""Clinic emails, sent in the background. Tasks take ids; what they send is built from the database."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task


@db_periodic_task(crontab(minute="*"))
def sweep_appointment_reminders() -> None:
    from closeknit.clinic.services import reminders

    reminders.send_due()
    reminders.send_due_joins()


@db_periodic_task(crontab(minute="*/5"))
def sweep_intensive_reminders() -> None:
    from closeknit.clinic.services import reminders

    reminders.send_due_intensives()


@db_periodic_task(crontab(hour="3", minute="20"))
def purge_stale_leads() -> None:
    """Requests that never led to a booking are deleted after the retention period; idempotent."""
    from closeknit.clinic.services import intake

    intake.purge_stale()


@db_task(retries=2, retry_delay=30)
def reach_out_received(lead_id: int, confirm: bool) -> None:
    from closeknit.clinic import emails

    emails.reach_out_received(lead_id=lead_id, confirm=confirm)


@db_task(retries=2, retry_delay=30)
def partner_invited(lead_id: int) -> None:
    from closeknit.clinic import emails

    emails.partner_invited(lead_id=lead_id)


@db_task(retries=2, retry_delay=30)
def screen_flagged(screen_id: int) -> None:
    from closeknit.clinic import emails

    emails.screen_flagged(screen_id=screen_id)


@db_task(retries=2, retry_delay=30)
def appointment_changed(appointment_id: int, change: str) -> None:
    from closeknit.clinic import emails

    emails.appointment_changed(appointment_id=appointment_id, change=change)


@db_task(retries=2, retry_delay=30)
def episode_started(episode_id: int) -> None:
    from closeknit.clinic import emails

    emails.episode_started(episode_id=episode_id)


@db_task(retries=2, retry_delay=30)
def handover_started(handover_id: int) -> None:
    from closeknit.clinic import emails

    emails.handover_started(handover_id=handover_id)
