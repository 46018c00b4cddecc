from django.urls import path

from closeknit.safety import views

app_name = "safety"
urlpatterns = [
    path("help/", views.help_page, name="help"),
    path("help/safety-plan/", views.safety_plan, name="safety_plan"),
    path("exit/", views.quick_exit, name="exit"),
    path("safety/not-about-me/", views.not_about_me, name="not_about_me"),
]
