from django.urls import path

from closeknit.assessments import views, views_couple

app_name = "assessments"
urlpatterns = [
    path("checkups/", views.checkups, name="checkups"),
    path("checkups/report/", views_couple.report_page, name="report"),
    path("checkups/results/<int:administration_id>/", views.result, name="result"),
    path("checkups/results/<int:administration_id>/sharing/", views.share, name="share"),
    path("checkups/<slug:slug>/", views.instrument, name="instrument"),
    path("checkups/<slug:slug>/take/", views.take, name="take"),
    path("plan/", views_couple.plan, name="plan"),
    path("plan/steps/<slug:key>/tick/", views_couple.tick_step, name="tick_step"),
    path("plan/care-steps/<int:step_id>/end/", views_couple.end_care_step, name="end_care_step"),
    path("progress/", views_couple.progress_page, name="progress"),
]
