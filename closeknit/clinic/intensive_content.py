"""The shipped intensive templates (content/intensives/*.yaml), read strictly.

A practice never works on these files directly: on its first visit to its templates page they are
copied into its own rows (closeknit.clinic.services.intensive), so a clinician can edit them. The
loader refuses anything it does not understand and names the file and the field, so a content
editor can fix a typo without reading Python. tests/clinic/test_intensive_content.py checks them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from closeknit.clinic.models.intensive import BLOCK_KINDS
from closeknit.core import content
from closeknit.core.content import ContentError, Problem

CONTENT_DIR = content.path("intensives")
KINDS = dict(BLOCK_KINDS)
MIN_MINUTES, MAX_MINUTES = 5, 480
MAX_DAY_MINUTES = 9 * 60  # a day longer than this is not humane, whatever the template says
MAX_DAYS = 5
PARTNERS = ("a", "b")
TEMPLATE_KEYS = {"slug", "name", "description", "day_starts", "days"}
BLOCK_KEYS = {"kind", "title", "minutes", "with_partner", "goals", "practices", "checklist", "note_template"}


@dataclass(frozen=True)
class BlockDef:
    kind: str
    title: str
    minutes: int
    with_partner: str = ""
    goals: str = ""
    practices: tuple[str, ...] = ()
    checklist: tuple[str, ...] = ()
    note_template: str = ""


@dataclass(frozen=True)
class TemplateDef:
    slug: str
    name: str
    description: str
    day_starts: dt.time
    days: tuple[tuple[BlockDef, ...], ...]
    source: str

    @property
    def total_minutes(self) -> int:
        return sum(b.minutes for day in self.days for b in day)


def _practice_slugs() -> set[str]:
    from closeknit.practices.library import library

    return set(library().practices)


def _text(raw: dict, key: str, where: str, file: str, problems: list[Problem], *, required: bool) -> str:
    value = raw.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(Problem(file, f"{where}{key}", "should be text"))
        return ""
    if required and not value.strip():
        problems.append(Problem(file, f"{where}{key}", "is required"))
    return value.strip()


def _strings(raw: dict, key: str, where: str, file: str, problems: list[Problem]) -> tuple[str, ...]:
    value = raw.get(key) or []
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(Problem(file, f"{where}{key}", "should be a list of short texts"))
        return ()
    return tuple(v.strip() for v in value)


def parse_block(raw: Any, where: str, file: str, problems: list[Problem], practices: set[str]) -> BlockDef | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, where.rstrip("."), "should be a block (kind, title, minutes...)"))
        return None
    for key in sorted(set(raw) - BLOCK_KEYS):
        problems.append(Problem(file, f"{where}{key}", "is not a field a block has"))
    before = len(problems)
    kind: Any = raw.get("kind")  # raw YAML: checked below
    if kind not in KINDS:
        problems.append(Problem(file, f"{where}kind", f"{kind!r} is not one of {', '.join(KINDS)}"))
    title = _text(raw, "title", where, file, problems, required=True)
    if len(title) > 120:
        problems.append(Problem(file, f"{where}title", "is longer than 120 characters"))
    minutes: Any = raw.get("minutes")  # raw YAML: checked below
    if isinstance(minutes, bool) or not isinstance(minutes, int) or not MIN_MINUTES <= minutes <= MAX_MINUTES:
        problems.append(
            Problem(file, f"{where}minutes", f"should be a whole number from {MIN_MINUTES} to {MAX_MINUTES}")
        )
    partner = raw.get("with_partner") or ""
    if kind == "individual" and partner not in PARTNERS:
        problems.append(Problem(file, f"{where}with_partner", "an individual interview needs 'a' or 'b'"))
    elif kind != "individual" and partner:
        problems.append(Problem(file, f"{where}with_partner", "only an individual interview is with one partner"))
    linked = _strings(raw, "practices", where, file, problems)
    for slug in linked:
        if slug not in practices:
            problems.append(Problem(file, f"{where}practices", f"{slug!r} is not a practice in content/practices"))
    checklist = _strings(raw, "checklist", where, file, problems)
    goals = _text(raw, "goals", where, file, problems, required=False)
    note = _text(raw, "note_template", where, file, problems, required=False)
    if len(problems) > before:
        return None
    return BlockDef(kind, title, minutes, partner, goals, linked, checklist, note)


def parse_template(raw: Any, file: str, problems: list[Problem], practices: set[str]) -> TemplateDef | None:
    if not isinstance(raw, dict):
        problems.append(Problem(file, "", "should describe one template (slug, name, days...)"))
        return None
    for key in sorted(set(raw) - TEMPLATE_KEYS):
        problems.append(Problem(file, key, "is not a field a template has"))
    before = len(problems)
    slug = raw.get("slug")
    stem = Path(Path(file).stem).stem if content.is_translation(Path(file)) else Path(file).stem  # x.es.yaml: x
    if not isinstance(slug, str) or not slug or slug != stem:
        problems.append(Problem(file, "slug", f"should match the file name ({stem!r})"))
    name = _text(raw, "name", "", file, problems, required=True)
    description = _text(raw, "description", "", file, problems, required=False)
    starts = raw.get("day_starts")
    try:
        day_starts = dt.time.fromisoformat(starts) if isinstance(starts, str) else None
    except ValueError:
        day_starts = None
    if day_starts is None:
        problems.append(Problem(file, "day_starts", 'should be a time such as "09:00"'))
    days_raw = raw.get("days")
    days: list[tuple[BlockDef, ...]] = []
    if not isinstance(days_raw, list) or not 1 <= len(days_raw) <= MAX_DAYS:
        problems.append(Problem(file, "days", f"should be a list of 1 to {MAX_DAYS} days"))
        days_raw = []
    for d, day in enumerate(days_raw, start=1):
        blocks_raw = day.get("blocks") if isinstance(day, dict) else None
        if not isinstance(blocks_raw, list) or not blocks_raw:
            problems.append(Problem(file, f"days[{d}].blocks", "should be a list of at least one block"))
            continue
        blocks = [
            parse_block(b, f"days[{d}].blocks[{i}].", file, problems, practices) for i, b in enumerate(blocks_raw, 1)
        ]
        good = tuple(b for b in blocks if b is not None)
        if sum(b.minutes for b in good) > MAX_DAY_MINUTES:
            problems.append(Problem(file, f"days[{d}]", f"adds up to more than {MAX_DAY_MINUTES // 60} hours"))
        days.append(good)
    if len(problems) > before or day_starts is None:
        return None
    return TemplateDef(str(slug), name, description, day_starts, tuple(days), file)


def load(directory: Path | str = CONTENT_DIR, language: str = content.SOURCE_LANGUAGE) -> dict[str, TemplateDef]:
    """Every template under `directory`, by slug, each in `language` where it has a translation (`x.es.yaml`);
    raises ContentError listing all problems."""
    root = Path(directory)
    problems: list[Problem] = []
    if not root.is_dir():
        raise ContentError([Problem(str(root), "", "folder not found")])
    practices = _practice_slugs()
    out: dict[str, TemplateDef] = {}
    for source in content.sources(root, "*.yaml"):
        path = content.localized(source, language)
        try:
            raw = content.read_yaml(path)
        except content.DuplicateKey as exc:
            problems.append(Problem(path.name, f"line {exc.problem_mark.line + 1}", str(exc.problem)))
            continue
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        parsed = parse_template(raw, path.name, problems, practices)
        if parsed is not None:
            out[parsed.slug] = parsed
    if not out and not problems:
        problems.append(Problem(str(root), "", "holds no templates"))
    if problems:
        raise ContentError(problems)
    return out


def shipped(language: str | None = None) -> dict[str, TemplateDef]:
    """The shipped templates in `language`, by default the active one: a practice's copy is made in the
    language of the person who opens its templates first, and is theirs to edit from then on."""
    return _shipped(content.language(language))


@lru_cache(maxsize=len(content.LANGUAGES))
def _shipped(language: str) -> dict[str, TemplateDef]:
    return load(CONTENT_DIR, language)
