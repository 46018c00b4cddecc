"""What someone wrote alone before a partner joined stays theirs; and codes cannot be swept."""

from __future__ import annotations

import pytest

from closeknit import access
from closeknit.checkins import selectors
from closeknit.checkins import services as checkins
from closeknit.core.errors import ServiceError
from closeknit.couples import services

pytestmark = pytest.mark.django_db


def test_solo_entries_written_before_the_partner_joined_stay_private(make_user, answers):
    a, b = make_user(), make_user()
    space = services.create_space(user=a)
    early = checkins.create_checkin(user=a, answers={**answers, "appreciation": "WRITTEN-ALONE"})
    invitation = services.create_invitation(user=a, couple_id=space.pk)
    services.accept_invitation(user=b, token=invitation.token)
    access.forget(a)

    assert selectors.checkin_for(b, early.pk) is None  # not even its existence
    assert all(d.partner is None for d in selectors.history_for(b, days=30))
    # The author still has it.
    assert selectors.checkin_for(a, early.pk).answers["appreciation"] == "WRITTEN-ALONE"


def test_a_person_may_try_ten_codes_then_must_wait(make_user):
    guesser = make_user()
    for _ in range(10):
        with pytest.raises(ServiceError) as err:
            services.accept_invitation(user=guesser, code="ZZZZ2222")
        assert err.value.status == 404
    with pytest.raises(ServiceError) as err:
        services.accept_invitation(user=guesser, code="ZZZZ2222")
    assert err.value.status == 429 and "Too many codes" in err.value.message
