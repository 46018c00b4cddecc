from django.urls import path

from closeknit.insights import views

app_name = "insights"
urlpatterns = [
    path("insights/mood/", views.trend, name="trend"),
]
