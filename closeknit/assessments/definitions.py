"""Instrument definitions: the schema of content/instruments/*.yaml, its validation, and a cached loader.

Definitions are edited by clinicians, so a bad file must fail at load with a message that names the
file, the item (or scale, subscale...) and the field, and says what to write instead. All problems in
all files are reported at once, so one run of the loader is enough to fix a file.
The format is documented field by field in docs/instrument-format.md.
"""

from __future__ import annotations

import difflib
import math
import re
from collections.abc import Mapping
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from closeknit.assessments.schema import (  # noqa: F401  (the public names stay importable from here)
    _ID,
    _LARGEST,
    _SLUG,
    DEFAULT_DIR,
    DEFAULT_DYSFUNCTIONAL_GROUP,
    DEFAULT_FUNCTIONAL_GROUP,
    FORMAT_VERSION,
    OUR_LABEL,
    OUR_LABELS,
    PROJECT_ROOT,
    Anchor,
    Band,
    Cadence,
    Cutoff,
    DefinitionError,
    Direction,
    GroupNorm,
    Instrument,
    Item,
    Method,
    Norms,
    Problem,
    ReliabilityKind,
    Respondent,
    ResponseScale,
    Score,
    Source,
    UnknownInstrument,
    Visibility,
)
from closeknit.core import content

# --- reading raw YAML with problems collected ------------------------------------------------------
_MISSING = object()


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.problems: list[Problem] = []

    def add(self, where: str, fld: str | None, message: str) -> None:
        self.problems.append(Problem(self.file, where, fld, message))

    def block(self, where: str, raw: Any, required: set[str], optional: set[str]) -> dict[str, Any] | None:
        if not isinstance(raw, dict):
            self.add(where, None, f"should be a block of fields (name: value), not {_show(raw)}")
            return None
        known = required | optional
        for key in raw:
            if key not in known:
                hint = difflib.get_close_matches(str(key), sorted(known), n=1)
                tip = f"; did you mean '{hint[0]}'?" if hint else f"; known fields: {', '.join(sorted(known))}"
                self.add(where, str(key), f"is not a field we know{tip}")
        for key in sorted(required - set(raw)):
            self.add(where, key, "is required")
        return raw

    def text(self, where: str, raw: dict, key: str, *, required: bool = True, default: str = "") -> str:
        value = raw.get(key, _MISSING)
        if value is _MISSING or value is None:
            if required and value is None:
                self.add(where, key, "is empty; write some text")
            return default
        if isinstance(value, bool):
            self.add(where, key, f"should be text, but YAML read {_show(value)}: put the words in quotes")
            return default
        if not isinstance(value, str) or not value.strip():
            self.add(where, key, f"should be text, not {_show(value)}")
            return default
        return " ".join(value.split())

    def number(self, where: str, raw: dict, key: str, *, required: bool = True) -> float | None:
        value = raw.get(key, _MISSING)
        if value is _MISSING or (value is None and not required):
            return None
        if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
            self.add(where, key, f"should be a number, not {_show(value)}")
            return None
        if abs(value) > _LARGEST:
            self.add(where, key, f"{value:g} is far larger than any scale needs (at most {_LARGEST:g} either way)")
            return None
        return value

    def choice(self, where: str, raw: dict, key: str, enum: type[StrEnum], *, required: bool = True) -> Any:
        value = raw.get(key, _MISSING)
        if value is _MISSING or (value is None and not required):
            return None
        try:
            return enum(value)
        except ValueError:
            options = ", ".join(e.value for e in enum)
            self.add(where, key, f"{_show(value)} is not allowed; use one of: {options}")
            return None

    def flag(self, where: str, raw: dict, key: str) -> bool:
        value = raw.get(key, False)
        if not isinstance(value, bool):
            self.add(where, key, f"should be true or false, not {_show(value)}")
            return False
        return value

    def ident(self, where: str, raw: dict, key: str, pattern: re.Pattern[str] = _ID) -> str | None:
        value = raw.get(key, _MISSING)
        if value is _MISSING:
            return None
        if not isinstance(value, str) or not pattern.match(value):
            self.add(where, key, f"{_show(value)} should be lowercase letters, digits, '-' or '_'")
            return None
        return value


