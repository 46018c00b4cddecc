"""Cost that follows the work, not the user count (issue 17, item 3), on PostgreSQL.

    make bench-scale                         # = python bench/scale.py (1,000,000 people; ~10-20 min here)
    python bench/scale.py --scale 0.01       # 10,000 people: a quick run while developing
    python bench/scale.py --keep             # leave the database closeknit_bench_scale behind to look at

Seeds a throwaway database (created, migrated with our migrations, dropped at the end unless --keep) by
COPY: 1,000,000 people in 500,000 two-partner spaces, each with a daily reminder (a local time on the
minute, in zones covering every UTC offset, DST zones included), and 10,000 of them with a year of daily
check-ins. Encrypted columns hold real tokens of our field encryption, but a small set of distinct texts
is encrypted once and the tokens reused: at millions of rows, encrypting each would take most of the
seeding time and measure nothing the reads care about. Then, all in this one run, it measures:

1. one reminder-sweep tick (nudges.services.send_due_reminders) a minute after seeding: the due query's
   EXPLAIN (ANALYZE, BUFFERS), its time, and whether it reads only the due rows through an index; then
   the whole tick (nudges.services.sweep: claim and send every due reminder, in batches, email to
   Django's in-memory outbox), rolled back after each timing so every run sees the same rows, and its
   throughput: reminders due in that minute against those the one tick took and sent;
2. Today (GET /) for a partner with three years of history against one whose space began today;
3. the clinician caseload (GET /clinic/) with 200 couples against one with 10 (bench/caseload_bench.py
   builds both, a year of data per couple).
Prints a table with each target and pass/fail. Exit status 1 when a target is missed, 2 when it cannot
run (PostgreSQL down).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import tempfile
import time
import warnings
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

PG = "postgres://postgres@127.0.0.1:5432"
NAME = "closeknit_bench_scale"
# Every UTC offset from -11 to +14, the half- and quarter-hour ones, and zones with DST on both
# hemispheres (New York, London, Berlin, Santiago, Sydney, Auckland, Lord Howe's half-hour shift...).
ZONES = [
    "Pacific/Pago_Pago", "Pacific/Honolulu", "Pacific/Marquesas", "America/Anchorage", "America/Los_Angeles",
    "America/Phoenix", "America/Denver", "America/Chicago", "America/Mexico_City", "America/New_York",
    "America/Bogota", "America/Halifax", "America/Santiago", "America/St_Johns", "America/Sao_Paulo",
    "America/Nuuk", "Atlantic/South_Georgia", "Atlantic/Azores", "UTC", "Europe/London", "Africa/Lagos",
    "Europe/Berlin", "Africa/Johannesburg", "Europe/Athens", "Asia/Jerusalem", "Europe/Moscow", "Asia/Tehran",
    "Asia/Dubai", "Asia/Kabul", "Asia/Karachi", "Asia/Kolkata", "Asia/Kathmandu", "Asia/Dhaka", "Asia/Yangon",
    "Asia/Bangkok", "Asia/Shanghai", "Australia/Eucla", "Asia/Tokyo", "Australia/Darwin", "Australia/Adelaide",
    "Australia/Sydney", "Australia/Lord_Howe", "Pacific/Noumea", "Pacific/Auckland", "Pacific/Chatham",
    "Pacific/Tongatapu", "Pacific/Kiritimati",
]  # fmt: skip
HISTORY_TZ = "America/New_York"
TEXTS = {
    "appreciation": ["", "You made tea before I asked.", "Thanks for the walk after dinner.", "You listened."],
    "need": ["", "A quiet evening together.", "Ten minutes to talk, no phones."],
    "note": ["", "Long day, but a good end to it.", "Tired and a bit tense about work."],
}


# --- the database --------------------------------------------------------------------------------------
def admin_connection():
    import psycopg

    return psycopg.connect(f"{PG}/postgres", autocommit=True, connect_timeout=5)


def create_database(name: str) -> None:
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


def drop_database(name: str) -> None:
    from django.db import connections

    connections.close_all()
    with admin_connection() as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def setup_django(name: str, data_dir: str) -> None:
    for var in ("REDIS_URL", "CLOSEKNIT_FIELD_KEYS", "FIELD_ENCRYPTION_KEYS", "EMAIL_HOST"):
        os.environ.pop(var, None)
    os.environ["DATABASE_URL"] = f"{PG}/{name}"
    os.environ["CLOSEKNIT_DATA_DIR"] = data_dir
    os.environ["DEBUG"] = "0"
    os.environ["DJANGO_SETTINGS_MODULE"] = "closeknit.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("createcachetable", verbosity=0)


# --- COPY ------------------------------------------------------------------------------------------------
def template(model, now: dt.datetime) -> tuple[list[str], list[Any], dict[str, int]]:
    """Column names and each column's default value for `model` (what the ORM would write), once."""
    from django.db import models

    cols, values, index = [], [], {}
    for f in model._meta.concrete_fields:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            v: Any = now
        elif f.has_default():
            v = f.get_default()
        elif f.null or f.primary_key:
            v = None
        else:
            v = ""
        if isinstance(f, models.JSONField):
            v = json.dumps(v)
        index[f.attname] = len(cols)
        cols.append(f.column)
        values.append(v)
    return cols, values, index


