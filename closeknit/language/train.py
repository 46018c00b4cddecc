"""Train the language models and write them to closeknit/language/artifacts/.

    python -m venv /tmp/langvenv && /tmp/langvenv/bin/pip install -r requirements-language.txt
    /tmp/langvenv/bin/python -m closeknit.language.train            # all models, ~10 min on 2 cores
    /tmp/langvenv/bin/python -m closeknit.language.train sentiment  # one model

Training needs numpy, scipy and scikit-learn (requirements-language.txt); the product does not:
it reads the written artifacts with the standard library (features.LinearModel). Everything is
deterministic (fixed splits, liblinear/lbfgs with a fixed seed), so the same data gives the same
artifact bytes.

Data (never shipped, never downloaded at run time; the folder is $CLOSEKNIT_DATA or --data DIR):
- goemotions (Demszky et al. 2020, CC BY 4.0): sentiment and emotion models, and
  the "everyday writing" negatives of the crisis model.
- politeness (Danescu-Niculescu-Mizil et al. 2013, CC BY 4.0): harshness model.
- counselchat (Bertagnolli 2020): questions people asked therapists, the dev half of data.py's
  split, with no crisis words in them: negatives that teach "a paragraph asking for help about a
  relationship" is not "suicidal".
- construct-tracker 1.0.16 (Low et al. 2024, Apache-2.0): the crisis model's positives
  (r/SuicideWatch posts, RallyPoint posts annotated for suicidal thoughts and behaviours) and the
  control-subreddit negatives. Fetched once into ~/.cache/closeknit-language by exactly:
      python -m pip download --no-deps construct-tracker==1.0.16 -d ~/.cache/closeknit-language/wheel
  and only its CSV files are unpacked; the package is never installed or imported.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Sequence
from typing import cast

from closeknit.language import data
from closeknit.language.features import ARTIFACTS, FeatureConfig, LinearModel, ngrams

SEED = 20261122
SENTIMENT_FEATURES = FeatureConfig(word_ngrams=2, char_ngrams=(3, 5))
CRISIS_FEATURES = FeatureConfig(word_ngrams=2, char_ngrams=None, max_chars=2000)
HARSH_FEATURES = FeatureConfig(word_ngrams=2, char_ngrams=(3, 5))
# Out of fold, lexicon-or-model must still catch this share of the positives. 0.975 offered help to
# a third of the couple questions out of fold (0.37); 0.965 gives up about one point of recall on
# the training positives for about half of those offers (docs/language.md, "what we traded").
CRISIS_RECALL = 0.965
CRISIS_C = 0.3
CRISIS_BALANCED_FALSE_ALARM = 0.02
# Mental-health subreddits whose posts are distress but rarely suicidal: negatives that teach the
# model suicide-specific language instead of "long first-person post". The ones closest to
# suicidal talk (depression, lonely, ForeverAlone, bpd, ptsd, ...) are left out of training.
CRISIS_DISTRESS_NEGATIVES = (
    "addiction",
    "adhd",
    "alcoholism",
    "autism",
    "EDAnonymous",
    "healthanxiety",
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
        scale = config.scale(len(fs))
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
        cast(list[str], [v for _, v in rows]),  # rows without a value were dropped above
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
    for q in data.counselchat() or []:
        # Paragraphs asking for help that are not a crisis (every topic, not only couples: more of
        # the genre measured better out of fold): the dev half only, since the held-out half is
        # reported once, and never a question the word screen flags (it may be a crisis).
        if q.split == "dev" and not q.screened:
            add(q.text, 0, "counsel")
    return texts, labels, kinds


def _group_weights(labels, kinds):
    """Each source counts the same in total (positives three times), whatever its size.

    With plain class balancing the few hundred long first-person negatives (r/divorce, legal or
    money trouble) drown among 43k short comments, and the model learns "long sad post" instead
    of "suicidal": it then flagged most relationship writing, exactly what people write here.
    """
    np, _, _ = _np()
    y = np.asarray(labels)
    kind = np.asarray(kinds)
    groups = {"positive": y == 1}
    for k in sorted(set(kinds)):
        mask = (kind == k) & (y == 0)
        if mask.any():
            groups[k] = mask
    weights = np.ones(len(y))
    for name, mask in groups.items():
        share = 3.0 if name == "positive" else 1.0
        weights[mask] = share * len(y) / mask.sum() / (len(groups) + 2)
    return weights


def train_crisis() -> LinearModel:
    """Binary: suicidal thoughts vs not. Its threshold comes from out-of-fold scores, never dev.

    Recall first: the threshold is the highest at which lexicon-or-model still catches
    CRISIS_RECALL of the training positives out of fold.
    """
    from closeknit.language import crisis

    np, _, LogisticRegression = _np()
    texts, labels, kinds = crisis_training_rows()
    y = np.array(labels)
    weights = _group_weights(labels, kinds)
    folds = np.arange(len(texts)) % 5
    oof = np.zeros(len(texts))
    for k in range(5):
        tr, te = folds != k, folds == k
        x_tr, vocab = vectorize([t for t, m in zip(texts, tr, strict=True) if m], CRISIS_FEATURES)
        x_te, _ = vectorize([t for t, m in zip(texts, te, strict=True) if m], CRISIS_FEATURES, vocab)
        clf = LogisticRegression(C=CRISIS_C, max_iter=5000, random_state=SEED)
        clf.fit(x_tr, y[tr], sample_weight=weights[tr])
        oof[te] = clf.predict_proba(x_te)[:, 1]
    kind = np.array(kinds)
    positives = np.flatnonzero(y == 1)
    lexicon_hit = np.array(
        [any(f.resource_kind == "crisis" for f in crisis.check(texts[i], use_model=False)) for i in positives]
    )
    candidates = np.sort(oof[positives])[::-1]
    threshold = float(candidates[-1])
    for th in candidates:
        if np.mean(lexicon_hit | (oof[positives] >= th)) >= CRISIS_RECALL:
            threshold = float(th)
            break
    false_alarms = {
        k: round(float(np.mean(oof[(kind == k) & (y == 0)] >= threshold)), 3)
        for k in ("everyday", "control", "counsel")
    }
    # A stricter operating point a caller may choose (crisis.check(..., sensitivity="balanced")).
    everyday = np.sort(oof[(kind == "everyday") & (y == 0)])
    balanced = float(everyday[int(len(everyday) * (1 - CRISIS_BALANCED_FALSE_ALARM))])
    x, vocab = vectorize(texts, CRISIS_FEATURES)
    clf = LogisticRegression(C=CRISIS_C, max_iter=5000, random_state=SEED)
    clf.fit(x, y, sample_weight=weights)
    strength = np.abs(clf.coef_[0])
    kept = np.argsort(-strength, kind="stable")[:15000]
    inverse = {i: f for f, i in vocab.items()}
    weights_out = {inverse[int(j)]: [float(clf.coef_[0, j])] for j in kept if strength[j] > 1e-4}
    meta = {
        "data": "construct-tracker r/SuicideWatch + RallyPoint STB vs control/distress subreddits, GoEmotions, "
        "CounselChat dev half",
        "threshold": round(threshold, 4),
        "threshold_balanced": round(max(balanced, threshold), 4),
        "threshold_balanced_rule": f"out-of-fold false alarms <= {CRISIS_BALANCED_FALSE_ALARM} on everyday comments",
        "threshold_rule": f"highest with lexicon-or-model out-of-fold recall >= {CRISIS_RECALL} on training positives",
        "out_of_fold_false_alarms": false_alarms,
        "train_rows": len(texts),
        "C": CRISIS_C,
        "features_kept": len(weights_out),
        "seed": SEED,
        "weights": "each source the same total weight, positives three times",
    }
    return LinearModel("crisis", ["no", "yes"], CRISIS_FEATURES, weights_out, [float(clf.intercept_[0])], meta)


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
        [("gentle", "harsh")[cast(int, lab)] for _, lab in rows],  # unlabelled rows were dropped above
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


def train_rarity() -> None:
    """Word document frequencies over GoEmotions train: the matcher's sense of a telling word."""
    from closeknit.language import rarity

    table = rarity.build([c.text for c in data.goemotions("original", "train")])
    rarity.save(table)
    size = rarity.PATH.stat().st_size / 1024
    print(f"rarity: {len(table.df)} words over {table.n} comments, {size:.0f} KiB -> {rarity.PATH.name}")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("models", nargs="*", help=f"any of {', '.join(TRAINERS)}, rarity; default: all")
    parser.add_argument("--fetch", action="store_true", help="only fetch construct-tracker's data files")
    parser.add_argument(
        "--data", help="the folder holding goemotions/, politeness/, counselchat/ (else $CLOSEKNIT_DATA)"
    )
    args = parser.parse_args(argv)
    data.use_data_dir(args.data)
    if args.fetch:
        print(data.fetch_construct_tracker())
        return
    unknown = set(args.models) - set(TRAINERS) - {"rarity"}
    if unknown:
        parser.error(f"unknown model(s): {', '.join(sorted(unknown))}")
    ARTIFACTS.mkdir(exist_ok=True)
    if not args.models or "rarity" in args.models:
        train_rarity()
    for name in [m for m in args.models if m != "rarity"] or ([] if args.models else list(TRAINERS)):
        model = TRAINERS[name]()
        path = ARTIFACTS / f"{name}.json.gz"
        model.save(path)
        print(f"{name}: {len(model.weights)} features, {path.stat().st_size / 1024:.0f} KiB -> {path.name}")


if __name__ == "__main__":
    main()
