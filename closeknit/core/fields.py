"""A text field whose value is encrypted before it reaches the database."""

from __future__ import annotations

from typing import Any

from django.db import models

from closeknit.core import crypto


class EncryptedTextField(models.TextField):
    """Stores `ck1:<fernet token>`; reads back plain text. Empty strings stay empty (nothing to hide).

    Encrypted columns cannot be searched or ordered by the database; that is the point.
    """

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)


def encrypted_fields() -> list[tuple[type[models.Model], list[str]]]:
    """Every concrete model with encrypted columns, for key rotation and canary tests."""
    from django.apps import apps

    found = []
    for model in apps.get_models():
        names = [f.name for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        if names:
            found.append((model, names))
    return found