def copy_rows(model, now: dt.datetime, rows: Iterable[dict[str, Any]]) -> int:
    """COPY `rows` (attname -> value; the rest takes the field's default) into the model's table."""
    from django.db import connection

    cols, base, index = template(model, now)
    n = 0
    names = ", ".join(f'"{c}"' for c in cols)
    sql = f'COPY "{model._meta.db_table}" ({names}) FROM STDIN'
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            values = list(base)
            for key, value in row.items():
                values[index[key]] = value
            copy.write_row(values)
            n += 1
    return n


def reset_sequences(*models) -> None:
    from django.db import connection

    with connection.cursor() as cursor:
        for model in models:
            table = model._meta.db_table
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE(MAX(id), 1)) FROM \"{table}\""
            )


# --- seeding ---------------------------------------------------------------------------------------------
def seed(people: int, history_people: int, base: dt.datetime, password: str) -> dict[str, float]:
    """Returns seconds per step. Partners 2i+1 and 2i+2 share space i+1; ids are assigned here."""
    from closeknit.accounts.models import User
    from closeknit.checkins.models import CheckIn
    from closeknit.core import crypto
    from closeknit.core.time import local_today, next_occurrence
    from closeknit.couples.models import Couple, Membership
    from closeknit.nudges.models import Reminder

    rng = random.Random(17)
    spaces = people // 2
    took: dict[str, float] = {}
    zone_of = [ZONES[i % len(ZONES)] for i in range(len(ZONES))]
    joined = base - dt.timedelta(days=400)

    t = time.perf_counter()
    copy_rows(
        User,
        base,
        (
            {
                "id": i,
                "email": f"p{i}@scale.bench",
                "password": password,
                "display_name": f"Person {i}",
                "timezone": zone_of[((i - 1) // 2) % len(ZONES)],  # partners share a zone
                "date_joined": joined,
            }
            for i in range(1, people + 1)
        ),
    )
    took["people"] = time.perf_counter() - t
    t = time.perf_counter()
    copy_rows(Couple, base, ({"id": c, "created_by_id": 2 * c - 1, "created_at": joined} for c in range(1, spaces + 1)))
    copy_rows(
        Membership,
        base,
        ({"id": i, "couple_id": (i + 1) // 2, "user_id": i, "joined_at": joined} for i in range(1, 2 * spaces + 1)),
    )
    took["spaces"] = time.perf_counter() - t

    # Reminders: a local time on any minute of the day, in the person's zone; `next_at` as a sweep that
    # ran at `base` left it (the first occurrence after base). Memoised per (zone, minute).
    t = time.perf_counter()
    memo: dict[tuple[str, int], dt.datetime] = {}

    def reminders() -> Iterator[dict[str, Any]]:
        for i in range(1, people + 1):
            tz = zone_of[((i - 1) // 2) % len(ZONES)]
            minute = rng.randrange(1440)
            at = dt.time(minute // 60, minute % 60)
            key = (tz, minute)
            if key not in memo:
                memo[key] = next_occurrence(at, tz, base)
            yield {"id": i, "user_id": i, "enabled": True, "local_time": at, "next_at": memo[key]}

    copy_rows(Reminder, base, reminders())
    took["reminders"] = time.perf_counter() - t

    # A year of daily check-ins, until yesterday, for the first `history_people` people (whole spaces).
    t = time.perf_counter()
    tokens = {k: [crypto.encrypt(v) if v else "" for v in vs] for k, vs in TEXTS.items()}
    today = {tz: local_today(tz, base) for tz in ZONES}  # each author's own calendar day
    feelings = [json.dumps(f) for f in (["calm"], ["tired", "hopeful"], ["close"], [])]
    shared = json.dumps(["feelings", "emotional_closeness", "physical_closeness"])
    history_people -= history_people % 2

    def checkins() -> Iterator[dict[str, Any]]:
        pk = 0
        for i in range(1, history_people + 1):
            tz = zone_of[((i - 1) // 2) % len(ZONES)]
            for back in range(1, 366):
                pk += 1
                yield {
                    "id": pk, "author_id": i, "couple_id": (i + 1) // 2,
                    "local_date": today[tz] - dt.timedelta(days=back),
                    "timezone": tz, "feelings": feelings[(i + back) % 4],
                    "emotional_closeness": (i + back) % 11,
                    "physical_closeness": (3 * back) % 11, "stress": (i * back) % 11, "shared": shared,
                    "appreciation": tokens["appreciation"][(i + back) % 4], "need": tokens["need"][back % 3],
                    "note": tokens["note"][(i * 7 + back) % 3],
                }  # fmt: skip

    t = time.perf_counter()
    n = copy_rows(CheckIn, base, checkins())
    took["checkins"] = time.perf_counter() - t
    took["checkin_rows"] = n
    reset_sequences(User, Couple, Membership, Reminder, CheckIn)
    return took


def long_and_new(base: dt.datetime, password: str):
    """Two couples made through the ORM after the bulk load: one three years old with a daily check-in
    from both partners every day until yesterday, one that began today. Returns (old person, new person)."""
    from closeknit.accounts.models import User
    from closeknit.checkins.models import CheckIn
    from closeknit.core import crypto
    from closeknit.core.time import local_today
    from closeknit.couples.models import Couple, Membership

    today = local_today(HISTORY_TZ, base)
    tokens = {k: [crypto.encrypt(v) if v else "" for v in vs] for k, vs in TEXTS.items()}
    pair = {}
    for label, days in (("old", 3 * 365), ("new", 0)):
        since = base - dt.timedelta(days=days)
        a, b = (
            User.objects.create(
                email=f"{label}{k}@scale.bench",
                password=password,
                display_name=f"{label} {k}",
                timezone=HISTORY_TZ,
                date_joined=since,
            )  # fmt: skip
            for k in (1, 2)
        )
        couple = Couple.objects.create(created_by=a)
        Couple.objects.filter(pk=couple.pk).update(created_at=since)
        for person in (a, b):
            Membership.objects.create(couple=couple, user=person)
        Membership.objects.filter(couple=couple).update(joined_at=since)
        rows = [
            CheckIn(
                author=person, couple=couple, local_date=today - dt.timedelta(days=back), timezone=HISTORY_TZ,
                feelings=["calm"], emotional_closeness=back % 11, physical_closeness=(2 * back) % 11, stress=back % 7,
                shared=["feelings", "emotional_closeness"],
            )
            for person in (a, b)
            for back in range(1, days + 1)
        ]  # fmt: skip
        CheckIn.objects.bulk_create(rows, batch_size=2000)
        # Real ciphertexts for the free texts, written behind the ORM so they are not encrypted twice.
        CheckIn.objects.filter(couple=couple).update(
            appreciation=tokens["appreciation"][1], need=tokens["need"][1], note=tokens["note"][2]
        )
        pair[label] = a
    return pair["old"], pair["new"]


# --- measuring -------------------------------------------------------------------------------------------
def plan_nodes(plan: dict) -> Iterator[dict]:
    yield plan
    for child in plan.get("Plans", []):
        yield from plan_nodes(child)


def sweep(tick: dt.datetime, runs: int) -> dict[str, Any]:
    from django.db import connection, transaction
    from django.test.utils import override_settings

    from closeknit.nudges import services
    from closeknit.nudges.models import Reminder

    due = (
        Reminder.objects.filter(enabled=True, next_at__lte=tick)
        .order_by("next_at")
        .values_list("pk", flat=True)[: services.BATCH]
    )
    text = due.explain(analyze=True, buffers=True)
    plan = json.loads(due.explain(format="json", analyze=True))[0]["Plan"]
    nodes = list(plan_nodes(plan))
    scans = [n for n in nodes if "Relation Name" in n]
    # An index scan, or a bitmap heap scan (always fed by a bitmap index scan): PostgreSQL picks the
    # bitmap on a small table or when few rows are due, and it still reads only the rows the index finds.
    index_used = bool(scans) and all("Index" in n["Node Type"] or n["Node Type"] == "Bitmap Heap Scan" for n in scans)
    read = sum(n.get("Actual Rows", 0) * n.get("Actual Loops", 1) for n in scans)
    removed = sum(n.get("Rows Removed by Filter", 0) for n in scans)
    due_now = Reminder.objects.filter(enabled=True, next_at__lte=tick).count()
    query_ms = []
    for _ in range(max(5, runs // 3)):
        t = time.perf_counter()
        list(due.all())  # a fresh queryset each time: `due` itself caches its rows
        query_ms.append((time.perf_counter() - t) * 1000)
    tick_ms, sent, taken, batches, queries = [], 0, 0, 0, 0
    locmem = "django.core.mail.backends.locmem.EmailBackend"
    with override_settings(EMAIL_BACKEND=locmem):
        for _ in range(max(3, runs // 10)):
            counted = [0]

            def count(execute, sql, params, many, context, counted=counted):
                counted[0] += 1
                return execute(sql, params, many, context)

            with transaction.atomic(), connection.execute_wrapper(count):
                t = time.perf_counter()
                result = services.sweep(now=tick)
                tick_ms.append((time.perf_counter() - t) * 1000)
                sent, taken, batches = result.sent, result.due, result.batches
                queries = counted[0]
                transaction.set_rollback(True)
    return {
        "explain": text,
        "index_used": index_used,
        "rows_read": read,
        "rows_removed": removed,
        "due": due_now,
        "query_ms": statistics.median(query_ms),
        "tick_ms": statistics.median(tick_ms),
        "sent": sent,
        "taken": taken,
        "batches": batches,
        "tick_queries": queries,
    }


def median_pages(clients: dict, url: str, runs: int) -> tuple[dict[str, float], dict[str, int], dict[str, float]]:
    """Median wall ms per client over `runs` alternating GETs, after a warm-up; queries of one view each;
    median CPU ms of this process (Django's side only: the database server's work is not in it), the
    steadier figure when other work shares the machine."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for client in clients.values():
        for _ in range(3):
            assert client.get(url).status_code == 200
    queries = {}
    for name, client in clients.items():
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        queries[name] = len(q)
    times: dict[str, list[float]] = {name: [] for name in clients}
    cpu: dict[str, list[float]] = {name: [] for name in clients}
    for _ in range(runs):
        for name, client in clients.items():
            t, c = time.perf_counter(), time.process_time()
            r = client.get(url)
            times[name].append((time.perf_counter() - t) * 1000)
            cpu[name].append((time.process_time() - c) * 1000)
            assert r.status_code == 200
    med = {k: statistics.median(v) for k, v in times.items()}
    return med, queries, {k: statistics.median(v) for k, v in cpu.items()}


def slowest(client, url: str, n: int = 6) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as q:
        client.get(url)
    rows = sorted(q.captured_queries, key=lambda r: -float(r["time"]))[:n]
    return [f"{float(r['time']) * 1000:7.1f} ms  {r['sql'][:240]}" for r in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scale", type=float, default=1.0, help="fraction of 1,000,000 people (0.01: 10,000)")
    parser.add_argument("--runs", type=int, default=30, help="timed requests per page and side")
    parser.add_argument("--caseload", default="200,10", help="couples in the big and the small caseload")
    parser.add_argument("--database", default=NAME, help="the throwaway database's name (dropped first)")
    parser.add_argument("--keep", action="store_true", help="leave the database (and its keys folder) behind")
    parser.add_argument("--why", action="store_true", help="print the slowest queries of each page")
    args = parser.parse_args()
    people = max(4, round(1_000_000 * args.scale)) // 2 * 2
    history = max(2, round(10_000 * args.scale))
    big_n, small_n = (int(x) for x in args.caseload.split(","))
    try:
        create_database(args.database)
    except Exception as exc:  # noqa: BLE001 - any failure to reach the server means: cannot run
        print(f"cannot run: PostgreSQL at {PG} is not reachable ({exc})", file=sys.stderr)
        return 2
    data_dir = tempfile.mkdtemp(prefix="ck-bench-scale-")
    try:
        return run(args, people, history, big_n, small_n, data_dir)
    finally:
        if args.keep:
            print(f"kept: database {args.database}, keys and data folder {data_dir}")
        else:
            drop_database(args.database)
            import shutil

            shutil.rmtree(data_dir, ignore_errors=True)


def run(args, people: int, history: int, big_n: int, small_n: int, data_dir: str) -> int:
    t0 = time.perf_counter()
    setup_django(args.database, data_dir)
    warnings.filterwarnings("ignore", message="No directory at")  # whitenoise: no collectstatic here
    warnings.filterwarnings("ignore", message="Limit for query logging exceeded")  # the whole ticks' queries
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings
    from django.utils import timezone

    from bench.caseload_bench import TZ, build, make_clinician
    from closeknit.accounts.models import User
    from closeknit.clinic.services import practice as practice_services

    static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(ALLOWED_HOSTS=["*"], STORAGES={**settings.STORAGES, "staticfiles": static}).enable()
    migrated = time.perf_counter() - t0
    base = timezone.now().replace(second=0, microsecond=0)
    password = make_password("bench-pass-1")
    print(f"database {args.database}: migrated in {migrated:.1f} s; seeding {people:,} people ...", flush=True)
    t = time.perf_counter()
    took = seed(people, history, base, password)
    old, new = long_and_new(base, password)
    t_runs = time.perf_counter()
    from closeknit.checkins import streaks

    took["runs"] = streaks.fill()  # COPY and bulk_create skip the service that keeps each person's run
    took["runs_s"] = time.perf_counter() - t_runs
    t_case = time.perf_counter()
    owner = User.objects.create_user(email="owner@scale.bench", password="bench-pass-1", timezone=TZ)
    practice = practice_services.create_practice(owner=owner, name="Bench Couples Care", timezone=TZ)
    big, small = make_clinician(practice, 1), make_clinician(practice, 2)
    build(big, big_n, 0, norm_learners=True)
    build(small, small_n, 2 * big_n, norm_learners=False)
    took["caseloads"] = time.perf_counter() - t_case
    t_an = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a load; also sets the visibility map
    took["analyze"] = time.perf_counter() - t_an
    seeded = time.perf_counter() - t
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_size_pretty(pg_database_size(current_database()))")
        size = cursor.fetchone()[0]
    counts = {
        "people": User.objects.count(),
        "reminders": __import__("closeknit.nudges.models", fromlist=["Reminder"]).Reminder.objects.count(),
        "checkins": __import__("closeknit.checkins.models", fromlist=["CheckIn"]).CheckIn.objects.count(),
    }
    print(
        f"seeded in {seeded:.1f} s (people {took['people']:.1f}, spaces {took['spaces']:.1f}, reminders "
        f"{took['reminders']:.1f}, {int(took['checkin_rows']):,} year-of-history check-ins {took['checkins']:.1f}, "
        f"{int(took['runs']):,} streak runs {took['runs_s']:.1f}, caseloads {took['caseloads']:.1f}, "
        f"VACUUM ANALYZE {took['analyze']:.1f}); database {size}; "
        f"{counts['people']:,} people, {counts['reminders']:,} reminders, {counts['checkins']:,} check-ins",
        flush=True,
    )
    print("encrypted columns: real ck1: tokens, a few distinct texts encrypted once and reused across rows")

    # 1. one sweep tick, a minute after the last one (which left every next_at after `base`)
    tick = base + dt.timedelta(minutes=1)
    s = sweep(tick, args.runs)
    print(f"\n--- the sweep's due query at {tick:%Y-%m-%d %H:%M} UTC: EXPLAIN (ANALYZE, BUFFERS)")
    print(s["explain"])

    # 2. Today, three years of history against a new space
    clients = {}
    for name, person in (("old", old), ("new", new)):
        clients[name] = Client()
        clients[name].force_login(person)
    today_ms, today_q, today_cpu = median_pages(clients, "/", args.runs)

    # 3. the caseload, big against small
    desks = {}
    for name, profile in (("big", big), ("small", small)):
        desks[name] = Client()
        desks[name].force_login(profile.user)
    rows = desks["big"].get("/clinic/").content.decode().count('class="cl-row')
    assert rows == big_n, f"expected {big_n} caseload rows, saw {rows}"
    desk_ms, desk_q, desk_cpu = median_pages(desks, "/clinic/", args.runs)

    if args.why:
        for label, client, url in (
            ("Today, 3 years", clients["old"], "/"),
            ("Today, new", clients["new"], "/"),
            (f"caseload {big_n}", desks["big"], "/clinic/"),
        ):
            print(f"\n--- slowest queries: {label}")
            print("\n".join(slowest(client, url)))

    today_ratio = today_ms["old"] / today_ms["new"]
    desk_ratio = desk_ms["big"] / desk_ms["small"]
    only_due = s["rows_read"] <= max(s["due"], 0) + 0 and s["rows_removed"] == 0
    checks = [
        (
            "sweep: due query (find)",
            f"{s['query_ms']:.2f} ms, {s['rows_read']} rows read, {s['due']} due",
            "< 100 ms",
            s["query_ms"] < 100,
        ),
        (
            "sweep: reads only due rows, by index",
            f"index {'yes' if s['index_used'] else 'NO'}, {s['rows_removed']} rows filtered out",
            "index, 0 extra",
            s["index_used"] and only_due,
        ),
        (
            "Today: 3 years vs new",
            f"{today_ms['old']:.1f} / {today_ms['new']:.1f} ms = {today_ratio:.2f}x "
            f"({today_q['old']}/{today_q['new']} q)",
            "<= 1.2x",
            today_ratio <= 1.2,
        ),
        (
            f"caseload: {big_n} vs {small_n} couples",
            f"{desk_ms['big']:.1f} / {desk_ms['small']:.1f} ms = {desk_ratio:.2f}x "
            f"({desk_q['big']}/{desk_q['small']} q)",
            "<= 3x",
            desk_ratio <= 3,
        ),
    ]
    print(f"\n{'figure':38} {'measured':52} {'target':15} result")
    for label, value, target, ok in checks:
        print(f"{label:38} {value:52} {target:15} {'pass' if ok else 'FAIL'}")
    # The whole tick claims and sends every due reminder, a batch (one transaction) at a time, so it grows
    # with the reminders due that minute, by design; printed for what it is, outside the targets.
    per = s["tick_ms"] / max(1, s["sent"])
    whole = f"{s['tick_ms']:.1f} ms for {s['sent']} sent, {per:.2f} ms each ({s['tick_queries']} queries)"
    verdict = "pass" if s["tick_ms"] < 100 else "over"
    label = "sweep: whole tick (find, claim, send)"
    print(f"{label:38} {whole:52} {'< 100 ms':15} {verdict} (context: not in the exit status)")
    # Throughput: what fell due against what one tick took and sent. A tick drains all that is due (in
    # batches, within its time budget); at 1,000,000 people about 700 fall due a minute.
    kept_up = s["taken"] >= s["due"]
    through = f"{s['due']} due, {s['taken']} taken in {s['batches']} batches, {s['sent']} sent"
    label = "sweep: due per tick vs sent per tick"
    print(f"{label:38} {through:52} {'all due taken':15} {'pass' if kept_up else 'FAIL'}")
    checks.append((label, through, "all due taken", kept_up))
    print(
        f"{'(CPU of this process, median)':38} Today {today_cpu['old']:.1f} / {today_cpu['new']:.1f} ms = "
        f"{today_cpu['old'] / today_cpu['new']:.2f}x; caseload {desk_cpu['big']:.1f} / {desk_cpu['small']:.1f} ms = "
        f"{desk_cpu['big'] / desk_cpu['small']:.2f}x"
    )
    load = os.getloadavg()[0]
    if load > (os.cpu_count() or 1):
        print(f"warning: load average {load:.1f} on {os.cpu_count()} cpus; wall-clock figures are noisy")
    print(
        f"RESULT people={counts['people']} checkins={counts['checkins']} seed_s={seeded:.1f} "
        f"sweep_query_ms={s['query_ms']:.2f} sweep_due={s['due']} sweep_index={int(s['index_used'])} "
        f"tick_ms={s['tick_ms']:.1f} tick_taken={s['taken']} tick_sent={s['sent']} today_old_ms={today_ms['old']:.1f} "
        f"today_new_ms={today_ms['new']:.1f} today_ratio={today_ratio:.2f} caseload_big_ms={desk_ms['big']:.1f} "
        f"caseload_small_ms={desk_ms['small']:.1f} caseload_ratio={desk_ratio:.2f} load={load:.1f}"
    )
    return 0 if all(ok for *_, ok in checks) else 1


if __name__ == "__main__":
    sys.exit(main())
