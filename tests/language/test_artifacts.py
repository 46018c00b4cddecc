"""The shipped models load offline, with the standard library, and stay small."""

from __future__ import annotations

import socket
import subprocess
import sys
from pathlib import Path

import pytest

from closeknit.language.features import ARTIFACTS, LinearModel, load_model

NAMES = ("crisis", "sentiment", "emotion", "harshness")


@pytest.fixture
def no_network(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the language core tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)


@pytest.mark.parametrize("name", NAMES)
def test_artifact_loads_offline(name, no_network):
    model = LinearModel.load(ARTIFACTS / f"{name}.json.gz")
    assert model.weights and model.classes
    assert 0.0 <= load_model(name).proba("a quiet evening together")[model.classes[0]] <= 1.0


def test_artifacts_are_small():
    total = sum(p.stat().st_size for p in ARTIFACTS.glob("*.json.gz"))
    assert total < 3 * 1024 * 1024, f"artifacts are {total / 1024:.0f} KiB"


def test_crisis_threshold_is_recorded():
    assert 0.0 < float(load_model("crisis").meta["threshold"]) < 1.0


def test_inference_imports_no_third_party_ml():
    """A fresh interpreter runs every feature without numpy, scipy, sklearn or torch."""
    code = (
        "import sys; from closeknit import language as L; "
        "L.analyze('You never listen. I want to die.', to_partner=True); "
        "bad = [m for m in ('numpy', 'scipy', 'sklearn', 'torch') if m in sys.modules]; "
        "assert not bad, bad"
    )
    repo = Path(__file__).resolve().parents[2]
    subprocess.run([sys.executable, "-c", code], check=True, cwd=repo)