def _show(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a block of fields"
    if isinstance(value, list):
        return "a list"
    return repr(value)


# --- parsing ---------------------------------------------------------------------------------------
_TOP_REQUIRED = {
    "slug", "title", "version", "label", "instructions", "respondent", "privacy",
    "direction", "response_scales", "scoring", "items",
}  # fmt: skip
_TOP_OPTIONAL = {
    "format", "source", "description", "cadence", "in_care_only", "minutes", "total", "subscales", "validated_in",
}  # fmt: skip
_SCORE_OPTIONAL = {"description", "direction", "max_missing", "bands", "cutoff", "norms", "groups"}


def parse_definition(
    data: Any, *, file: str | Path = "<definition>", expected_slug: str | None = None,
    language: str = content.SOURCE_LANGUAGE,
) -> Instrument:  # fmt: skip
    """Validate one definition (already read from YAML, its words in `language`) and build it; raise
    DefinitionError listing every problem."""
    r = _Reader(str(file))
    raw = r.block("instrument", data, _TOP_REQUIRED, _TOP_OPTIONAL)
    if raw is None:
        raise DefinitionError(r.problems)
    top = "instrument"
    fmt = raw.get("format", FORMAT_VERSION)
    if fmt != FORMAT_VERSION:
        r.add(top, "format", f"{_show(fmt)} is not a format we read; this version of closeknit reads format 1")
    slug = r.ident(top, raw, "slug", _SLUG) or ""
    if slug and expected_slug and slug != expected_slug:
        r.add(top, "slug", f"'{slug}' should match the file name ('{expected_slug}.yaml')")
    version = raw.get("version")
    if not isinstance(version, str) or not version.strip():
        r.add(top, "version", f'should be text in quotes, e.g. version: "1.0" (got {_show(version)})')
        version = ""
    label = r.text(top, raw, "label")
    source = _parse_source(r, raw, label)
    privacy = r.block("privacy", raw.get("privacy", {}), {"results"}, {"answers"}) or {}
    if privacy.get("answers", "private") != "private":
        r.add("privacy", "answers", "item answers are always private to the person who gave them; write 'private'")
    minutes = raw.get("minutes")
    if minutes is not None and (isinstance(minutes, bool) or not isinstance(minutes, int) or minutes < 1):
        r.add(top, "minutes", f"should be a whole number of minutes, not {_show(minutes)}")
        minutes = None
    direction = r.choice(top, raw, "direction", Direction) or Direction.HIGHER_IS_BETTER
    scoring = r.block("scoring", raw.get("scoring", {}), {"method"}, {"max_missing"}) or {}
    method = r.choice("scoring", scoring, "method", Method) or Method.MEAN
    default_missing = _max_missing(r, "scoring", scoring, 0)
    scales = _parse_scales(r, raw.get("response_scales", {}))
    subscale_raw: Any = raw.get("subscales") or []
    if not isinstance(subscale_raw, list):
        r.add(top, "subscales", "should be a list of subscales (each line starting with '- id: ...')")
        subscale_raw = []
    subscale_ids = [s.get("id") for s in subscale_raw if isinstance(s, dict)]
    items = _parse_items(r, raw.get("items", []), scales, subscale_ids)
    raw_items: Any = raw.get("items") if isinstance(raw.get("items"), list) else []
    referenced = {i.get("subscale") for i in raw_items if isinstance(i, dict) and isinstance(i.get("subscale"), str)}
    if "total" not in raw and not subscale_raw:
        r.add(top, "total", "an instrument needs a total, subscales, or both; add 'total:' or 'subscales:'")
    is_ours = label in OUR_LABELS.values()
    validated_in = _validated_in(r, raw, is_ours=is_ours)
    common: dict[str, Any] = {
        "direction": direction,
        "method": method,
        "default_missing": default_missing,
        "is_ours": is_ours,
    }
    total = None
    if "total" in raw:
        total = _parse_score(r, "total", "total", raw["total"], items, **common)
    subscales = []
    for n, sub in enumerate(subscale_raw, 1):
        key = sub.get("id") if isinstance(sub, dict) else None
        where = f"subscale '{key}'" if isinstance(key, str) else f"subscale #{n}"
        if isinstance(key, str) and subscale_ids.count(key) > 1:
            r.add(where, "id", f"'{key}' is used by more than one subscale")
        if key == "total":
            r.add(where, "id", "'total' is reserved for the score over all items; pick another id")
        if isinstance(key, str) and key not in referenced:
            r.add(where, "id", f"no item has 'subscale: {key}'; each subscale needs at least one item")
        sub_items = tuple(i for i in items if key is not None and i.subscale == key)
        score = _parse_score(r, where, key, sub, sub_items, **common)
        if score:
            subscales.append(score)
    if total is None:
        for item in items:
            if item.subscale is None:
                r.add(f"item '{item.id}'", "subscale", "counts toward no score: give it a subscale or add a total")
    title = r.text(top, raw, "title")
    description = r.text(top, raw, "description", required=False)
    instructions = r.text(top, raw, "instructions")
    respondent = r.choice(top, raw, "respondent", Respondent)
    results = r.choice("privacy", privacy, "results", Visibility)
    cadence = r.choice(top, raw, "cadence", Cadence, required=False)
    in_care_only = r.flag(top, raw, "in_care_only")
    if r.problems:
        raise DefinitionError(r.problems)
    return Instrument(
        slug=slug, title=title, version=version.strip(), label=label, source=source, description=description,
        instructions=instructions, respondent=respondent, results_visibility=results, cadence=cadence,
        in_care_only=in_care_only, minutes=minutes, direction=direction, method=method,
        scales=MappingProxyType(scales), items=items, total=total, subscales=tuple(subscales), path=str(file),
        validated_in=validated_in, language=language,
    )  # fmt: skip


def _parse_source(r: _Reader, raw: dict, label: str) -> Source | None:
    if "source" not in raw:
        if label and label not in OUR_LABELS.values():
            r.add("instrument", "source", "a scale not written by closeknit must say where it comes from: add source"
                  f" (citation, licence_holder, licence); our own scales use the label '{OUR_LABEL}'")  # fmt: skip
        return None
    if label in OUR_LABELS.values():
        r.add("instrument", "source", f"a scale labelled '{OUR_LABEL}' is ours and has no outside source")
        return None
    fields = r.block("source", raw["source"], {"citation", "licence_holder", "licence"}, set())
    if fields is None:
        return None
    return Source(*(r.text("source", fields, k) for k in ("citation", "licence_holder", "licence")))


def _validated_in(r: _Reader, raw: dict, *, is_ours: bool) -> tuple[str, ...]:
    """The languages a validated version exists in. Ours: none (the label says so, in every language). An
    outside instrument: its file's list, by default the source language its published version is in."""
    value = raw.get("validated_in", _MISSING)
    if value is _MISSING:
        return () if is_ours else (content.SOURCE_LANGUAGE,)
    if is_ours and value != []:
        r.add("instrument", "validated_in", "closeknit scales are not validated in any language until research "
              "earns it; write validated_in: []")  # fmt: skip
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v in content.LANGUAGES for v in value):
        r.add("instrument", "validated_in", f"should list language codes we have ({', '.join(content.LANGUAGES)}), "
              f"e.g. [en, es], not {_show(value)}")  # fmt: skip
        return ()
    return tuple(value)


