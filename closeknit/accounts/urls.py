from django.urls import path, re_path

from closeknit.accounts import views

app_name = "accounts"
urlpatterns = [
    path("settings/", views.settings_home, name="settings"),
    path("settings/profile/", views.profile, name="profile"),
    path("settings/reminders/", views.reminders, name="reminders"),
    re_path(r"^settings/export\.(?P<fmt>json|html)$", views.export, name="export"),
    path("settings/delete/", views.delete, name="delete"),
]
