"""The demo practice seeds after seed_demo, once."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from closeknit.clinic.models import ClinicianProfile


@pytest.mark.django_db
def test_seed_clinic(client):
    call_command("seed_demo", days=3)
    call_command("seed_clinic")
    call_command("seed_clinic")
    assert ClinicianProfile.objects.count() == 3
    assert "Dr. Rivera" in client.get("/therapists/", {"language": "es"}).content.decode()
