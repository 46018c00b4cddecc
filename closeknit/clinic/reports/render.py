"""A report as HTML and as a PDF (WeasyPrint), from the same templates.

WeasyPrint never fetches anything over the network: the fetcher serves only our own static files and
data: URLs and refuses everything else, so a stray URL in a template (or in a name someone typed)
cannot make the server call out. Charts are inline SVG, drawn on the server.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from urllib.parse import unquote, urlparse

from django.conf import settings
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils.text import slugify

from closeknit.clinic.reports.data import Report

STYLESHEET = "css/report.css"
BASE_URL = "https://closeknit.report.invalid/"  # never fetched: the fetcher maps it to our static files


class Refused(ValueError):
    """WeasyPrint logs and skips a resource whose fetch raises; the PDF is made without it."""


def _static_path(url: str) -> Path | None:
    parsed = urlparse(url)
    prefix = "/" + settings.STATIC_URL.strip("/") + "/"
    if f"{parsed.scheme}://{parsed.netloc}/" != BASE_URL or not parsed.path.startswith(prefix):
        return None
    name = unquote(parsed.path[len(prefix) :])
    if ".." in Path(name).parts:
        return None
    found = finders.find(name)
    if not found and settings.STATIC_ROOT:
        candidate = Path(settings.STATIC_ROOT) / name
        found = str(candidate) if candidate.is_file() else None
    return Path(found) if isinstance(found, str) else None


def _fetcher():
    """WeasyPrint's URL fetcher (its 70.0 API: a URLFetcher subclass): data: URLs and our static
    files only; anything else is refused, so WeasyPrint skips it and never opens a connection."""
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class OwnFilesOnly(URLFetcher):
        def fetch(self, url, headers=None):
            if url.startswith("data:"):
                return super().fetch(url, headers)  # allowed_protocols={"data"}: nothing else gets through
            path = _static_path(url)
            if path is None:
                raise Refused(f"not fetched: {url[:80]}")
            mime = MIME.get(path.suffix, "application/octet-stream")
            return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": mime})

    return OwnFilesOnly(allowed_protocols={"data"}, allow_redirects=False, timeout=2)


MIME = {".css": "text/css", ".svg": "image/svg+xml", ".png": "image/png", ".woff2": "font/woff2"}


def html(report: Report) -> str:
    """The standalone document WeasyPrint reads (the preview page includes the same body)."""
    static_base = BASE_URL.rstrip("/") + "/" + settings.STATIC_URL.strip("/") + "/"
    return render_to_string(
        "clinic/reports/pdf.html", {"r": report, "static_base": static_base, "stylesheet": STYLESHEET}
    )


def pdf(report: Report) -> bytes:
    from weasyprint import HTML

    return HTML(string=html(report), base_url=BASE_URL, url_fetcher=_fetcher()).write_pdf()


def filename(report: Report, today: dt.date | None = None) -> str:
    """ASCII, no spaces or quotes, so every browser saves it as it is."""
    day = (today or report.made_on).isoformat()
    if report.audience == "partner":
        return f"closeknit-my-progress-report-{day}.pdf"
    names = slugify("-and-".join(p.name for p in report.partners))[:60].strip("-") or "couple"
    return f"closeknit-progress-report-{names}-{day}.pdf"
