from __future__ import annotations

from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from django.conf import settings


class AccountAdapter(DefaultAccountAdapter):
    """Send people back to where they were going (an invite link survives sign-up and verification)."""

    def get_login_redirect_url(self, request):
        nxt = request.session.pop("after_login", None)
        return nxt or super().get_login_redirect_url(request)

    def get_reset_password_from_key_url(self, key):
        """Reset links, like confirmation links, point at SITE_URL, not at whatever host the request named."""
        url = super().get_reset_password_from_key_url(key)
        return settings.SITE_URL.rstrip("/") + urlsplit(url).path

    def get_email_confirmation_url(self, request, emailconfirmation):
        url = super().get_email_confirmation_url(request, emailconfirmation)
        if url.startswith("/"):
            return settings.SITE_URL.rstrip("/") + url
        return url
