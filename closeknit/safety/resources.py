"""Crisis resources by country, from content/crisis_resources.yaml, checked when loaded."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpRequest
from django.utils import translation

from closeknit.core import content
from closeknit.core.content import ContentError
from closeknit.core.time import VISITOR_ZONE_COOKIE

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
    about_es: str = ""  # our own Spanish for `about`
    source: str = ""  # the address of the page (the service's own, or its government's) that states the number
    verified: str = ""  # YYYY-MM-DD: the day a person read that page

    def about_in(self, language: str | None) -> str:
        """The about line in the person's language when we wrote one; English otherwise."""
        if (language or "").lower().startswith("es") and self.about_es:
            return self.about_es
        return self.about

    @property
    def verified_on(self) -> dt.date | None:
        return dt.date.fromisoformat(self.verified) if self.verified else None

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
    name_es: str = ""  # the country's name in Spanish

    def name_in(self, language: str | None) -> str:
        """The country's name in the person's language when we wrote one; English otherwise."""
        if (language or "").lower().startswith("es") and self.name_es:
            return self.name_es
        return self.name

    @property
    def shown_name(self) -> str:
        """The name in the language the page speaks ("Reino Unido" on a Spanish page)."""
        return self.name_in(translation.get_language())


RESOURCE_FIELDS = {"name", "kind", "about", "about_es", "hours", "phone", "text", "tty", "source", "verified"}
COUNTRY_FIELDS = {"code", "name", "name_es", "emergency", "resources"}


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
            _check_source(r, rw)
            resources.append(Resource(**{k: str(v) for k, v in r.items()}))
        if not resources:
            raise ContentError(f"{where}: lists no resources")
        out[code] = Country(
            code=code,
            name=entry["name"],
            name_es=str(entry.get("name_es") or ""),
            emergency=str(entry["emergency"]),
            resources=tuple(resources),
        )
    return out


def _check_source(r: dict, where: str) -> None:
    """A source is a web address and comes with the day it was read; neither alone."""
    source, verified = r.get("source"), r.get("verified")
    if source is not None and not re.fullmatch(r"https?://\S+", str(source)):
        raise ContentError(f"{where}: source {source!r} should be the address (https://...) of the page read")
    if (source is None) != (verified is None):
        raise ContentError(f"{where}: source and verified go together (the page, and the day it was read)")
    if verified is not None:
        try:
            dt.date.fromisoformat(str(verified))
        except ValueError:
            raise ContentError(f"{where}: verified {verified!r} should be a date, YYYY-MM-DD") from None


@lru_cache(maxsize=1)
def countries() -> dict[str, Country]:
    return parse(Path(settings.CRISIS_RESOURCES_FILE))


def for_country(code: str | None) -> Country:
    all_ = countries()
    return all_.get((code or "").upper()) or all_[settings.DEFAULT_COUNTRY]


# --- where a visitor probably is: their browser's time zone -------------------------------------------
_ZONE_TABLES = (Path("/usr/share/zoneinfo/zone.tab"),)


@lru_cache(maxsize=1)
def _zone_countries() -> dict[str, str]:
    """IANA zone -> ISO country, from the zone.tab that ships with tzdata (the Python package first, then
    the system's copy). Offline by construction; empty if neither is there."""
    texts: list[str] = []
    try:
        from importlib.resources import files

        texts.append(files("tzdata").joinpath("zoneinfo", "zone.tab").read_text(encoding="utf-8"))
    except (ImportError, OSError, ModuleNotFoundError):
        pass
    texts += [p.read_text(encoding="utf-8") for p in _ZONE_TABLES if p.exists()]
    out: dict[str, str] = {}
    for text in texts:
        for line in text.splitlines():
            if line and not line.startswith("#"):
                parts = line.split("\t")
                if len(parts) >= 3:
                    out.setdefault(parts[2], parts[0])
    return out


def country_for_zone(zone_name: str | None) -> str | None:
    """The country a time zone belongs to ("America/Mexico_City" -> "MX"), or None if unknown."""
    return _zone_countries().get((zone_name or "").strip()) if zone_name else None


def for_request(request: HttpRequest) -> Country:
    """Whose lines to show: an explicit ?country= first, then a signed-in person's own country setting,
    then the country of the browser's time zone (the ck_tz cookie, see static/js/visitor-zone.js) when we
    list it, then the default."""
    all_ = countries()
    requested = (request.GET.get("country", "") or "").upper()
    if requested in all_:
        return all_[requested]
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        return for_country(getattr(user, "country", ""))
    from_zone = country_for_zone(request.COOKIES.get(VISITOR_ZONE_COOKIE, ""))
    return for_country(from_zone)


def unlisted_country(request: HttpRequest) -> str | None:
    """The country this request points to (a signed-in person's setting, else the browser's zone) when we
    list no lines for it: its page must say so rather than offer another country's numbers as if they
    were local (988 cannot be dialled from Buenos Aires). None when an explicit ?country= was chosen."""
    if (request.GET.get("country", "") or "").upper() in countries():
        return None
    user = getattr(request, "user", None)
    if getattr(user, "is_authenticated", False):
        code = (getattr(user, "country", "") or "").upper()
    else:
        code = country_for_zone(request.COOKIES.get(VISITOR_ZONE_COOKIE, "")) or ""
    return code if code and code not in countries() else None


def shown_zone(request: HttpRequest) -> str | None:
    """The browser zone `for_request` went by ("" when it had none yet), for the page's data-shown-zone:
    static/js/visitor-zone.js reloads once when the browser's own zone differs, so a first visit from
    Mexico ends on Mexico's lines. None when the zone played no part (?country= or a signed-in person's
    own setting): no reload could change the page."""
    if (request.GET.get("country", "") or "").upper() in countries():
        return None
    if getattr(getattr(request, "user", None), "is_authenticated", False):
        return None
    return (request.COOKIES.get(VISITOR_ZONE_COOKIE, "") or "").strip()


def language_of(request: HttpRequest) -> str:
    """The language the page speaks ("es" shows our Spanish): a signed-in person's own setting, else the
    visitor's choice or browser (both set per request by the locale middlewares)."""
    return (translation.get_language() or "en").split("-")[0].lower()
