"""Demo data for trying closeknit on one box: a couple with ~90 days of history, a solo person and a
clinician. Safe to run again: once the demo people exist it only fills the days since it last ran, so
"Sam checked in today" stays true on whatever day `make run` starts, and nothing anyone added is touched."""

from __future__ import annotations

import datetime as dt
import random

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from closeknit.accounts.models import User
from closeknit.checkins import streaks
from closeknit.checkins.models import ANSWERS, CheckIn
from closeknit.core.time import local_today
from closeknit.couples import services as couples
from closeknit.nudges import services as nudges

PASSWORD = "closeknit-demo"
PEOPLE = [
    # email, display name, pronouns, zone, role
    ("sam@demo.closeknit.test", "Sam", "she/her", "Europe/London", User.Role.PARTNER),
    ("alex@demo.closeknit.test", "Alex", "they/them", "Europe/London", User.Role.PARTNER),
    ("jordan@demo.closeknit.test", "Jordan", "he/him", "America/Chicago", User.Role.PARTNER),
    ("dr.rivera@demo.closeknit.test", "Dr. Rivera", "she/her", "America/New_York", User.Role.CLINICIAN),
]
LOGINS = [(email, name) for email, name, *_ in PEOPLE]

APPRECIATIONS = [
    "You brought me coffee before I was even awake.",
    "You listened to the whole story about my day without checking your phone.",
    "The way you laughed at my terrible joke.",
    "You handled the bills so I could rest.",
    "You texted to ask how the meeting went.",
    "You held my hand on the walk home.",
    "You cooked even though you were tired.",
    "You were patient with me this morning.",
]
NEEDS = [
    "A quiet evening together, no screens.",
    "A hug when I get home.",
    "To talk about the holidays before they sneak up on us.",
    "Some time alone to recharge, then time with you.",
    "To hear that we're okay after yesterday.",
    "A walk this weekend, just us.",
]
PLEASANT = ["affectionate", "grateful", "connected", "happy", "calm", "hopeful", "content", "playful", "relaxed"]
HARD = ["tired", "busy", "overwhelmed", "anxious", "lonely", "frustrated", "distant", "unheard", "sad"]


class Command(BaseCommand):
    help = "Load demo people and ~90 days of check-ins (does nothing if they already exist)."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=90)

    def handle(self, *args, days: int = 90, **options):
        if User.objects.filter(email=PEOPLE[0][0]).exists():
            added = self._catch_up(days)
            self.stdout.write(f"Demo data already loaded; added {added} check-ins for the days since it last ran.")
            return
        with transaction.atomic():
            users = {}
            for email, name, pronouns, zone, role in PEOPLE:
                user = User.objects.create_user(
                    email=email,
                    password=PASSWORD,
                    display_name=name,
                    pronouns=pronouns,
                    timezone=zone,
                    role=role,
                    country="GB" if "London" in zone else "US",
                )
                EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
                users[name] = user
            sam, alex, jordan = users["Sam"], users["Alex"], users["Jordan"]
            couple = couples.create_space(user=sam, name="Sam & Alex")
            invitation = couples.create_invitation(user=sam, couple_id=couple.pk)
            couples.accept_invitation(user=alex, token=invitation.token)
            couples.create_space(user=jordan)
            for person, hour in ((sam, 20), (alex, 21), (jordan, 19)):
                nudges.set_reminder(user=person, enabled=True, local_time=dt.time(hour, 0), partner_nudges=True)
            rows = self._history(sam, couple.pk, days, seed=1, skip_today=False)
            rows += self._history(alex, couple.pk, days, seed=2, skip_today=True)
            jordan_couple = couples.access.active_couple_id(jordan)
            assert jordan_couple is not None  # given a space just above
            rows += self._history(jordan, jordan_couple, days // 3, seed=3, skip_today=True)
            CheckIn.objects.bulk_create(rows)
            streaks.fill(user_ids={row.author_id for row in rows})  # bulk rows skip the service's run keeping
        self.stdout.write(f"Loaded demo people and {len(rows)} check-ins.")

    @transaction.atomic
    def _catch_up(self, days: int) -> int:
        """Give each demo person who is still in their demo space the days they missed since the last run.

        Only days after their latest check-in get one, and an existing row always wins (ignore_conflicts on
        the one-per-day constraint), so whatever a person wrote while trying the demo stays as they left it.
        """
        rows: list[CheckIn] = []
        for email, seed, skip_today, span in (
            (PEOPLE[0][0], 1, False, days),
            (PEOPLE[1][0], 2, True, days),
            (PEOPLE[2][0], 3, True, days // 3),
        ):
            user = User.objects.filter(email=email).first()
            couple_id = couples.access.active_couple_id(user) if user else None
            if user is None or couple_id is None:
                continue  # deleted, or left the space: theirs to keep that way
            latest = CheckIn.objects.filter(author=user).order_by("-local_date").values_list("local_date", flat=True)
            last = latest.first()
            rows += [
                row
                for row in self._history(user, couple_id, span, seed=seed, skip_today=skip_today)
                if last is None or row.local_date > last
            ]
        CheckIn.objects.bulk_create(rows, ignore_conflicts=True)
        streaks.fill(user_ids={row.author_id for row in rows})
        return len(rows)

    def _history(self, user: User, couple_id: int, days: int, *, seed: int, skip_today: bool) -> list[CheckIn]:
        rng = random.Random(seed)
        today = local_today(user.timezone)
        emotional, physical, stress = 4.0, 3.5, 6.5
        rows = []
        for back in range(days, -1, -1):
            day = today - dt.timedelta(days=back)
            # A slow climb over the weeks with ordinary ups and downs: the shape of couples who keep at it.
            progress = 1 - back / max(days, 1)
            emotional = 0.6 * emotional + 0.4 * (4 + 3 * progress) + rng.gauss(0, 1.0)
            physical = 0.6 * physical + 0.4 * (3.5 + 3 * progress) + rng.gauss(0, 1.0)
            stress = 0.6 * stress + 0.4 * (6.5 - 2.5 * progress) + rng.gauss(0, 1.0)
            emotional, physical, stress = (min(10.0, max(0.0, v)) for v in (emotional, physical, stress))
            # Today is always there for someone who checks in (Sam): the demo promises it.
            if (back == 0 and skip_today) or (back > 0 and rng.random() < 0.12):
                continue
            good = emotional >= 5
            feelings = rng.sample(PLEASANT if good else HARD, 2) + ([rng.choice(HARD)] if rng.random() < 0.25 else [])
            shared = [a for a in ANSWERS if a != "note" and rng.random() > 0.08]
            rows.append(
                CheckIn(
                    author=user,
                    couple_id=couple_id,
                    local_date=day,
                    timezone=user.timezone,
                    feelings=feelings,
                    emotional_closeness=round(emotional),
                    physical_closeness=round(physical),
                    stress=round(stress),
                    appreciation=rng.choice(APPRECIATIONS),
                    need=rng.choice(NEEDS) if rng.random() < 0.7 else "",
                    note="Long day. Glad we talked at dinner." if rng.random() < 0.1 else "",
                    shared=shared,
                    created_at=timezone.now(),
                )
            )
        return rows
