"""Pages for progress reports; joined into closeknit.clinic.urls."""

from django.urls import path

from closeknit.clinic.views import reports

urlpatterns = [
    path("clinic/care/<int:episode_id>/report/", reports.preview, name="report"),
    path("clinic/care/<int:episode_id>/report.pdf", reports.clinician_pdf, name="report_pdf"),
    path("clinic/care/<int:episode_id>/measures.fhir.json", reports.clinician_fhir, name="measures_fhir"),
    path("care/<int:episode_id>/report.pdf", reports.partner_pdf, name="care_report_pdf"),
]