def _max_missing(r: _Reader, where: str, raw: dict, default: int) -> int:
    value = raw.get("max_missing", default)
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        r.add(where, "max_missing", f"should be a whole number, 0 or more, not {_show(value)}")
        return default
    return value


def _parse_scales(r: _Reader, raw: Any) -> dict[str, ResponseScale]:
    if not isinstance(raw, dict) or not raw:
        r.add("instrument", "response_scales", "should name at least one scale, e.g. 'agree5: {anchors: [...]}'")
        return {}
    out: dict[str, ResponseScale] = {}
    for sid, body in raw.items():
        where = f"response scale '{sid}'"
        if not isinstance(sid, str) or not _ID.match(sid):
            r.add(where, None, "a scale's name should be lowercase letters, digits, '-' or '_'")
            continue
        fields = r.block(where, body, {"anchors"}, {"min", "max", "step"})
        if fields is None:
            continue
        anchors: list[Anchor] = []
        raw_anchors = fields.get("anchors")
        if not isinstance(raw_anchors, list) or len(raw_anchors) < 2:
            r.add(where, "anchors", "should list at least two anchors, each '{value: 0, text: ...}'")
            continue
        for n, a in enumerate(raw_anchors, 1):
            aw = f"{where} anchor #{n}"
            af = r.block(aw, a, {"value", "text"}, set())
            if af is None:
                continue
            value = r.number(aw, af, "value")
            text = r.text(aw, af, "text")
            if value is not None and text:
                anchors.append(Anchor(value, text))
        values = [a.value for a in anchors]
        if len(set(values)) != len(values):
            r.add(where, "anchors", "two anchors have the same value")
        if "min" in fields or "max" in fields:
            lo, hi = r.number(where, fields, "min"), r.number(where, fields, "max")
            step = r.number(where, fields, "step", required=False)
            if lo is None or hi is None or lo >= hi:
                r.add(where, "max", "a range scale needs both min and max, with min below max")
                continue
            if step is not None and (step <= 0 or not math.isclose((hi - lo) / step, round((hi - lo) / step))):
                r.add(where, "step", f"{step:g} should be above 0 and divide the range {lo:g}..{hi:g} evenly")
                step = None
            if any(not lo <= v <= hi for v in values):
                r.add(where, "anchors", f"every anchor value should lie between min {lo:g} and max {hi:g}")
            out[sid] = ResponseScale(sid, tuple(anchors), lo, hi, discrete=False, step=step)
        elif anchors:
            if "step" in fields:
                r.add(where, "step", "only a range scale (with min and max) has a step")
            out[sid] = ResponseScale(sid, tuple(anchors), min(values), max(values), discrete=True)
    return out


