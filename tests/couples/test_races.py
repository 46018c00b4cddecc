"""Real concurrency: two requests at once, each on its own database connection, as two app workers."""

from __future__ import annotations

import contextlib
import datetime as dt
import threading
from collections.abc import Callable

import pytest
from django.db import connection
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.core.errors import ServiceError
from closeknit.couples import services
from closeknit.couples.models import Couple, Invitation, Membership


def race(*calls: Callable[[], object]) -> list[object]:
    """Run the calls at the same moment in threads; return each one's result or exception."""
    barrier = threading.Barrier(len(calls))
    results: list[object] = [None] * len(calls)

    def run(i: int, call: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=10)
            results[i] = call()
        except Exception as exc:  # noqa: BLE001 - the result under test
            results[i] = exc
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_people_racing_for_one_invitation_cannot_both_win(make_user):
    owner = make_user()
    couple = services.create_space(user=owner)
    inv = services.create_invitation(user=owner, couple_id=couple.pk)
    b, c = make_user(), make_user()
    results = race(
        lambda: services.accept_invitation(user=User.objects.get(pk=b.pk), token=inv.token),
        lambda: services.accept_invitation(user=User.objects.get(pk=c.pk), code=inv.code),
    )
    winners = [r for r in results if isinstance(r, Couple)]
    losers = [r for r in results if isinstance(r, ServiceError)]
    assert len(winners) == 1 and len(losers) == 1, results
    assert losers[0].status in (409, 410)
    assert Membership.objects.filter(couple=couple, left_at__isnull=True).count() == 2


@pytest.mark.django_db(transaction=True)
def test_a_double_submitted_create_makes_one_space(make_user):
    person = make_user()
    results = race(
        lambda: services.create_space(user=User.objects.get(pk=person.pk)),
        lambda: services.create_space(user=User.objects.get(pk=person.pk)),
    )
    assert sum(isinstance(r, Couple) for r in results) == 1, results
    assert all(isinstance(r, Couple) or (isinstance(r, ServiceError) and r.status == 409) for r in results), results
    assert Couple.objects.count() == 1
    assert Membership.objects.filter(user=person, left_at__isnull=True).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_open_invitations_accepted_at_once_still_make_two_partners(make_user, monkeypatch):
    """Two open invitations can exist (a double-clicked "new invitation" on PostgreSQL, or the stray one
    below). Accepted at the same moment, they must not put three people in one space."""
    owner = make_user()
    couple = services.create_space(user=owner)
    first = services.create_invitation(user=owner, couple_id=couple.pk)
    second = Invitation.objects.create(
        couple=couple,
        created_by=owner,
        token="second-" + "z" * 30,
        code="SEC23456",
        expires_at=timezone.now() + dt.timedelta(days=1),
    )
    b, c = make_user(), make_user()
    # Make the unlucky interleaving certain: each request, having checked the space has room, waits for
    # the other before adding its membership. Where the database serialises writers (SQLite IMMEDIATE)
    # the second request never gets there while the first holds the lock, so the wait just times out.
    meet = threading.Barrier(2)
    real_create = Membership.objects.create

    def create_after_meeting(**kwargs):
        with contextlib.suppress(threading.BrokenBarrierError):
            meet.wait(timeout=1)
        return real_create(**kwargs)

    monkeypatch.setattr(Membership.objects, "create", create_after_meeting)
    results = race(
        lambda: services.accept_invitation(user=User.objects.get(pk=b.pk), token=first.token),
        lambda: services.accept_invitation(user=User.objects.get(pk=c.pk), token=second.token),
    )
    assert Membership.objects.filter(couple=couple, left_at__isnull=True).count() == 2, results
    assert sum(isinstance(r, Couple) for r in results) == 1, results
