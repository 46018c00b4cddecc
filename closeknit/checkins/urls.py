from django.urls import path

from closeknit.checkins import views

app_name = "checkins"
urlpatterns = [
    path("checkin/", views.checkin, name="checkin"),
    path("history/", views.history, name="history"),
    path("today/partner/", views.partner_card, name="partner_card"),
    path("checkin/<int:checkin_id>/not-about-me/", views.not_about_me, name="not_about_me"),
    path("checkin/<int:checkin_id>/react/", views.react, name="react"),
]
