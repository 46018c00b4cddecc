"""The product's URLs plus the bare views, for bench.settings only."""

from django.urls import include, path

from bench import views

urlpatterns = [
    path("bench/bare/", views.bare_write, name="bench-bare"),
    path("bench/bare/plain/", views.bare_plain, name="bench-bare-plain"),
    path("", include("closeknit.urls")),
]
