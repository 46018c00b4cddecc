"""Caseload dashboard benchmark: does the clinician's desk cost grow with the number of couples?

    python bench/caseload_bench.py                     # SQLite in a fresh temporary data folder
    python bench/caseload_bench.py --couples 200 --small 10 --requests 30
    DATABASE_URL=postgres://... python bench/caseload_bench.py   # an empty PostgreSQL database you name

Builds its own database: one practice, a clinician with 200 couples in care and another with 10.
Every couple has a year of data for both partners, bulk-inserted: a check-in every day (~365 x 2
rows), a weekly pulse, a monthly closeness check, practices about twice a week, plus a few overdue
measures and safety alerts; both partners accepted the agreement and shared scores, check-ins,
practice log and safety alerts (the most a page can have to read). Some couples are built to carry
flags (a reliable drop in closeness, check-ins that stopped).

Then GET /clinic/ through Django's full stack (middleware, session, access rules, template) as each
clinician, logged in, alternating between them after a warm-up (the warm-up also writes the day's
access-log lines and learns the closeness norms, as a clinician's first view of the day would).
Prints median and p95 for each and the ratio big/small. Target: <= 3x for 20x the couples.
Last line: RESULT database=... couples=... small=... big_ms=... small_ms=... ratio=...
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.assessments_bench import answers_for, setup_django  # noqa: E402

TZ = "America/New_York"
DAYS = 365
BATCH = 2000


def scored(slug: str, seed: int) -> tuple[dict, dict, str]:
    from closeknit.assessments import definitions, scoring

    inst = definitions.get(slug)
    answers = answers_for(slug, seed)
    return answers, {r.key: r.value for r in scoring.score(inst, answers).results}, inst.version


def closeness_set(value: int) -> tuple[dict, dict, str]:
    """Every closeness item answered `value` (0-4): a total that moves cleanly month to month."""
    from closeknit.assessments import definitions, scoring

    inst = definitions.get("closeness-check")
    answers = {i.id: min(max(value, i.scale.minimum), i.scale.maximum) for i in inst.items}
    return answers, {r.key: r.value for r in scoring.score(inst, answers).results}, inst.version


def make_clinician(practice, n: int):
    from closeknit.accounts.models import User
    from closeknit.clinic.services import practice as practice_services

    user = User.objects.create_user(
        email=f"clinician{n}@bench.test", password="bench-pass-1", display_name=f"Clinician {n}", timezone=TZ
    )
    return practice_services.create_clinician(
        practice=practice,
        user=user,
        languages=["en"],
        online=True,
        hours=[(d, dt.time(9), dt.time(17)) for d in range(5)],
    )


def build(profile, couples: int, offset: int, norm_learners: bool) -> dict[str, int]:
    """`couples` couples in care with `profile`, each with a year of data. Returns row counts."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from closeknit.accounts.models import User
    from closeknit.assessments.models import Administration
    from closeknit.checkins.models import CheckIn
    from closeknit.clinic.models import Consent, Episode, Measure, PolicyAck, SafetyAlert
    from closeknit.core.time import local_today
    from closeknit.couples.models import Couple, Membership
    from closeknit.practices.library import library
    from closeknit.practices.models import PracticeLog

    now = timezone.now()
    today = local_today(TZ, now)
    password = make_password("bench-pass-1")
    names = ["Ana", "Ben", "Cam", "Dee", "Eli", "Fay", "Gus", "Hal", "Ivy", "Jo", "Kai", "Lu", "Max", "Noa"]
    users = User.objects.bulk_create(
        [
            User(
                email=f"p{offset + i}@bench.test",
                password=password,
                display_name=f"{names[(offset + i) % len(names)]} {offset // 2 + i // 2}",
                timezone=TZ,
            )
            for i in range(2 * couples)
        ],
        batch_size=BATCH,
    )
    if users[0].pk is None:  # backends that do not return ids from bulk inserts
        users = list(User.objects.filter(email__endswith="@bench.test", email__startswith="p").order_by("pk"))[
            -2 * couples :
        ]
    started = now - dt.timedelta(days=DAYS + 5)
    made_couples = Couple.objects.bulk_create(
        [Couple(created_by=users[2 * i]) for i in range(couples)], batch_size=BATCH
    )
    Membership.objects.bulk_create(
        [Membership(couple=c, user=users[2 * i + k]) for i, c in enumerate(made_couples) for k in (0, 1)],
        batch_size=BATCH,
    )
    episodes = Episode.objects.bulk_create(
        [
            Episode(clinician=profile, couple=c, policy="no_secrets", join_token=f"bench-{offset}-{i}")
            for i, c in enumerate(made_couples)
        ],
        batch_size=BATCH,
    )
    Episode.objects.filter(pk__in=[e.pk for e in episodes]).update(started_at=started)
    PolicyAck.objects.bulk_create(
        [
            PolicyAck(episode=e, user=users[2 * i + k], policy="no_secrets")
            for i, e in enumerate(episodes)
            for k in (0, 1)
        ],
        batch_size=BATCH,
    )
    Consent.objects.bulk_create(
        [
            Consent(episode=e, user=users[2 * i + k], category=cat)
            for i, e in enumerate(episodes)
            for k in (0, 1)
            for cat in ("scores", "checkins", "practice_log", "safety_alerts")
        ],
        batch_size=BATCH,
    )
    pulses = [scored("weekly-pulse", s) for s in range(13)]
    closeness = {v: closeness_set(v) for v in range(5)}
    slugs = [p.slug for p in library().safe_for(screen_positive=False)][:6]
    counts = {"checkins": 0, "administrations": 0, "practices": 0}
    rows_c, rows_a, rows_p = [], [], []

    def flush(force: bool = False) -> None:
        for model, rows, key in ((CheckIn, rows_c, "checkins"), (Administration, rows_a, "administrations")):
            if rows and (force or len(rows) >= BATCH):
                model.objects.bulk_create(rows, batch_size=BATCH)
                counts[key] += len(rows)
                rows.clear()
        if rows_p and (force or len(rows_p) >= BATCH):
            PracticeLog.objects.bulk_create(rows_p, batch_size=BATCH)
            counts["practices"] += len(rows_p)
            rows_p.clear()

    for i, couple in enumerate(made_couples):
        stopped = i % 7 == 3  # check-ins stopped 12 days ago: "Check-ins dropped"
        falling = i % 9 == 4  # closeness fell at the last check: "Reliably worse" once norms are known
        for k in (0, 1):
            person = users[2 * i + k]
            for back in range(DAYS):
                if stopped and back < 12:
                    continue
                rows_c.append(
                    CheckIn(
                        author=person, couple=couple, local_date=today - dt.timedelta(days=back), timezone=TZ,
                        feelings=["calm"], emotional_closeness=(back + i) % 11, physical_closeness=(back * 3) % 11,
                        stress=(back + k) % 11, shared=["feelings", "emotional_closeness", "physical_closeness"],
                    )
                )  # fmt: skip
            for week in range(52):
                when = now - dt.timedelta(weeks=week, hours=2)
                answers, scores, version = pulses[(week + i + k) % len(pulses)]
                rows_a.append(
                    Administration(
                        author=person, couple=couple, instrument="weekly-pulse", version=version, status="submitted",
                        answers=answers, scores=scores, submitted_at=when,
                    )
                )  # fmt: skip
                for day in (1, 4):  # practices about twice a week
                    at = when - dt.timedelta(days=day)
                    rows_p.append(
                        PracticeLog(
                            author=person, couple=couple, slug=slugs[(week + day) % len(slugs)],
                            local_date=at.date(), timezone=TZ, step=3, step_started_at=at, started_at=at,
                            finished_at=at + dt.timedelta(minutes=12), rating=4,
                        )
                    )  # fmt: skip
            for month in range(12):
                when = now - dt.timedelta(days=30 * month + 1, hours=3)
                value = 2 if month in (0, 11) else (month + i + k) % 3 + 1  # ups and downs, no reliable change
                if falling and k == 0:
                    value = 0 if month == 0 else 3  # steady, then a sharp fall at the latest check
                answers, scores, version = closeness[value]
                rows_a.append(
                    Administration(
                        author=person, couple=couple, instrument="closeness-check", version=version,
                        status="submitted", answers=answers, scores=scores, submitted_at=when,
                    )
                )  # fmt: skip
            flush()
    flush(force=True)
    Measure.objects.bulk_create(
        [
            Measure(
                episode=e,
                user=users[2 * i],
                instrument="closeness-check",
                phase="session",
                opens_on=today - dt.timedelta(days=10),
                due_on=today - dt.timedelta(days=3),
            )  # fmt: skip
            for i, e in enumerate(episodes)
            if i % 5 == 1
        ]
    )
    SafetyAlert.objects.bulk_create(
        [
            SafetyAlert(episode=e, subject=users[2 * i + 1], kinds=["self_harm"], where="checkin")
            for i, e in enumerate(episodes)
            if i % 23 == 7
        ]
    )
    if norm_learners:  # other people's first results, so closeknit has learnt the scale's SD and alpha
        learners = User.objects.bulk_create(
            [User(email=f"n{j}@bench.test", password=password, display_name="N") for j in range(60)]
        )
        if learners[0].pk is None:
            learners = list(User.objects.filter(email__startswith="n", email__endswith="@bench.test"))
        spaces = Couple.objects.bulk_create([Couple(created_by=u) for u in learners])
        Membership.objects.bulk_create([Membership(couple=c, user=u) for c, u in zip(spaces, learners, strict=True)])
        rows = []
        for j, (u, c) in enumerate(zip(learners, spaces, strict=True)):
            value = j % 5
            answers, _, version = closeness[value]
            answers = dict(answers)
            first = next(iter(answers))
            answers[first] = (value + 1) % 5
            from closeknit.assessments import definitions, scoring

            scores = {r.key: r.value for r in scoring.score(definitions.get("closeness-check"), answers).results}
            rows.append(
                Administration(
                    author=u, couple=c, instrument="closeness-check", version=version, status="submitted",
                    answers=answers, scores=scores, submitted_at=started - dt.timedelta(days=30),
                )
            )  # fmt: skip
        Administration.objects.bulk_create(rows)
    return counts


