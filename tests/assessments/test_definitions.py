"""Loading instrument definitions: the shipped instruments, the synthetic licensed example, the cache."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
import yaml

from closeknit.assessments import definitions
from closeknit.assessments.definitions import (
    OUR_LABEL,
    Direction,
    Method,
    Respondent,
    UnknownInstrument,
    Visibility,
)

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLE = FIXTURES / "example-licensed-scale.yaml"


def test_every_shipped_instrument_loads_and_is_labelled_ours():
    found = definitions.load_all()
    assert set(found) == {"closeness-check", "distance-drivers", "fear-of-closeness", "weekly-pulse", "session-check"}
    for inst in found.values():
        assert inst.label == OUR_LABEL and inst.is_ours and inst.source is None
        # Never invent a published norm: our scales carry no norms and no cutoff until computed from use.
        assert all(s.norms is None and s.cutoff is None for s in inst.scores)
        assert all(s.bands for s in inst.scores), f"{inst.slug}: every score explains itself in bands"


def test_closeness_check_shape():
    inst = definitions.get("closeness-check")
    assert 12 <= len(inst.items) <= 20
    assert [s.key for s in inst.subscales] == ["safe_to_share", "understood", "valued", "trust", "affection_touch"]
    assert all(len(s.item_ids) >= 3 for s in inst.subscales)
    assert inst.direction is Direction.HIGHER_IS_BETTER and inst.total is not None
    assert inst.respondent is Respondent.EACH_PARTNER and inst.results_visibility is Visibility.PARTNER


def test_distance_drivers_has_a_subscale_per_driver_and_no_total():
    inst = definitions.get("distance-drivers")
    assert [s.key for s in inst.subscales] == [
        "unresolved_conflict", "stress_busy", "broken_trust", "conversations_stopped",
        "fear_of_vulnerability", "poor_listening", "too_little_time",
    ]  # fmt: skip
    assert inst.total is None
    assert all(s.direction is Direction.LOWER_IS_BETTER for s in inst.subscales)


def test_fear_of_closeness_is_individual_and_private_by_default():
    inst = definitions.get("fear-of-closeness")
    assert inst.respondent is Respondent.INDIVIDUAL
    assert inst.results_visibility is Visibility.PRIVATE
    assert inst.direction is Direction.LOWER_IS_BETTER


@pytest.mark.parametrize("slug", ["weekly-pulse", "session-check"])
def test_quick_checks_have_four_items(slug):
    inst = definitions.get(slug)
    assert len(inst.items) == 4 and inst.total is not None and inst.total.method is Method.MEAN


def test_session_check_is_for_care_and_private_from_the_partner():
    inst = definitions.get("session-check")
    assert inst.in_care_only and inst.results_visibility is Visibility.PRIVATE


def test_load_all_is_cached_and_fast():
    definitions.clear_cache()
    started = time.perf_counter()
    first = definitions.load_all()
    cold = time.perf_counter() - started
    started = time.perf_counter()
    for _ in range(1000):
        assert definitions.load_all() is first
    warm = (time.perf_counter() - started) / 1000
    assert cold < 0.5, f"loading content/instruments took {cold:.3f}s"
    assert warm < 1e-4


def test_unknown_slug_is_a_not_found_error():
    with pytest.raises(UnknownInstrument) as info:
        definitions.get("no-such-scale")
    assert info.value.status == 404 and "no-such-scale" not in info.value.message


def test_synthetic_licensed_example_loads():
    inst = definitions.load_file(EXAMPLE)
    assert not inst.is_ours and inst.source is not None
    assert inst.source.licence_holder == "Example Licensing Office (fictional)"
    assert inst.method is Method.SUM and inst.total is not None
    assert (inst.total.minimum, inst.total.maximum) == (0, 30)
    assert inst.total.cutoff is not None and inst.total.cutoff.value == 17.5
    norms = inst.total.norms
    assert norms is not None and norms.reliability == 0.88 and norms.reliability_kind == "test_retest"
    assert norms.functional is not None and norms.functional.mean == 22.0
    assert inst.total.functional_group == "couples in the example's community sample"
    assert [i.reverse for i in inst.items] == [False, True, False, False, False, True]
    assert all(i.text.startswith("Example item ") for i in inst.items), "ship no copied items, even in examples"


def test_example_in_the_docs_is_the_fixture():
    """docs/instrument-format.md shows the synthetic example; keep the two identical so the doc never drifts."""
    doc = (definitions.PROJECT_ROOT / "docs" / "instrument-format.md").read_text()
    block = doc.split("<!-- example:start -->")[1].split("<!-- example:end -->")[0]
    shown = block.split("```yaml\n", 1)[1].rsplit("```", 1)[0]
    assert shown == EXAMPLE.read_text()


def test_a_licensed_folder_loads_beside_ours(tmp_path):
    """A practice drops its licensed definition in a folder; the loader reads it like ours."""
    (tmp_path / EXAMPLE.name).write_text(EXAMPLE.read_text())
    found = definitions.load_all(tmp_path)
    assert list(found) == ["example-licensed-scale"]
    assert definitions.get("example-licensed-scale", tmp_path).title.endswith("(synthetic)")


def test_parse_definition_accepts_data_from_elsewhere():
    data = yaml.safe_load(EXAMPLE.read_text())
    inst = definitions.parse_definition(data, file="from-a-test")
    assert inst.slug == "example-licensed-scale" and inst.path == "from-a-test"


def test_item_ids_and_numbers():
    inst = definitions.get("closeness-check")
    assert [i.number for i in inst.items] == list(range(1, len(inst.items) + 1))
    assert inst.items_by_id["cc03"].reverse
    with pytest.raises(KeyError):
        inst.score("nope")
