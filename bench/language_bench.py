"""Speed of the language core on this machine: texts/s and p50/p99 latency per text, per feature.

    python bench/language_bench.py [--n 2000] [--checkins 400] [--skip-features]

Texts: real GoEmotions dev comments (short, like a check-in note) and, for long-form writing,
three comments joined (~60 words). First calls (model loading) are timed apart as "cold start".
The "safety net" row is what a check-in submission adds when the crisis check is on.

Then the end-to-end cost: real check-in submissions (POST /checkin/ through Django's test client,
the real view, service, encryption and a throwaway SQLite database in a temporary folder), with
settings.SAFETY_NET on and off, interleaved in rounds so drift on a shared machine hits both
alike. It prints p50/p99 per submission for each and the p99 the net adds (target <= 10 ms).
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

from closeknit.language import coaching, crisis, data, rarity, sentiment  # noqa: E402
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


def checkin_bench(n: int, texts: list[str]) -> None:
    """p50/p99 of a check-in submission with the safety net on vs off (see the module docstring)."""
    import random
    import tempfile

    os.environ["CLOSEKNIT_DATA_DIR"] = tempfile.mkdtemp(prefix="ck-langbench-")
    (Path(os.environ["CLOSEKNIT_DATA_DIR"]) / "static").mkdir()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "closeknit.settings")
    os.environ.pop("DATABASE_URL", None)
    import django

    django.setup()
    from django.core.management import call_command
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    from closeknit.accounts.models import User

    setup_test_environment()
    call_command("migrate", verbosity=0)
    rng = random.Random(7)
    people = [User.objects.create_user(email=f"bench{i}@example.com", password="x" * 12) for i in range(20)]
    clients = []
    for u in people:
        c = Client()
        c.force_login(u)
        clients.append(c)

    def submit(c: Client) -> float:
        body = {
            "feelings": ["calm"],
            "emotional_closeness": str(rng.randint(0, 10)),
            "physical_closeness": str(rng.randint(0, 10)),
            "stress": str(rng.randint(0, 10)),
            # Real comments as the three free-text answers. Kept private, so the start-up coach (which
            # looks only at words shared with a partner) never holds a submission back: every POST saves.
            "appreciation": rng.choice(texts),
            "need": rng.choice(texts),
            "note": rng.choice(texts),
            "shared": ["feelings", "emotional_closeness", "physical_closeness", "stress"],
        }
        t0, c0 = time.perf_counter_ns(), time.process_time_ns()
        resp = c.post("/checkin/", body)
        ms, cpu = (time.perf_counter_ns() - t0) / 1e6, (time.process_time_ns() - c0) / 1e6
        if resp.status_code != 302:
            raise SystemExit(f"check-in submission failed: {resp.status_code}")
        return ms, cpu

    for c in clients:  # first submissions create the check-ins and spaces; later ones are today's edits
        submit(c)
    lat: dict[bool, list[float]] = {True: [], False: []}
    cpu: dict[bool, list[float]] = {True: [], False: []}
    rounds = 10
    for r in range(rounds):
        for on in (True, False) if r % 2 == 0 else (False, True):
            with override_settings(SAFETY_NET=on):
                for i in range(n // rounds):
                    wall, used = submit(clients[i % len(clients)])
                    lat[on].append(wall)
                    cpu[on].append(used)

    def pct(v: list[float], q: float) -> float:
        v = sorted(v)
        return v[max(0, int(len(v) * q) - 1)]

    print(f"\ncheck-in submission (POST /checkin/, SQLite, 3 free-text answers), {n} per setting")
    print("wall = elapsed time; cpu = this process's CPU time, steadier on a machine shared with other work")
    print(f"{'safety net':<12} {'submissions/s':>13} {'wall p50':>9} {'wall p99':>9} {'cpu p50':>8} {'cpu p99':>8}")
    for on in (True, False):
        v, u = lat[on], cpu[on]
        print(
            f"{'on' if on else 'off':<12} {len(v) / (sum(v) / 1000):>13.0f} {pct(v, 0.5):>9.2f} {pct(v, 0.99):>9.2f}"
            f" {pct(u, 0.5):>8.2f} {pct(u, 0.99):>8.2f}"
        )
    for label, d in (("wall", lat), ("cpu", cpu)):
        p99 = pct(d[True], 0.99) - pct(d[False], 0.99)
        p50 = pct(d[True], 0.5) - pct(d[False], 0.5)
        print(f"added by the net ({label}): p99 {p99:+.2f} ms, p50 {p50:+.2f} ms (target: p99 <= 10 ms)")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=2000)
    parser.add_argument("--checkins", type=int, default=400, help="submissions per setting; 0 skips")
    parser.add_argument("--skip-features", action="store_true", help="only the check-in comparison")
    args = parser.parse_args()
    short, long = corpus(args.n)
    if not args.skip_features:
        features_bench(short, long)
    if args.checkins:
        checkin_bench(args.checkins, short)


def features_bench(short: list[str], long: list[str]) -> None:
    from closeknit.practices.matching import suggest

    t0 = time.perf_counter()
    for name in ("crisis", "sentiment", "emotion", "harshness"):
        load_model(name)
    crisis.lexicon()
    coaching.rules()
    rarity.table()
    suggest("warm up", screen_positive=False)
    cold = (time.perf_counter() - t0) * 1000
    features: list[tuple[str, Callable[[str], object]]] = [
        ("safety net (crisis, full)", crisis.check),
        ("crisis lexicon only", lambda t: crisis.check(t, use_model=False)),
        ("sentiment + emotion mix", sentiment.analyze),
        ("start-up coach", coaching.coach),
        ("matching (ranked, top 3)", lambda t: suggest(t, screen_positive=False)),
        ("matching (keyword)", lambda t: suggest(t, screen_positive=False, scorer="keyword")),
    ]
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} CPUs; cold start (load all models) {cold:.0f} ms")
    print(f"{'feature':<28} {'texts':<18} {'texts/s':>9} {'p50 ms':>8} {'p99 ms':>8}")
    for name, fn in features:
        for label, texts in (("short (1 comment)", short), ("long (3 comments)", long)):
            rate, p50, p99 = run(fn, texts)
            print(f"{name:<28} {label:<18} {rate:>9.0f} {p50:>8.3f} {p99:>8.3f}")


if __name__ == "__main__":
    main()
