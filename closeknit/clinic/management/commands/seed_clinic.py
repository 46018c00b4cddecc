"""A demo practice around seed_demo's Dr. Rivera: an owner, admin staff, three listed clinicians with
weekly hours, so the directory, booking and the desk have something to show. Run after seed_demo;
safe to run again (it does nothing once the practice exists)."""

from __future__ import annotations

import datetime as dt

from allauth.account.models import EmailAddress
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from closeknit.accounts.models import User
from closeknit.clinic.models import Practice
from closeknit.clinic.services import practice as services
from closeknit.core.time import local_today

PASSWORD = "closeknit-demo"
T = dt.time
WEEKDAYS = [(d, T(9), T(17)) for d in range(5)]


def _person(email: str, name: str, pronouns: str, zone: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = User.objects.create_user(
            email=email, password=PASSWORD, display_name=name, pronouns=pronouns, timezone=zone
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


class Command(BaseCommand):
    help = "Create a demo practice with clinicians in the directory (after seed_demo)."

    def handle(self, *args, **options):
        self._practice()
        self._demo_intensive()

    @transaction.atomic
    def _demo_intensive(self) -> None:
        """Sam & Alex in care with Dr. Rivera, with a 2-day intensive a few weeks out. Safe to re-run."""
        from closeknit import access
        from closeknit.clinic.models import Episode, Intensive
        from closeknit.clinic.services import care
        from closeknit.clinic.services import intensive as intensives
        from closeknit.clinic.services import intensive_templates as templates
        from closeknit.core.errors import ServiceError

        rivera = User.objects.filter(email="dr.rivera@demo.closeknit.test").first()
        sam = User.objects.filter(email="sam@demo.closeknit.test").first()
        alex = User.objects.filter(email="alex@demo.closeknit.test").first()
        couple_id = access.active_couple_id(sam) if sam else None
        if rivera is None or alex is None or couple_id is None or access.active_couple_id(alex) != couple_id:
            self.stdout.write("No demo couple with Dr. Rivera; skipping the demo intensive.")
            return
        assert sam is not None  # couple_id above came from sam
        episode = Episode.objects.filter(clinician__user=rivera, couple_id=couple_id, ended_at__isnull=True).first()
        if episode is None:
            episode = care.start_episode(user=rivera, policy="no_secrets")
            for person in (sam, alex):
                care.join_episode(user=person, token=episode.join_token)
                care.acknowledge(user=person, episode_id=episode.pk, policy=episode.policy)
                care.set_consent(user=person, episode_id=episode.pk, category="scores", granted=True)
            # Sam also shares check-ins and safety alerts; Alex doesn't: the desk shows both states.
            for category in ("checkins", "safety_alerts"):
                care.set_consent(user=sam, episode_id=episode.pk, category=category, granted=True)
        if Intensive.objects.filter(episode=episode).exists():
            self.stdout.write("The demo intensive exists already.")
            return
        found = templates.ensure_templates(user=rivera, practice_id=episode.clinician.practice_id)
        two_day = next((t for t in found if t.source == "two-day"), found[0])
        start = local_today(rivera.timezone) + dt.timedelta(days=14)
        start += dt.timedelta(days=(7 - start.weekday()) % 7)  # a Monday
        for _ in range(8):  # the next free week, should a booking sit on that Monday
            try:
                intensives.schedule(user=rivera, episode_id=episode.pk, template_id=two_day.pk, starts_on=start)
            except ServiceError:
                start += dt.timedelta(days=7)
            else:
                self.stdout.write(f"Demo intensive for Sam & Alex from {start:%a %d %b}.")
                return

    @transaction.atomic
    def _practice(self) -> None:
        if Practice.objects.filter(slug="harbor-couples-care").exists():
            self.stdout.write("The demo practice exists already.")
            return
        rivera = User.objects.filter(email="dr.rivera@demo.closeknit.test").first()
        if rivera is None:
            raise CommandError("Run seed_demo first: this builds the practice around its Dr. Rivera.")
        owner = _person("owner@demo.closeknit.test", "Sam Ortiz", "they/them", "America/New_York")
        admin = _person("desk@demo.closeknit.test", "Ari Front Desk", "", "America/New_York")
        practice = services.create_practice(owner=owner, name="Harbor Couples Care", timezone="America/New_York")
        services.add_staff(practice=practice, user=admin, role="admin")
        services.create_clinician(
            practice=practice,
            user=rivera,
            credentials="PhD, licensed psychologist",
            languages=["en", "es"],
            specialties=["communication", "distance", "trust"],
            cultural_competencies=["intercultural", "latine", "migration"],
            modalities=["eft", "gottman"],
            fee_min=120,
            fee_max=160,
            sliding_scale=True,
            online=True,
            meeting_link="https://meet.example.test/rivera",
            bio="I help couples slow down the fights that keep repeating and find their way back to each other. "
            "I work in English and Spanish, and with couples who live between cultures.",
            bio_es="Ayudo a las parejas a frenar las peleas que se repiten y a reencontrarse. "
            "Trabajo en inglés y en español, y con parejas que viven entre dos culturas.",
            hours=[*WEEKDAYS, (2, T(17), T(20))],
        )
        services.create_clinician(
            practice=practice,
            user=_person("jo.okafor@demo.closeknit.test", "Jo Okafor", "they/them", "America/Chicago"),
            credentials="Licensed marriage and family therapist",
            languages=["en"],
            specialties=["intimacy", "communication", "families"],
            cultural_competencies=["lgbtq", "nonmonogamy", "black"],
            modalities=["ibct"],
            fee_min=180,
            fee_max=180,
            online=True,
            in_person=True,
            address="12 Harbor St, Suite 4, Chicago",
            meeting_link="https://meet.example.test/okafor",
            bio="Closeness, desire and the daily logistics of a shared life: I help couples talk about all of it.",
            hours=[(d, T(12), T(20)) for d in range(1, 5)] + [(5, T(10), T(14))],
        )
        services.create_clinician(
            practice=practice,
            user=_person("mei.chen@demo.closeknit.test", "Mei Chen", "she/her", "America/Los_Angeles"),
            credentials="Licensed clinical social worker",
            languages=["en", "zh"],
            specialties=["deciding", "transitions", "grief"],
            cultural_competencies=["asian", "migration", "faith"],
            modalities=["discernment", "narrative"],
            fee_min=90,
            fee_max=140,
            sliding_scale=True,
            online=True,
            meeting_link="https://meet.example.test/chen",
            bio="When you are not sure what comes next, we can take the time to find out together.",
            hours=WEEKDAYS,
        )
        self.stdout.write(f"Demo practice ready. Staff log in with password {PASSWORD!r}.")
