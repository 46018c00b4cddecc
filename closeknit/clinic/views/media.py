"""Serves clinician photos on the one box (a proxy may serve MEDIA_ROOT/clinic/ directly in production).

Only names we made, only files in the photo folder, only photos someone may see, each with the type we
read from its bytes at upload.
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_safe

from closeknit.clinic import photos
from closeknit.clinic.selectors import directory as selectors


@require_safe
def photo(request: HttpRequest, name: str) -> FileResponse:
    path = photos.path_for(name)
    found = selectors.photo(name, request.user) if path is not None else None
    if path is None or found is None:
        raise Http404("We could not find that photo.")
    kind, public = found
    try:
        fh = open(path, "rb")  # noqa: SIM115  (FileResponse closes it)
    except FileNotFoundError:
        raise Http404("We could not find that photo.") from None
    response = FileResponse(fh, content_type=photos.CONTENT_TYPES[kind])
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    # Names change whenever the photo does, so a day of caching never shows a stale face for long.
    response["Cache-Control"] = "public, max-age=86400" if public else "private, no-cache"
    return response