def time_pages(clients: dict, url: str, n: int) -> tuple[dict[str, list[float]], dict[str, list[float]]]:
    """Wall-clock and CPU ms per request per client. Requests alternate, so a busy neighbour slows both
    sides alike. CPU time (this process: Django, the template and, on SQLite, the database engine too)
    is the steadier figure when other work shares the machine."""
    for client in clients.values():
        for _ in range(3):
            assert client.get(url).status_code == 200
    wall: dict[str, list[float]] = {name: [] for name in clients}
    cpu: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(n):
        for name, client in clients.items():
            t, c = time.perf_counter(), time.process_time()
            r = client.get(url)
            wall[name].append((time.perf_counter() - t) * 1000)
            cpu[name].append((time.process_time() - c) * 1000)
            assert r.status_code == 200
    return wall, cpu


def p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--couples", type=int, default=200, help="couples in the big caseload")
    parser.add_argument("--small", type=int, default=10, help="couples in the small caseload")
    parser.add_argument("--requests", type=int, default=30, help="timed requests per caseload")
    parser.add_argument("--profile", action="store_true", help="also print where one view of each caseload spends time")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ck-caseload-bench-") as data_dir:
        setup_django(data_dir)
        warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
        from django.conf import settings
        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext, override_settings

        from closeknit.accounts.models import User
        from closeknit.clinic.models import AccessLog
        from closeknit.clinic.services import practice as practice_services

        static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
        override_settings(ALLOWED_HOSTS=["*"], STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
        database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        t = time.perf_counter()
        owner = User.objects.create_user(email="owner@bench.test", password="bench-pass-1", timezone=TZ)
        practice = practice_services.create_practice(owner=owner, name="Bench Couples Care", timezone=TZ)
        big, small = make_clinician(practice, 1), make_clinician(practice, 2)
        made_big = build(big, args.couples, 0, norm_learners=True)
        made_small = build(small, args.small, 2 * args.couples, norm_learners=False)
        if connection.vendor == "postgresql":  # fresh statistics, as autovacuum would have them after a load
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        built = time.perf_counter() - t
        total = {k: made_big[k] + made_small[k] for k in made_big}
        print(
            f"built in {built:.1f} s: {args.couples} + {args.small} couples, {total['checkins']} check-ins, "
            f"{total['administrations']} administrations, {total['practices']} practices ({database})"
        )
        clients = {}
        for name, profile in (("big", big), ("small", small)):
            clients[name] = Client()
            clients[name].force_login(profile.user)
        html = clients["big"].get("/clinic/").content.decode()
        rows = html.count('class="cl-row')
        flags = {k: html.count(f'class="cl-flag {k}"') for k in ("safety", "worse", "dropped")}
        assert rows == args.couples, f"expected {args.couples} rows, saw {rows}"
        assert all(flags.values()), f"every kind of flag should show somewhere: {flags}"
        queries = {}
        for name, client in clients.items():
            client.get("/clinic/")  # the day's first view writes its access-log lines; count a later one
            with CaptureQueriesContext(connection) as q:
                client.get("/clinic/")
            queries[name] = len(q)
        times, cpu = time_pages(clients, "/clinic/", args.requests)
        med = {k: statistics.median(v) for k, v in times.items()}
        cpu_med = {k: statistics.median(v) for k, v in cpu.items()}
        ratio = med["big"] / med["small"]
        cpu_ratio = cpu_med["big"] / cpu_med["small"]
        load = os.getloadavg()[0]
        logged = AccessLog.objects.count()
        print(f"flags shown on the big caseload: {flags}; access-log lines after all views: {logged}")
        print(f"queries per view: big {queries['big']}, small {queries['small']}")
        for name, n in (("big", args.couples), ("small", args.small)):
            print(
                f"dashboard, {n:4d} couples  median {med[name]:8.1f} ms   p95 {p95(times[name]):8.1f} ms   "
                f"cpu median {cpu_med[name]:8.1f} ms"
            )
        print(f"ratio {args.couples}/{args.small} couples  {ratio:.2f}x (target <= 3x for 20x the couples)")
        print(f"cpu ratio                {cpu_ratio:.2f}x   (load average {load:.1f} on {os.cpu_count()} cpus)")
        if load > (os.cpu_count() or 1):
            print("warning: the machine was busy with other work; wall-clock figures are noisy, the cpu ratio less so")
        print(
            f"RESULT database={database} couples={args.couples} small={args.small} big_ms={med['big']:.1f} "
            f"small_ms={med['small']:.1f} big_p95_ms={p95(times['big']):.1f} small_p95_ms={p95(times['small']):.1f} "
            f"ratio={ratio:.2f} cpu_big_ms={cpu_med['big']:.1f} cpu_small_ms={cpu_med['small']:.1f} "
            f"cpu_ratio={cpu_ratio:.2f} load={load:.1f} queries_big={queries['big']} queries_small={queries['small']}"
        )
        if args.profile:
            import cProfile
            import pstats

            for name, client in clients.items():
                profiler = cProfile.Profile()
                profiler.runcall(client.get, "/clinic/")
                print(f"--- profile, {name} caseload (top 25 by own time)")
                pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
                with CaptureQueriesContext(connection) as q:
                    client.get("/clinic/")
                print(f"--- slowest queries, {name} caseload")
                for row in sorted(q.captured_queries, key=lambda r: -float(r["time"]))[:8]:
                    print(f"{float(row['time']) * 1000:7.1f} ms  {row['sql'][:300]}")
        return 0 if ratio <= 3 else 1


if __name__ == "__main__":
    sys.exit(main())
