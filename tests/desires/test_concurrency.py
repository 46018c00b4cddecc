"""Both partners save their last mark at the same moment: the reveal still opens. Real threads, real
connections, committed rows (SQLite and PostgreSQL). Without the per-couple lock each save could miss
the other's uncommitted list under READ COMMITTED and the reveal would stay closed; that interleaving
is timing-dependent, so this is a guard that can catch it, not a proof that it always would."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from closeknit import access
from closeknit.desires import services
from closeknit.desires.models import Reveal
from tests.desires.util import ITEMS, adults, every


@pytest.mark.django_db(transaction=True)
def test_finishing_together_opens_the_reveal(make_couple):
    for _ in range(3):  # a few rounds, so an unlucky interleaving has its chances
        pair = make_couple()
        adults(pair.a, pair.b)
        last = ITEMS[-1]
        for person in (pair.a, pair.b):
            services.set_answers(user=person, answers={k: v for k, v in every("yes").items() if k != last})
        barrier = threading.Barrier(2)
        errors: list[Exception] = []

        def finish(person) -> None:
            try:
                access.forget(person)
                barrier.wait(timeout=10)
                services.set_answers(user=person, answers={last: "yes"})
            except Exception as exc:  # noqa: BLE001  (reported below)
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=finish, args=(p,)) for p in (pair.a, pair.b)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(timeout=30)
        assert errors == []
        reveal = Reveal.objects.get(couple_id=pair.couple_id)
        assert '"' + last + '"' in reveal.matches
