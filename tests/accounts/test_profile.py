"""A person's profile: name, pronouns, zone, language, country. All or nothing, with a clear reason."""

from __future__ import annotations

import pytest

from closeknit.accounts import services
from closeknit.core.errors import ServiceError

pytestmark = pytest.mark.django_db

FIELDS = ("display_name", "pronouns", "timezone", "language", "country")


def snapshot(user) -> dict:
    user.refresh_from_db()
    return {f: getattr(user, f) for f in FIELDS}


def test_a_good_change_is_saved_trimmed(make_user):
    person = make_user()
    services.update_profile(
        user=person,
        changes={
            "display_name": "  Ngozi  ",
            "pronouns": "she/they",
            "timezone": "Africa/Lagos",
            "language": "en",
            "country": "gb",
        },
    )
    assert snapshot(person) == {
        "display_name": "Ngozi",
        "pronouns": "she/they",
        "timezone": "Africa/Lagos",
        "language": "en",
        "country": "GB",
    }
    # Only the fields given change.
    services.update_profile(user=person, changes={"pronouns": ""})
    assert snapshot(person)["display_name"] == "Ngozi" and snapshot(person)["pronouns"] == ""


def test_limits_are_inclusive(make_user):
    person = make_user()
    services.update_profile(user=person, changes={"display_name": "n" * 60, "pronouns": "p" * 40})
    assert len(snapshot(person)["display_name"]) == 60


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"timezone": "Mars/Olympus_Mons"}, "timezone"),
        ({"timezone": ""}, "timezone"),
        ({"timezone": "localtime"}, "timezone"),  # the server's zone, not a place
        ({"timezone": "../../etc/passwd"}, "timezone"),
        ({"country": "XX"}, "country"),
        ({"country": "USA"}, "country"),
        ({"country": ""}, "country"),
        ({"display_name": "n" * 61}, "display_name"),
        ({"pronouns": "p" * 41}, "pronouns"),
        ({"display_name": "Sam\x00"}, "display_name"),
        ({"display_name": 42}, "display_name"),
        ({"language": "tlh"}, "language"),
        ({"email": "someone@else.test"}, "email"),
        ({"is_staff": True}, "is_staff"),
        # A good field next to a bad one: the good one is not saved either.
        ({"display_name": "Kai", "timezone": "Nowhere/Special"}, "timezone"),
        ({"pronouns": "he/him", "country": "ZZ"}, "country"),
    ],
)
def test_bad_input_is_refused_and_nothing_changes(make_user, changes, field):
    person = make_user(timezone="Europe/Paris", country="FR", display_name="Before", pronouns="they/them")
    before = snapshot(person)
    with pytest.raises(ServiceError) as err:
        services.update_profile(user=person, changes=changes)
    assert err.value.field == field
    assert err.value.status == 400
    assert err.value.message and "Traceback" not in err.value.message
    assert snapshot(person) == before
    assert not person.is_staff


def test_a_zone_change_moves_the_reminder_in_the_same_transaction(make_user):
    import datetime as dt

    from closeknit.core.time import zone
    from closeknit.nudges import services as nudges
    from closeknit.nudges.models import Reminder

    person = make_user(timezone="America/New_York")
    nudges.set_reminder(user=person, enabled=True, local_time=dt.time(20, 0), partner_nudges=True)
    services.update_profile(user=person, changes={"timezone": "Australia/Lord_Howe"})
    next_at = Reminder.objects.get(user=person).next_at
    assert next_at.astimezone(zone("Australia/Lord_Howe")).time() == dt.time(20, 0)


@pytest.mark.parametrize("name", ["Sam\nBcc: someone@example.test", "Sam\r\nX", "Sam\x1b[31m", "Sam\tJones"])
def test_control_characters_in_a_name_are_refused(make_user, name):
    """A line break in a name would end up in email subjects and page titles."""
    person = make_user(display_name="Before")
    with pytest.raises(ServiceError) as err:
        services.update_profile(user=person, changes={"display_name": name})
    assert err.value.field == "display_name"
    assert snapshot(person)["display_name"] == "Before"


def test_surrounding_whitespace_and_line_breaks_are_trimmed_not_refused(make_user):
    person = make_user()
    services.update_profile(user=person, changes={"display_name": "  Sam\r\n"})
    assert snapshot(person)["display_name"] == "Sam"
