"""The only table core owns: which key ring each running process holds (for live key rotation)."""

from __future__ import annotations

from django.db import models


class KeyRingReport(models.Model):
    """One row per process (host:pid), rewritten when its ring changes and every few seconds while it
    serves. `manage.py rotate_field_keys` reads these to know when every live process has moved on."""

    process = models.CharField(max_length=200, unique=True)
    version = models.CharField(max_length=32, help_text="fingerprint of the ordered keys, never a key")
    seen_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.process} @ {self.version}"
