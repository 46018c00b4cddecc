"""Prints the matcher's hit rate at the end of `pytest tests/practices`."""

from __future__ import annotations


def pytest_terminal_summary(terminalreporter):
    from tests.practices.test_matching import RESULTS

    for name, (hits, total) in RESULTS.items():
        terminalreporter.write_line(
            f"practice matcher, {name}: {hits}/{total} concerns have the expected family in the top three "
            f"({hits / total:.0%})"
        )