def _parse_items(r: _Reader, raw: Any, scales: dict[str, ResponseScale], subscale_ids: list) -> tuple[Item, ...]:
    if not isinstance(raw, list) or not raw:
        r.add("instrument", "items", "should be a list of at least one item (each starting with '- id: ...')")
        return ()
    items: list[Item] = []
    seen: set[str] = set()
    for n, body in enumerate(raw, 1):
        where = f"item '{body['id']}'" if isinstance(body, dict) and isinstance(body.get("id"), str) else f"item #{n}"
        fields = r.block(where, body, {"id", "text", "scale"}, {"reverse", "subscale"})
        if fields is None:
            continue
        iid = r.ident(where, fields, "id")
        if iid in seen:
            r.add(where, "id", f"'{iid}' is used by more than one item")
        seen.add(iid or "")
        text = r.text(where, fields, "text")
        scale = scales.get(fields["scale"]) if isinstance(fields.get("scale"), str) else None
        if "scale" in fields and scale is None:
            known = ", ".join(scales) or "none"
            r.add(where, "scale", f"{_show(fields['scale'])} is not a response scale of this file (defined: {known})")
        reverse = r.flag(where, fields, "reverse")
        if reverse and scale is not None and not scale.is_symmetric():
            r.add(where, "reverse", f"scale '{scale.id}' is not symmetric, so min + max - value would give answers "
                  "it does not allow; give it evenly spread values or leave the item unreversed")  # fmt: skip
        subscale = fields.get("subscale")
        if subscale is not None and subscale not in subscale_ids:
            known = ", ".join(str(s) for s in subscale_ids) or "none"
            r.add(where, "subscale", f"{_show(subscale)} is not a subscale of this file (defined: {known})")
        if iid and text and scale is not None:
            items.append(Item(iid, n, text, scale, reverse, subscale))
    return tuple(items)


