"""Valence (negative / neutral / positive) and an emotion mix (Ekman's six + neutral) per entry.

Both models read the same n-grams, so a text is featurized once. Valence is a number in [-1, 1]
(P(positive) - P(negative)) that trends and ratios can average; the label is the likeliest class.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from closeknit.language.features import LinearModel, load_model, ngrams

Valence = Literal["negative", "neutral", "positive"]
EMOTIONS = ("anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral")


@dataclass(frozen=True)
class Sentiment:
    label: Valence
    valence: float  # P(positive) - P(negative), in [-1, 1]
    scores: dict[str, float]  # negative / neutral / positive probabilities
    emotions: dict[str, float]  # the emotion mix: probabilities over EMOTIONS, summing to 1
    evidence: tuple[str, ...]  # the words and phrases that pushed the label most

    @property
    def top_emotion(self) -> str:
        return max(self.emotions, key=self.emotions.__getitem__)


def analyze(text: str) -> Sentiment:
    valence_model = load_model("sentiment")
    emotion_model = load_model("emotion")
    feats = ngrams(text, valence_model.config)
    scores = _softmax(valence_model, feats)
    emotion_feats = feats if emotion_model.config == valence_model.config else ngrams(text, emotion_model.config)
    emotions = _softmax(emotion_model, emotion_feats)
    label = max(scores, key=scores.__getitem__)
    k = valence_model.classes.index(label)
    words = [f for f, _ in valence_model.contributions(text, k=k, top=40) if not f.startswith("#")]
    evidence = tuple(words[:3])  # word n-grams only: character pieces mean nothing to a person
    return Sentiment(
        label=label,  # type: ignore[arg-type]  # one of the model's three labels
        valence=round(scores["positive"] - scores["negative"], 4),
        scores={c: round(p, 4) for c, p in scores.items()},
        emotions={c: round(emotions[c], 4) for c in EMOTIONS},
        evidence=evidence,
    )


def _softmax(model: LinearModel, feats: set[str]) -> dict[str, float]:
    scale = model.config.scale(len(feats))
    z = list(model.bias)
    for f in feats:
        w = model.weights.get(f)
        if w is not None:
            for i, v in enumerate(w):
                z[i] += v * scale
    m = max(z)
    e = [math.exp(v - m) for v in z]
    total = sum(e)
    return {c: v / total for c, v in zip(model.classes, e, strict=True)}


def positive_ratio(labels: list[str]) -> float | None:
    """Positive moments per negative one (the 5:1 line for conflict talk); None with no negatives."""
    neg = sum(lab == "negative" for lab in labels)
    pos = sum(lab == "positive" for lab in labels)
    return pos / neg if neg else None


def backend() -> str:
    """What the product runs, for its about page and logs."""
    return "closeknit-linear-v1: n-gram logistic regression, standard library, CPU, offline"
