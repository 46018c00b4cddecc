"""Speed of the language core on this machine: texts/s and p50/p99 latency per text, per feature.

    python bench/language_bench.py [--n 2000]

Texts: real GoEmotions dev comments (short, like a check-in note) and, for long-form writing,
three comments joined (~60 words). First calls (model loading) are timed apart as "cold start".
The "safety net" row is what a check-in submission adds when the crisis check is on.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from closeknit.language import crisis, data, sentiment, startup  # noqa: E402
from closeknit.language.features import load_model  # noqa: E402


def corpus(n: int) -> tuple[list[str], list[str]]:
    try:
        texts = [c.text for c in data.goemotions("original", "dev")]
    except FileNotFoundError:
        texts = [f"we had a long day and I felt tired but grateful for you, number {i}" for i in range(n)]
    short = (texts * (n // len(texts) + 1))[:n]
    long = [" ".join(texts[i : i + 3]) for i in range(0, 3 * n, 3)][:n]
    return short, long


def run(fn: Callable[[str], object], texts: list[str]) -> tuple[float, float, float]:
    lat = []
    start = time.perf_counter()
    for t in texts:
        t0 = time.perf_counter_ns()
        fn(t)
        lat.append((time.perf_counter_ns() - t0) / 1e6)
    total = time.perf_counter() - start
    lat.sort()
    return len(texts) / total, statistics.median(lat), lat[int(len(lat) * 0.99) - 1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    args = parser.parse_args()
    t0 = time.perf_counter()
    for name in ("crisis", "sentiment", "emotion", "harshness"):
        load_model(name)
    crisis.lexicon()
    startup.rules()
    cold = (time.perf_counter() - t0) * 1000
    short, long = corpus(args.n)
    features: list[tuple[str, Callable[[str], object]]] = [
        ("safety net (crisis, full)", crisis.check),
        ("crisis lexicon only", lambda t: crisis.check(t, use_model=False)),
        ("sentiment + emotion mix", sentiment.analyze),
        ("start-up coach", startup.coach),
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; cold start (load all models) {cold:.0f} ms")
    print(f"{'feature':<28} {'texts':<18} {'texts/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, fn in features:
        for label, texts in (("short (1 comment)", short), ("long (3 comments)", long)):
            rate, p50, p99 = run(fn, texts)
            print(f"{name:<28} {label:<18} {rate:>9.0f} {p50:>8.3f} {p99:>8.3f}")


if __name__ == "__main__":
    main()
