"""The words of each confidentiality policy, as both partners read and accept them."""

from __future__ import annotations

TEXT = {
    "no_secrets": (
        "If one of you tells {name} something alone, {name} may bring it into your joint sessions. "
        "{name} won't hold secrets between you, and will help the one who shared find a way to say it. "
        "Anything about someone's safety is always handled with care for that person first."
    ),
    "individual": (
        "If one of you tells {name} something alone, it stays between that person and {name}, "
        "unless someone's safety is at risk."
    ),
}


def text(policy: str, name: str) -> str:
    return TEXT[policy].format(name=name)
