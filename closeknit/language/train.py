"""Train the language models and write them to closeknit/language/artifacts/.

    python -m venv /tmp/langvenv && /tmp/langvenv/bin/pip install -r requirements-language.txt
    /tmp/langvenv/bin/python -m closeknit.language.train            # all models, ~10 min on 2 cores
    /tmp/langvenv/bin/python -m closeknit.language.train sentiment  # one model

Training needs numpy, scipy and scikit-learn (requirements-language.txt); the product does not:
it reads the written artifacts with the standard library (features.LinearModel). Everything is
deterministic (fixed splits, liblinear/lbfgs with a fixed seed), so the same data gives the same
artifact bytes.

Data (never shipped, never downloaded at run time):
- ../shared/data/goemotions (Demszky et al. 2020, CC BY 4.0): sentiment and emotion models, and
  the "everyday writing" negatives of the crisis model.
- ../shared/data/politeness (Danescu-Niculescu-Mizil et al. 2013, CC BY 4.0): harshness model.
- construct-tracker 1.0.16 (Low et al. 2024, Apache-2.0): the crisis model's positives
  (r/SuicideWatch posts, RallyPoint posts annotated for suicidal thoughts and behaviours) and the
  control-subreddit negatives. Fetched once into ~/.cache/closeknit-language by exactly:
      python -m pip download --no-deps construct-tracker==1.0.16 -d ~/.cache/closeknit-language/wheel
  and only its CSV files are unpacked; the package is never installed or imported.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections import Counter
from collections.abc import Sequence

from closeknit.language import data
from closeknit.language.features import ARTIFACTS, FeatureConfig, LinearModel, ngrams

SEED = 20261122
SENTIMENT_FEATURES = FeatureConfig(word_ngrams=2, char_ngrams=(3, 5))
CRISIS_FEATURES = FeatureConfig(word_ngrams=2, char_ngrams=None, max_chars=2000)
HARSH_FEATURES = FeatureConfig(word_ngrams=2, char_ngrams=(3, 5))
CRISIS_EVERYDAY_FALSE_ALARM = 0.03  # out of fold, the model may add a finding on <= 3% of comments
CRISIS_CONTROL_FALSE_ALARM = 0.20  # ... and on <= 20% of long non-mental-health posts
# Mental-health subreddits whose posts are distress but rarely suicidal: negatives that teach the
# model suicide-specific language instead of "long first-person post". The ones closest to
# suicidal talk (depression, lonely, ForeverAlone, bpd, ptsd, ...) are left out of training.
CRISIS_DISTRESS_NEGATIVES = (
    "addiction",
    "adhd",
    "alcoholism",
    "autism",
    "divorce",
    "EDAnonymous",
    "healthanxiety",
    "mindfulness",
    "schizophrenia",
    "socialanxiety",
)


def _np():
    try:
        import numpy as np
        import scipy.sparse as sp
        from sklearn.linear_model import LogisticRegression
    except ImportError:  # pragma: no cover - a message for a person, not a code path
        sys.exit("training needs requirements-language.txt (numpy, scipy, scikit-learn); see this module's docstring")
    return np, sp, LogisticRegression


def vectorize(texts: Sequence[str], config: FeatureConfig, vocab: dict[str, int] | None = None, min_df: int = 3):
    """The exact features LinearModel computes at inference, as a sparse matrix."""
    np, sp, _ = _np()
    feats = [ngrams(t, config) for t in texts]
    if vocab is None:
        df = Counter(f for fs in feats for f in fs)
        vocab = {f: i for i, f in enumerate(sorted(f for f, c in df.items() if c >= min_df))}
    rows, cols, vals = [], [], []
    for r, fs in enumerate(feats):
        scale = 1.0 / math.sqrt(len(fs)) if fs else 0.0
        for f in fs:
            j = vocab.get(f)
            if j is not None:
                rows.append(r)
                cols.append(j)
                vals.append(scale)
    matrix = sp.csr_matrix((np.array(vals), (np.array(rows), np.array(cols))), shape=(len(texts), len(vocab)))
    return matrix, vocab


def fit(
    name: str,
    texts: Sequence[str],
    labels: Sequence[str],
    config: FeatureConfig,
    *,
    c: float,
    keep: int,
    classes: list[str],
    meta: dict,
) -> LinearModel:
    """Fit a class-balanced logistic regression and keep the `keep` strongest features."""
    np, _, LogisticRegression = _np()
    x, vocab = vectorize(texts, config)
    y = np.array([classes.index(lab) for lab in labels])
    clf = LogisticRegression(C=c, max_iter=5000, class_weight="balanced", random_state=SEED)
    clf.fit(x, y)
    coef = clf.coef_  # (1, n) for binary, (k, n) otherwise
    strength = np.abs(coef).max(axis=0)
    kept = np.argsort(-strength, kind="stable")[:keep]
    inverse = {i: f for f, i in vocab.items()}
    weights = {inverse[int(j)]: [float(v) for v in coef[:, j]] for j in kept if strength[j] > 1e-4}
    meta = {**meta, "train_rows": len(texts), "C": c, "features_kept": len(weights), "seed": SEED}
    return LinearModel(name, classes, config, weights, [float(b) for b in clf.intercept_], meta)


# --- the models ----------------------------------------------------------------------------
def train_sentiment() -> LinearModel:
    rows = [(c.text, data.valence(c.labels)) for c in data.goemotions("group", "train")]
    rows = [(t, v) for t, v in rows if v]
    return fit(
        "sentiment",
        [t for t, _ in rows],
        [v for _, v in rows],
        SENTIMENT_FEATURES,
        c=2.0,
        keep=20000,
        classes=["negative", "neutral", "positive"],
        meta={"data": "GoEmotions train, group labels (ambiguous counts as neutral; mixed rows skipped)"},
    )


EKMAN = ["anger", "disgust", "fear", "joy", "sadness", "surprise", "neutral"]


def train_emotion() -> LinearModel:
    texts, labels = [], []
    for c in data.goemotions("ekman", "train"):
        for lab in c.labels:  # a comment with two emotions teaches both
            texts.append(c.text)
            labels.append(lab)
    return fit(
        "emotion",
        texts,
        labels,
        SENTIMENT_FEATURES,
        c=2.0,
        keep=20000,
        classes=EKMAN,
        meta={"data": "GoEmotions train, Ekman labels (one row per label)"},
    )


def crisis_training_rows() -> tuple[list[str], list[int], list[str]]:
    """(texts, labels, kinds): positives are suicidal posts; kinds say which negatives are which."""
    reddit = data.reddit_posts("train")
    stb = data.stb_posts("train")
    if reddit is None or stb is None:
        data.fetch_construct_tracker()
        reddit, stb = data.reddit_posts("train"), data.stb_posts("train")
    assert reddit is not None and stb is not None
    texts: list[str] = []
    labels: list[int] = []
    kinds: list[str] = []

    def add(text: str, label: int, kind: str) -> None:
        texts.append(text)
        labels.append(label)
        kinds.append(kind)

    for p in reddit:
        if p.subreddit == "suicidewatch":
            add(p.text, 1, "suicidewatch")
        elif p.subreddit in data.CONTROL_SUBREDDITS:
            add(p.text, 0, "control")
        elif p.subreddit in CRISIS_DISTRESS_NEGATIVES:
            add(p.text, 0, "distress")
    for p in stb:
        add(p.text, int(p.subreddit == "stb"), "rallypoint")
    for c in data.goemotions("original", "train"):
        add(c.text, 0, "everyday")
    return texts, labels, kinds


def train_crisis() -> LinearModel:
    """Binary: suicidal thoughts vs not. Its threshold is set on out-of-fold scores, not on dev."""
    np, _, LogisticRegression = _np()
    texts, labels, kinds = crisis_training_rows()
    y = np.array(labels)
    folds = np.arange(len(texts)) % 5
    oof = np.zeros(len(texts))
    for k in range(5):
        tr, te = folds != k, folds == k
        x_tr, vocab = vectorize([t for t, m in zip(texts, tr, strict=True) if m], CRISIS_FEATURES)
        x_te, _ = vectorize([t for t, m in zip(texts, te, strict=True) if m], CRISIS_FEATURES, vocab)
        clf = LogisticRegression(C=1.0, max_iter=5000, class_weight="balanced", random_state=SEED)
        clf.fit(x_tr, y[tr])
        oof[te] = clf.predict_proba(x_te)[:, 1]
    kind = np.array(kinds)

    def at_rate(which: str, rate: float) -> float:
        scores = np.sort(oof[kind == which])
        return float(scores[int(len(scores) * (1 - rate))])

    threshold = max(at_rate("everyday", CRISIS_EVERYDAY_FALSE_ALARM), at_rate("control", CRISIS_CONTROL_FALSE_ALARM))
    model = fit(
        "crisis",
        texts,
        [("no", "yes")[v] for v in labels],
        CRISIS_FEATURES,
        c=1.0,
        keep=15000,
        classes=["no", "yes"],
        meta={
            "data": "construct-tracker r/SuicideWatch + RallyPoint STB vs control/distress subreddits, GoEmotions",
            "threshold": round(threshold, 4),
            "threshold_rule": (
                f"out-of-fold false alarms <= {CRISIS_EVERYDAY_FALSE_ALARM} on comments, "
                f"<= {CRISIS_CONTROL_FALSE_ALARM} on non-mental-health posts"
            ),
        },
    )
    return model


def harsh_label(score: float, low: float, high: float) -> int | None:
    """Bottom quartile of politeness = harsh (1), top quartile = gentle (0), the middle unused."""
    if score <= low:
        return 1
    if score >= high:
        return 0
    return None


def politeness_quartiles(requests: list[data.Request]) -> tuple[float, float]:
    scores = sorted(r.score for r in requests)
    return scores[len(scores) // 4], scores[3 * len(scores) // 4]


def train_harshness() -> LinearModel:
    train, _held = data.politeness_split(data.politeness())
    low, high = politeness_quartiles(train)
    rows = [(r.text, harsh_label(r.score, low, high)) for r in train]
    rows = [(t, lab) for t, lab in rows if lab is not None]
    return fit(
        "harshness",
        [t for t, _ in rows],
        [("gentle", "harsh")[lab] for _, lab in rows],
        HARSH_FEATURES,
        c=1.0,
        keep=15000,
        classes=["gentle", "harsh"],
        meta={
            "data": "Stanford Politeness, Wikipedia requests, ids not divisible by 5; quartiles",
            "quartiles": [round(low, 4), round(high, 4)],
        },
    )


TRAINERS = {
    "sentiment": train_sentiment,
    "emotion": train_emotion,
    "crisis": train_crisis,
    "harshness": train_harshness,
}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", help=f"any of {', '.join(TRAINERS)}; default: all")
    parser.add_argument("--fetch", action="store_true", help="only fetch construct-tracker's data files")
    args = parser.parse_args(argv)
    if args.fetch:
        print(data.fetch_construct_tracker())
        return
    unknown = set(args.models) - set(TRAINERS)
    if unknown:
        parser.error(f"unknown model(s): {', '.join(sorted(unknown))}")
    ARTIFACTS.mkdir(exist_ok=True)
    for name in args.models or list(TRAINERS):
        model = TRAINERS[name]()
        path = ARTIFACTS / f"{name}.json.gz"
        model.save(path)
        print(f"{name}: {len(model.weights)} features, {path.stat().st_size / 1024:.0f} KiB -> {path.name}")


if __name__ == "__main__":
    main()
