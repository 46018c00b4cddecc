from django.urls import path

from closeknit.clinic.views import public

app_name = "clinic"
urlpatterns = [
    path("therapists/", public.directory, name="directory"),
    path("therapists/<slug:slug>/", public.profile, name="profile"),
]
