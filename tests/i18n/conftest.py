import pytest


@pytest.fixture
def bilingual(couple):
    """couple.a reads Spanish, couple.b English (the default)."""
    couple.a.language = "es"
    couple.a.save(update_fields=["language"])
    return couple
