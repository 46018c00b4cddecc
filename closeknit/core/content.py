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
