"""The crisis resources file: every entry well formed, the US numbers exactly as verified (FACTS.md),
and a broken file refused with a message that says which country and which field."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from closeknit.core.content import ContentError
from closeknit.safety import resources
from closeknit.safety.resources import KINDS, parse

FILE = Path(settings.CRISIS_RESOURCES_FILE)


def iso_codes() -> set[str]:
    for candidate in (Path("/usr/share/zoneinfo/iso3166.tab"),):
        if candidate.exists():
            lines = candidate.read_text().splitlines()
            return {line.split("\t")[0] for line in lines if line and not line.startswith("#")}
    try:
        import tzdata

        tab = Path(tzdata.__file__).parent / "zoneinfo" / "iso3166.tab"
        lines = tab.read_text().splitlines()
        return {line.split("\t")[0] for line in lines if line and not line.startswith("#")}
    except (ImportError, OSError):
        pytest.skip("no ISO 3166 table on this machine")


@pytest.fixture(scope="module")
def countries():
    return parse(FILE)


def digits(number: str) -> str:
    return re.sub(r"\D", "", number)


def test_every_country_is_well_formed(countries):
    codes = iso_codes()
    assert countries, "the file lists no country"
    assert settings.DEFAULT_COUNTRY in countries
    for code, country in countries.items():
        assert code in codes, f"{code} is not an ISO 3166-1 alpha-2 code"
        assert country.code == code and country.name.strip() == country.name and len(country.name) >= 4
        assert 2 <= len(digits(country.emergency)) <= 4 and country.emergency.isdigit()
        assert any(r.kind == "crisis" for r in country.resources), f"{code} has no crisis line"
        names = [r.name for r in country.resources]
        assert len(names) == len(set(names)), f"{code} lists a line twice"
        for r in country.resources:
            where = f"{code} / {r.name}"
            assert r.kind in KINDS, where
            assert r.name.strip() == r.name and len(r.name) >= 3, where
            assert r.about.strip() == r.about and r.about.endswith(".") and 20 <= len(r.about) <= 140, where
            assert r.about[0].isupper(), where
            assert r.phone or r.text, where
            for number in (r.phone, r.tty):
                if number:
                    assert re.fullmatch(r"[0-9][0-9 \-]*[0-9]", number), where
                    assert 3 <= len(digits(number)) <= 15, where  # E.164 numbers have at most 15 digits
            if r.phone:
                assert r.tel == digits(r.phone), where
            if r.text:
                assert re.fullmatch(r"([A-Z]+ to )?[0-9]{3,8}", r.text), where
                assert r.sms.isdigit() and r.text.endswith(r.sms), where
            assert r.hours, where


# Lines kept on show although no stored page of the service (or its government) stating the number was
# found yet: taking a crisis line away is worse than showing one awaiting its source. Each is reported to
# the lead; give it a `source` and `verified` and take it off this list (the test below insists).
AWAITING_SOURCE = {
    ("CA", "9-8-8 Suicide Crisis Helpline"),
    ("IE", "Samaritans Ireland"),
    ("AU", "1800RESPECT"),
    ("NZ", "Need to talk? 1737"),
    ("DE", "TelefonSeelsorge"),
    ("ES", "Línea 016"),
    ("IN", "Tele-MANAS"),
}


def test_every_line_names_its_source_read_within_a_year(countries):
    """`verified` is the day a person read the source page; a year later the line must be read again.
    "Today" is the suite's clock (tests/clock.py), so this holds on every date the suite runs under."""
    today = dt.date.today()
    missing, stale = [], []
    for code, country in countries.items():
        for r in country.resources:
            key = (code, r.name)
            if not r.source:
                if key not in AWAITING_SOURCE:
                    missing.append(key)
                continue
            assert key not in AWAITING_SOURCE, f"{key} has a source now: take it off AWAITING_SOURCE"
            assert re.fullmatch(r"https://\S+", r.source), key
            assert r.verified_on is not None and r.verified_on <= today, f"{key} verified in the future"
            if (today - r.verified_on).days > 365:
                stale.append((key, r.verified))
    assert not missing, f"lines with no source: {missing}"
    assert not stale, f"read these sources again and update `verified`: {stale}"
    listed = {(code, r.name) for code, c in countries.items() for r in c.resources}
    assert listed >= AWAITING_SOURCE, f"no longer in the file: {AWAITING_SOURCE - listed}"


