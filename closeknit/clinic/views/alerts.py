"""Safety alerts on the desk. The alerts themselves show on the episode page
(clinic/desk/episode/_alerts.html); here is only the "Seen" button's target."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from closeknit.accounts.http import AuthedRequest
from closeknit.clinic.services import alerts
from closeknit.clinic.views.desk import staff_required


@staff_required
@require_POST
def alert_seen(request: AuthedRequest, alert_id: int) -> HttpResponse:
    alert = alerts.mark_seen(user=request.user, alert_id=alert_id)  # NotFound -> the desk's 404
    messages.success(request, _("Marked as seen. Please reach out to them when you can."))
    return redirect("clinic:episode", alert.episode_id)
