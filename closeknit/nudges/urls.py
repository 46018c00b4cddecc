from django.urls import path

from closeknit.nudges import views

app_name = "nudges"
urlpatterns = [
    path("settings/notifications/", views.notifications, name="notifications"),
    path("settings/notifications/subscribe", views.subscribe, name="push_subscribe"),
    path("settings/notifications/unsubscribe", views.unsubscribe, name="push_unsubscribe"),
]
