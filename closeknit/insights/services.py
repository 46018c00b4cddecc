"""Writes of entry tones: computed the first time a read needs them, recomputed when the words change.

Callers pass the words they are allowed to count (for check-ins: only answers shared with the
partner); this module never decides visibility, and never stores the words.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass
from functools import lru_cache

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from closeknit import language
from closeknit.insights.models import EntryTone

# Bump when a retrained sentiment model should recompute every stored tone.
MODEL_VERSION = "sentiment-v1"


@dataclass(frozen=True)
class Source:
    """One entry's countable words, with what the stored row is keyed to."""

    kind: str
    object_id: int
    author_id: int
    couple_id: int
    local_date: dt.date
    shared: bool
    text: str


@lru_cache(maxsize=1)
def _key() -> bytes:
    return hashlib.sha256(b"closeknit.insights.digest|" + settings.SECRET_KEY.encode()).digest()


def digest(kind: str, text: str) -> str:
    """A keyed digest: equal words give equal digests, and a dump of the table reveals nothing."""
    msg = f"{MODEL_VERSION}|{kind}|{text}".encode()
    return hmac.new(_key(), msg, hashlib.sha256).hexdigest()[:40]


def tones_for(*, sources: list[Source]) -> dict[tuple[str, int], EntryTone]:
    """The stored tone of each source with words; missing or stale ones computed in one transaction.

    An entry whose countable words are now empty (everything made private, or erased) loses its row,
    so a stale tone can never outlive the words it came from."""
    if not sources:
        return {}
    with transaction.atomic():
        stored: dict[tuple[str, int], EntryTone] = {}
        for kind in {s.kind for s in sources}:
            ids = [s.object_id for s in sources if s.kind == kind]
            for t in EntryTone.objects.filter(kind=kind, object_id__in=ids):
                stored[(kind, t.object_id)] = t
        out: dict[tuple[str, int], EntryTone] = {}
        fresh: list[EntryTone] = []
        gone: list[int] = []
        for s in sources:
            k = (s.kind, s.object_id)
            row = stored.get(k)
            if not s.text.strip():
                if row is not None:
                    gone.append(row.pk)
                continue
            d = digest(s.kind, s.text)
            if row is not None and row.digest == d:
                out[k] = row
                continue
            mood = language.sentiment_of(s.text)
            fields = {
                "author_id": s.author_id,
                "couple_id": s.couple_id,
                "local_date": s.local_date,
                "shared": s.shared,
                "digest": d,
                "label": mood.label,
                "valence": mood.valence,
                "emotions": mood.emotions,
            }
            if row is None:
                row = EntryTone(kind=s.kind, object_id=s.object_id, **fields)
                fresh.append(row)
            else:
                EntryTone.objects.filter(pk=row.pk).update(**fields, computed_at=timezone.now())
                for name, value in fields.items():
                    setattr(row, name, value)
            out[k] = row
        if fresh:
            # Two readers (both partners, say) may compute the same tone at once: the second insert
            # yields to the first instead of failing the page.
            EntryTone.objects.bulk_create(fresh, ignore_conflicts=True)
        if gone:
            EntryTone.objects.filter(pk__in=gone).delete()
    return out
