"""How common each word is in everyday writing: document frequencies over the GoEmotions train
comments (43,410 Reddit comments, CC BY 4.0), so a matcher can tell a telling word ("cheated",
"sexless") from one that turns up everywhere ("work", "kids", "home").

The artifact keeps only words seen in at least two comments (lower-cased, letters and inner
apostrophes), and no text. Built by `python -m closeknit.language.train rarity`; read with the
standard library.
"""

from __future__ import annotations

import gzip
import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from closeknit.language.features import ARTIFACTS

PATH = ARTIFACTS / "rarity.json.gz"
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")
MIN_DF = 2


@dataclass(frozen=True)
class Rarity:
    n: int  # comments counted
    df: dict[str, int]  # word -> comments it appears in

    def idf(self, df: int) -> float:
        """log((n + 1) / (df + 1)): 0 for a word in every comment, about 10.7 for an unseen one."""
        return math.log((self.n + 1) / (df + 1))


def words(text: str) -> set[str]:
    return set(WORD.findall(text.lower().replace("\u2019", "'")))


def build(texts: list[str]) -> Rarity:
    df: Counter[str] = Counter()
    for t in texts:
        df.update(words(t))
    return Rarity(n=len(texts), df={w: c for w, c in sorted(df.items()) if c >= MIN_DF})


def save(r: Rarity) -> None:
    raw = json.dumps({"n": r.n, "df": r.df}, sort_keys=True, separators=(",", ":")).encode()
    PATH.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))


@lru_cache(maxsize=1)
def table() -> Rarity:
    doc = json.loads(gzip.decompress(PATH.read_bytes()))
    return Rarity(n=int(doc["n"]), df=doc["df"])
