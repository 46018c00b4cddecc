"""The shape of an instrument definition: its enums, dataclasses and the errors loading can raise.

Kept apart from the loader (definitions.py) so scoring and change statistics depend on the shape only.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import NamedTuple

from django.utils.translation import gettext, gettext_noop

from closeknit.core.content import ContentError
from closeknit.core.content import path as content_path
from closeknit.core.errors import NotFound

OUR_LABEL = "closeknit scale, not yet validated"
# The same label in each language a scale is translated into: `label` is words a person reads, so a
# translation carries it in its own language, and any of these marks the scale as ours.
OUR_LABELS = {"en": OUR_LABEL, "es": "escala de closeknit, aún no validada"}
PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_DIR = content_path("instruments")
FORMAT_VERSION = 1
# A definition may name its norm groups; these stand in when it does not, in the reader's language
# (`group_words`). Marked for the catalog here, translated where a sentence is written.
DEFAULT_FUNCTIONAL_GROUP = gettext_noop("people who are doing well in this area")
DEFAULT_DYSFUNCTIONAL_GROUP = gettext_noop("people who are struggling in this area")


def group_words(name: str, *, functional: bool) -> str:
    """A norm group's name for a sentence: the definition's own words, or the default in the active language."""
    if not name or name in (DEFAULT_FUNCTIONAL_GROUP, DEFAULT_DYSFUNCTIONAL_GROUP):
        return gettext(DEFAULT_FUNCTIONAL_GROUP if functional else DEFAULT_DYSFUNCTIONAL_GROUP)
    return name


_LARGEST = 1e6  # no scale value, norm or cutoff is near this; beyond it is a typo (and float sums overflow)
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_ID = re.compile(r"^[a-z0-9][a-z0-9_-]*$")


class Direction(StrEnum):
    HIGHER_IS_BETTER = "higher_is_better"
    LOWER_IS_BETTER = "lower_is_better"


class Method(StrEnum):
    SUM = "sum"
    MEAN = "mean"


class Respondent(StrEnum):
    EACH_PARTNER = "each_partner"  # both partners answer, each privately, about the relationship
    INDIVIDUAL = "individual"  # a person answers about themself; the partner need not take part


class Visibility(StrEnum):
    PARTNER = "partner"  # scores appear in the couple report (item answers only if the author shares them)
    PRIVATE = "private"  # scores are seen by the author only, unless they choose to share


class Cadence(StrEnum):
    ONCE = "once"
    WEEKLY = "weekly"
    EVERY_4_WEEKS = "every_4_weeks"
    AFTER_SESSION = "after_session"


class ReliabilityKind(StrEnum):
    TEST_RETEST = "test_retest"
    ALPHA = "alpha"


@dataclass(frozen=True)
class Anchor:
    value: float
    text: str


@dataclass(frozen=True)
class ResponseScale:
    """Discrete (answers are exactly the anchor values) or a range (min..max on a step, anchors label points)."""

    id: str
    anchors: tuple[Anchor, ...]
    minimum: float
    maximum: float
    discrete: bool
    step: float | None = None

    def allows(self, value: float) -> bool:
        if self.discrete:
            return any(value == a.value for a in self.anchors)
        if not self.minimum <= value <= self.maximum:
            return False
        if self.step is None:
            return True
        steps = (value - self.minimum) / self.step
        return math.isclose(steps, round(steps), abs_tol=1e-9)

    def describe(self) -> str:
        """The allowed answers in words, for error messages."""
        if self.discrete:
            return "one of " + ", ".join(f"{a.value:g}" for a in self.anchors)
        step = f" in steps of {self.step:g}" if self.step else ""
        return f"a number from {self.minimum:g} to {self.maximum:g}{step}"

    def is_symmetric(self) -> bool:
        """Reverse keying (min + max - value) maps every allowed answer to another allowed answer."""
        if not self.discrete:
            return True
        values = {a.value for a in self.anchors}
        return all((self.minimum + self.maximum - v) in values for v in values)


@dataclass(frozen=True)
class Item:
    id: str
    number: int  # 1-based position, used in messages a person reads ("question 3")
    text: str
    scale: ResponseScale
    reverse: bool = False
    subscale: str | None = None


@dataclass(frozen=True)
class Band:
    start: float  # the band runs from `start` up to the next band's start (the last one to the maximum)
    label: str
    meaning: str


@dataclass(frozen=True)
class Cutoff:
    value: float
    source: str


@dataclass(frozen=True)
class GroupNorm:
    mean: float
    sd: float


@dataclass(frozen=True)
class Norms:
    source: str
    reference_sd: float | None = None
    reliability: float | None = None
    reliability_kind: ReliabilityKind | None = None
    functional: GroupNorm | None = None
    dysfunctional: GroupNorm | None = None


@dataclass(frozen=True)
class Score:
    """The total or one subscale: which items, how they combine, and how to read the number."""

    key: str  # "total" or the subscale id
    title: str
    description: str
    direction: Direction
    method: Method
    item_ids: tuple[str, ...]
    max_missing: int
    minimum: float
    maximum: float
    bands: tuple[Band, ...] = ()
    cutoff: Cutoff | None = None
    norms: Norms | None = None
    functional_group: str = DEFAULT_FUNCTIONAL_GROUP
    dysfunctional_group: str = DEFAULT_DYSFUNCTIONAL_GROUP


@dataclass(frozen=True)
class Source:
    citation: str
    licence_holder: str
    licence: str


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: each is loaded once and cached
class Instrument:
    slug: str
    title: str
    version: str
    label: str
    source: Source | None
    description: str
    instructions: str
    respondent: Respondent
    results_visibility: Visibility
    cadence: Cadence | None
    in_care_only: bool
    minutes: int | None
    direction: Direction
    method: Method
    scales: Mapping[str, ResponseScale]
    items: tuple[Item, ...]
    total: Score | None
    subscales: tuple[Score, ...]
    path: str = ""
    # Languages a validated version of this instrument exists in (`validated_in` in its file). Ours: none
    # until research earns it; an outside instrument: its source language unless its file lists more.
    validated_in: tuple[str, ...] = ()
    language: str = "en"  # the language of the words in this copy (its title, items, anchors, bands)
    items_by_id: Mapping[str, Item] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "items_by_id", MappingProxyType({i.id: i for i in self.items}))

    @property
    def is_ours(self) -> bool:
        return self.source is None

    def validated_for(self, language: str) -> bool:
        """Whether its scores mean what a validated version's would, read in `language`."""
        return language in self.validated_in

    @property
    def scores(self) -> tuple[Score, ...]:
        return ((self.total,) if self.total else ()) + self.subscales

    def score(self, key: str) -> Score:
        for s in self.scores:
            if s.key == key:
                return s
        raise KeyError(f"{self.slug} has no score {key!r}")


class Problem(NamedTuple):
    file: str
    where: str  # "instrument", "item 'cc03'", "subscale 'trust'", "response scale 'agree5'"...
    field: str | None
    message: str

    def __str__(self) -> str:
        fld = f", field '{self.field}'" if self.field else ""
        return f"{self.file}: {self.where}{fld}: {self.message}"


class DefinitionError(ContentError):
    """One or more problems in definition files; str() lists each on its own line."""


class UnknownInstrument(NotFound):
    def __init__(self, slug: str):
        super().__init__("We could not find that questionnaire.", code="unknown_instrument")
        self.slug = slug
