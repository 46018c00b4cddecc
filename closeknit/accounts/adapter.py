from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Send people back to where they were going (an invite link survives sign-up and verification)."""

    def get_login_redirect_url(self, request):
        nxt = request.session.pop("after_login", None)
        return nxt or super().get_login_redirect_url(request)

    def get_email_confirmation_url(self, request, emailconfirmation):
        url = super().get_email_confirmation_url(request, emailconfirmation)
        if url.startswith("/"):
            return settings.SITE_URL.rstrip("/") + url
        return url
