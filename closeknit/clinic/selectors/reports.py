"""Reads behind progress reports (clinician and per-partner). The report itself is assembled in
closeknit.clinic.reports.data; this module feeds the episode page's panel."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.urls import reverse

from closeknit.access import clinic as rules

if TYPE_CHECKING:
    from closeknit.accounts.models import User
    from closeknit.clinic.models import Episode


def episode_panel(user: User, episode: Episode) -> dict[str, Any]:
    """Links to the report for the episode's clinician; nothing for anyone else. Reads no partner
    data (so logs nothing): the report itself does, when it is opened."""
    if not rules.can_see_clinician_report(user, episode):
        return {}
    return {
        "report_panel": {
            "preview_url": reverse("clinic:report", args=[episode.pk]),
            "pdf_url": reverse("clinic:report_pdf", args=[episode.pk]),
            "fhir_url": reverse("clinic:measures_fhir", args=[episode.pk]),
        }
    }
