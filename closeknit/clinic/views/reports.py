"""Progress report pages: the clinician's preview and PDF, and a partner's own PDF from their Care page.

Thin: closeknit.clinic.reports.data decides what each viewer may see (a refusal and an unknown
episode are the same 404), render turns it into HTML or a PDF.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from closeknit.accounts.http import AuthedRequest
from closeknit.clinic.reports import data, fhir
from closeknit.clinic.reports import render as rendering
from closeknit.clinic.views.desk import staff_required
from closeknit.core.errors import NotFound


def pdf_response(report: data.Report) -> HttpResponse:
    response = HttpResponse(rendering.pdf(report), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{rendering.filename(report)}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@staff_required
def preview(request: AuthedRequest, episode_id: int) -> HttpResponse:
    return render(request, "clinic/reports/preview.html", {"r": data.clinician_report(request.user, episode_id)})


@require_safe
@staff_required
def clinician_pdf(request: AuthedRequest, episode_id: int) -> HttpResponse:
    return pdf_response(data.clinician_report(request.user, episode_id))


@require_safe
@staff_required
def clinician_fhir(request: AuthedRequest, episode_id: int) -> HttpResponse:
    """The episode's measures as a FHIR R4 bundle (closeknit.clinic.reports.fhir decides what is in it)."""
    return fhir_response(fhir.measures_bundle(request.user, episode_id), episode_id)


def fhir_response(bundle, episode_id: int) -> HttpResponse:
    response = HttpResponse(fhir.as_json(bundle), content_type=fhir.CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="closeknit-measures-{episode_id}.fhir.json"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_safe
@login_required
def partner_pdf(request: AuthedRequest, episode_id: int) -> HttpResponse:
    try:
        report = data.partner_report(request.user, episode_id)
    except NotFound as exc:
        return render(request, "404.html", {"message": exc.message}, status=404)
    return pdf_response(report)
