"""The partner card that htmx refreshes on the Today page follows the same reveal rules as the page."""

from __future__ import annotations

import pytest

from closeknit.checkins import services

pytestmark = pytest.mark.django_db


def test_partner_card_waits_then_reveals(client, couple, answers):
    services.create_checkin(user=couple.a, answers={**answers, "appreciation": "CARD-SHARED", "note": "CARD-PRIVATE"})
    client.force_login(couple.b)
    body = client.get("/today/partner/", HTTP_HX_REQUEST="true").content.decode()
    assert "Answered, waiting for you" in body and "CARD-SHARED" not in body

    services.create_checkin(user=couple.b, answers=answers)
    body = client.get("/today/partner/", HTTP_HX_REQUEST="true").content.decode()
    assert "CARD-SHARED" in body and "CARD-PRIVATE" not in body


def test_partner_card_is_empty_when_alone_and_closed_to_strangers(client, make_user):
    client.force_login(make_user())
    assert client.get("/today/partner/").status_code == 204
    client.logout()
    assert client.get("/today/partner/").status_code == 302
