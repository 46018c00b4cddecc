from django.urls import path

from closeknit.clinic.views import (
    alerts,
    booking,
    calendar,
    care,
    desk,
    handover,
    intake,
    media,
    notes,
    public,
    reports,
)
from closeknit.clinic.views import intensive as intensives

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
    path("clinic/leads/<int:lead_id>/handover/", handover.hand_over_lead, name="lead_hand_over"),
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
# Intensives and measures.
urlpatterns += [
    path("clinic/intensives/templates/", intensives.templates_page, name="intensive_templates"),
    path("clinic/intensives/templates/<int:template_id>/", intensives.template_page, name="intensive_template"),
    path("clinic/care/<int:episode_id>/intensives/new/", intensives.schedule, name="intensive_schedule"),
    path("clinic/intensives/<int:intensive_id>/", intensives.detail, name="intensive"),
    path("clinic/intensives/<int:intensive_id>/day/<int:number>/", intensives.day, name="intensive_day"),
    path("clinic/intensives/<int:intensive_id>/calendar.ics", intensives.calendar, name="intensive_calendar"),
    path("clinic/intensives/<int:intensive_id>/finish/", intensives.finish, name="intensive_finish"),
    path("clinic/intensives/<int:intensive_id>/cancel/", intensives.cancel, name="intensive_cancel"),
    path("clinic/intensives/blocks/<int:block_id>/start/", intensives.start_block, name="intensive_block_start"),
    path("clinic/intensives/blocks/<int:block_id>/finish/", intensives.finish_block, name="intensive_block_finish"),
    path("clinic/intensives/blocks/<int:block_id>/checklist/<int:index>/", intensives.tick, name="intensive_tick"),
]
# Clinical notes.
urlpatterns += [
    path("clinic/care/<int:episode_id>/notes/new/", notes.new, name="note_new"),
    path("clinic/notes/<int:note_id>/", notes.note, name="note"),
    path("clinic/notes/<int:note_id>/save/", notes.save, name="note_save"),
    path("clinic/notes/<int:note_id>/sign/", notes.sign, name="note_sign"),
    path("clinic/notes/<int:note_id>/amend/", notes.amend, name="note_amend"),
    path("clinic/notes/<int:note_id>/delete/", notes.delete, name="note_delete"),
    path("clinic/blocks/<int:block_id>/note/", notes.block_note, name="block_note"),
]
# Progress reports and the FHIR export.
urlpatterns += [
    path("clinic/care/<int:episode_id>/report/", reports.preview, name="report"),
    path("clinic/care/<int:episode_id>/report.pdf", reports.clinician_pdf, name="report_pdf"),
    path("clinic/care/<int:episode_id>/measures.fhir.json", reports.clinician_fhir, name="measures_fhir"),
    path("care/<int:episode_id>/report.pdf", reports.partner_pdf, name="care_report_pdf"),
]
# Safety alerts: only the "Seen" button; the alerts show on the episode page.
urlpatterns += [
    path("clinic/alerts/<int:alert_id>/seen/", alerts.alert_seen, name="alert_seen"),
]
# The clinician's calendar and its private feed.
urlpatterns += [
    path("clinic/calendar/", calendar.week, name="calendar"),
    path("clinic/calendar/day/", calendar.day, name="calendar_day"),
    path("clinic/calendar/feed/", calendar.feed_manage, name="calendar_feed_manage"),
    path("clinic/calendar/appointments/<int:appointment_id>/move/", calendar.move, name="calendar_move"),
    # <str:> never matches "/"; the secret is URL-safe base64. Unknown or stopped secrets: 404.
    path("calendar/<str:secret>.ics", calendar.feed, name="calendar_feed"),
]
