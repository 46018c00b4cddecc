"""`/healthz`: a load balancer's or a supervisor's question "can this app server answer, and reach its
database?". Exempt from the HTTPS redirect (settings.SECURE_REDIRECT_EXEMPT), so a check that talks to
an app server directly over http, as a local one does, gets its answer rather than a redirect."""

from __future__ import annotations

from django.db import DatabaseError, connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return HttpResponse("database unreachable\n", status=503, content_type="text/plain")
    return HttpResponse("ok\n", content_type="text/plain")
