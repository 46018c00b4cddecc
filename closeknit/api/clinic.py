"""API routes of the clinic app."""

from ninja import Router

router = Router(tags=["clinic"])
