"""The request a view receives once someone is logged in.

Django types `request.user` as "a user or AnonymousUser", because middleware cannot know which. Behind
`@login_required` (and the clinic's `@staff_required`), and in an API route that keeps the API's
authentication, it is always our `User`: annotating the request as `AuthedRequest` says so to the type
checker. At run time nothing changes: Django still hands the view its own `HttpRequest`.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_htmx.middleware import HtmxDetails

from closeknit.accounts.models import User


class AuthedRequest(HttpRequest):
    user: User


class AuthedPageRequest(AuthedRequest):
    """A logged-in page (not API) request: the htmx middleware, which runs for pages only, has set
    `request.htmx`."""

    htmx: HtmxDetails