def test_a_line_a_year_old_fails_the_check(tmp_path):
    """The rule above, on a made-up file: read 366 days before the suite's today is too old."""
    old = (dt.date.today() - dt.timedelta(days=366)).isoformat()
    parsed = parse(write(tmp_path, [with_resource(source="https://example.org/line", verified=old)]))
    line = parsed["GB"].resources[0]
    assert (dt.date.today() - line.verified_on).days > 365
    fresh = dt.date.today().isoformat()
    assert parse(write(tmp_path, [with_resource(source="https://example.org/line", verified=fresh)]))


def test_spanish_text_is_ours_and_well_formed(countries):
    """Every line says what it is for in Spanish too: a Spanish speaker abroad reads the help page."""
    for code, country in countries.items():
        for r in country.resources:
            assert r.about_es, f"{code} / {r.name} has no about_es"
            if r.about_es:
                where = f"{code} / {r.name}"
                assert r.about_es != r.about, where
                assert r.about_es[0].isupper() and r.about_es.endswith(".") and len(r.about_es) <= 140, where
                assert r.about_in("es") == r.about_es and r.about_in("en") == r.about, where
    spanish = [r for r in countries["US"].resources if "español" in r.name]
    assert spanish and spanish[0].kind == "crisis" and spanish[0].text == "AYUDA to 988"
    assert (spanish[0].sms, spanish[0].sms_body) == ("988", "AYUDA")
    assert all(r.about_es for r in countries["US"].resources), "every US line says what it is in Spanish"
    for code, country in countries.items():  # and every country has its Spanish name ("Reino Unido")
        assert country.name_es and country.name_es[0].isupper(), code
        assert country.name_in("es-mx") == country.name_es and country.name_in("en") == country.name, code


def test_the_file_says_when_it_was_last_checked_and_that_is_within_a_year():
    raw = yaml.safe_load(FILE.read_text())
    verified = str(raw.get("verified", ""))
    assert re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])", verified), "add `verified: YYYY-MM` to the file"
    year, month = map(int, verified.split("-"))
    today = dt.date.today()
    months_old = (today.year - year) * 12 + today.month - month
    assert months_old >= 0, f"verified {verified} is in the future"
    assert months_old <= 12, f"the numbers were last checked {verified}: call each line again and update the file"


def test_the_us_lines_are_exactly_the_verified_numbers(countries):
    us = countries["US"]
    assert us.emergency == "911"
    by_name = {r.name: r for r in us.resources}
    lifeline = next(r for r in us.resources if r.kind == "crisis")
    assert "988" in lifeline.name
    assert (lifeline.phone, lifeline.text, lifeline.tel, lifeline.sms) == ("988", "988", "988", "988")
    ndvh = by_name["National Domestic Violence Hotline"]
    assert ndvh.kind == "violence"
    assert ndvh.phone == "1-800-799-7233" and ndvh.tel == "18007997233"
    assert ndvh.tty == "1-800-787-3224"
    assert ndvh.text == "START to 88788" and (ndvh.sms, ndvh.sms_body) == ("88788", "START")


def test_for_country_falls_back_to_the_default(settings):
    assert resources.for_country("gb").code == "GB"
    assert resources.for_country("ZZ").code == settings.DEFAULT_COUNTRY
    assert resources.for_country("").code == settings.DEFAULT_COUNTRY
    assert resources.for_country(None).code == settings.DEFAULT_COUNTRY


GOOD_COUNTRY = {
    "code": "GB",
    "name": "United Kingdom",
    "emergency": "999",
    "resources": [
        {"name": "Samaritans", "kind": "crisis", "phone": "116 123", "hours": "24/7", "about": "A free call, any time."}
    ],
}