def _parse_score(
    r: _Reader, where: str, key: Any, raw: Any, items: tuple[Item, ...], *,
    direction: Direction, method: Method, default_missing: int, is_ours: bool,
) -> Score | None:  # fmt: skip
    required = {"title"} if where == "total" else {"id", "title"}
    fields = r.block(where, raw, required, _SCORE_OPTIONAL)
    if fields is None:
        return None
    if where != "total":
        key = r.ident(where, fields, "id")
    if not key or not items:
        return None
    direction = r.choice(where, fields, "direction", Direction, required=False) or direction
    max_missing = _max_missing(r, where, fields, default_missing)
    if max_missing >= len(items):
        r.add(where, "max_missing", f"{max_missing} would allow a score with no answers; this score has "
              f"{len(items)} item(s), so use at most {len(items) - 1}")  # fmt: skip
    ranges = {(i.scale.minimum, i.scale.maximum) for i in items}
    if max_missing and len(ranges) > 1:
        r.add(where, "max_missing", "prorating needs every item of a score on the same range; these items use "
              f"{' and '.join(f'{a:g}..{b:g}' for a, b in sorted(ranges))}, so set max_missing: 0")  # fmt: skip
    mins, maxs = [i.scale.minimum for i in items], [i.scale.maximum for i in items]
    if method is Method.SUM:
        lo, hi = math.fsum(mins), math.fsum(maxs)
    else:
        lo, hi = math.fsum(mins) / len(items), math.fsum(maxs) / len(items)
    bands = _parse_bands(r, where, fields.get("bands"), lo, hi)
    cutoff = norms = None
    if "cutoff" in fields:
        if is_ours:
            r.add(where, "cutoff", "closeknit scales have no clinical cutoff until one is earned from research")
        elif cf := r.block(f"{where} cutoff", fields["cutoff"], {"value", "source"}, set()):
            value = r.number(f"{where} cutoff", cf, "value")
            if value is not None and not lo <= value <= hi:
                r.add(f"{where} cutoff", "value", f"{value:g} lies outside the score's range {lo:g}..{hi:g}")
            elif value is not None:
                cutoff = Cutoff(value, r.text(f"{where} cutoff", cf, "source"))
    if "norms" in fields:
        if is_ours:
            r.add(where, "norms", "closeknit scales carry no norms in the file: they are computed from real use")
        else:
            norms = _parse_norms(r, f"{where} norms", fields["norms"], direction, lo, hi)
    groups = r.block(f"{where} groups", fields.get("groups", {}), set(), {"functional", "dysfunctional"}) or {}
    return Score(
        key=key, title=r.text(where, fields, "title"), description=r.text(where, fields, "description", required=False),
        direction=direction, method=method, item_ids=tuple(i.id for i in items), max_missing=max_missing,
        minimum=lo, maximum=hi, bands=bands, cutoff=cutoff, norms=norms,
        functional_group=r.text(f"{where} groups", groups, "functional", default=DEFAULT_FUNCTIONAL_GROUP),
        dysfunctional_group=r.text(f"{where} groups", groups, "dysfunctional", default=DEFAULT_DYSFUNCTIONAL_GROUP),
    )  # fmt: skip


def _parse_bands(r: _Reader, where: str, raw: Any, lo: float, hi: float) -> tuple[Band, ...]:
    if raw is None:
        return ()
    if not isinstance(raw, list) or not raw:
        r.add(where, "bands", "should be a list of bands, each '{from: 0, label: ..., meaning: ...}'")
        return ()
    bands: list[Band] = []
    for n, body in enumerate(raw, 1):
        bw = f"{where} band #{n}"
        fields = r.block(bw, body, {"from", "label", "meaning"}, set())
        if fields is None:
            continue
        start = r.number(bw, fields, "from")
        if start is None:
            continue
        if n == 1 and not math.isclose(start, lo):
            r.add(bw, "from", f"the first band should start at the lowest possible score, {lo:g}")
        elif bands and start <= bands[-1].start:
            r.add(bw, "from", f"{start:g} should be above the previous band's start ({bands[-1].start:g})")
        elif start >= hi:
            r.add(bw, "from", f"{start:g} should be below the highest possible score, {hi:g}")
        bands.append(Band(start, r.text(bw, fields, "label"), r.text(bw, fields, "meaning")))
    return tuple(bands)


def _parse_norms(r: _Reader, where: str, raw: Any, direction: Direction, lo: float, hi: float) -> Norms | None:
    fields = r.block(where, raw, {"source"}, {"reference_sd", "reliability", "reliability_kind", "functional",
                                               "dysfunctional"})  # fmt: skip
    if fields is None:
        return None
    sd = r.number(where, fields, "reference_sd", required=False)
    if sd is not None and sd <= 0:
        r.add(where, "reference_sd", "a standard deviation should be above 0")
    rel = r.number(where, fields, "reliability", required=False)
    if rel is not None and not 0 < rel < 1:
        r.add(where, "reliability", f"{rel:g} should lie between 0 and 1, both excluded")
    kind = r.choice(where, fields, "reliability_kind", ReliabilityKind, required=False)
    if rel is not None and kind is None and "reliability_kind" not in fields:
        r.add(where, "reliability_kind", "say which reliability this is: test_retest or alpha")
    groups: dict[str, GroupNorm | None] = {}
    for name in ("functional", "dysfunctional"):
        gw = f"{where} {name}"
        body = fields.get(name)
        groups[name] = None
        if body is None:
            continue
        g = r.block(gw, body, {"mean", "sd"}, set())
        if g is None:
            continue
        mean, gsd = r.number(gw, g, "mean"), r.number(gw, g, "sd")
        if mean is not None and not lo <= mean <= hi:
            r.add(gw, "mean", f"{mean:g} lies outside the score's range {lo:g}..{hi:g}")
        elif gsd is not None and gsd <= 0:
            r.add(gw, "sd", "a standard deviation should be above 0")
        elif mean is not None and gsd is not None:
            groups[name] = GroupNorm(mean, gsd)
    fun, dys = groups["functional"], groups["dysfunctional"]
    if fun and dys:
        better = fun.mean > dys.mean if direction is Direction.HIGHER_IS_BETTER else fun.mean < dys.mean
        if not better:
            r.add(f"{where} functional", "mean", f"with {direction.value}, the functional group's mean should be "
                  f"on the better side of the dysfunctional group's ({dys.mean:g})")  # fmt: skip
    return Norms(r.text(where, fields, "source"), sd, rel, kind, fun, dys)


