"""What every request body shares: unknown fields are refused, and text is storable.

Refusing unknown fields means a typo ("stres") is reported instead of silently ignored, and the
OpenAPI document says exactly what is accepted. Text is checked here for characters no database
can keep (NUL, unpaired surrogates), so a stray byte is a 422 rather than a server error.
"""

from __future__ import annotations

from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Schema
from ninja.schema import DjangoGetter
from pydantic import ConfigDict, Field, ValidationInfo, field_validator, model_validator
from pydantic.functional_validators import ModelWrapValidatorHandler

# The largest id a path may name: PostgreSQL's bigint. A larger number is a 422, never a database error.
MAX_ID = 2**63 - 1


def _storable(value: Any) -> Any:
    if isinstance(value, str):
        if "\x00" in value:
            raise ValueError(_("That contains a character we can't store."))
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            raise ValueError(_("That contains a character we can't store.")) from None
    elif isinstance(value, list):
        for item in value:
            _storable(item)
    return value


class In(Schema):
    model_config = ConfigDict(extra="forbid", strict=True)

    @model_validator(mode="wrap")
    @classmethod
    def _run_root_validator(cls, values: Any, handler: ModelWrapValidatorHandler[Any], info: ValidationInfo) -> Any:
        """A request body is a dict from JSON: validate it once. ninja's Schema validates a schema that
        forbids extra fields twice, the dict and then the dict again behind its ORM getter (for
        `resolve_*` methods and model attributes, which a body has none of); that second pass was a
        twentieth of a check-in's CPU. Anything else (an object, in a test) goes ninja's way."""
        if type(values) is dict and not cls._ninja_resolvers:
            return handler(values)
        handler(values)  # what ninja does for a schema that forbids extra fields
        return handler(DjangoGetter(values, cls, info.context))

    @field_validator("*", mode="after")
    @classmethod
    def check_storable(cls, value: Any) -> Any:
        return _storable(value)


class SupportOut(Schema):
    """What the safety net (closeknit.safety.net) found in words the caller just wrote: which help to
    offer them, privately. Only ever in the answer to the author's own write; never stored with the
    words (check-ins keep it for the author) and never shown to the partner."""

    kind: Literal["crisis", "violence"] = Field(description="Which list of help lines to show.")
    level: Literal["urgent", "gentle"] = Field(description="urgent: show them up front; gentle: a quiet offer.")


SUPPORT_DOC = (
    "Help to offer you privately, at once, when the words you just wrote sound like you may not be safe "
    "(see GET /api/crisis-resources). Only in the answer to your own write; empty elsewhere."
)


def support_out(found: Any) -> list[SupportOut]:
    return [SupportOut(kind=s["kind"], level=s["level"]) for s in (found or ())]
