"""Pages for intensives and measures; joined into closeknit.clinic.urls."""

from django.urls import path

from closeknit.clinic.views import intensive as views

urlpatterns = [
    path("clinic/intensives/templates/", views.templates_page, name="intensive_templates"),
    path("clinic/intensives/templates/<int:template_id>/", views.template_page, name="intensive_template"),
    path("clinic/care/<int:episode_id>/intensives/new/", views.schedule, name="intensive_schedule"),
    path("clinic/intensives/<int:intensive_id>/", views.detail, name="intensive"),
    path("clinic/intensives/<int:intensive_id>/day/<int:number>/", views.day, name="intensive_day"),
    path("clinic/intensives/<int:intensive_id>/calendar.ics", views.calendar, name="intensive_calendar"),
    path("clinic/intensives/<int:intensive_id>/finish/", views.finish, name="intensive_finish"),
    path("clinic/intensives/<int:intensive_id>/cancel/", views.cancel, name="intensive_cancel"),
    path("clinic/intensives/blocks/<int:block_id>/start/", views.start_block, name="intensive_block_start"),
    path("clinic/intensives/blocks/<int:block_id>/finish/", views.finish_block, name="intensive_block_finish"),
    path("clinic/intensives/blocks/<int:block_id>/checklist/<int:index>/", views.tick, name="intensive_tick"),
]
