"""Language tests read the dev splits at test time (never copied into the repo) and load artifacts.

The data folder is $CLOSEKNIT_DATA (goemotions/, politeness/, counselchat/); without it these skip."""

from __future__ import annotations

import pytest

from closeknit.language import data


def _need(folder: str) -> None:
    if not (data.data_dir() / folder).exists():
        pytest.skip(f"{folder}/ not found: set CLOSEKNIT_DATA to the folder holding the public data sets (see README)")


@pytest.fixture(scope="session")
def goemotions_dev():
    _need("goemotions")
    return data.goemotions("original", "dev")


@pytest.fixture(scope="session")
def group_dev():
    _need("goemotions")
    return data.goemotions("group", "dev")


@pytest.fixture(scope="session")
def politeness_held():
    _need("politeness")
    return data.politeness_split(data.politeness())
