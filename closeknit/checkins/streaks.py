"""The streak without reading anyone's history: each person's newest run of days in a row in a space is
kept in one small row (`CheckInRun`), moved on in the same transaction as the check-in that extends it.

The streak is the run of days on which every present partner checked in, ending today (or yesterday while
today is still open), each day a local date as its author wrote it. From each partner's newest run
[first, last] it follows without reading any check-in: a day d is one of theirs and the start of their
run before it is `first` when first <= d <= last; it is not one of theirs when d > last; and when d < first
the runs do not tell (an older run may hold d: a partner a day ahead in another zone who skipped a day),
so only then are the check-ins counted as before (`_from_dates`, bounded to STREAK_WINDOW days).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db.models import Case, F, Value, When

from closeknit.checkins.models import CheckIn, CheckInRun
from closeknit.core.time import days_in_a_row

ONE_DAY = dt.timedelta(days=1)
# How far back the slow path reads when the runs cannot tell (see the module's docstring).
STREAK_WINDOW = 400
Run = tuple[dt.date, dt.date]


def note_checkin(*, user_id: int, couple_id: int, day: dt.date) -> None:
    """Inside the transaction that wrote the person's check-in for `day`: move their run on. The usual
    case (a new day after the newest one) is one UPDATE; anything else counts the run again from their
    check-ins, which already hold the new one."""
    moved = CheckInRun.objects.filter(user_id=user_id, couple_id=couple_id, last__lt=day).update(
        first=Case(When(last=day - ONE_DAY, then=F("first")), default=Value(day)), last=day
    )
    if not moved:  # no row yet, or a day at or before the newest (the person's zone moved west)
        refresh(user_id=user_id, couple_id=couple_id)


def refresh(*, user_id: int, couple_id: int) -> None:
    """Count the person's newest run in the space from their check-ins and store it."""
    run = run_of(user_id=user_id, couple_id=couple_id)
    if run is None:
        CheckInRun.objects.filter(user_id=user_id, couple_id=couple_id).delete()
        return
    CheckInRun.objects.update_or_create(
        user_id=user_id, couple_id=couple_id, defaults={"first": run[0], "last": run[1]}
    )


def run_of(*, user_id: int, couple_id: int) -> Run | None:
    """The newest run from the check-ins, read newest first a page at a time until the first gap: the
    cost follows the run, not the history."""
    dates = CheckIn.objects.filter(author_id=user_id, couple_id=couple_id).order_by("-local_date")
    page = 32
    run: list[dt.date] = []  # [first, last] once the newest is read
    while True:
        rows = dates.filter(local_date__lt=run[0]) if run else dates
        got = list(rows.values_list("local_date", flat=True)[:page])
        for day in got:
            if not run:
                run = [day, day]
            elif day == run[0] - ONE_DAY:
                run[0] = day
            else:
                return run[0], run[1]
        if len(got) < page:
            return (run[0], run[1]) if run else None
        page *= 4


def fill(*, user_ids: Iterable[int] | None = None) -> int:
    """Store every newest run from the check-ins (the data migration's work, and the benches' and the
    demo's after they load check-ins in bulk). Returns rows written."""
    rows = CheckIn.objects.order_by("author_id", "couple_id", "-local_date")
    if user_ids is not None:
        rows = rows.filter(author_id__in=list(user_ids))
    runs: dict[tuple[int, int], list[dt.date]] = {}
    done: set[tuple[int, int]] = set()
    for author_id, couple_id, day in rows.values_list("author_id", "couple_id", "local_date").iterator(2000):
        key = (author_id, couple_id)
        if key in done:
            continue
        run = runs.get(key)
        if run is None:
            runs[key] = [day, day]
        elif day == run[0] - ONE_DAY:
            run[0] = day
        else:
            done.add(key)
    CheckInRun.objects.filter(user_id__in={u for u, _ in runs}).delete()
    CheckInRun.objects.bulk_create(
        [CheckInRun(user_id=u, couple_id=c, first=f, last=la) for (u, c), (f, la) in runs.items()], batch_size=2000
    )
    return len(runs)


def streak(*, couple_id: int, member_ids: list[int], today: dt.date) -> int:
    """Days in a row every member checked in within the space, ending `today` or, while today is
    still open, yesterday. One query for the members' runs in the usual case."""
    query = CheckInRun.objects.filter(couple_id=couple_id, user_id__in=member_ids)
    stored = {u: (f, la) for u, f, la in query.values_list("user_id", "first", "last")}
    runs: list[Run] = []
    for member in member_ids:
        run = stored.get(member) or run_of(user_id=member, couple_id=couple_id)  # not stored: loaded in bulk
        if run is None:
            return 0  # a member who never checked in here
        runs.append(run)
    if any(last < today for _, last in runs):
        day = today - ONE_DAY  # today is not everyone's yet
    elif any(first > today for first, _ in runs):
        return _from_dates(couple_id, member_ids, today)
    else:
        day = today
    if any(last < day for _, last in runs):
        return 0
    if any(first > day for first, _ in runs):
        return _from_dates(couple_id, member_ids, today)
    return (day - max(first for first, _ in runs)).days + 1


def _from_dates(couple_id: int, member_ids: list[int], today: dt.date) -> int:
    """The count from the check-ins themselves, for the rare case the runs cannot tell."""
    since = today - dt.timedelta(days=STREAK_WINDOW)
    rows = CheckIn.objects.filter(couple_id=couple_id, local_date__gte=since).values_list("author_id", "local_date")
    by_author: dict[int, set[dt.date]] = {}
    for author_id, date in rows:
        by_author.setdefault(author_id, set()).add(date)
    return days_in_a_row(set.intersection(*(by_author.get(m, set()) for m in member_ids)), today)
