"""The suite's clock: `CLOSEKNIT_TEST_CLOCK=2027-03-14T06:30:00Z` runs every test as if started then.

`make test-dates` uses it to prove the suite passes on the days that once broke it (weekends, both DST
changes, the last minutes of a year). The clock keeps ticking from that instant in every thread of the
test process, live servers included. A test that starts another Python process hands it the clock with
`child_env` and starts its script with `CHILD_PRELUDE`, so parent and child agree on "now".
Only Python's clock moves: the browser's and the databases' own clocks stay real, which is one more reason
the product never asks a database for "now".
"""

from __future__ import annotations

import datetime as dt
import os

import time_machine

VARIABLE = "CLOSEKNIT_TEST_CLOCK"

CHILD_PRELUDE = f"""
import datetime as _dt, os as _os
if _os.environ.get("{VARIABLE}"):
    import time_machine as _tm
    _tm.travel(_dt.datetime.fromisoformat(_os.environ["{VARIABLE}"]), tick=True).start()
"""


def start_from_environment() -> None:
    instant = os.environ.get(VARIABLE)
    if instant:
        time_machine.travel(dt.datetime.fromisoformat(instant.replace("Z", "+00:00")), tick=True).start()


def child_env(env: dict[str, str]) -> dict[str, str]:
    """`env` for a child process, carrying this process's (possibly travelled) now when the clock is set."""
    if os.environ.get(VARIABLE):
        env = {**env, VARIABLE: dt.datetime.now(dt.UTC).isoformat()}
    return env
