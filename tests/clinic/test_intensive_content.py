"""The shipped intensive templates load cleanly, and the loader names the file and field it refuses."""

from __future__ import annotations

import pytest

from closeknit.clinic import intensive_content as intensives
from closeknit.core.content import ContentError


def test_shipped_templates_are_valid_and_realistic():
    found = intensives.load()
    assert set(found) == {"two-day", "three-day"}
    for t in found.values():
        assert 12 * 60 <= t.total_minutes <= 20 * 60, t.slug  # 12-20 hours in all
        for day in t.days:
            assert 6 * 60 <= sum(b.minutes for b in day) <= 8 * 60, t.slug  # 6-8 hours a day
        kinds = [b.kind for day in t.days for b in day]
        assert kinds[0] == "joint_history" and kinds[-1] == "maintenance"
        individual = [b for day in t.days for b in day if b.kind == "individual"]
        assert sorted(b.with_partner for b in individual) == ["a", "b"]
        assert all(45 <= b.minutes <= 60 for b in individual)
        assert 85 <= next(b for b in t.days[0] if b.kind == "joint_history").minutes <= 90


GOOD = """slug: {slug}
name: Test
day_starts: "09:00"
days:
  - blocks:
      - {{kind: joint_history, title: Story, minutes: 90}}
"""


def _write(tmp_path, slug, text):
    (tmp_path / f"{slug}.yaml").write_text(text, encoding="utf-8")


@pytest.mark.parametrize(
    ("text", "field", "words"),
    [
        (GOOD.replace("joint_history", "picnic"), "days[1].blocks[1].kind", "'picnic' is not one of"),
        (GOOD.replace("minutes: 90", "minutes: 0"), "days[1].blocks[1].minutes", "whole number"),
        (GOOD.replace("minutes: 90}", "minutes: 90, practices: [nope]}"), "days[1].blocks[1].practices", "'nope'"),
        (GOOD.replace("joint_history", "individual"), "days[1].blocks[1].with_partner", "'a' or 'b'"),
        (GOOD.replace("minutes: 90}", "minutes: 90, colour: red}"), "days[1].blocks[1].colour", "not a field"),
        (GOOD.replace('"09:00"', "nine"), "day_starts", "a time"),
        (GOOD.replace("slug: {slug}", "slug: other"), "slug", "file name"),
        (
            GOOD.replace("minutes: 90}", "minutes: 480}\n      - {kind: break, title: B, minutes: 120}"),
            "days[1]",
            "9 hours",
        ),
    ],
)
def test_bad_files_name_file_and_field(tmp_path, text, field, words):
    _write(tmp_path, "mine", text.replace("{slug}", "mine").replace("{{", "{").replace("}}", "}"))
    with pytest.raises(ContentError) as exc:
        intensives.load(tmp_path)
    problem = next(p for p in exc.value.problems if p.where == field)
    assert problem.file == "mine.yaml" and words in problem.message
    assert f"mine.yaml: {field}:" in str(exc.value)


def test_a_good_file_loads(tmp_path):
    _write(tmp_path, "mine", GOOD.replace("{slug}", "mine").replace("{{", "{").replace("}}", "}"))
    assert intensives.load(tmp_path)["mine"].total_minutes == 90


def test_unreadable_yaml_and_empty_folder(tmp_path):
    with pytest.raises(ContentError, match="holds no templates"):
        intensives.load(tmp_path)
    _write(tmp_path, "broken", "slug: [unclosed")
    with pytest.raises(ContentError, match="broken.yaml: line .*is not valid YAML"):
        intensives.load(tmp_path)
