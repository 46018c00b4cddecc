"""The migrations that encrypt a clinician's text for one couple (clinic 0010, assessments 0004): rows
written before them are encrypted in place, read back the same, and reversing leaves plain text again."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from closeknit.assessments.models import CareStep
from closeknit.clinic.models import Intensive, IntensiveBlock
from closeknit.core import crypto
from tests.clinic.intensive_helpers import joined_episode, schedule

BEFORE = [("clinic", "0010_lead_partner_gate"), ("assessments", "0003_care_steps")]
AFTER = [("clinic", "0011_encrypt_clinician_text"), ("assessments", "0004_encrypt_care_step_notes")]
COLUMNS = [
    ("clinic_intensive", "maintenance_note"),
    ("clinic_intensiveblock", "goals"),
    ("clinic_intensiveblock", "note_template"),
    ("assessments_carestep", "note"),
]


def raw() -> dict[tuple[str, str], list[str]]:
    out = {}
    with connection.cursor() as cur:
        for table, column in COLUMNS:
            cur.execute(f"SELECT {column} FROM {table} WHERE {column} <> '' ORDER BY id")
            out[(table, column)] = [row[0] for row in cur.fetchall()]
    return out


def migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def migrate_to_latest() -> None:
    """Every app back at its newest migration: the tests after this one expect today's schema."""
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


@pytest.mark.django_db(transaction=True)
def test_existing_rows_are_encrypted_and_reversing_decrypts(clinic, couple):
    intensive = schedule(clinic, joined_episode(clinic, couple))
    Intensive.objects.filter(pk=intensive.pk).update(maintenance_note="Keep the Sunday walks.")
    block = IntensiveBlock.objects.filter(intensive=intensive).first()
    IntensiveBlock.objects.filter(pk=block.pk).update(goals="Name one hope each.", note_template="What they hoped:")
    CareStep.objects.create(
        couple_id=couple.couple_id, practice="daily-appreciation", note="Keep the walks.", source="x"
    )
    plain = {
        ("clinic_intensive", "maintenance_note"): ["Keep the Sunday walks."],
        ("clinic_intensiveblock", "goals"): "Name one hope each.",
        ("clinic_intensiveblock", "note_template"): "What they hoped:",
        ("assessments_carestep", "note"): ["Keep the walks."],
    }
    try:
        migrate(BEFORE)  # reversing decrypts what the current code wrote
        before = raw()
        assert before[("clinic_intensive", "maintenance_note")] == plain[("clinic_intensive", "maintenance_note")]
        assert before[("assessments_carestep", "note")] == plain[("assessments_carestep", "note")]
        assert plain[("clinic_intensiveblock", "goals")] in before[("clinic_intensiveblock", "goals")]
        assert all(not v.startswith(crypto.PREFIX) for values in before.values() for v in values)
        migrate(AFTER)
        after = raw()
        assert all(v.startswith(crypto.PREFIX) for values in after.values() for v in values)
        assert {k: len(v) for k, v in after.items()} == {k: len(v) for k, v in before.items()}
        assert [crypto.decrypt(v) for v in after[("clinic_intensiveblock", "goals")]] == before[
            ("clinic_intensiveblock", "goals")
        ]
    finally:
        migrate_to_latest()
    assert Intensive.objects.get(pk=intensive.pk).maintenance_note == "Keep the Sunday walks."
    fresh = IntensiveBlock.objects.get(pk=block.pk)
    assert (fresh.goals, fresh.note_template) == ("Name one hope each.", "What they hoped:")
    assert CareStep.objects.get().note == "Keep the walks."
