"""Fixtures for the clinical-notes tests: an episode both partners joined, and an intensive whose
blocks are made with the ORM (the intensive scheduling service is built elsewhere)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.utils import timezone

from closeknit.clinic.models import Episode, Intensive, IntensiveBlock
from closeknit.clinic.services import care


def start(clinician_user, couple, policy: str) -> Episode:
    e = care.start_episode(user=clinician_user, policy=policy)
    for p in (couple.a, couple.b):
        care.join_episode(user=p, token=e.join_token)
        care.acknowledge(user=p, episode_id=e.pk, policy=policy)
    e.refresh_from_db()
    return e


@pytest.fixture
def episode(clinic, couple) -> Episode:
    """Under the "individual" policy: what a partner says alone stays between them and the clinician."""
    return start(clinic.rivera.user, couple, "individual")


@pytest.fixture
def open_episode(clinic, couple) -> Episode:
    return start(clinic.rivera.user, couple, "no_secrets")


@dataclass
class Blocks:
    intensive: Intensive
    joint: IntensiveBlock  # has its own note template
    alone_a: IntensiveBlock  # an individual interview with partner A, no template of its own


BLOCK_TEMPLATE = "What the couple named as their hardest moment:\n\nWhat they tried instead:"


def make_blocks(episode: Episode, couple) -> Blocks:
    today = timezone.localdate()
    intensive = Intensive.objects.create(
        episode=episode,
        name="Two-day intensive",
        starts_on=today,
        ends_on=today + dt.timedelta(days=1),
        pre_due_on=today,
    )
    at = timezone.now().replace(microsecond=0)
    joint = IntensiveBlock.objects.create(
        intensive=intensive,
        day=1,
        order=1,
        kind="joint_history",
        title="Joint history interview",
        start=at,
        end=at + dt.timedelta(minutes=90),
        note_template=BLOCK_TEMPLATE,
    )
    alone = IntensiveBlock.objects.create(
        intensive=intensive,
        day=1,
        order=2,
        kind="individual",
        title="Individual interview",
        start=at + dt.timedelta(minutes=120),
        end=at + dt.timedelta(minutes=180),
        with_user=couple.a,
    )
    return Blocks(intensive=intensive, joint=joint, alone_a=alone)


@pytest.fixture
def blocks(episode, couple) -> Blocks:
    return make_blocks(episode, couple)
