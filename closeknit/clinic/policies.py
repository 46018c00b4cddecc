"""The words of each confidentiality policy, as both partners read and accept them."""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

TEXT = {
    "no_secrets": gettext_noop(
        "If one of you tells {name} something alone, {name} may bring it into your joint sessions. "
        "{name} won't hold secrets between you, and will help the one who shared find a way to say it. "
        "Anything about someone's safety is always handled with care for that person first."
    ),
    "individual": gettext_noop(
        "If one of you tells {name} something alone, it stays between that person and {name}, "
        "unless someone's safety is at risk."
    ),
}


def text(policy: str, name: str) -> str:
    """In the active language: the reader's own (a partner reads it in theirs, the clinician in theirs)."""
    return gettext(TEXT[policy]).format(name=name)
