"""Reaching out refuses a direction control character (core.text.BIDI_CONTROLS) in either person's
name with a clear 400, and keeps nothing."""

from __future__ import annotations

import pytest

from closeknit.clinic.models import Lead
from tests.api.conftest import Api

pytestmark = pytest.mark.django_db

RLO = "\u202e"


def test_reaching_out_refuses_it_in_either_name(clinic):
    for field in ("name", "partner_name"):
        body = {"name": "Alex", "email": "alex@example.test", "partner_name": "Robin", "message": "Hello."}
        body[field] = f"Robin{RLO}x"
        r = Api().post(f"/api/therapists/{clinic.rivera.slug}/reach-out", body)
        assert r.status_code == 400 and r.json()["field"] == field, r.content
    assert not Lead.objects.exists()
