from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context
from allauth.core.exceptions import ImmediateHttpResponse
from django.conf import settings
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from closeknit.accounts import throttle
from closeknit.accounts.middleware import speak_as
from closeknit.core.client_ip import client_ip
from closeknit.core.languages import speaks


class AccountAdapter(DefaultAccountAdapter):
    """Send people back to where they were going (an invite link survives sign-up and verification);
    count attempts per real client and per account, and answer a spent count with 429 + Retry-After."""

    _login_key: str | None = None

    # Our words for the one-time codes (login, email verification, password reset), on the pages and in
    # the app API alike. "too_many_login_attempts" shows as a page message only after a code was typed
    # wrong too often; everywhere else it becomes the 429 of validation_error below.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "incorrect_code": _("That code doesn't match. Check the newest email from us and type it again."),
        "too_many_login_attempts": _(
            "That code was typed wrong too many times, so it no longer works. Please start again for a new one."
        ),
    }

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        """An email speaks its recipient's language: the account's own setting when the address has one,
        else the language of the page that asked for it (a visitor signing up, an unknown address)."""
        with translation.override(recipient_language(email, context)):
            super().send_mail(template_prefix, email, context)

    def login(self, request: HttpRequest, user: Any) -> None:
        """From the moment a person is signed in, their own language speaks: the "signed in" message that
        follows in this same request was worded in the browser's language before (English for a
        Spanish-speaking person on an English phone)."""
        super().login(request, user)
        speak_as(request, user)

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

    def get_client_ip(self, request: HttpRequest) -> str:
        """The real client behind our own proxies (TRUSTED_PROXY_COUNT), never a forwarded claim we can't trust."""
        return client_ip(request)

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        """Failures count per account: the address, whatever Host header the request named."""
        return credentials.get("email", credentials.get("username", "")).strip().lower()

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        self._login_key = self._get_login_attempts_cache_key(request, **credentials)
        super().pre_authenticate(request, **credentials)

    def validation_error(self, code: str, *args: Any):
        """A spent count is not a wrong password: answer 429 with Retry-After instead of a form error.

        allauth raises this one code wherever a count runs out (password login, the login code request,
        two-step sign-in, a resent verification); the response saying how long to wait is built here.
        """
        request = getattr(self, "request", None) or context.request
        if code == "too_many_login_attempts" and request is not None:
            wait, action = throttle.wait_for(request, login_key=self._login_key)
            raise ImmediateHttpResponse(
                throttle.too_many(request, retry_after=wait, offer_code=action != "request_login_code")
            )
        return super().validation_error(code, *args)


def recipient_language(email: str, context: dict) -> str | None:
    """The language of the person an account email goes to, or None to keep the page's own."""
    from closeknit.accounts.models import User

    user = context.get("user")
    if not isinstance(user, User):
        user = User.objects.filter(email__iexact=email).only("language").first()
    if user is not None and speaks(user.language):
        return user.language
    return translation.get_language()
