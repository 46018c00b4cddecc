from __future__ import annotations

from django import forms
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from closeknit.core.languages import speaks
from closeknit.core.text import refuse_bidi_controls
from closeknit.core.time import is_valid_zone


class SignupExtras(forms.Form):
    """What sign-up asks beyond email and password: a name to be called by, and (found by the browser)
    the time zone, so the very first check-in lands on the person's own day."""

    display_name = forms.CharField(
        max_length=60, required=False, label=_("What should we call you?"), validators=[refuse_bidi_controls]
    )
    timezone = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)

    def signup(self, request, user) -> None:
        user.display_name = self.cleaned_data.get("display_name", "").strip()
        zone = self.cleaned_data.get("timezone") or "UTC"
        user.timezone = zone if is_valid_zone(zone) else "UTC"
        # The language the sign-up page spoke (the visitor's pick or browser) becomes the person's own.
        language = translation.get_language()
        if speaks(language):
            user.language = language
        user.save(update_fields=["display_name", "timezone", "language"])
