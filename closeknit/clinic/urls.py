from django.urls import path

from closeknit.clinic import urls_alerts, urls_calendar, urls_intensive, urls_notes, urls_reports
from closeknit.clinic.views import booking, care, desk, handover, intake, media, public

app_name = "clinic"
urlpatterns = [
    path("therapists/", public.directory, name="directory"),
    path("therapists/<slug:slug>/", public.profile, name="profile"),
    path("therapists/<slug:slug>/reach-out/", intake.reach_out, name="reach_out"),
    path("reach-out/withdraw/<str:token>/", intake.withdraw, name="withdraw"),
    path("reach-out/<str:token>/", intake.screen, name="screen"),
    path("reach-out/<str:token>/book/", booking.book, name="book"),
    path("clinic/", desk.dashboard, name="dashboard"),
    path("clinic/leads/<int:lead_id>/", desk.lead, name="lead"),
    path("clinic/care/new/", desk.new_episode, name="new_episode"),
    path("clinic/care/<int:episode_id>/", desk.episode, name="episode"),
    path("clinic/care/<int:episode_id>/handover/", handover.hand_over, name="hand_over"),
    path("clinic/handover/", handover.handovers, name="handovers"),
    path("clinic/access-log/", desk.access_log, name="access_log"),
    path("clinic/availability/", desk.availability, name="availability"),
    path("clinic/profile/", desk.profile, name="profile_edit"),
    # Clinician photos; <str:> never matches a "/", and the view accepts only names it made.
    path("media/clinic/<str:name>", media.photo, name="photo"),
    path("care/", care.overview, name="care"),
    path("care/join/<str:token>/", care.join, name="join"),
    path("care/intensives/<int:intensive_id>/calendar.ics", care.intensive_calendar, name="care_intensive_calendar"),
]
# Each area keeps its own list, so a reader finds its pages in one file.
for _area in (urls_intensive, urls_notes, urls_reports, urls_alerts, urls_calendar):
    urlpatterns += _area.urlpatterns
