"""Leaving closeknit in a browser (log out, or the quick exit) turns that browser's notifications off."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_out
from django.dispatch import receiver

from closeknit.nudges import push


@receiver(user_logged_out, dispatch_uid="nudges-forget-session-devices")
def forget_devices_of_this_browser(sender, request, user, **kwargs) -> None:
    if user is not None and request is not None and hasattr(request, "session"):
        push.forget_session_devices(user=user, session=request.session)
