"""What every request body shares: unknown fields are refused, and text is storable.

Refusing unknown fields means a typo ("stres") is reported instead of silently ignored, and the
OpenAPI document says exactly what is accepted. Text is checked here for characters no database
can keep (NUL, unpaired surrogates), so a stray byte is a 422 rather than a server error.
"""

from __future__ import annotations

from typing import Any

from ninja import Schema
from pydantic import ConfigDict, field_validator


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError("That contains a character we can't store.")
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError("That contains a character we can't store.") from None
    elif isinstance(value, list):
        for item in value:
            _storable(item)
    return value


class In(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    @field_validator("*", mode="after")
    @classmethod
    def check_storable(cls, value: Any) -> Any:
        return _storable(value)
