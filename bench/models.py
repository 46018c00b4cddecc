"""The one table the bare view writes to."""

from django.db import models


class Ping(models.Model):
    """One row per bare request: the smallest honest "one DB write" a Django view can do."""

    created_at = models.DateTimeField(auto_now_add=True)
    note = models.CharField(max_length=40)

    def __str__(self) -> str:
        return f"ping {self.pk}"
