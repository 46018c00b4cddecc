"""`{% pending_support %}`: the safety net's card, once, on the first full page after a write.

A tag (not a context processor) so that only pages built on base.html take the card: an htmx poll
rendering a fragment must not swallow it unseen."""

from __future__ import annotations

from django import template

from closeknit.safety import net

register = template.Library()


@register.inclusion_tag("safety/_pending.html", takes_context=True)
def pending_support(context: template.Context) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    support = None
    if request is not None and user is not None and user.is_authenticated:
        support = net.card(net.take_flash(request), country=getattr(user, "country", None))
    return {"support": support, "request": request, "csrf_token": context.get("csrf_token")}
