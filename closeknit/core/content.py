"""Content files: where they live, how they are read, and the one error a broken file raises.

Every piece of content a person reads (practices, decks, check-ups, intensives, note templates, the
feelings list, crisis resources, the safety net's and the coach's lexicons) is a YAML file under
`content/`. Each domain parses its own shape; this module only finds the folder, reads a file strictly
(a key written twice in one block is refused: YAML would silently keep the last) and reports problems
with the file and the place, all at once, so a clinician fixes a file in one pass.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONTENT_DIR = Path(__file__).resolve().parents[2] / "content"


@dataclass(frozen=True)
class Problem:
    file: str
    where: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: {self.where}: {self.message}" if self.where else f"{self.file}: {self.message}"


class ContentError(ValueError):
    """One or more problems in content files; str() lists each on its own line."""

    def __init__(self, problems: list[Any] | str, heading: str = ""):
        self.problems: list[Any] = [problems] if isinstance(problems, str) else list(problems)
        lines = "\n".join(str(p) for p in self.problems)
        super().__init__(f"{heading}\n{lines}" if heading else lines)


class DuplicateKey(yaml.constructor.ConstructorError):
    """A key written twice in one block; `owner` is that block's `id`, when it has one."""

    problem_mark: yaml.Mark  # the repeated key's place: always given

    def __init__(self, key: str, owner: str | None, mark: yaml.Mark):
        super().__init__(None, None, f"field '{key}' appears twice in the same block", mark)
        self.key, self.owner = key, owner


class _StrictLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]  # a base chosen at run time
    """Safe loading (the C parser when present, about ten times faster) that refuses duplicate keys."""

    def construct_mapping(self, node, deep=False):
        keys = [k.value if isinstance(k, yaml.ScalarNode) else None for k, _ in node.value]
        for n, key in enumerate(keys):
            if key is not None and key in keys[:n]:
                owner = next(
                    (v.value for k, v in node.value if k.value == "id" and isinstance(v, yaml.ScalarNode)), None
                )
                raise DuplicateKey(key, owner, node.value[n][0].start_mark)
        return super().construct_mapping(node, deep)


def path(*parts: str) -> Path:
    """A path under the content folder: `path("practices", "desires", "wishes.yaml")`."""
    return CONTENT_DIR.joinpath(*parts)


def read_yaml(file: Path | str, *, shown: str | None = None) -> Any:
    """The parsed file (an empty file is None), or a ContentError naming `shown` (default: the file's
    name) and the line. A DuplicateKey is re-raised as itself for callers that name the block."""
    file = Path(file)
    shown = shown or file.name
    try:
        return yaml.load(file.read_text(encoding="utf-8"), Loader=_StrictLoader)  # noqa: S506 (a safe loader)
    except DuplicateKey:
        raise
    except FileNotFoundError:
        raise ContentError([Problem(shown, "", "is missing")]) from None
    except UnicodeDecodeError:
        raise ContentError([Problem(shown, "", "is not UTF-8 text")]) from None
    except OSError as exc:
        raise ContentError([Problem(shown, "", f"cannot be read: {exc}")]) from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        detail = getattr(exc, "problem", None) or str(exc)
        raise ContentError([Problem(shown, where, f"is not valid YAML ({detail})")]) from None


# --- Languages ---------------------------------------------------------------------------------------
# English is the source. A translation sits beside its source as a full copy with the words changed:
# `eye-contact.yaml` → `eye-contact.es.yaml`. Ids, slugs, kinds and numbers stay as they are (they are
# what code and stored rows refer to), so the same parser reads both and a person's language never changes
# which practice, step or question a stored answer points at. `compare()` proves a translation keeps the
# source's shape and leaves no text in English; the content tests run it on every translation.
SOURCE_LANGUAGE = "en"
LANGUAGES = ("en", "es")  # the one list of codes we speak; settings.LANGUAGES names them

# Keys whose values are names code refers to, never words a person reads: equal in every language.
FIXED_KEYS = frozenset(
    {
        "id", "slug", "kind", "kinds", "budget", "cadence", "deck", "direction", "drivers", "fallback",
        "method", "modes", "practices", "respondent", "results", "role", "scale", "subscale", "tone",
        "visibility", "with_partner", "version", "time", "day_starts", "common", "answers", "items",
        "reverse", "min", "max", "cutoff", "cutoffs", "norms", "weight",
    }
)  # fmt: skip
# A text this long left identical to its source is English that was never translated.
_UNTRANSLATED_AT = 25


def language(requested: str | None = None) -> str:
    """The content language for `requested`, or for the language Django has active (the person's own,
    set per request by the middleware); English when neither names one we have."""
    if requested is None:
        try:
            from django.utils.translation import get_language  # noqa: PLC0415 (content stays usable without Django)

            requested = get_language()
        except Exception:  # noqa: BLE001 (Django not configured: a script checking content)
            requested = None
    code = (requested or SOURCE_LANGUAGE).split("-")[0].lower()
    return code if code in LANGUAGES else SOURCE_LANGUAGE


def is_translation(file: Path) -> bool:
    """`x.es.yaml` is a translation; `x.yaml` is a source."""
    parts = file.name.split(".")
    return len(parts) >= 3 and parts[-2] in LANGUAGES and parts[-2] != SOURCE_LANGUAGE


def sources(folder: Path, pattern: str = "*.yaml") -> list[Path]:
    """The source files in `folder` matching `pattern`, sorted, translations left out."""
    return sorted(p for p in folder.glob(pattern) if not is_translation(p))


def translation_path(file: Path, lang: str) -> Path:
    return file.with_name(f"{file.stem}.{lang}{file.suffix}")


def localized(file: Path, lang: str) -> Path:
    """The file to read for `lang`: its translation when there is one, else the source itself."""
    if lang != SOURCE_LANGUAGE:
        candidate = translation_path(file, lang)
        if candidate.is_file():
            return candidate
    return file


def compare(source: Any, translation: Any, where: str = "", key: str | None = None) -> list[str]:
    """Every way `translation` departs from `source`'s shape: a key added or missing, a list of another
    length, a fixed value changed, a text left empty or left in English. Empty when it is a faithful copy."""
    here = where or "(top)"
    if isinstance(source, dict):
        if not isinstance(translation, dict):
            return [f"{here}: should be a block of fields"]
        out = [f"{here}: '{k}' is missing" for k in source if k not in translation]
        out += [f"{here}: '{k}' is not in the English file" for k in translation if k not in source]
        for k in source:
            if k in translation:
                out += compare(source[k], translation[k], f"{where}.{k}" if where else str(k), str(k))
        return out
    if isinstance(source, list):
        if not isinstance(translation, list) or len(translation) != len(source):
            return [f"{here}: should be a list of {len(source)}"]
        out = []
        for n, (s, t) in enumerate(zip(source, translation, strict=True)):
            ident = s.get("id") or s.get("slug") if isinstance(s, dict) else None
            out += compare(s, t, f"{where}[{ident or n + 1}]", key)
        return out
    if key in FIXED_KEYS or not isinstance(source, str):
        return [] if translation == source else [f"{here}: must stay {source!r} (code refers to it)"]
    if not isinstance(translation, str) or not translation.strip():
        return [f"{here}: is empty"]
    if len(source) >= _UNTRANSLATED_AT and translation.strip() == source.strip():
        return [f"{here}: is still the English text"]
    return []
