"""Bad definition files fail at load with a message that names the file, the item (or block) and the field."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from closeknit.assessments import definitions
from closeknit.assessments.definitions import DefinitionError

BAD = Path(__file__).parent / "fixtures" / "bad"
EXAMPLE = Path(__file__).parent / "fixtures" / "example-licensed-scale.yaml"

# file -> (where, field, words the message must contain)
CASES = {
    "unknown-scale": ("item 'q2'", "scale", "'agree7' is not a response scale"),
    "reverse-asymmetric": ("item 'q3'", "reverse", "not symmetric"),
    "typo-field": ("item 'q1'", "revers", "did you mean 'reverse'"),
    "duplicate-item": ("item 'q2'", "id", "used by more than one item"),
    "missing-text": ("item 'q1'", "text", "is required"),
    "unknown-subscale": ("item 'q3'", "subscale", "'part_z' is not a subscale"),
    "yes-no-text": ("item 'q1'", "text", "put the words in quotes"),
    "duplicate-key": ("item 'q2' (line 29, column 5)", "text", "appears twice"),
    "anchor-not-a-number": ("response scale 'agree5' anchor #3", "value", "should be a number"),
    "prorate-mixed-ranges": ("subscale 'part_a'", "max_missing", "same range"),
    "band-order": ("total band #3", "from", "above the previous band's start"),
    "our-norms": ("total", "norms", "computed from real use"),
    "no-source": ("instrument", "source", "must say where it comes from"),
    "reliability-range": ("total norms", "reliability", "between 0 and 1"),
    "norms-direction": ("total norms functional", "mean", "better side"),
    "slug-mismatch": ("instrument", "slug", "should match the file name"),
}


def test_every_bad_fixture_has_a_case():
    assert {p.stem for p in BAD.glob("*.yaml")} == set(CASES) | {"yaml-syntax"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_bad_file_names_file_item_and_field(name):
    where, field, words = CASES[name]
    with pytest.raises(DefinitionError) as info:
        definitions.load_file(BAD / f"{name}.yaml")
    text = str(info.value)
    assert f"tests/assessments/fixtures/bad/{name}.yaml: {where}, field '{field}': " in text
    assert words in text
    assert any(p.file.endswith(f"{name}.yaml") and p.where == where and p.field == field for p in info.value.problems)


def test_broken_yaml_names_file_and_line():
    with pytest.raises(DefinitionError) as info:
        definitions.load_file(BAD / "yaml-syntax.yaml")
    assert str(info.value).startswith("tests/assessments/fixtures/bad/yaml-syntax.yaml: line 26, column 5: ")
    assert "not valid YAML" in str(info.value)


def test_a_folder_with_bad_files_reports_them_all_at_once():
    definitions.clear_cache()
    with pytest.raises(DefinitionError) as info:
        definitions.load_all(BAD)
    files = {Path(p.file).stem for p in info.value.problems}
    assert files == set(CASES) | {"yaml-syntax"}
    definitions.clear_cache()


def _minimal(**changes):
    data = {
        "slug": "x", "title": "X", "version": "1", "label": definitions.OUR_LABEL, "instructions": "Do it.",
        "respondent": "each_partner", "privacy": {"results": "partner"}, "direction": "higher_is_better",
        "response_scales": {"s": {"anchors": [{"value": 0, "text": "A"}, {"value": 1, "text": "B"}]}},
        "scoring": {"method": "sum"}, "total": {"title": "T"},
        "items": [{"id": f"i{n}", "text": f"Example item {n}", "scale": "s"} for n in (1, 2)],
    }  # fmt: skip
    data.update(changes)
    return data


def test_minimal_definition_is_valid():
    inst = definitions.parse_definition(_minimal(), file="mem")
    assert inst.total is not None and (inst.total.minimum, inst.total.maximum) == (0, 2)


@pytest.mark.parametrize(
    ("changes", "where", "field"),
    [
        ({"version": 1.0}, "instrument", "version"),
        ({"respondent": "everyone"}, "instrument", "respondent"),
        ({"direction": "up"}, "instrument", "direction"),
        ({"privacy": {"results": "partner", "answers": "partner"}}, "privacy", "answers"),
        ({"privacy": {"results": "public"}}, "privacy", "results"),
        ({"scoring": {"method": "median"}}, "scoring", "method"),
        ({"scoring": {"method": "sum", "max_missing": 2}}, "total", "max_missing"),
        ({"scoring": {"method": "sum", "max_missing": -1}}, "scoring", "max_missing"),
        ({"total": {"title": "T", "cutoff": {"value": 1, "source": "x"}}}, "total", "cutoff"),
        ({"total": None}, "total", None),
        ({"minutes": 0}, "instrument", "minutes"),
        ({"format": 2}, "instrument", "format"),
        ({"cadence": "daily"}, "instrument", "cadence"),
        ({"slug": "Not A Slug"}, "instrument", "slug"),
        ({"items": []}, "instrument", "items"),
        ({"response_scales": {}}, "instrument", "response_scales"),
        ({"response_scales": {"s": {"anchors": [{"value": 0, "text": "A"}]}}}, "response scale 's'", "anchors"),
        ({"response_scales": {"s": {"min": 0, "max": 10, "step": 3, "anchors": [{"value": 0, "text": "A"}] * 2}}},
         "response scale 's'", "step"),
        ({"label": definitions.OUR_LABEL, "source": {"citation": "a", "licence_holder": "b", "licence": "c"}},
         "instrument", "source"),
        ({"total": {"title": "T", "bands": [{"from": 1, "label": "L", "meaning": "M"}]}}, "total band #1", "from"),
    ],
)  # fmt: skip
def test_field_level_problems(changes, where, field):
    with pytest.raises(DefinitionError) as info:
        definitions.parse_definition(_minimal(**changes), file="mem.yaml")
    assert any(p.where == where and p.field == field for p in info.value.problems), str(info.value)
    assert str(info.value).startswith("mem.yaml: ")


def test_all_problems_of_a_file_come_together():
    items = [{"id": "i1", "text": "Example item 1", "scale": "nope"}, {"id": "i2", "scale": "s", "colour": "red"}]
    with pytest.raises(DefinitionError) as info:
        definitions.parse_definition(_minimal(items=items), file="mem.yaml")
    got = {(p.where, p.field) for p in info.value.problems}
    assert {("item 'i1'", "scale"), ("item 'i2'", "text"), ("item 'i2'", "colour")} <= got


def test_not_a_mapping_at_all():
    with pytest.raises(DefinitionError, match=r"mem.yaml: instrument: should be a block of fields"):
        definitions.parse_definition(["a", "list"], file="mem.yaml")


JUNK = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5), st.floats(allow_nan=True), st.text(max_size=5),
    st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
)  # fmt: skip


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for k, v in node.items():
            yield from _paths(v, (*prefix, k))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            yield from _paths(v, (*prefix, i))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_any_broken_field_gives_a_definition_error_never_a_crash(data):
    """Swap any part of a valid definition for junk: the loader explains, it never raises anything else."""
    if data.draw(st.booleans()):
        doc = yaml.safe_load(EXAMPLE.read_text())  # the licensed example: source, cutoff, norms, groups
    else:
        doc = _minimal(subscales=[{"id": "a", "title": "A", "bands": [{"from": 0, "label": "L", "meaning": "M"}]}])
        doc["items"][0]["subscale"] = "a"
    path = data.draw(st.sampled_from([p for p in _paths(doc) if p]))
    target = doc
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(JUNK)
    try:
        definitions.parse_definition(doc, file="fuzz.yaml")
    except DefinitionError as exc:
        assert all(p.file == "fuzz.yaml" and p.message for p in exc.problems)
