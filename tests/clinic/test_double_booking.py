"""Fifty people try to book one slot at the same moment, each in their own thread and connection."""

from __future__ import annotations

import datetime as dt
import threading
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from closeknit.clinic.models import Appointment
from closeknit.clinic.services import booking
from closeknit.core.errors import ServiceError
from tests.clinic.helpers import reach

N = 50


@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_bookings_make_one_appointment(clinic):
    now = dt.datetime(2027, 3, 1, 14, tzinfo=dt.UTC)
    start = dt.datetime(2027, 3, 3, 10, tzinfo=ZoneInfo("America/New_York"))
    tokens = [reach(clinic.rivera, i)[1].token for i in range(N)]
    barrier = threading.Barrier(N)
    outcomes: list[str] = []
    lock = threading.Lock()

    def attempt(token: str) -> None:
        try:
            barrier.wait()
            booking.book(token=token, start=start, now=now)
            result = "booked"
        except ServiceError as exc:
            result = exc.code
        except Exception as exc:  # noqa: BLE001 - any other failure is a bug this test must show
            result = f"error: {exc!r}"
        finally:
            connection.close()
        with lock:
            outcomes.append(result)

    threads = [threading.Thread(target=attempt, args=(t,)) for t in tokens]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert len(outcomes) == N
    assert outcomes.count("booked") == 1, outcomes
    assert set(outcomes) == {"booked", "slot_taken"}, outcomes
    assert Appointment.objects.filter(clinician=clinic.rivera, status="booked").count() == 1
