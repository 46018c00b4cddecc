"""Print the evaluation table on the dev splits: python -m closeknit.language.evaluate --data DIR

Runs the shipped artifacts exactly as the product does (standard library only). Dev splits:
- crisis false alarms on paragraphs: CounselChat questions on couple topics with no crisis in them,
  dev (tuned on) and held-out (reported); and "framing": our own sentences of hyperbole, other
  people, news and quotes that must never be urgent (evaldata/framing.tsv).
- crisis recall: construct-tracker's r/SuicideWatch posts (our dev half) and RallyPoint posts that
  annotators marked for suicidal thoughts or behaviours (the package's test file); false alarms on
  GoEmotions dev (everyday comments) and on non-mental-health subreddits (dev half). Without the
  construct-tracker cache (`python -m closeknit.language.train --fetch`) those rows say "not fetched".
- sentiment: GoEmotions dev, group labels mapped by data.valence (mixed rows count as negative).
- emotion: GoEmotions dev, Ekman labels; a top-1 prediction is right if annotators gave that label.
- matching ("what's on your mind"): r/divorce posts labelled with the practice families that fit,
  ranked scorer vs the keyword scorer (closeknit/language/evaluate_matching.py); then our own
  Spanish questions, a tuned-on half and two held-out sets (closeknit/language/evaluate_matching_es.py).
- spanish: the safety net on our own Spanish sentences (crisis, self-harm, violence, coercive control,
  and idioms, negations, quotes as hard negatives), a set the Spanish lexicon was tuned on
  (closeknit/language/evaluate_spanish.py).
- coach_es: the gentle start-up coach on our own Spanish sentences, harsh and calm, a set the Spanish
  cues were tuned on (closeknit/language/evaluate_coach_es.py): rules only, no model reads Spanish.
- coercion: our own first-person sentences about coercive control and everyday look-alikes, a dev
  set and a held-out set (closeknit/language/evaluate_coercion.py).
- harshness: politeness held-out ids (quartiles), and a cross-community check on Reddit comments
  addressed to "you" (GoEmotions dev: anger/annoyance/disapproval/disgust vs admiration/approval/
  caring/gratitude) - a different community and a different kind of label than it trained on.
"""

from __future__ import annotations

import re
import sys
import time
from pathlib import Path
from typing import Literal, cast

from closeknit.language import coaching, crisis, data, sentiment
from closeknit.language.features import prf, roc_auc, tokens

FRAMING = Path(__file__).resolve().parent / "evaldata" / "framing.tsv"

_YOU = re.compile(r"\byou(r|'re|rs)?\b", re.I)


def _row(feature: str, dataset: str, n: int, p: float | None, r: float | None, f1: float | None, auc=None, note=""):
    def fmt(v):
        return "   -  " if v is None else f"{v:6.3f}"

    return f"{feature:<22} {dataset:<44} {n:>6} {fmt(p)} {fmt(r)} {fmt(f1)} {fmt(auc)}  {note}"


def _flag_rate(findings: list[list[crisis.CrisisFinding]]) -> float:
    return sum(bool(f) for f in findings) / len(findings)


def _urgent_rate(findings: list[list[crisis.CrisisFinding]]) -> float:
    return sum(any(x.level == "urgent" for x in f) for f in findings) / len(findings)


def framing() -> list[tuple[str, str]]:
    """(kind, text) from evaldata/framing.tsv: our own sentences, never from a data set."""
    rows = []
    for line in FRAMING.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("kind\t"):
            kind, text = line.split("\t", 1)
            rows.append((kind, text.replace("\\n", "\n")))
    return rows


