"""Deletes requests to reach out that never led to a booking, after the retention period.

The huey consumer already runs this every night (clinic.tasks.purge_stale_leads); the command is for a
manual run or a box without a consumer. Idempotent: a second run deletes nothing more."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from closeknit.clinic.services import intake


class Command(BaseCommand):
    help = f"Delete reach-out requests older than {intake.RETENTION_DAYS} days that have no booking."

    def handle(self, *args: object, **options: object) -> None:
        deleted = intake.purge_stale()
        self.stdout.write(f"Deleted {deleted} request(s) older than {intake.RETENTION_DAYS} days with no booking.")