def write(tmp_path: Path, countries: list, name: str = "crisis.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump({"verified": "2026-11", "countries": countries}, allow_unicode=True))
    return path


def with_resource(**changes) -> dict:
    resource = {**GOOD_COUNTRY["resources"][0], **changes}
    resource = {k: v for k, v in resource.items() if v is not None}
    return {**GOOD_COUNTRY, "resources": [resource]}


BAD = [
    # (countries, words the message must contain)
    ([{**GOOD_COUNTRY, "code": "gb"}], ["(gb)", "code"]),
    ([{**GOOD_COUNTRY, "code": "GBR"}], ["(GBR)", "code"]),
    ([GOOD_COUNTRY, GOOD_COUNTRY], ["(GB)", "twice"]),
    ([{**GOOD_COUNTRY, "emergency": "call the police"}], ["(GB)", "emergency"]),
    ([{**GOOD_COUNTRY, "resources": []}], ["(GB)", "resources"]),
    ([with_resource(kind="hotline")], ["(GB)", "resource #1", "kind"]),
    ([with_resource(name="")], ["(GB)", "resource #1", "name"]),
    ([with_resource(about=None)], ["(GB)", "resource #1", "about"]),
    ([with_resource(phone="call us")], ["(GB)", "resource #1", "phone"]),
    ([with_resource(phone="+44 116 123")], ["(GB)", "resource #1", "phone"]),
    ([with_resource(phone=None)], ["(GB)", "resource #1", "phone"]),
    ([with_resource(tty="12")], ["(GB)", "resource #1", "tty"]),
    ([with_resource(text="START 88788")], ["(GB)", "resource #1", "text"]),
    ([with_resource(text="start to 88788")], ["(GB)", "resource #1", "text"]),
    ([with_resource(source="samaritans.org", verified="2026-12-05")], ["(GB)", "resource #1", "source"]),
    ([with_resource(source="https://www.samaritans.org/")], ["(GB)", "resource #1", "verified"]),
    ([with_resource(verified="2026-12-05")], ["(GB)", "resource #1", "source"]),
    ([with_resource(source="https://www.samaritans.org/", verified="last week")], ["(GB)", "verified"]),
]


@pytest.mark.parametrize(("countries", "words"), BAD, ids=[" ".join(w) for _, w in BAD])
def test_a_broken_file_is_refused_naming_country_and_field(tmp_path, countries, words):
    with pytest.raises(ContentError) as err:
        parse(write(tmp_path, countries))
    message = str(err.value)
    assert "crisis.yaml" in message
    for word in words:
        assert word in message, message


def test_a_good_temp_file_parses(tmp_path):
    parsed = parse(write(tmp_path, [GOOD_COUNTRY]))
    assert parsed["GB"].resources[0].tel == "116123"


BROKEN_SHAPES = [
    pytest.param(
        "countries:\n  - code: GB\n    emergency: '999'\n    resources:\n      - {name: S, kind: crisis, "
        "phone: '116 123', about: A line.}\n",
        ["(GB)", "name"],
        id="country without a name",
    ),
    pytest.param(
        "countries:\n  - code: GB\n    name: UK\n    emergency: '999'\n    resources:\n      - {name: S, "
        "kind: crisis, phone: '116 123', about: A line., website: 'https://x'}\n",
        ["(GB)", "website"],
        id="a field the format does not know",
    ),
    pytest.param("", ["countries"], id="an empty file"),
    pytest.param("- code: GB\n", ["countries"], id="a list at the top"),
]


@pytest.mark.parametrize(("text", "words"), BROKEN_SHAPES)
def test_a_file_of_the_wrong_shape_is_refused_in_words(tmp_path, text, words):
    path = tmp_path / "crisis.yaml"
    path.write_text(text)
    with pytest.raises(ContentError) as err:
        parse(path)
    for word in words:
        assert word in str(err.value)
