"""Check-ups benchmark: scoring throughput, and whether the progress page's cost grows with history.

    python bench/assessments_bench.py                 # SQLite in a fresh temporary data folder
    DATABASE_URL=postgres://... python bench/assessments_bench.py   # an empty PostgreSQL database you name

1. Scoring: `scoring.score` alone (pure, in memory), then `services.take` end to end (check, score,
   one transaction writing the administration with its scores): administrations per second.
2. Progress page: GET /progress/ through Django's full stack (middleware, session, templates, charts)
   for a couple with 3 years of weekly pulses plus a closeness check and drivers every 4 weeks (both
   partners), and for a couple with one week of data. Median of N requests after a warm-up; the ratio
   long/short is the figure to watch (target <= 1.5): the page reads stored scores, never rescores,
   and shows a bounded window of each history.
Last line: RESULT database=... pure_per_s=... take_per_s=... progress_long_ms=... progress_short_ms=... ratio=...
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def setup_django(data_dir: str) -> None:
    os.environ["CLOSEKNIT_DATA_DIR"] = data_dir
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "closeknit.settings")
    os.environ.pop("REDIS_URL", None)
    os.environ["DEBUG"] = "0"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


def make_couple(n: int):
    from closeknit import access
    from closeknit.accounts.models import User
    from closeknit.couples import services

    a = User.objects.create_user(email=f"bench-a{n}-{time.time_ns()}@example.test", password="x", display_name="A")
    b = User.objects.create_user(email=f"bench-b{n}-{time.time_ns()}@example.test", password="x", display_name="B")
    couple = services.create_space(user=a)
    services.accept_invitation(user=b, token=services.create_invitation(user=a, couple_id=couple.pk).token)
    for person in (a, b):
        access.forget(person)
    return a, b


def answers_for(slug: str, seed: int) -> dict[str, float]:
    from closeknit.assessments import definitions

    inst = definitions.get(slug)
    out = {}
    for k, item in enumerate(inst.items):
        scale = item.scale
        values = [a.value for a in scale.anchors] if scale.discrete else list(range(int(scale.maximum) + 1))
        out[item.id] = values[(seed * 7 + k * 3) % len(values)]
    return out


def fill_history(people, *, weeks: int) -> int:
    """Weekly pulses for `weeks` weeks, closeness and drivers every 4 weeks; dated back from now."""
    from django.utils import timezone

    from closeknit.assessments import services
    from closeknit.assessments.models import Administration

    made = 0
    now = timezone.now()
    for person in people:
        for w in range(weeks):
            when = now - dt.timedelta(weeks=weeks - 1 - w, hours=1)
            slugs = ["weekly-pulse"] + (["closeness-check", "distance-drivers"] if w % 4 == 0 else [])
            for slug in slugs:
                adm = services.take(user=person, slug=slug, answers=answers_for(slug, w + person.pk))
                Administration.objects.filter(pk=adm.pk).update(submitted_at=when, created_at=when)
                made += 1
    return made


def time_pages(clients: dict, url: str, n: int) -> dict[str, float]:
    """Median ms per client. Requests alternate between the clients, so a busy neighbour on the
    machine slows both sides alike and the ratio stays fair."""
    for client in clients.values():
        for _ in range(5):
            assert client.get(url).status_code == 200
    times: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(n):
        for name, client in clients.items():
            t = time.perf_counter()
            r = client.get(url)
            times[name].append(time.perf_counter() - t)
            assert r.status_code == 200
    return {name: statistics.median(ts) * 1000 for name, ts in times.items()}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--take", type=int, default=300, help="administrations written for the throughput figure")
    parser.add_argument("--pure", type=int, default=20000, help="answer sets scored in memory")
    parser.add_argument("--requests", type=int, default=60, help="timed requests per progress page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ck-assess-bench-") as data_dir:
        setup_django(data_dir)
        from django.conf import settings
        from django.test import Client
        from django.test.utils import override_settings

        from closeknit.assessments import definitions, scoring, services

        # DEBUG off (as in production), but static files unhashed: the bench needs no collectstatic.
        static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        override_settings(ALLOWED_HOSTS=["*"], STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        inst = definitions.get("closeness-check")
        sets = [answers_for("closeness-check", i) for i in range(100)]
        t = time.perf_counter()
        for i in range(args.pure):
            scoring.score(inst, sets[i % 100])
        pure = args.pure / (time.perf_counter() - t)

        a, b = make_couple(0)
        t = time.perf_counter()
        for i in range(args.take):
            services.take(user=a if i % 2 else b, slug="closeness-check", answers=sets[i % 100])
        take = args.take / (time.perf_counter() - t)

        long_a, long_b = make_couple(1)
        rows = fill_history([long_a, long_b], weeks=156)
        short_a, short_b = make_couple(2)
        fill_history([short_a, short_b], weeks=1)
        clients = {}
        for name, person in (("long", long_a), ("short", short_a)):
            clients[name] = Client()
            clients[name].force_login(person)
        assert "<svg" in clients["long"].get("/progress/").content.decode(), "the long history must draw charts"
        results = time_pages(clients, "/progress/", args.requests)
        ratio = results["long"] / results["short"]
        print(f"scoring in memory       {pure:10.0f} administrations/s (closeness check, 15 items, 6 scores)")
        print(f"take (check+score+save) {take:10.0f} administrations/s ({database})")
        print(f"progress, 3 years       {results['long']:10.1f} ms median ({rows} administrations for the couple)")
        print(f"progress, 1 week        {results['short']:10.1f} ms median")
        print(f"ratio                   {ratio:10.2f} (target <= 1.5)")
        print(
            f"RESULT database={database} pure_per_s={pure:.0f} take_per_s={take:.0f} "
            f"progress_long_ms={results['long']:.1f} progress_short_ms={results['short']:.1f} ratio={ratio:.2f}"
        )
        return 0 if ratio <= 1.5 else 1


if __name__ == "__main__":
    sys.exit(main())
