from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path
from django.views.generic.base import RedirectView

from closeknit.api.router import api
from closeknit.checkins.views import home
from closeknit.core.health import healthz

# The admin's own login would bypass allauth's rate limits and two-step sign-in: send it through allauth.
admin.site.login = login_required(admin.site.login)  # type: ignore[method-assign]  # on purpose: the admin uses our login

urlpatterns = [
    # The API first: Django tries patterns in order, and each include("") before it was tried (and its
    # misses recorded) on every API call, a measurable part of a check-in's CPU. No page lives under api/.
    path("api/", api.urls),
    path("", home, name="home"),
    path("", include("closeknit.checkins.urls")),
    path("", include("closeknit.couples.urls")),
    path("", include("closeknit.safety.urls")),
    path("", include("closeknit.accounts.urls")),
    path("", include("closeknit.assessments.urls")),
    path("", include("closeknit.desires.urls")),  # before practices: its <slug> would catch "desires"
    path("", include("closeknit.practices.urls")),
    path("", include("closeknit.clinic.urls")),
    path("", include("closeknit.insights.urls")),
    path("", include("closeknit.nudges.urls")),
    path("", include("closeknit.webapp.urls")),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),  # set_language: a visitor's choice of language
    path("healthz", healthz, name="healthz"),
    path("favicon.ico", RedirectView.as_view(url="/static/img/icon.svg", permanent=True)),
]
