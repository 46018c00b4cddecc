from django.contrib import admin
from django.urls import include, path

from closeknit.api.router import api

urlpatterns = [
    path("", include("closeknit.checkins.urls")),
    path("", include("closeknit.couples.urls")),
    path("", include("closeknit.safety.urls")),
    path("", include("closeknit.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("_allauth/", include("allauth.headless.urls")),
    path("api/", api.urls),
    path("admin/", admin.site.urls),
]
