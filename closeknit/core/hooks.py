"""A hook: how a lower app tells a higher one something without importing it (docs/architecture.md,
Layers). The lower app defines the hook and calls it; the higher app connects a function from its
AppConfig.ready(). Unlike a Django signal, a hook is typed and hands back what each function returned,
so it can also ask ("is any of these people's screens positive?").

Functions run in the caller's thread and transaction, in the order they were connected; an exception
propagates, so a write and what it sets off land together or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


class Hook(Generic[P, R]):
    def __init__(self, name: str) -> None:
        self.name = name
        self._functions: list[Callable[P, R]] = []

    def connect(self, function: Callable[P, R]) -> Callable[P, R]:
        """Called from an AppConfig.ready(); connecting the same function twice keeps one."""
        if function not in self._functions:
            self._functions.append(function)
        return function

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> list[R]:
        return [function(*args, **kwargs) for function in self._functions]

    def __repr__(self) -> str:
        return f"<Hook {self.name}: {len(self._functions)} connected>"