def framing_rows() -> list[str]:
    """Never urgent: hyperbole, other people, news and quotes; first-person disclosures stay urgent."""
    out = []
    rows = framing()
    for kind in ("hyperbole", "third_person", "news", "quote", "disclosure"):
        found = [crisis.check(t) for k, t in rows if k == kind]
        if kind == "disclosure":
            note = f"urgent {_urgent_rate(found):.3f}; target 1.000 (first person stays urgent)"
        else:
            note = f"urgent {_urgent_rate(found):.3f} (any offer {_flag_rate(found):.3f}); target 0.000 urgent"
        out.append(
            _row("crisis framing", f"{kind} (evaldata/framing.tsv, ours)", len(found), None, None, None, None, note)
        )
    return out


def paragraph_rows(mode: Literal["recall", "balanced"]) -> list[str]:
    """Questions people asked therapists about their relationship, no crisis in them (data.py says
    which): dev is what the net was tuned and trained on, held-out is reported, never tuned on."""
    out = []
    name = f"crisis [{mode}]"
    for split in ("dev", "held-out"):
        questions = data.counsel_relationship_calm(split)
        if questions is None:
            out.append(_row(name, "CounselChat couple questions", 0, None, None, None, None, "no counselchat/ in data"))
            continue
        found = [crisis.check(q.text, sensitivity=mode) for q in questions]
        out.append(
            _row(
                name,
                f"CounselChat couple questions, {'dev (tuned on)' if split == 'dev' else split}",
                len(found),
                None,
                None,
                None,
                None,
                f"false alarms {_flag_rate(found):.3f} (urgent {_urgent_rate(found):.3f}); target <= 0.25",
            )
        )
    return out


def crisis_rows() -> list[str]:
    """Both operating points: "recall" (the product default) and the stricter "balanced"."""
    out = []
    everyday_texts = [c.text for c in data.goemotions("original", "dev")]
    long_everyday = [t for t in everyday_texts if len(tokens(t)) >= crisis.LONG]
    reddit = data.reddit_posts("dev")
    stb = data.stb_posts("dev")
    lexicon_only = [crisis.check(t, use_model=False) for t in everyday_texts]
    for mode in ("recall", "balanced"):
        name = f"crisis [{mode}]"
        everyday = [crisis.check(t, sensitivity=mode) for t in everyday_texts]
        out.append(
            _row(
                name,
                "GoEmotions dev (everyday comments)",
                len(everyday),
                None,
                None,
                None,
                None,
                f"false alarms {_flag_rate(everyday):.3f} (urgent {_urgent_rate(everyday):.3f}, "
                f"lexicon alone {_flag_rate(lexicon_only):.3f}); target <= 0.30",
            )
        )
        long_found = [crisis.check(t, sensitivity=mode) for t in long_everyday]
        out.append(
            _row(
                name,
                f"GoEmotions dev, {crisis.LONG}+ words",
                len(long_found),
                None,
                None,
                None,
                None,
                f"false alarms {_flag_rate(long_found):.3f} (urgent {_urgent_rate(long_found):.3f})",
            )
        )
        out.extend(paragraph_rows(mode))
        if reddit is None or stb is None:
            out.append(_row(name, "construct-tracker", 0, None, None, None, None, "not fetched: train.py --fetch"))
            continue
        control = [crisis.check(p.text, sensitivity=mode) for p in reddit if p.subreddit in data.CONTROL_SUBREDDITS]
        out.append(
            _row(
                name,
                "non-mental-health subreddits (dev half)",
                len(control),
                None,
                None,
                None,
                None,
                f"false alarms {_flag_rate(control):.3f} (urgent {_urgent_rate(control):.3f}); target <= 0.30",
            )
        )
        negatives = [bool(f) for f in everyday + control]
        for label, texts in (
            ("r/SuicideWatch posts (dev half)", [p.text for p in reddit if p.subreddit == "suicidewatch"]),
            ("RallyPoint posts annotated STB (test)", [p.text for p in stb if p.subreddit == "stb"]),
        ):
            hits = [crisis.check(t, sensitivity=mode) for t in texts]
            lex = sum(any(f.source == "lexicon" for f in h) for h in hits) / len(hits)
            # precision and F1 pooled with all the everyday negatives above (comments + control posts)
            p, r, f1 = prf([True] * len(hits) + [False] * len(negatives), [bool(h) for h in hits] + negatives)
            out.append(_row(name, label, len(hits), p, r, f1, None, f"recall; lexicon alone {lex:.3f}; target >= 0.95"))
        divorce = [crisis.check(p.text, sensitivity=mode) for p in reddit if p.subreddit == "divorce"]
        violence = sum(any(f.category == "partner_violence" for f in h) for h in divorce) / len(divorce)
        out.append(
            _row(
                name,
                "r/divorce posts (dev half, in control above)",
                len(divorce),
                None,
                None,
                None,
                None,
                f"flag rate {_flag_rate(divorce):.3f} (urgent {_urgent_rate(divorce):.3f}, "
                f"partner violence {violence:.3f})",
            )
        )
    return out


