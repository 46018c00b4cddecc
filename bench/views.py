"""The baseline the check-in is compared with: plain Django views behind the product's middleware."""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_POST

from bench.models import Ping


@csrf_exempt
@require_POST
def bare_write(request: HttpRequest) -> JsonResponse:
    """One INSERT in its own (autocommit) transaction, then a tiny JSON answer: the denominator."""
    ping = Ping.objects.create(note="bare")
    return JsonResponse({"id": ping.pk})


@require_GET
def bare_plain(request: HttpRequest) -> JsonResponse:
    """No database at all: shows what the server and middleware alone cost (for context only)."""
    return JsonResponse({"ok": True})
