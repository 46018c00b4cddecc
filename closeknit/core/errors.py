"""The one exception services raise for input a person got wrong; pages and the API show its message."""

from __future__ import annotations

from django.utils.translation import gettext as _


class ServiceError(Exception):
    """A refusal a person can act on. `status` is the HTTP status a view should answer with."""

    def __init__(self, message: str, *, status: int = 400, code: str = "invalid", field: str | None = None):
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code
        self.field = field


class NotFound(ServiceError):
    """Used also when something exists but the person may not see it: existence is not leaked."""

    def __init__(self, message: str | None = None, *, code: str = "not_found"):
        # The default is translated when raised (inside a request), not at import.
        super().__init__(message if message is not None else _("We could not find that."), status=404, code=code)
