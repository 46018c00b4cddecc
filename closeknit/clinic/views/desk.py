"""Pages for practice staff (desktop-first): the dashboard and a couple's lead."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from closeknit.clinic import screening
from closeknit.clinic.selectors import desk as selectors
from closeknit.core.errors import NotFound


def staff_required(view):
    """Anyone who is not practice staff gets the same 404 as a wrong address."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not selectors.is_staff(request.user):
            return render(request, "404.html", status=404)
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            return render(request, "404.html", {"message": exc.message}, status=404)

    return wrapper


@staff_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "clinic/desk/dashboard.html", {"desk": selectors.desk_for(request.user)})


@staff_required
def lead(request: HttpRequest, lead_id: int) -> HttpResponse:
    view = selectors.lead_for(request.user, lead_id)
    return render(
        request,
        "clinic/desk/lead.html",
        {"v": view, "questions": screening.SAFETY, "coming": screening.COMING},
    )
