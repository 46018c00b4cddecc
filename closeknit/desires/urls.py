from django.urls import path

from closeknit.desires import views

app_name = "desires"
urlpatterns = [
    path("practices/desires/", views.index, name="index"),
    path("practices/desires/state/", views.state, name="state"),
    path("practices/desires/adult/", views.adult, name="adult"),
    path("practices/desires/list/", views.answers, name="answers"),
    path("practices/desires/boundaries/", views.add_boundary, name="add_boundary"),
    path("practices/desires/boundaries/<int:boundary_id>/", views.boundary, name="boundary"),
    path("practices/desires/talk/", views.talk, name="talk"),
]
