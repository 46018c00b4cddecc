"""Needs, desires and boundaries: each partner marks kinds of closeness privately; only what both
welcome is revealed. A "not for me" is never shown, counted or implied (docs/decisions.md)."""
