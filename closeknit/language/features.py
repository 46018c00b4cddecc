"""Text features and linear models that run on the standard library alone.

Training (numpy/scikit-learn, see train.py) and inference share this one featurizer, so a model
scores text in the product exactly as it was scored when it was fitted. Models are logistic
regressions over word and character n-grams, stored as gzipped JSON: small, diffable once
unpacked, and loadable with no third-party package and no network.
"""

from __future__ import annotations

import gzip
import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

ARTIFACTS = Path(__file__).resolve().parent / "artifacts"

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'", "\u201c": '"', "\u201d": '"'})
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?|[!?]|[\U0001F300-\U0001FAFF\u2600-\u27BF]")
_SENTENCE = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


def normalize(text: str) -> str:
    """Lower-case, fold curly quotes and accents, so "I’m" and "I'm" are one feature."""
    text = unicodedata.normalize("NFKC", text).translate(_APOSTROPHES)
    return text.lower()


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(normalize(text))


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of sentence-like pieces, trimmed of surrounding space."""
    spans = []
    for m in _SENTENCE.finditer(text):
        start, end = m.span()
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        if end > start:
            spans.append((start, end))
    return spans


@dataclass(frozen=True)
class FeatureConfig:
    """How text becomes n-grams. Stored with every model so inference cannot drift from training."""

    word_ngrams: int = 2
    char_ngrams: tuple[int, int] | None = None  # e.g. (3, 5): within-word character n-grams
    max_chars: int = 2000  # long posts: the head carries most signal; keeps latency bounded
    # Features are scaled by 1/sqrt(max(count, min_norm)). With min_norm > 0 a few words cannot
    # weigh as much as a whole paragraph: "I cut myself a slice of pie" is not evidence enough.
    min_norm: int = 0

    def as_dict(self) -> dict:
        return {
            "word_ngrams": self.word_ngrams,
            "char_ngrams": self.char_ngrams,
            "max_chars": self.max_chars,
            "min_norm": self.min_norm,
        }

    @classmethod
    def from_dict(cls, d: dict) -> FeatureConfig:
        cn = d.get("char_ngrams")
        return cls(
            word_ngrams=d["word_ngrams"],
            char_ngrams=tuple(cn) if cn else None,
            max_chars=d["max_chars"],
            min_norm=d.get("min_norm", 0),
        )

    def scale(self, count: int) -> float:
        return 1.0 / math.sqrt(max(count, self.min_norm)) if count else 0.0


def ngrams(text: str, config: FeatureConfig) -> set[str]:
    """The set of n-gram features of a text (binary presence; the model normalizes by count)."""
    toks = tokens(text[: config.max_chars])
    out: set[str] = set(toks)
    for n in range(2, config.word_ngrams + 1):
        for i in range(len(toks) - n + 1):
            out.add(" ".join(toks[i : i + n]))
    if config.char_ngrams:
        lo, hi = config.char_ngrams
        for tok in toks:
            if len(tok) < 3:
                continue
            padded = f"<{tok}>"
            for n in range(lo, hi + 1):
                for i in range(len(padded) - n + 1):
                    out.add("#" + padded[i : i + n])
    return out


@dataclass
class LinearModel:
    """A (multinomial or binary) logistic regression over binary n-gram features, L2-normalized."""

    name: str
    classes: list[str]
    config: FeatureConfig
    weights: dict[str, list[float]]
    bias: list[float]
    meta: dict = field(default_factory=dict)

    @property
    def binary(self) -> bool:
        return len(self.bias) == 1

    def _features(self, text: str) -> tuple[list[str], float]:
        feats = ngrams(text, self.config)
        return [f for f in feats if f in self.weights], self.config.scale(len(feats))

    def logits(self, text: str) -> list[float]:
        present, scale = self._features(text)
        out = list(self.bias)
        for f in present:
            w = self.weights[f]
            for k in range(len(out)):
                out[k] += w[k] * scale
        return out

    def proba(self, text: str) -> dict[str, float]:
        """Class probabilities; for a binary model, {classes[1]: p, classes[0]: 1 - p}."""
        z = self.logits(text)
        if self.binary:
            p = _sigmoid(z[0])
            return {self.classes[0]: 1.0 - p, self.classes[1]: p}
        m = max(z)
        e = [math.exp(v - m) for v in z]
        s = sum(e)
        return {c: v / s for c, v in zip(self.classes, e, strict=True)}

    def score(self, text: str) -> float:
        """Binary models only: the probability of the positive class (classes[1])."""
        return _sigmoid(self.logits(text)[0])

    def contributions(self, text: str, k: int = 0, top: int = 3) -> list[tuple[str, float]]:
        """The n-grams that pushed class k (or the positive class) up most: the model's evidence."""
        present, scale = self._features(text)
        ranked = sorted(((f, self.weights[f][k] * scale) for f in present), key=lambda fw: -fw[1])
        return [(f, w) for f, w in ranked[:top] if w > 0]

    # --- storage ---------------------------------------------------------------------------
    def save(self, path: Path) -> None:
        doc = {
            "format": "closeknit-linear-v1",
            "name": self.name,
            "classes": self.classes,
            "config": self.config.as_dict(),
            "bias": [round(b, 5) for b in self.bias],
            "meta": self.meta,
            "weights": {f: [round(x, 4) for x in w] for f, w in sorted(self.weights.items())},
        }
        raw = json.dumps(doc, separators=(",", ":"), ensure_ascii=False, sort_keys=True).encode()
        # mtime=0: the same model gives the same bytes, so a retrain that changed nothing diffs clean.
        path.write_bytes(gzip.compress(raw, compresslevel=9, mtime=0))

    @classmethod
    def load(cls, path: Path) -> LinearModel:
        doc = json.loads(gzip.decompress(path.read_bytes()))
        if doc.get("format") != "closeknit-linear-v1":
            raise ValueError(f"{path.name}: not a closeknit linear model")
        return cls(
            name=doc["name"],
            classes=doc["classes"],
            config=FeatureConfig.from_dict(doc["config"]),
            weights=doc["weights"],
            bias=doc["bias"],
            meta=doc.get("meta", {}),
        )


@cache
def load_model(name: str) -> LinearModel:
    """A shipped model by name (artifacts/<name>.json.gz), loaded once per process."""
    return LinearModel.load(ARTIFACTS / f"{name}.json.gz")


def _sigmoid(z: float) -> float:
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


# --- metrics (standard library, shared by evaluate.py and the tests) -------------------------
def roc_auc(labels: Sequence[int], scores: Sequence[float]) -> float:
    """Area under the ROC curve by the rank-sum formula, ties counted half."""
    pairs = sorted(zip(scores, labels, strict=True))
    n_pos = sum(labels)
    n_neg = len(labels) - n_pos
    if not n_pos or not n_neg:
        return float("nan")
    rank_sum = 0.0
    i = 0
    while i < len(pairs):
        j = i
        while j < len(pairs) and pairs[j][0] == pairs[i][0]:
            j += 1
        avg_rank = (i + j + 1) / 2  # 1-based ranks i+1..j
        rank_sum += avg_rank * sum(lab for _, lab in pairs[i:j])
        i = j
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg)


def prf(gold: Iterable[bool], pred: Iterable[bool]) -> tuple[float, float, float]:
    tp = fp = fn = 0
    for g, p in zip(gold, pred, strict=True):
        tp += g and p
        fp += (not g) and p
        fn += g and not p
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1
