"""The tone of an entry (valence, label, emotion mix), stored so history reads are cheap.

Never the text: the words stay encrypted in their own table. A row is keyed to what it describes
(kind + object id) and carries a keyed digest of the exact words it was computed from, so an edit
(entries are editable that day) or a change of what is shared makes the row stale and the next read
recomputes it. The digest is an HMAC under a key derived from SECRET_KEY, so it cannot be used to
guess short texts from a database dump.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models

KINDS = [("checkin", "check-in"), ("reflection", "practice reflection")]
LABELS = [("negative", "negative"), ("neutral", "neutral"), ("positive", "positive")]


class EntryTone(models.Model):
    kind = models.CharField(max_length=20, choices=KINDS)
    object_id = models.PositiveBigIntegerField()
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="entry_tones")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="entry_tones")
    local_date = models.DateField()
    shared = models.BooleanField(help_text="the words counted were shared with the partner when computed")
    digest = models.CharField(max_length=64, help_text="HMAC of the words and model version, never the words")
    label = models.CharField(max_length=10, choices=LABELS)
    valence = models.FloatField(help_text="P(positive) - P(negative), in [-1, 1]")
    emotions = models.JSONField(default=dict, help_text="emotion -> share of the mix, summing to 1")
    computed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "object_id"], name="one_tone_per_entry")]
        indexes = [models.Index(fields=["couple", "local_date"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.object_id}: {self.label} ({self.valence:+.2f})"
