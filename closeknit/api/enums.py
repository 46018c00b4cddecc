"""Named choice lists in /api/openapi.json. pydantic writes a Literal out in full wherever a field uses
it, so one list (the feelings) became three types in a generated client. After the document is built,
every inline copy of a list named here becomes a `$ref` to one component of that name. Validation is
unchanged: the routes still check the Literal itself.
"""

from __future__ import annotations

from typing import Any, get_args

from ninja import Schema

from closeknit.api import (
    assessments,
    checkins,
    decks,
    desires,
    paired,
    practices,
)
from closeknit.api.clinic import caseload as clinic_caseload
from closeknit.api.clinic import intensive as clinic_intensive
from closeknit.api.clinic import notes as clinic_notes
from closeknit.api.clinic import public as clinic_public
from closeknit.practices.library import MODES


def _choices(model: type[Schema], field: str) -> tuple[str, ...]:
    """The values of a field declared inline as a Literal, read from the model so they cannot drift."""
    return get_args(model.model_fields[field].annotation)


NAMED: dict[str, tuple[str, ...]] = {
    "Feeling": get_args(checkins.FeelingSlug),
    "CheckInAnswer": get_args(checkins.AnswerName),
    "Driver": get_args(assessments.DriverKey),
    "PracticeMode": tuple(MODES),
    "DeckKind": get_args(decks.DeckKind),
    "WishMark": get_args(desires.Mark),
    "PartnerState": get_args(paired.PartnerState),
    "TherapistLanguage": get_args(clinic_public.Language),
    "Specialty": get_args(clinic_public.Specialty),
    "CulturalFocus": get_args(clinic_public.Cultural),
    "MeetingTime": get_args(clinic_public.Time),
    "CareCategory": get_args(clinic_public.Category),
    "ConfidentialityPolicy": get_args(clinic_public.Policy),
    "BlockKind": get_args(clinic_intensive.Kind),
    "NoteKind": get_args(clinic_notes.Kind),
    "ConversationPhase": _choices(practices.ConversationOut, "phase"),
    "ChangeVerdict": _choices(assessments.ChangeVerdictOut, "category"),
    "ResultsVisibility": _choices(assessments.CheckupOut, "results"),
    "Meeting": _choices(clinic_public.ReachOutIn, "meeting"),
    "CaseloadFilter": _choices(clinic_caseload.CaseloadQuery, "only"),
}
_BY_VALUES = {values: name for name, values in NAMED.items()}
# What a $ref keeps from the inline copy: the words about this use of the list.
_KEEP = ("description", "default", "examples")


def share(schema: dict[str, Any]) -> dict[str, Any]:
    """Replace inline copies of the named lists with references to one component each."""
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    used: set[str] = set()

    def walk(node: Any) -> Any:
        if isinstance(node, dict):
            values = node.get("enum")
            name = _BY_VALUES.get(tuple(values)) if isinstance(values, list) else None
            if name is not None:
                used.add(name)
                return {"$ref": f"#/components/schemas/{name}", **{k: node[k] for k in _KEEP if k in node}}
            return {k: walk(v) for k, v in node.items()}
        if isinstance(node, list):
            return [walk(v) for v in node]
        return node

    schema["paths"] = walk(schema["paths"])
    for key in list(components):
        components[key] = walk(components[key])
    for name in sorted(used):
        components[name] = {"type": "string", "enum": list(NAMED[name]), "title": name}
    return schema