def sentiment_rows() -> list[str]:
    rows = data.goemotions("group", "dev")
    gold = [data.valence(c.labels) or "negative" for c in rows]
    pred = [sentiment.analyze(c.text).label for c in rows]
    out, f1s = [], []
    for label in ("negative", "neutral", "positive"):
        p, r, f1 = prf([g == label for g in gold], [q == label for q in pred])
        f1s.append(f1)
        out.append(_row(f"sentiment {label}", "GoEmotions dev (group labels)", sum(g == label for g in gold), p, r, f1))
    acc = sum(g == q for g, q in zip(gold, pred, strict=True)) / len(gold)
    out.append(
        _row(
            "sentiment macro",
            "GoEmotions dev (group labels)",
            len(gold),
            None,
            None,
            sum(f1s) / 3,
            None,
            f"macro-F1 target >= 0.68; accuracy {acc:.3f}",
        )
    )
    return out


def emotion_rows() -> list[str]:
    rows = data.goemotions("ekman", "dev")
    mixes = [sentiment.analyze(c.text).emotions for c in rows]
    out, f1s = [], []
    for label in sentiment.EMOTIONS:
        gold = [label in c.labels for c in rows]
        top = [max(m, key=m.__getitem__) == label for m in mixes]
        p, r, f1 = prf(gold, top)
        auc = roc_auc([int(g) for g in gold], [m[label] for m in mixes])
        f1s.append(f1)
        out.append(_row(f"emotion {label}", "GoEmotions dev (Ekman labels)", sum(gold), p, r, f1, auc))
    out.append(_row("emotion macro", "GoEmotions dev (Ekman labels)", len(rows), None, None, sum(f1s) / len(f1s)))
    return out


