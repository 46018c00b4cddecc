"""Where one check-in request's server CPU goes, timed in process without a profiler.

Run by bench/checkin_load.py (child mode `_breakdown`) against the database the load run just used, with
`time.process_time()` (CPU of this process only, as the load run counts the server's CPU); cProfile would
about double these figures, so no budget is taken from a profiler.

Two columns. "in request": N whole `PUT`s through Django's WSGI handler, with each part's function wrapped
in a process_time() pair while they run (about a dozen pairs per request, a few microseconds in all), so
a part is timed where it really runs, after the rest of the request has pushed its code and data out of
the CPU's caches. "alone": the same part called N times in a tight loop, warm. A part costs more in a
request than alone; the difference used to hide in one "the rest" line. What is left over in the request
column (Django and ninja glue between the timed parts, and the timers) is printed as its own line.
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
        api_checkins._own_response(HttpRequest(), users[p["id"]], rows[p["checkin"]])

    from django.db import transaction

    raws = [json.dumps(b).encode() for b in bodies]

    def parse(i: int) -> None:
        api_checkins.CheckInIn.model_validate_json(raws[i % len(raws)])

    def begin_commit(i: int) -> None:
        with transaction.atomic():
            pass

    alone = {
        "whole PUT /api/checkins/{id} (in process)": whole_put,
        "bare write POST (in process)": bare_write,
        "bare plain GET: handler + middleware, no database": bare_plain,
        "token auth (session row + user)": auth,
        "validation (clean_answers)": validate,
        "safety net over the three texts": safety,
        "encryption of the three texts": encrypt,
        "UPDATE ... RETURNING (incl. encryption)": update,
        "the answer (_own_response: access, body, JSON)": answer,
        "the body as CheckInIn (JSON + pydantic)": parse,
        "an empty transaction (BEGIN IMMEDIATE, COMMIT)": begin_commit,
    }
    ms = {name: _cpu_ms(fn, n) for name, fn in alone.items()}
    inside = _in_request(whole_put, n)
    bad = [s for s in statuses if not s.startswith("2")]
    out.write_text(json.dumps({"ms": ms, "inside": inside, "n": n, "non_2xx": len(bad)}))


def _in_request(whole_put: Callable[[int], Any], n: int) -> dict[str, float]:
    from django.core.handlers.wsgi import WSGIHandler
    from django.db import transaction
    from ninja.operation import Operation

    from closeknit.api import checkins as api_checkins
    from closeknit.checkins import services
    from closeknit.core.fields import EncryptedTextField
    from closeknit.safety import net

    # (key, owner, attribute): each wrapped in a process_time() pair for the timed runs, then put back.
    # A part's time includes the parts timed inside it (the UPDATE holds the encryption); the table
    # takes those away.
    wrapped = [
        ("wsgi", WSGIHandler, "__call__"),
        ("ninja", Operation, "run"),
        ("auth", Operation, "_run_checks"),
        ("body", Operation, "_get_values"),
        ("clean", services, "clean_answers"),
        ("net", net, "screen"),
        ("update", services, "_update_today"),
        ("encrypt", EncryptedTextField, "get_prep_value"),
        ("begin", transaction.Atomic, "__enter__"),
        ("commit", transaction.Atomic, "__exit__"),
        ("answer", api_checkins, "_own_response"),
        ("render", Operation, "_result_to_response"),  # the view's HttpResponse passes through
    ]
    spent: dict[str, float] = {key: 0.0 for key, _, _ in wrapped}
    originals = []
    clock = time.process_time

    def timed(key: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        def run(*args: Any, **kwargs: Any) -> Any:
            start = clock()
            try:
                return fn(*args, **kwargs)
            finally:
                spent[key] += clock() - start

        return run

    for key, owner, name in wrapped:
        original = owner.__dict__[name] if isinstance(owner, type) else getattr(owner, name)
        originals.append((owner, name, original))
        setattr(owner, name, timed(key, original))
    try:
        for i in range(min(50, n)):
            whole_put(i)
        for key in spent:
            spent[key] = 0.0
        for i in range(n):
            whole_put(i)
    finally:
        for owner, name, original in originals:
            setattr(owner, name, original)
    return {key: 1000 * value / n for key, value in spent.items()}


def print_breakdown(data: dict[str, Any]) -> None:
    ms, inside = data["ms"], data.get("inside") or {}
    names = list(ms)
    whole = ms[names[0]]
    n = data["n"]
    print(f"\nwhere one check-in's CPU goes (in process, time.process_time, {n} runs each, no profiler)")
    if inside:
        rows = [
            ("Django: WSGI handler, middleware, URL (outside ninja)", inside["wsgi"] - inside["ninja"], ms[names[2]]),
            ("token auth (session row + person)", inside["auth"], ms["token auth (session row + user)"]),
            ("body and path as pydantic (ninja)", inside["body"], ms["the body as CheckInIn (JSON + pydantic)"]),
            ("validation (clean_answers)", inside["clean"], ms["validation (clean_answers)"]),
            ("safety net over the three texts", inside["net"], ms["safety net over the three texts"]),
            ("transaction: BEGIN IMMEDIATE and COMMIT", inside["begin"] + inside["commit"],
             ms["an empty transaction (BEGIN IMMEDIATE, COMMIT)"]),
            ("UPDATE ... RETURNING, less the encryption", inside["update"] - inside["encrypt"],
             ms["UPDATE ... RETURNING (incl. encryption)"] - ms["encryption of the three texts"]),
            ("encryption of the three texts", inside["encrypt"], ms["encryption of the three texts"]),
            ("the answer: access, body, JSON (_own_response)", inside["answer"],
             ms["the answer (_own_response: access, body, JSON)"]),
            ("ninja's handling of the view's response", inside["render"], 0.0),
        ]  # fmt: skip
        counted = sum(r[1] for r in rows)
        measured = inside["wsgi"]
        print(f"  {'part':<56} {'in request':>10} {'share':>6} {'alone':>7}")
        print(f"  {'whole PUT /api/checkins/{id}, parts timed inside it':<56} {measured:>10.2f} {100:>5.0f}%")
        for label, value, alone in rows:
            print(f"  {'  ' + label:<56} {value:>10.2f} {100 * value / measured:>5.0f}% {alone:>7.2f}")
        rest = measured - counted
        label = "  left over: ninja and view glue between parts, timers"
        print(f"  {label:<56} {rest:>10.2f} {100 * rest / measured:>5.0f}%")
        print(f"  {names[0] + ', untimed':<56} {whole:>10.2f}")
    else:  # an older run's file
        print(f"  {names[0]:<52} {whole:>6.2f}")
    print(f"  {names[1]:<56} {ms[names[1]]:>10.2f}   in-process CPU-bound ratio {ms[names[1]] / whole:.2f}")
    if data["non_2xx"]:
        print(f"  WARNING: {data['non_2xx']} in-process requests were not 2xx; figures are not valid")
