"""Where one check-in request's server CPU goes, timed in process without a profiler.

Run by bench/checkin_load.py (child mode `_breakdown`) against the database the load run just used. Each
part is repeated N times around `time.process_time()` (CPU of this process only, as the load run counts
the server's CPU); cProfile would about double these figures, so no budget is taken from a profiler.
The parts are timed on their own; "the rest" is what is left of the measured whole: Django's request
object, ninja's dispatch, and the parts running colder inside a whole request than alone in a loop.
"""

from __future__ import annotations

import io
import json
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _environ(method: str, path: str, body: bytes = b"", **headers: str) -> dict[str, Any]:
    env: dict[str, Any] = {
        "REQUEST_METHOD": method,
        "PATH_INFO": path,
        "SCRIPT_NAME": "",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "HTTP_HOST": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": io.StringIO(),
        "CONTENT_LENGTH": str(len(body)),
        "CONTENT_TYPE": "application/json",
    }
    for name, value in headers.items():
        env["HTTP_" + name.upper()] = value
    return env


def _cpu_ms(fn: Callable[[int], Any], n: int) -> float:
    for i in range(min(20, n)):  # warm caches (templates, compiled patterns, connections)
        fn(i)
    start = time.process_time()
    for i in range(n):
        fn(i)
    return 1000 * (time.process_time() - start) / n


def child_breakdown(out: Path, inp: Path, n: int) -> None:
    import os

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler
    from django.http import HttpRequest

    from closeknit.accounts.models import User
    from closeknit.api import checkins as api_checkins
    from closeknit.api.auth import app_token
    from closeknit.checkins import services
    from closeknit.checkins.models import CheckIn
    from closeknit.safety import net

    given = json.loads(inp.read_text())
    people: list[dict[str, Any]] = given["people"]
    bodies: list[dict[str, Any]] = given["bodies"]
    users = {u.pk: u for u in User.objects.filter(pk__in=[p["id"] for p in people])}
    app = WSGIHandler()
    statuses: list[str] = []

    def start_response(status: str, headers: list, exc_info: Any = None) -> None:
        statuses.append(status[:3])

    def call(environ: dict[str, Any]) -> None:
        result = app(environ, start_response)
        b"".join(result)
        if hasattr(result, "close"):
            result.close()

    def pick(i: int) -> tuple[dict[str, Any], dict[str, Any]]:
        return people[i % len(people)], bodies[i % len(bodies)]

    def whole_put(i: int) -> None:
        p, body = pick(i)
        raw = json.dumps(body).encode()
        call(_environ("PUT", f"/api/checkins/{p['checkin']}", raw, X_SESSION_TOKEN=p["token"]))

    def bare_write(i: int) -> None:
        call(_environ("POST", "/bench/bare/", b""))

    def bare_plain(i: int) -> None:
        call(_environ("GET", "/bench/bare/plain/"))

    def auth(i: int) -> None:
        p, _ = pick(i)
        request = HttpRequest()
        assert app_token.authenticate(request, p["token"]) is not None

    def validate(i: int) -> None:
        services.clean_answers(pick(i)[1])

    clean = [services.clean_answers(b) for b in bodies]

    def safety(i: int) -> None:
        p, _ = pick(i)
        c = clean[i % len(clean)]
        net.screen(user=users[p["id"]], texts={k: c[k] for k in services.TEXTS}, where="checkin")

    fields = [CheckIn._meta.get_field(k) for k in services.TEXTS]

    def encrypt(i: int) -> None:
        c = clean[i % len(clean)]
        for f in fields:
            f.get_prep_value(c[f.name])

    from django.utils import timezone

    from closeknit.core.time import local_today

    def update(i: int) -> None:
        p, _ = pick(i)
        user = users[p["id"]]
        c = {**clean[i % len(clean)], "support": [], "updated_at": timezone.now()}
        assert services._update_today(p["checkin"], user, user.timezone, local_today(user.timezone), c)

    rows = {p["checkin"]: CheckIn.objects.get(pk=p["checkin"]) for p in people}

    def answer(i: int) -> None:
        p, _ = pick(i)
        api_checkins._own(users[p["id"]], rows[p["checkin"]])

    from django.db import transaction

    from closeknit.api.router import api

    raws = [json.dumps(b).encode() for b in bodies]

    def parse(i: int) -> None:
        api_checkins.CheckInIn.model_validate_json(raws[i % len(raws)])

    outs = {p["checkin"]: api_checkins._own(users[p["id"]], rows[p["checkin"]]) for p in people}

    def render(i: int) -> None:
        p, _ = pick(i)
        api.create_response(HttpRequest(), outs[p["checkin"]].model_dump(), status=200)

    def begin_commit(i: int) -> None:
        with transaction.atomic():
            pass

    parts = {
        "whole PUT /api/checkins/{id} (in process)": whole_put,
        "bare write POST (in process)": bare_write,
        "bare plain GET: handler + middleware, no database": bare_plain,
        "token auth (session row + user)": auth,
        "validation (clean_answers)": validate,
        "safety net over the three texts": safety,
        "encryption of the three texts": encrypt,
        "UPDATE ... RETURNING (incl. encryption)": update,
        "the answer (_own: view + schema)": answer,
        "the body as CheckInIn (JSON + pydantic)": parse,
        "the answer as JSON (dump + render)": render,
        "an empty transaction (BEGIN IMMEDIATE, COMMIT)": begin_commit,
    }
    ms = {name: _cpu_ms(fn, n) for name, fn in parts.items()}
    bad = [s for s in statuses if not s.startswith("2")]
    out.write_text(json.dumps({"ms": ms, "n": n, "non_2xx": len(bad)}))


def print_breakdown(data: dict[str, Any]) -> None:
    ms = data["ms"]
    names = list(ms)
    whole = ms[names[0]]
    plain = ms[names[2]]
    print(f"\nwhere one check-in's CPU goes (in process, time.process_time over {data['n']} runs each, no profiler)")
    print(f"  {'part':<52} {'ms':>6} {'share':>6}")
    print(f"  {names[0]:<52} {whole:>6.2f} {100:>5.0f}%")
    counted = 0.0
    for name in names[3:]:
        value = ms[name] - (ms["encryption of the three texts"] if name.startswith("UPDATE") else 0.0)
        label = "UPDATE ... RETURNING, less the encryption" if name.startswith("UPDATE") else name
        counted += value
        print(f"  {'  ' + label:<52} {value:>6.2f} {100 * value / whole:>5.0f}%")
    print(f"  {'  handler, middleware, routing (the bare plain GET)':<52} {plain:>6.2f} {100 * plain / whole:>5.0f}%")
    rest = whole - counted - plain
    label = "  the rest: dispatch, parts running colder"
    print(f"  {label:<52} {rest:>6.2f} {100 * rest / whole:>5.0f}%")
    print("  (each part is timed alone in a tight loop, where its code and data stay in the CPU's caches; inside a")
    print("  whole request they run colder; that lands in 'the rest', with Django's and ninja's own work)")
    print(f"  {names[1]:<52} {ms[names[1]]:>6.2f}   in-process CPU-bound ratio {ms[names[1]] / whole:.2f}")
    if data["non_2xx"]:
        print(f"  WARNING: {data['non_2xx']} in-process requests were not 2xx; figures are not valid")
