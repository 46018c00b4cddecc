"""Language tests read the dev splits at test time (never copied into the repo) and load artifacts."""

from __future__ import annotations

import pytest

from closeknit.language import data


@pytest.fixture(scope="session")
def goemotions_dev():
    if not (data.data_dir() / "goemotions").exists():
        pytest.skip(f"GoEmotions not found under {data.data_dir()}")
    return data.goemotions("original", "dev")


@pytest.fixture(scope="session")
def group_dev():
    if not (data.data_dir() / "goemotions").exists():
        pytest.skip(f"GoEmotions not found under {data.data_dir()}")
    return data.goemotions("group", "dev")


@pytest.fixture(scope="session")
def politeness_held():
    if not (data.data_dir() / "politeness").exists():
        pytest.skip(f"politeness corpus not found under {data.data_dir()}")
    return data.politeness_split(data.politeness())
