"""Crisis resources by country, from content/crisis_resources.yaml, checked when loaded."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings

from closeknit.core import content
from closeknit.core.content import ContentError

KINDS = {"crisis", "violence", "emergency"}
PHONE = re.compile(r"^[0-9][0-9 \-]{1,18}[0-9]$|^[0-9]{3,6}$")
TEXT = re.compile(r"^([A-Z]+ to )?[0-9]{3,8}$")


@dataclass(frozen=True)
class Resource:
    name: str
    kind: str
    about: str
    hours: str = ""
    phone: str = ""
    text: str = ""
    tty: str = ""

    @property
    def tel(self) -> str:
        return re.sub(r"[^0-9+]", "", self.phone)

    @property
    def sms(self) -> str:
        """The number part of a text line ("START to 88788" -> 88788), for an sms: link."""
        return self.text.rsplit(" ", 1)[-1] if self.text else ""

    @property
    def sms_body(self) -> str:
        return self.text.split(" to ", 1)[0] if " to " in self.text else ""


@dataclass(frozen=True)
class Country:
    code: str
    name: str
    emergency: str
    resources: tuple[Resource, ...]


RESOURCE_FIELDS = {"name", "kind", "about", "hours", "phone", "text", "tty"}
COUNTRY_FIELDS = {"code", "name", "emergency", "resources"}


def parse(path: Path) -> dict[str, Country]:
    """Read and check the file; any problem is a ContentError naming the country and the field."""
    raw = content.read_yaml(path)
    if not isinstance(raw, dict) or not isinstance(raw.get("countries"), list):
        raise ContentError(f"{path.name}: needs a top-level `countries:` list")
    out: dict[str, Country] = {}
    for i, entry in enumerate(raw["countries"]):
        if not isinstance(entry, dict):
            raise ContentError(f"{path.name}: country #{i + 1} should be a mapping of fields")
        where = f"{path.name}: country #{i + 1} ({entry.get('code', '?')})"
        unknown = set(entry) - COUNTRY_FIELDS
        if unknown:
            raise ContentError(f"{where}: unknown field(s) {sorted(unknown)}")
        code = entry.get("code", "")
        if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{2}", code):
            raise ContentError(f"{where}: code must be two capital letters")
        if code in out:
            raise ContentError(f"{where}: appears twice")
        if not isinstance(entry.get("name"), str) or not entry["name"].strip():
            raise ContentError(f"{where}: needs a name")
        if not PHONE.match(str(entry.get("emergency", ""))):
            raise ContentError(f"{where}: emergency number {entry.get('emergency')!r} is not a phone number")
        listed = entry.get("resources") or []
        if not isinstance(listed, list):
            raise ContentError(f"{where}: resources should be a list")
        resources = []
        for j, r in enumerate(listed):
            rw = f"{where}, resource #{j + 1}"
            if not isinstance(r, dict):
                raise ContentError(f"{rw}: should be a mapping of fields")
            unknown = set(r) - RESOURCE_FIELDS
            if unknown:
                raise ContentError(f"{rw}: unknown field(s) {sorted(unknown)}")
            if not r.get("name") or not r.get("about"):
                raise ContentError(f"{rw}: needs a name and an about line")
            if r.get("kind") not in KINDS:
                raise ContentError(f"{rw}: kind must be one of {sorted(KINDS)}")
            if not (r.get("phone") or r.get("text")):
                raise ContentError(f"{rw}: needs a phone or a text number")
            for key, pattern in (("phone", PHONE), ("tty", PHONE), ("text", TEXT)):
                if r.get(key) and not pattern.match(str(r[key])):
                    raise ContentError(f"{rw}: {key} {r[key]!r} is not well formed")
            resources.append(Resource(**{k: str(v) for k, v in r.items()}))
        if not resources:
            raise ContentError(f"{where}: lists no resources")
        out[code] = Country(
            code=code, name=entry["name"], emergency=str(entry["emergency"]), resources=tuple(resources)
        )
    return out


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    return parse(Path(settings.CRISIS_RESOURCES_FILE))


def for_country(code: str | None) -> Country:
    all_ = countries()
    return all_.get((code or "").upper()) or all_[settings.DEFAULT_COUNTRY]
