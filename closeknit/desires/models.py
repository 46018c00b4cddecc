"""What the desires practice keeps. Answers and boundaries are encrypted at rest: a "maybe" about
intimacy is as private as any sentence, so a database dump shows only that a row exists."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from closeknit.core.fields import EncryptedTextField


class AdultConfirmation(models.Model):
    """The person confirmed they are an adult and choose to use this practice; asked once, kept."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desires_adult")
    confirmed_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"person {self.user_id} confirmed adult"


class DesireAnswer(models.Model):
    """One person's answer to one item ("yes", "maybe" or "no"), in one space."""

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="desire_answers")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="desire_answers")
    item = models.CharField(max_length=80, help_text="the item id in content/practices/desires")
    value = EncryptedTextField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["author", "couple", "item"], name="one_desire_answer_per_item")]
        indexes = [models.Index(fields=["couple", "author"])]

    def __str__(self) -> str:
        return f"desire answer {self.item} by {self.author_id}"


class Boundary(models.Model):
    """A boundary in the author's own words; the partner reads it only if the author shares it."""

    # Set on a freshly saved row by the service that saved it: what to show its author once. Not a column.
    support: list[dict[str, str]]

    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="boundaries")
    couple = models.ForeignKey("couples.Couple", on_delete=models.CASCADE, related_name="boundaries")
    text = EncryptedTextField()
    shared = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"boundary {self.pk}"


class Reveal(models.Model):
    """The couple's shared list as last revealed. `changed_at` moves only when what both see changes,
    so its date (shown on the history page) can never hint at an unmatched answer."""

    couple = models.OneToOneField("couples.Couple", on_delete=models.CASCADE, related_name="desires_reveal")
    matches = EncryptedTextField(default="[]", help_text="JSON list of [item, kind], in deck order")
    opened_at = models.DateTimeField()
    changed_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"reveal for couple {self.couple_id}"
