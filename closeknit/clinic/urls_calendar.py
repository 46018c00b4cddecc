"""The clinician's calendar and its private feed; joined into closeknit.clinic.urls."""

from django.urls import path

from closeknit.clinic.views import calendar

urlpatterns = [
    path("clinic/calendar/", calendar.week, name="calendar"),
    path("clinic/calendar/day/", calendar.day, name="calendar_day"),
    path("clinic/calendar/feed/", calendar.feed_manage, name="calendar_feed_manage"),
    path("clinic/calendar/appointments/<int:appointment_id>/move/", calendar.move, name="calendar_move"),
    # <str:> never matches "/"; the secret is URL-safe base64. Unknown or stopped secrets: 404.
    path("calendar/<str:secret>.ics", calendar.feed, name="calendar_feed"),
]
