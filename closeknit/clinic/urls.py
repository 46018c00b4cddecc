from django.urls import path

from closeknit.clinic.views import booking, desk, intake, public

app_name = "clinic"
urlpatterns = [
    path("therapists/", public.directory, name="directory"),
    path("therapists/<slug:slug>/", public.profile, name="profile"),
    path("therapists/<slug:slug>/reach-out/", intake.reach_out, name="reach_out"),
    path("reach-out/<str:token>/", intake.screen, name="screen"),
    path("reach-out/<str:token>/book/", booking.book, name="book"),
    path("clinic/", desk.dashboard, name="dashboard"),
    path("clinic/leads/<int:lead_id>/", desk.lead, name="lead"),
]
