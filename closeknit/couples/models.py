"""A couple's shared space: one or two partners, invitations, and how the space ended."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q


class Couple(models.Model):
    """Active while `ended_at` is null. A space with one member is real ("solo"), not a draft."""

    name = models.CharField(max_length=80, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return self.name or f"space {self.pk}"

    @property
    def is_active(self) -> bool:
        return self.ended_at is None


class Membership(models.Model):
    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="memberships")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    joined_at = models.DateTimeField(auto_now_add=True)
    left_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # The database, not the view, guarantees a person is in at most one active couple.
            models.UniqueConstraint(fields=["user"], condition=Q(left_at__isnull=True), name="one_active_couple"),
        ]
        indexes = [models.Index(fields=["couple", "left_at"])]

    def __str__(self) -> str:
        return f"person {self.user_id} in space {self.couple_id}"


class Invitation(models.Model):
    """Single-use: a long token for the link, a short code to read out or type."""

    couple = models.ForeignKey(Couple, on_delete=models.CASCADE, related_name="invitations")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    token = models.CharField(max_length=64, unique=True)
    code = models.CharField(max_length=12, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"invitation {self.pk} to space {self.couple_id}"

    def status(self, now) -> str:
        if self.revoked_at:
            return "revoked"
        if self.used_at:
            return "used"
        if now >= self.expires_at:
            return "expired"
        return "open"
