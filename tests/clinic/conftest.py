"""Clinic fixtures: a practice with an owner, two clinicians, admin staff, and another practice."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from closeknit.accounts.models import User
from closeknit.clinic.models import ClinicianProfile, Practice
from closeknit.clinic.services import practice as practice_services

T = dt.time
WEEKDAYS_9_17 = [(d, T(9), T(17)) for d in range(5)]


@dataclass
class Clinic:
    practice: Practice
    owner: User
    admin: User
    rivera: ClinicianProfile  # Spanish and English, online, evenings, intercultural
    okafor: ClinicianProfile  # English, in person, weekdays, LGBTQ+
    other_practice: Practice
    stranger: ClinicianProfile  # a clinician at another practice


@pytest.fixture
def clinic(make_user) -> Clinic:
    owner = make_user(display_name="Sam Owner", timezone="America/New_York")
    admin = make_user(display_name="Ari Desk", timezone="America/New_York")
    practice = practice_services.create_practice(owner=owner, name="Harbor Couples Care", timezone="America/New_York")
    practice_services.add_staff(practice=practice, user=admin, role="admin")
    rivera = practice_services.create_clinician(
        practice=practice,
        user=make_user(display_name="Dr. Rivera", pronouns="she/her", timezone="America/New_York"),
        credentials="PhD, licensed psychologist",
        languages=["en", "es"],
        specialties=["communication", "distance", "trust"],
        cultural_competencies=["intercultural", "latine", "migration"],
        modalities=["eft"],
        fee_min=120,
        fee_max=160,
        sliding_scale=True,
        online=True,
        in_person=False,
        meeting_link="https://meet.example.test/rivera",
        bio="I help couples find their way back to each other.",
        hours=[*WEEKDAYS_9_17, (2, T(17), T(20))],
    )
    okafor = practice_services.create_clinician(
        practice=practice,
        user=make_user(display_name="Jo Okafor", pronouns="they/them", timezone="America/Chicago"),
        credentials="LMFT",
        languages=["en"],
        specialties=["intimacy", "communication"],
        cultural_competencies=["lgbtq", "nonmonogamy"],
        fee_min=180,
        fee_max=180,
        online=False,
        in_person=True,
        address="12 Harbor St, Suite 4",
        hours=WEEKDAYS_9_17,
    )
    other = practice_services.create_practice(owner=make_user(), name="Elsewhere Therapy")
    stranger = practice_services.create_clinician(
        practice=other, user=make_user(display_name="Lee Stranger"), languages=["en"], hours=WEEKDAYS_9_17
    )
    return Clinic(
        practice=practice,
        owner=owner,
        admin=admin,
        rivera=rivera,
        okafor=okafor,
        other_practice=other,
        stranger=stranger,
    )
