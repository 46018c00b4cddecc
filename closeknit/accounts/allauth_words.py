"""allauth's (and Django's) own sentences that a person meets on our sign-up, login and password-reset
pages, listed so that `makemessages` keeps them in our catalog: there our Spanish says "tú", as the rest
of closeknit does, where the apps' own Spanish says "usted". Our catalog (LOCALE_PATHS) is searched
before the apps' catalogs, so these win. Nothing imports this module; the msgids must stay exactly as
allauth and Django write them (docs/decisions.md lists them)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

OVERRIDDEN = (
    # allauth, login: a wrong address or password
    gettext_noop("The email address and/or password you specified are not correct."),
    # allauth, login: too many tries from here
    gettext_noop("Too many failed login attempts. Try again later."),
    # allauth, sign-up and new password: the two passwords differ
    gettext_noop("You must type the same password each time."),
    # allauth, the message after logging in and after logging out
    gettext_noop("Successfully signed in as %(name)s."),
    gettext_noop("You have signed out."),
    # Django's email check, on every email field of these pages
    gettext_noop("Enter a valid email address."),
)
