"""The emotion trend page: the history card at full length, with how it is worked out."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from closeknit.accounts.http import AuthedRequest


@require_GET
@login_required
def trend(request: AuthedRequest) -> HttpResponse:
    return render(request, "insights/trend.html")
