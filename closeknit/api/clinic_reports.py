"""Progress reports over HTTP (under /api/clinic/ or /api/care/)."""

from ninja import Router

router = Router(tags=["clinic"])