# --- loading ---------------------------------------------------------------------------------------
def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(PROJECT_ROOT))
    except ValueError:
        return str(path)


def load_file(
    path: str | Path, *, expected_slug: str | None = None, language: str = content.SOURCE_LANGUAGE
) -> Instrument:
    """Read and validate one definition file; the slug must match the file name (`x.yaml`, or its
    translation `x.es.yaml`, whose words are in `language`)."""
    path = Path(path)
    shown = _display(path)
    try:
        data = content.read_yaml(path, shown=shown)
    except content.DuplicateKey as exc:
        mark = exc.problem_mark
        at = f"line {mark.line + 1}, column {mark.column + 1}" if mark else "file"
        where = f"item '{exc.owner}' ({at})" if exc.owner else at
        problem = Problem(shown, where, exc.key, "appears twice in the same block; YAML would keep only the last")
        raise DefinitionError([problem]) from None
    except content.ContentError as exc:
        raise DefinitionError([Problem(p.file, p.where or "file", None, p.message) for p in exc.problems]) from None
    return parse_definition(data, file=shown, expected_slug=expected_slug or path.stem, language=language)


def _scoring(inst: Instrument) -> tuple[Any, ...]:
    """Everything that decides a score or who sees it: equal in every language, so a stored answer scores
    the same whichever language it was given or is read in. Only the words may differ."""
    return (
        inst.slug, inst.version, inst.is_ours, inst.validated_in, inst.respondent, inst.results_visibility,
        inst.cadence, inst.in_care_only, inst.direction, inst.method,
        tuple((i.id, i.scale.id, i.scale.minimum, i.scale.maximum, i.scale.discrete, i.scale.step,
               tuple(a.value for a in i.scale.anchors), i.reverse, i.subscale) for i in inst.items),
        tuple((s.key, s.direction, s.item_ids, s.max_missing, s.minimum, s.maximum, tuple(b.start for b in s.bands),
               s.cutoff, s.norms) for s in inst.scores),
    )  # fmt: skip


@lru_cache(maxsize=8)
def _load_dir(directory: Path, language: str = content.SOURCE_LANGUAGE) -> Mapping[str, Instrument]:
    problems: list[Problem] = []
    found: dict[str, Instrument] = {}
    english = _load_dir(directory) if language != content.SOURCE_LANGUAGE else None
    for source in content.sources(directory, "*.yaml"):
        path = content.localized(source, language)
        try:
            inst = load_file(path, expected_slug=source.stem, language=language if path != source else "en")
        except DefinitionError as exc:
            problems.extend(exc.problems)
            continue
        if english is not None and inst.slug in english and _scoring(inst) != _scoring(english[inst.slug]):
            problems.append(Problem(_display(path), "instrument", None, f"scores differently from {source.name}: "
                                    "a translation changes only the words"))  # fmt: skip
            continue
        found[inst.slug] = inst
    if problems:
        raise DefinitionError(problems)
    return MappingProxyType(found)


def load_all(directory: str | Path | None = None, language: str | None = None) -> Mapping[str, Instrument]:
    """Every instrument in a folder (content/instruments/ by default), by slug, its words in `language` (by
    default the one active for this request: the person's own) where a translation exists. Cached: each
    folder is read once per language. Ids, scales and scoring are the same in every language."""
    return _load_dir(Path(directory).resolve() if directory else DEFAULT_DIR, content.language(language))


def get(slug: str, directory: str | Path | None = None, language: str | None = None) -> Instrument:
    try:
        return load_all(directory, language)[slug]
    except KeyError:
        raise UnknownInstrument(slug) from None


def clear_cache() -> None:
    """Forget loaded folders, e.g. after a clinician edits a file and the process should see it."""
    _load_dir.cache_clear()
