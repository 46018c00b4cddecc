"""Helpers for reminder and nudge tests: real huey (immediate mode in tests), real SMTP, real time zones."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.utils import timezone
from huey.contrib.djhuey import HUEY
from huey.signals import SIGNAL_COMPLETE, SIGNAL_ERROR, SIGNAL_EXECUTING

UTC = dt.UTC


def utc(*args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=UTC)


def zone_at_hour(hour: int, now: dt.datetime | None = None) -> str:
    """A real zone in which the clock shows `hour` right now: lets a test that goes through the real
    task (which reads the real clock) pick daytime or night for a person without faking time.
    Etc/GMT-14 ... Etc/GMT+12 cover 27 offsets, so every hour exists somewhere."""
    now = now or timezone.now()
    for offset in range(-12, 15):
        name = "UTC" if offset == 0 else f"Etc/GMT{-offset:+d}"  # POSIX sign: Etc/GMT-5 is UTC+5
        if (now + dt.timedelta(hours=offset)).hour == hour:
            return name
    raise AssertionError("unreachable")


def task_id(task_class: type) -> str:
    return f"{task_class.__module__}.{task_class.__name__}"


@pytest.fixture(autouse=True)
def _empty_huey() -> Iterator[None]:
    """Immediate mode keeps scheduled tasks in memory; start and end every test with none."""
    HUEY.flush()
    yield
    HUEY.flush()


@pytest.fixture
def huey_events() -> Iterator[list[tuple[str, str]]]:
    """(signal, task) for every task huey runs during the test, from huey's own signals; a task is
    named as huey's registry names it on the queue, e.g. "closeknit.nudges.tasks.sweep_reminders"."""
    events: list[tuple[str, str]] = []

    def record(signal, task, *args, **kwargs):
        events.append((signal, task_id(type(task))))

    HUEY.signal(SIGNAL_EXECUTING, SIGNAL_COMPLETE, SIGNAL_ERROR)(record)
    try:
        yield events
    finally:
        HUEY.disconnect_signal(record, SIGNAL_EXECUTING, SIGNAL_COMPLETE, SIGNAL_ERROR)
