"""The private screen each partner answers before a first consultation. Our own wording.

Any "yes" to a safety question is a positive screen: the person is shown resources privately and the
clinician is flagged. Nothing about a screen (not even that one exists) is ever shown to the other
partner. Couples work is not offered as a fix for abuse; the clinician talks with the person alone.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django_stubs_ext import StrOrPromise

from closeknit.core.errors import ServiceError
from closeknit.core.text import storable


@dataclass(frozen=True)
class YesNo:
    name: str
    text: StrOrPromise  # in the reader's language, evaluated when shown


SAFETY: tuple[YesNo, ...] = (
    YesNo("hurt", gettext_lazy("In the past year, has your partner hurt you physically, or threatened to?")),
    YesNo("afraid", gettext_lazy("Do you sometimes feel afraid of your partner, or of what they might do?")),
    YesNo(
        "control",
        gettext_lazy(
            "Does your partner control where you go, who you see, your money or your phone, "
            "in a way that feels hard to say no to?"
        ),
    ),
    YesNo("pressure", gettext_lazy("Has your partner pushed you into sexual contact you did not want?")),
    YesNo("crisis", gettext_lazy("In the past month, have you thought about ending your life or hurting yourself?")),
)

COMING: dict[str, StrOrPromise] = {
    "want": gettext_lazy("I want to come"),
    "unsure": gettext_lazy("I'm not sure yet"),
    "asked": gettext_lazy("I'm coming mostly because my partner asked me to"),
    "no": gettext_lazy("I don't want to come"),
}
GOALS_MAX = 1000


@dataclass(frozen=True)
class Answers:
    safety: dict[str, bool]
    goals: str
    coming: str

    @property
    def positive(self) -> bool:
        return any(self.safety.values())

    def to_json(self) -> str:
        return json.dumps({"safety": self.safety, "goals": self.goals, "coming": self.coming})

    @classmethod
    def from_json(cls, raw: str) -> Answers:
        data = json.loads(raw)
        return cls(safety=data["safety"], goals=data["goals"], coming=data["coming"])


def parse(data: Any) -> Answers:
    """Every safety question needs a yes or a no: a blank must not read as "no"."""
    safety: dict[str, bool] = {}
    for q in SAFETY:
        value = data.get(q.name)
        if isinstance(value, bool):
            safety[q.name] = value
        elif value in ("yes", "no"):
            safety[q.name] = value == "yes"
        else:
            raise ServiceError(_("Please answer each question with yes or no."), field=q.name)
    coming = data.get("coming")
    if coming not in COMING:
        raise ServiceError(_("Please say how you feel about coming."), field="coming")
    goals = data.get("goals") or ""
    if not isinstance(goals, str):
        raise ServiceError(_("Please write your hopes as text."), field="goals")
    goals = storable(
        goals, field="goals", label=pgettext("field label", "the answer about your hopes"), max_length=GOALS_MAX
    )
    return Answers(safety=safety, goals=goals, coming=coming)