def harshness_rows() -> list[str]:
    from closeknit.language.train import harsh_label, politeness_quartiles

    requests = data.politeness()
    train, held = data.politeness_split(requests)
    low, high = politeness_quartiles(train)
    rows = [(r.text, harsh_label(r.score, low, high)) for r in held]
    rows = [(t, lab) for t, lab in rows if lab is not None]
    gold = [lab for _, lab in rows]
    scores = [coaching.harshness(t) for t, _ in rows]
    p, r, f1 = prf([g == 1 for g in gold], [s >= coaching.HARSH_THRESHOLD for s in scores])
    out = [
        _row(
            "harshness (model)",
            "Politeness held-out ids, quartiles",
            len(rows),
            p,
            r,
            f1,
            roc_auc(cast(list[int], gold), scores),  # rows without a label were dropped above
            "AUC target >= 0.75",
        )
    ]
    everything = [coaching.harshness(r.text) for r in held]
    out.append(
        _row(
            "harshness (model)",
            "Politeness held-out ids, all (vs below median)",
            len(held),
            None,
            None,
            None,
            roc_auc([int(r.score < sorted(x.score for x in held)[len(held) // 2]) for r in held], everything),
        )
    )
    harsh_labels = {"anger", "annoyance", "disapproval", "disgust"}
    gentle_labels = {"admiration", "approval", "caring", "gratitude"}
    reddit = []
    for c in data.goemotions("original", "dev"):
        if not _YOU.search(c.text):
            continue
        labs = set(c.labels)
        if labs & harsh_labels and not labs & gentle_labels:
            reddit.append((c.text, 1))
        elif labs & gentle_labels and not labs & harsh_labels:
            reddit.append((c.text, 0))
    g = [lab for _, lab in reddit]
    model_scores = [coaching.harshness(t) for t, _ in reddit]
    coach_scores = [coaching.coach(t).score for t, _ in reddit]
    out.append(
        _row(
            "harshness (model)",
            "Reddit comments to 'you' (cross-community)",
            len(reddit),
            None,
            None,
            None,
            roc_auc(g, model_scores),
        )
    )
    pc, rc, fc = prf([x == 1 for x in g], [coaching.coach(t).harsh for t, _ in reddit])
    out.append(
        _row(
            "harsh start-up (coach)",
            "Reddit comments to 'you' (cross-community)",
            len(reddit),
            pc,
            rc,
            fc,
            roc_auc(g, coach_scores),
            "model + four-horsemen cues",
        )
    )
    return out


SECTIONS = ("crisis", "coercion", "framing", "spanish", "coach_es", "sentiment", "emotion", "harshness", "matching")
# our own sentences, and construct-tracker's cache: no data folder
CACHE_ONLY = {"coercion", "framing", "matching", "spanish", "coach_es"}


def main(sections: tuple[str, ...] = SECTIONS) -> None:
    """Print the table; `sections` picks rows (all by default)."""
    started = time.perf_counter()
    print(f"{'feature':<22} {'dev set':<44} {'n':>6} {'prec':>6} {'recall':>6} {'F1':>6} {'AUC':>6}  note")
    print("-" * 130)
    rows = {
        "crisis": crisis_rows,
        "framing": framing_rows,
        "coercion": _coercion_rows,
        "spanish": _spanish_rows,
        "coach_es": _coach_es_rows,
        "sentiment": sentiment_rows,
        "emotion": emotion_rows,
        "harshness": harshness_rows,
        "matching": _matching_rows,
    }
    for name in sections:
        for line in rows[name]():
            print(line)
        sys.stdout.flush()
    print(f"\n(evaluated in {time.perf_counter() - started:.0f} s; backend: {sentiment.backend()})")
    print("* the scorer the product uses. For matching, 'recall' is the share of questions with a fitting")
    print("  practice family among the top three suggestions.")


def _coercion_rows() -> list[str]:
    from closeknit.language.evaluate_coercion import coercion_rows

    return coercion_rows(_row)


def _spanish_rows() -> list[str]:
    from closeknit.language.evaluate_spanish import spanish_rows

    return spanish_rows(_row)


def _coach_es_rows() -> list[str]:
    from closeknit.language.evaluate_coach_es import coach_es_rows

    return coach_es_rows(_row)


def _matching_rows() -> list[str]:
    from closeknit.language.evaluate_matching import matching_rows
    from closeknit.language.evaluate_matching_es import matching_es_rows

    return matching_rows(_row) + matching_es_rows(_row)


if __name__ == "__main__":
    import argparse

    parser = argparse.ArgumentParser(description="Print the language evaluation table.")
    parser.add_argument("--data", help="the data folder (else $CLOSEKNIT_DATA)")
    parser.add_argument("--only", nargs="+", choices=SECTIONS, help="just these sections")
    args = parser.parse_args()
    data.use_data_dir(args.data)
    chosen = tuple(s for s in SECTIONS if s in (args.only or SECTIONS))
    if set(chosen) - CACHE_ONLY and not data.data_dir().is_dir():
        parser.error("say where the data sets are: --data DIR, or set CLOSEKNIT_DATA (see README)")
    if "matching" in chosen:  # it goes through the concern route as the page does, which reads the app's models
        import os

        import django

        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "closeknit.settings")
        django.setup()
    main(chosen)
