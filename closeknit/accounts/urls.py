from django.urls import path

from closeknit.accounts import views

app_name = "accounts"
urlpatterns = [
    path("settings/", views.settings_home, name="settings"),
    path("settings/profile/", views.profile, name="profile"),
    path("settings/reminders/", views.reminders, name="reminders"),
]
