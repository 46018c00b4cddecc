from django.urls import path

from closeknit.couples import views

app_name = "couples"
urlpatterns = [
    path("space/", views.space, name="space"),
    path("space/create/", views.create, name="create"),
    path("space/invite/", views.invite, name="invite"),
    path("space/invite/first/", views.first_invite, name="first_invite"),
    path("space/invite/send/", views.share, name="share"),
    path("space/alone/", views.start_alone, name="start_alone"),
    path("space/invite/<int:invitation_id>/revoke/", views.revoke, name="revoke"),
    path("space/leave/", views.leave, name="leave"),
    path("space/join/", views.join_code, name="join_code"),
    path("join/<str:token>/", views.join, name="join"),
]
