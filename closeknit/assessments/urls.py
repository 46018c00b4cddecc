from django.urls import path

from closeknit.assessments import views, views_plan

app_name = "assessments"
urlpatterns = [
    path("checkups/", views.checkups, name="checkups"),
    path("checkups/report/", views_plan.report_page, name="report"),
    path("checkups/results/<int:administration_id>/", views.result, name="result"),
    path("checkups/results/<int:administration_id>/sharing/", views.share, name="share"),
    path("checkups/<slug:slug>/", views.instrument, name="instrument"),
    path("checkups/<slug:slug>/take/", views.take, name="take"),
    path("plan/", views_plan.plan, name="plan"),
    path("plan/steps/<slug:key>/tick/", views_plan.tick_step, name="tick_step"),
    path("plan/care-steps/<int:step_id>/end/", views_plan.end_care_step, name="end_care_step"),
    path("progress/", views_plan.progress_page, name="progress"),
]
